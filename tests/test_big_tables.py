"""The dashboard with many events: the Overview draws events per month, options are computed once per table,
and big tables are filtered by DuckDB with the same rows as pandas."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from dashboard_data import make_articles, make_events
from streamlit.testing.v1 import AppTest

import meetings
from meetings import store, views
from meetings.filters import FilterState, apply_filters
from meetings.pipeline import EventTables
from meetings.schema import WARNING_COLUMNS
from pages import table_cache

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def many_events(n: int) -> pd.DataFrame:
    """`n` events: the five test events repeated with their own ids, spread over about three years."""
    base = make_events()
    events = pd.concat([base] * (n // len(base) + 1), ignore_index=True).head(n).copy()
    shift = pd.to_timedelta([(i * 7) % 1100 for i in range(n)], unit="D")
    events["start"] = pd.to_datetime(events["start"]) + shift
    events["end"] = pd.to_datetime(events["end"]) + shift
    events["start_date"] = events["start"].dt.strftime("%Y-%m-%d")
    events["event_id"] = [f"ev{i:06d}" for i in range(n)]
    return events


@pytest.fixture
def big_dashboard(tmp_path, monkeypatch):
    """The app reading `many_events(3000)` instead of the seeds (fresh table cache before and after)."""
    events = many_events(3000)
    tables = EventTables(events, make_articles(), pd.DataFrame(columns=WARNING_COLUMNS))
    monkeypatch.setenv("MEETINGS_DATA_DIR", str(tmp_path / "uploads"))
    monkeypatch.setattr(meetings, "load_events", lambda *args, **kwargs: tables)
    st.cache_resource.clear()
    yield events
    st.cache_resource.clear()


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _numbers(values) -> list:  # noqa: ANN001 - a list, or plotly's {"dtype", "bdata"} binary array
    """A trace's array as a list (plotly sends numeric arrays base64-encoded)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values or [])


def test_overview_of_thousands_of_events_draws_events_per_month(big_dashboard):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any(trace.get("type") == "bar" for fig in _figures(at) for trace in fig["data"])  # no plotly
    charts = [h.proto.body for h in at.get("html") if "month-bars" in h.proto.body]
    assert len(charts) == 1, "one density chart instead of a marker per event"
    per_bar = [int(n.replace(",", "")) for n in re.findall(r'title="[^"]*: ([\d,]+) events"', charts[0])]
    assert sum(per_bar) == len(big_dashboard)  # every event is in one month's bar
    months = pd.to_datetime(big_dashboard["start"]).dt.to_period("M")
    assert len(per_bar) == len(pd.period_range(months.min(), months.max(), freq="M")) < 100  # a bar per month
    assert any(f"{len(big_dashboard):,} events, counted per month" in c.value for c in at.caption)


def test_small_tables_keep_the_event_timeline(tmp_path, monkeypatch):
    tables = EventTables(make_events(), make_articles(), pd.DataFrame(columns=WARNING_COLUMNS))
    monkeypatch.setenv("MEETINGS_DATA_DIR", str(tmp_path / "uploads"))
    monkeypatch.setattr(meetings, "load_events", lambda *args, **kwargs: tables)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
    finally:
        st.cache_resource.clear()
    traces = [trace for fig in _figures(at) for trace in fig["data"]]
    assert not any(trace.get("type") == "bar" for trace in traces)
    ids = {str(i) for trace in traces for i in _numbers(trace.get("customdata"))}
    assert ids <= set(make_events()["event_id"]) and ids, "the events themselves, selectable"


def test_options_are_computed_once_per_table():
    calls = []
    per_table = table_cache.PerTable(lambda events: calls.append(len(events)) or len(calls))
    first, second = make_events(), make_events()
    assert per_table(first) == per_table(first) == 1
    assert per_table(second) == 2  # a new table (after an upload) is counted again
    assert calls == [5, 5]


def test_a_second_caller_waits_for_the_computation_under_way():
    """The launcher's warm-up and an early first visitor ask for the same table's options at once: one
    computation, both get its value (and a failed one leaves the waiter to compute and see its own error)."""
    started, release, calls = threading.Event(), threading.Event(), []

    def slow(events):
        calls.append(len(events))
        started.set()
        assert release.wait(10)
        return len(calls)

    per_table, per_filter_set = table_cache.PerTable(slow), table_cache.PerFilterSet(lambda events: slow(events))
    table = make_events()
    for cached, args in ((per_table, (table,)), (per_filter_set, (table, FilterState(), table))):
        calls.clear()
        started.clear()
        release.clear()
        results = []
        first = threading.Thread(target=lambda: results.append(cached(*args)))  # noqa: B023 - joined below
        first.start()
        assert started.wait(10)
        second = threading.Thread(target=lambda: results.append(cached(*args)))  # noqa: B023
        second.start()
        time.sleep(0.2)  # the second caller is in by now
        release.set()
        first.join(10)
        second.join(10)
        assert results == [1, 1] and calls == [5]

    failing = table_cache.PerTable(lambda events: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing(table)


STATES = [FilterState(), FilterState(participants=["Sergey Lavrov"]), FilterState(countries=["china"]),
          FilterState(kinds=["visit", "meeting"], topics=["economy_trade"]), FilterState(text="goa"),
          FilterState(date_from=pd.Timestamp("2024-01-01").date()),
          FilterState(forums=["SCO"]), FilterState(min_confidence=0.5),
          FilterState(participants=["Sergey Lavrov", "Qin Gang"], participant_mode="all")]


@pytest.mark.parametrize("state", STATES, ids=lambda s: str({k: v for k, v in vars(s).items() if v}))
def test_big_tables_filter_to_the_same_rows_as_pandas(state, monkeypatch, tmp_path):
    monkeypatch.setattr(table_cache, "DUCKDB_THRESHOLD", 100)  # "big" at a test's size
    monkeypatch.setattr(store, "DUCKDB_THRESHOLD", 100)
    monkeypatch.setattr(table_cache, "_STORE_DIR", tmp_path)
    used = []
    monkeypatch.setattr(table_cache, "event_store", lambda events: used.append(1) or store.EventStore(
        store.write_store(events, tmp_path / "events.parquet")))
    events = many_events(400)
    got = table_cache.filter_events(events, state)
    assert got["event_id"].tolist() == apply_filters(events, state)["event_id"].tolist()
    assert bool(used) == (not state.is_empty() and table_cache.store_answers(state))
    assert views.DENSITY_THRESHOLD < 3000  # the Overview test above is past the threshold
