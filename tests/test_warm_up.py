"""The launcher reads the tables and counts the filter options before the first visitor comes."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from dashboard_data import make_articles, make_events
from streamlit.testing.v1 import AppTest

import meetings
from meetings import views
from meetings.filters import options_from_events
from meetings.pipeline import EventTables
from meetings.schema import WARNING_COLUMNS
from pages import shared, table_cache

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def counted(tmp_path, monkeypatch):
    """The app reading five test events; how many times the tables were read and the options counted."""
    tables = EventTables(make_events(), make_articles(), pd.DataFrame(columns=WARNING_COLUMNS))
    calls = {"reads": 0, "options": 0, "overview": 0}
    release = threading.Event()
    release.set()

    def load_events(*args, **kwargs):
        calls["reads"] += 1
        assert release.wait(30)
        return tables

    def options(events):
        calls["options"] += 1
        return options_from_events(events)

    def overview(events, articles=None):
        calls["overview"] += 1
        return views.overview_counts(events, articles)

    monkeypatch.setenv("MEETINGS_DATA_DIR", str(tmp_path / "uploads"))
    monkeypatch.setattr(meetings, "load_events", load_events)
    monkeypatch.setattr(table_cache, "filter_options", table_cache.PerTable(options))
    monkeypatch.setattr(table_cache, "overview_counts", table_cache.PerFilterSet(overview))
    st.cache_resource.clear()
    yield calls, release
    st.cache_resource.clear()


def _first_page(calls: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("5 events from" in c.value for c in at.caption)
    return at


def test_the_first_visitor_gets_the_tables_read_at_start(counted):
    calls, _ = counted
    shared.warm_up().join(60)
    assert calls == {"reads": 1, "options": 1, "overview": 1}  # done before anyone opened a page
    at = _first_page(calls)
    assert calls == {"reads": 1, "options": 1, "overview": 1}  # the page used them: nothing computed again
    assert [m.value for m in at.metric][:2] == ["5", str(make_articles()["file"].nunique())]


def test_a_visitor_during_the_warm_up_waits_for_it_instead_of_reading_again(counted):
    calls, release = counted
    release.clear()  # the start's read is still running when the first page opens
    warming = shared.warm_up()
    threading.Timer(1.0, release.set).start()
    _first_page(calls)
    warming.join(60)
    assert calls["reads"] == 1


def test_without_a_warm_up_the_first_visitor_reads(counted):
    calls, _ = counted
    _first_page(calls)
    assert calls == {"reads": 1, "options": 1, "overview": 1}


def test_a_failing_warm_up_does_not_stop_the_launcher(monkeypatch, capsys):
    from meetings import dashboard

    def broken() -> None:
        raise OSError("data folder unreadable")

    monkeypatch.setattr(shared, "warm_up", broken)
    dashboard.warm_up()  # returns: the server is started next, and its first page reads for itself
    assert "OSError: data folder unreadable" in capsys.readouterr().err
