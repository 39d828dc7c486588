"""The dashboard's one table store: every session reads the last good tables while new articles are read in a
background thread, and the uploader watches that read's progress.

pages/shared.py gets its tables from `tables()`; the Sources page shows `progress()` while a read runs.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import meetings
from meetings.background import Folders, Snapshot, Tables, TableStore
from meetings.cache import cache_dir
from meetings.pipeline import IngestOptions
from meetings.uploads import ALLOWED_SUFFIXES, folder_fingerprint

SEEN_JOB_KEY = "_ingest_job_seen"
SHOWN_KEY = "_ingest_tables_shown"   # the fingerprint of the tables this session's last run showed


def _read(folders: Folders) -> Tables:
    # through the per-article cache: a start re-reads only new or edited articles (one process: a server)
    tables = meetings.load_events([Path(f) for f in folders], ingest=IngestOptions(cache_dir=cache_dir()))
    return tables.events, tables.articles, tables.warnings


def _count(folders: Folders) -> int:
    """Article files in the folders (for the time estimate)."""
    return sum(1 for f in folders if Path(f).is_dir() for p in Path(f).iterdir()
               if p.suffix.lower() in ALLOWED_SUFFIXES and not p.name.startswith("."))


_STARTED: list[TableStore] = []  # the store the launcher began filling before the server took requests


def _new_store() -> TableStore:
    return TableStore(loader=_read, fingerprint=folder_fingerprint, count=_count)


@st.cache_resource
def store() -> TableStore:
    """One store per server process, shared by every session: the one `start_store` made, if any (its first
    read may still run: the first visitor then waits for that read instead of starting another)."""
    return _STARTED.pop() if _STARTED else _new_store()


def start_store() -> TableStore:
    """The store `store()` will hand out, made before the server starts so that the launcher can begin the
    first read (pages/shared.py's `warm_up`) while the server starts and before anyone opens a page."""
    started = _new_store()
    _STARTED[:] = [started]
    return started


def snapshot(folders: Folders) -> Snapshot:
    """This run's tables; the first read of a folder set shows a spinner while the user waits (only then: a
    spinner is an element, and one on every run would shift the page's elements)."""
    if store().loaded(folders):
        snap = store().snapshot(folders)
    else:
        with st.spinner("Reading articles…"):
            snap = store().snapshot(folders)
    st.session_state[SHOWN_KEY] = snap.fingerprint
    return snap


def behind(folders: Folders) -> bool:
    """Whether a read runs, or has ended since this run took its tables: the page must follow it (a quick read
    can start and end within one run, after the page took the previous tables)."""
    snap = store().snapshot(folders)
    return snap.reading or snap.fingerprint != st.session_state.get(SHOWN_KEY, snap.fingerprint)


def tables(folders: Folders) -> Tables:
    """The tables to show now (pages/shared.py's loader)."""
    return snapshot(folders).tables


@st.fragment(run_every=1.0)
def progress(folders: Folders) -> None:
    """While a background read runs: a progress bar with the time left; when it ends, rerun the whole page so
    it shows the new tables (the fragment polls only while the page draws it)."""
    snap = store().snapshot(folders)
    if snap.reading:
        st.session_state[SEEN_JOB_KEY] = True
        job = snap.job
        st.progress(job.progress(), text=f"Reading {job.n_articles} articles in the background, about "
                    f"{job.seconds_left():.0f} s left. Pages show the previous tables until it is done.")
    elif st.session_state.pop(SEEN_JOB_KEY, False) or snap.fingerprint != st.session_state.get(SHOWN_KEY):
        st.rerun(scope="app")
