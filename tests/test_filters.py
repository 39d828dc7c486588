"""Filter state: options from data, URL parameters both ways (with notices), and applying filters."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dashboard_data import make_events
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.filters import (
    FilterState,
    apply_filters,
    options_from_events,
    parse_query_params,
    participant_label,
    place_label,
    to_query_params,
)
from meetings.schema import EVENT_COLUMNS


def _ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["event_id"].tolist())


def test_labels():
    assert participant_label("Sergey Lavrov", "Foreign Minister, Russia") == \
        "Sergey Lavrov - Foreign Minister, Russia"
    assert participant_label("Someone", "") == "Someone"
    assert place_label("Goa", "India") == "Goa, India"
    assert place_label("", "China") == "China (no city known)"
    assert place_label(float("nan"), None) == ""


def test_options_from_events():
    options = options_from_events(make_events())
    assert options.participants["Sergey Lavrov"] == "Sergey Lavrov - Foreign Minister, Russia"
    assert options.participants["Marco Rubio"] == "Marco Rubio"
    assert "United States" in options.countries and "India" in options.countries
    assert options.kinds == ["meeting", "visit", "phone_call", "multilateral_meeting"]
    assert "China (no city known)" in options.places and "Goa, India" in options.places
    assert options.date_min == dt.date(2023, 5, 4) and options.date_max == dt.date(2025, 2, 21)
    assert options.organizations == ["G20", "SCO"]


def test_options_of_empty_table():
    options = options_from_events(pd.DataFrame(columns=EVENT_COLUMNS))
    assert options.participants == {} and options.date_min is None


def test_each_filter():
    events = make_events()
    assert _ids(apply_filters(events, FilterState())) == ["e1", "e2", "e3", "e4", "e5"]
    assert _ids(apply_filters(events, FilterState(participants=["Wang Yi"]))) == ["e2", "e5"]
    assert _ids(apply_filters(events, FilterState(participants=["Wang Yi", "Qin Gang"]))) == ["e1", "e2", "e5"]
    assert _ids(apply_filters(events, FilterState(countries=["United States"]))) == ["e3"]
    assert _ids(apply_filters(events, FilterState(countries=["India"]))) == ["e1"]
    assert _ids(apply_filters(events, FilterState(organizations=["G20"]))) == ["e5"]
    assert _ids(apply_filters(events, FilterState(topics=["bilateral"]))) == ["e1", "e4"]
    assert _ids(apply_filters(events, FilterState(kinds=["visit"]))) == ["e2", "e4"]
    assert _ids(apply_filters(events, FilterState(statuses=["planned", "possible"]))) == ["e4", "e5"]
    assert _ids(apply_filters(events, FilterState(places=["China (no city known)"]))) == ["e4"]
    assert _ids(apply_filters(events, FilterState(text="goa"))) == ["e1"]
    assert _ids(apply_filters(events, FilterState(text="lavrov g20"))) == ["e5"]


def test_filters_combine_with_and():
    events = make_events()
    state = FilterState(participants=["Sergey Lavrov"], kinds=["visit"])
    assert _ids(apply_filters(events, state)) == ["e2"]


def test_date_filter_overlaps_precision():
    events = make_events()
    # e4 is "2024-05" (month precision): a filter on 10-20 May keeps it.
    state = FilterState(date_from=dt.date(2024, 5, 10), date_to=dt.date(2024, 5, 20))
    assert _ids(apply_filters(events, state)) == ["e4"]
    # e2 runs 8-9 April 2024: a filter starting on the 9th still keeps it.
    assert "e2" in _ids(apply_filters(events, FilterState(date_from=dt.date(2024, 4, 9),
                                                          date_to=dt.date(2024, 4, 30))))
    assert _ids(apply_filters(events, FilterState(date_from=dt.date(2025, 1, 1)))) == ["e3", "e5"]


def test_undated_events_drop_only_under_a_date_filter():
    events = make_events()
    events.loc[0, "start"] = pd.NaT
    events.loc[0, "end"] = pd.NaT
    assert "e1" in _ids(apply_filters(events, FilterState()))
    assert "e1" not in _ids(apply_filters(events, FilterState(date_to=dt.date(2030, 1, 1))))


def test_query_params_round_trip():
    options = options_from_events(make_events())
    state = FilterState(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31),
                        participants=["Sergey Lavrov", "Wang Yi"], countries=["China"],
                        organizations=["G20"], topics=["ukraine"], kinds=["visit"], statuses=["held"],
                        places=["Goa, India"], text="Beijing talks")
    params = to_query_params(state)
    assert params["who"] == ["Sergey Lavrov", "Wang Yi"] and params["from"] == "2024-01-01"
    parsed, notices = parse_query_params(params, options)
    assert parsed == state and notices == []


def test_empty_state_gives_no_params():
    assert to_query_params(FilterState()) == {}


def test_bad_params_are_dropped_with_notices():
    options = options_from_events(make_events())
    params = {"who": ["Sergey Lavrov", "Nobody Atall"], "from": ["2024-13-45"], "kind": ["visit,teleport"],
              "topic": ["UKRAINE"], "bogus": ["1"], "q": ["x" * 500]}
    state, notices = parse_query_params(params, options)
    assert state.participants == ["Sergey Lavrov"]
    assert state.kinds == ["visit"]
    assert state.topics == ["ukraine"]  # case-insensitive, canonical spelling
    assert state.date_from is None
    assert len(state.text) == 200
    text = " ".join(notices)
    for fragment in ("Nobody Atall", "YYYY-MM-DD", "teleport", "bogus", "cut"):
        assert fragment in text


def test_reversed_date_range_is_dropped():
    state, notices = parse_query_params({"from": "2025-01-01", "to": "2024-01-01"},
                                        options_from_events(make_events()))
    assert state.date_from is None and state.date_to is None and notices


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["who", "from", "to", "kind", "topic", "place", "q", "x", "status"]),
                       st.lists(st.text(max_size=30), max_size=3), max_size=6))
def test_parse_never_raises(params):
    options = options_from_events(make_events())
    state, notices = parse_query_params(params, options)
    assert isinstance(state, FilterState) and isinstance(notices, list)
    apply_filters(make_events(), state)  # whatever survived parsing filters without error
