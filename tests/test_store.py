"""The DuckDB store answers the dashboard's filters exactly as the pandas filter does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from meetings import views
from meetings.filters import FilterState, apply_filters
from meetings.store import EventStore, filtered_events, write_store
from tests.dashboard_data import make_events

STATES = [
    FilterState(),
    FilterState(participants=["sergey lavrov"]),
    FilterState(participants=["Wang Yi", "Marco Rubio"], kinds=["visit", "phone_call"]),
    FilterState(countries=["China"]),
    FilterState(countries=["united states"]),
    FilterState(organizations=["SCO"], topics=["bilateral"]),
    FilterState(topics=["ukraine", "us_relations"]),
    FilterState(statuses=["planned", "possible"]),
    FilterState(places=["China (no city known)", "Goa, India"]),
    FilterState(date_from=dt.date(2024, 4, 9), date_to=dt.date(2024, 5, 10)),
    FilterState(date_from=dt.date(2025, 1, 15)),
    FilterState(date_to=dt.date(2023, 12, 31)),
    FilterState(text="lavrov beijing"),
    FilterState(text="HYPERLINK"),
    FilterState(text="nobody at all"),
]


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return make_events()


@pytest.fixture(scope="module")
def store(events: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> EventStore:
    return EventStore(write_store(events, tmp_path_factory.mktemp("store") / "events.parquet"))


@pytest.mark.parametrize("state", STATES, ids=lambda s: str({k: v for k, v in vars(s).items() if v}))
def test_store_keeps_the_rows_pandas_keeps(events: pd.DataFrame, store: EventStore, state: FilterState) -> None:
    expected = sorted(apply_filters(events, state)["event_id"])
    assert sorted(store.event_ids(state)) == expected
    assert store.count(state) == len(expected)


def test_density_counts_every_dated_match(events: pd.DataFrame, store: EventStore) -> None:
    density = store.density(FilterState(), freq="month")
    expected = views.density_frame(events)
    assert density["events"].tolist() == expected["events"].tolist()
    assert [p.date() for p in density["period"]] == [p.date() for p in expected["period"]]


def test_bubbles_match_the_map_view(events: pd.DataFrame, store: EventStore) -> None:
    state = FilterState(participants=["Sergey Lavrov", "Vladimir Putin"])
    got = store.bubbles(state).set_index("place")
    expected = views.place_bubbles(apply_filters(events, state)).set_index("place")
    assert got["events"].to_dict() == expected["events"].to_dict()
    assert got["country_only"].to_dict() == expected["country_only"].to_dict()


def test_pages_cover_the_matches_once_newest_first(store: EventStore) -> None:
    state = FilterState(participants=["Sergey Lavrov"])
    pages = [store.page(state, offset, 2) for offset in (0, 2, 4)]
    ids = [i for page in pages for i in page["event_id"]]
    assert sorted(ids) == sorted(store.event_ids(state))
    starts = [d for page in pages for d in page["start_date"]]
    assert starts[0] >= starts[-1]


def test_small_tables_are_filtered_by_pandas_without_a_store(events: pd.DataFrame) -> None:
    state = FilterState(kinds=["visit"])
    assert filtered_events(events, state).equals(apply_filters(events, state))


def test_big_tables_go_through_the_store(events: pd.DataFrame, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import meetings.store as store_module

    monkeypatch.setattr(store_module, "DUCKDB_THRESHOLD", 2)
    store = EventStore(write_store(events, tmp_path / "e.parquet"))
    calls = []
    real = store.event_ids
    monkeypatch.setattr(store, "event_ids", lambda state: calls.append(state) or real(state))
    state = FilterState(countries=["Russia"], text="lavrov")
    assert filtered_events(events, state, store).equals(apply_filters(events, state))
    assert calls == [state]


def test_one_view_answers_what_the_pages_need(events: pd.DataFrame, store: EventStore) -> None:
    state = FilterState(countries=["China"])
    view = store.view(state, limit=2)
    kept = apply_filters(events, state)
    assert view.count == len(kept)
    assert int(view.density["events"].sum()) == int(kept["start"].notna().sum())
    assert int(view.bubbles["events"].sum()) == int(views.place_bubbles(kept)["events"].sum())
    assert len(view.page) == 2 and set(view.page["event_id"]) <= set(kept["event_id"])


@pytest.mark.parametrize("state", STATES[:10], ids=lambda s: str({k: v for k, v in vars(s).items() if v}))
def test_view_agrees_with_the_single_queries(store: EventStore, state: FilterState) -> None:
    view = store.view(state, limit=3, freq="month")
    assert view.count == store.count(state)
    assert view.density["events"].tolist() == store.density(state, "month")["events"].tolist()
    bubbles = store.bubbles(state)
    assert view.bubbles[["place", "events", "country_only"]].values.tolist() == \
        bubbles[["place", "events", "country_only"]].values.tolist()
