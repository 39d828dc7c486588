"""What the dashboard computes once per loaded events table, not on every run: the filter options (counted
over every event) and, for big tables, the DuckDB store the filters query; and what a page computes once per
(table, filter set): the Topics page's aggregates, the Network page's graph.

The table loader (pages/ingest_job.py) hands every run the same DataFrame object until the articles change,
so "the same table" is object identity; the last table's values are kept (one table is shown at a time).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from meetings import network, table_order, topic_stats, views
from meetings.filters import FilterOptions, FilterState, apply_filters, options_from_events
from meetings.store import DUCKDB_THRESHOLD, EventStore, filtered_events, write_store


class _InFlight:
    """Computations under way, by key: a second caller for the same key waits for the first one's value
    instead of computing it again (the launcher's warm-up and an early first visitor count the same options;
    two such computations at once each took twice as long, sharing the interpreter)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[tuple, tuple[threading.Event, list]] = {}

    def run(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._lock:
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = (threading.Event(), [])
                mine = True
            else:
                mine = False
        done, result = running
        if not mine:
            done.wait()
            if result:  # the first caller failed: compute here, so that this caller sees its own error
                return result[0]
            return compute()
        try:
            value = compute()
            result.append(value)
            return value
        finally:
            with self._lock:
                self._running.pop(key, None)
            done.set()


class PerTable:
    """`compute(events)` remembered for the last table it was called with."""

    def __init__(self, compute: Callable[[pd.DataFrame], Any]) -> None:
        self._compute = compute
        self._lock = threading.Lock()
        self._table: pd.DataFrame | None = None
        self._value: Any = None
        self._in_flight = _InFlight()

    def __call__(self, events: pd.DataFrame) -> Any:
        with self._lock:
            if self._table is events:
                return self._value
        # outside the lock: a slow first computation does not block other tables (the same table waits for it)
        value = self._in_flight.run((id(events),), lambda: self._compute(events))
        with self._lock:
            self._table, self._value = events, value
        return value


class PerFilterSet:
    """`compute(events, *args)` remembered per (filter state, args) for the last table.

    `events` is the table `state` filtered (a new frame on every run, so it cannot be the key); the table
    it came from and the state say what it holds. A few recent filter sets are kept per table, so going back
    to the previous filters is free too.
    """

    def __init__(self, compute: Callable[..., Any], keep: int = 8) -> None:
        self._compute = compute
        self._keep = keep
        self._lock = threading.Lock()
        self._table: pd.DataFrame | None = None
        self._values: dict[tuple, Any] = {}
        self._in_flight = _InFlight()

    def __call__(self, table: pd.DataFrame, state: FilterState, events: pd.DataFrame, *args: Any,
                 narrowed: tuple = (), **of_table: Any) -> Any:
        """`narrowed`: what else the page narrowed `events` by (a time window), for the key only;
        `of_table`: values that change only with the table (its articles), passed on, not part of the key."""
        key = (repr(state), narrowed, args)
        with self._lock:
            if self._table is table and key in self._values:
                return self._values[key]
        value = self._in_flight.run((id(table), *key), lambda: self._compute(events, *args, **of_table))
        with self._lock:
            if self._table is not table:
                self._table, self._values = table, {}
            self._values[key] = value
            while len(self._values) > self._keep:
                self._values.pop(next(iter(self._values)))  # the oldest first (dicts keep insertion order)
        return value


_STORE_DIR: Path | None = None


def _store_dir() -> Path:
    """A private temporary folder for this server's store files, removed when the server exits."""
    global _STORE_DIR
    if _STORE_DIR is None:
        _STORE_DIR = Path(tempfile.mkdtemp(prefix="meetings-store-"))
        atexit.register(shutil.rmtree, _STORE_DIR, True)
    return _STORE_DIR


def _build_store(events: pd.DataFrame) -> EventStore:
    return EventStore(write_store(events, _store_dir() / f"events-{id(events)}.parquet"))


filter_options: Callable[[pd.DataFrame], FilterOptions] = PerTable(options_from_events)
event_store: Callable[[pd.DataFrame], EventStore] = PerTable(_build_store)
topic_summary = PerFilterSet(topic_stats.topic_summary)
network_graph = PerFilterSet(network.graph)
people_count = PerFilterSet(network.people_count)
events_order = PerFilterSet(table_order.sort_order)
overview_counts = PerFilterSet(views.overview_counts)
place_bubbles = PerFilterSet(views.place_bubbles)


def store_answers(state: FilterState) -> bool:
    """True when the store's SQL covers every filter set in `state` (forum, minimum confidence and "all of
    them" are filtered in pandas only)."""
    joint = state.participant_mode == "all" and len(state.participants) > 1
    return not (state.forums or state.min_confidence or joint)


def filter_events(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The events matching `state`: DuckDB over the table's store for big tables (the store is built on the
    first filter), pandas for small ones and for an empty filter (which keeps every row without a query)."""
    if not state.is_empty() and len(events) >= DUCKDB_THRESHOLD and store_answers(state):
        return filtered_events(events, state, event_store(events))
    return apply_filters(events, state)
