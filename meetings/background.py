"""Reading new articles without stopping the dashboard: the last good tables keep serving every session while
a background thread reads the folders again.

A `TableStore` holds, per folder set, the tables last read and the fingerprint of the files they came from.
When the files change (an upload, a deletion), the next request starts one background read and gets the
previous tables at once; when the read finishes the new tables replace them. Only the very first read of a
folder set makes its caller wait. No Streamlit here: the dashboard keeps one store per server process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

Tables = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]  # events, articles, warnings
Folders = tuple[str, ...]
DEFAULT_SECONDS_PER_ARTICLE = 0.15  # until a first read has been timed


@dataclass
class Job:
    """One background read: what it reads, since when, and how long it should take."""

    fingerprint: str
    n_articles: int
    started: float
    expected_s: float
    done: bool = False
    error: str = ""

    def progress(self, now: float | None = None) -> float:
        """An estimate between 0 and 1 from the time spent against the expected time (never 1 before done)."""
        if self.done:
            return 1.0
        elapsed = (time.monotonic() if now is None else now) - self.started
        return min(0.95, elapsed / max(self.expected_s, 0.1))

    def seconds_left(self, now: float | None = None) -> float:
        elapsed = (time.monotonic() if now is None else now) - self.started
        return max(0.0, self.expected_s - elapsed)


@dataclass
class Snapshot:
    """What a request gets: the tables to show, the files they were read from, and any read in progress."""

    tables: Tables
    fingerprint: str
    job: Job | None = None
    error: str = ""

    @property
    def reading(self) -> bool:
        return self.job is not None and not self.job.done


@dataclass
class _Entry:
    tables: Tables | None = None
    fingerprint: str = ""
    job: Job | None = None
    failed: str = ""  # fingerprint whose read failed: not retried until the files change again
    error: str = ""
    seconds_per_article: float = DEFAULT_SECONDS_PER_ARTICLE
    first_read: threading.Lock = field(default_factory=threading.Lock)


class TableStore:
    """The last good tables per folder set, refreshed in the background when the files change."""

    def __init__(self, loader: Callable[[Folders], Tables], fingerprint: Callable[[Folders], str],
                 count: Callable[[Folders], int], max_entries: int = 4) -> None:
        self._loader, self._fingerprint, self._count = loader, fingerprint, count
        self._entries: OrderedDict[Folders, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._max_entries = max_entries

    def _entry(self, folders: Folders) -> _Entry:
        with self._lock:
            entry = self._entries.setdefault(folders, _Entry())
            self._entries.move_to_end(folders)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
            return entry

    def loaded(self, folders: Folders) -> bool:
        """True once `folders` has tables (a snapshot then returns without reading)."""
        with self._lock:
            entry = self._entries.get(folders)
            return entry is not None and entry.tables is not None

    def snapshot(self, folders: Folders) -> Snapshot:
        """The tables to show now. The first read of `folders` happens here (the caller waits, and exceptions
        reach it); later changes are read in a background thread while the previous tables are returned."""
        entry = self._entry(folders)
        if entry.tables is None:
            with entry.first_read:  # concurrent first requests wait for one read, not one read each
                if entry.tables is None:
                    fingerprint = self._fingerprint(folders)
                    entry.tables = self._timed_read(entry, folders)
                    entry.fingerprint = fingerprint
        current = self._fingerprint(folders)
        with self._lock:
            idle = entry.job is None or entry.job.done
            if current != entry.fingerprint and current != entry.failed and idle:
                entry.job = self._start(entry, folders, current)
            return Snapshot(tables=entry.tables, fingerprint=entry.fingerprint, job=entry.job, error=entry.error)

    def _timed_read(self, entry: _Entry, folders: Folders) -> Tables:
        started = time.monotonic()
        tables = self._loader(folders)
        entry.seconds_per_article = max(0.01, (time.monotonic() - started) / max(1, self._count(folders)))
        return tables

    def _start(self, entry: _Entry, folders: Folders, fingerprint: str) -> Job:
        n = self._count(folders)
        job = Job(fingerprint=fingerprint, n_articles=n, started=time.monotonic(),
                  expected_s=n * entry.seconds_per_article)
        thread = threading.Thread(target=self._run, args=(entry, folders, job), name="meetings-reader",
                                  daemon=True)
        thread.start()
        return job

    def _run(self, entry: _Entry, folders: Folders, job: Job) -> None:
        """The background read: swap the tables in when it succeeds, keep the old ones when it fails."""
        try:
            tables = self._timed_read(entry, folders)
        except Exception as exc:  # a failed read must leave the last good tables serving
            with self._lock:
                entry.failed, entry.error = job.fingerprint, f"{type(exc).__name__}: {exc}"
                job.error, job.done = entry.error, True
            return
        with self._lock:
            entry.tables, entry.fingerprint, entry.error, entry.failed = tables, job.fingerprint, "", ""
            job.done = True

    def wait(self, folders: Folders, timeout: float = 60.0) -> Snapshot:
        """Block until no read of `folders` is running (tests and scripts), then return the snapshot."""
        deadline = time.monotonic() + timeout
        snap = self.snapshot(folders)
        while snap.reading and time.monotonic() < deadline:
            time.sleep(0.05)
            snap = self.snapshot(folders)
        return snap
