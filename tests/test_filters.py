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
    follow_span,
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


def test_all_of_them_keeps_only_joint_meetings():
    events = make_events()
    both = FilterState(participants=["Sergey Lavrov", "Wang Yi"], participant_mode="all")
    assert _ids(apply_filters(events, both)) == ["e2", "e5"]
    either = FilterState(participants=["Sergey Lavrov", "Wang Yi"], participant_mode="any")
    assert _ids(apply_filters(events, either)) == ["e1", "e2", "e3", "e5"]
    nobody_together = FilterState(participants=["Qin Gang", "Wang Yi"], participant_mode="all")
    assert _ids(apply_filters(events, nobody_together)) == []


def test_forum_filter_is_where_the_meeting_was_held_not_organisations_mentioned():
    events = make_events()
    events.loc[events["event_id"] == "e2", "organizations"] = pd.Series([["SCO"]], index=events.index[[1]])
    assert _ids(apply_filters(events, FilterState(organizations=["SCO"]))) == ["e1", "e2"]
    assert _ids(apply_filters(events, FilterState(forums=["SCO"]))) == ["e1"]
    assert options_from_events(events).forums == ["G20", "SCO"]


def test_minimum_confidence_hides_uncertain_and_unscored_events():
    events = make_events().assign(confidence=[0.9, 0.4, 0.75, None, 0.6])
    assert _ids(apply_filters(events, FilterState(min_confidence=0.6))) == ["e1", "e3", "e5"]
    assert _ids(apply_filters(events, FilterState(min_confidence=None))) == ["e1", "e2", "e3", "e4", "e5"]


def test_option_counts_say_how_many_events_have_each_value():
    counts = options_from_events(make_events()).counts
    assert counts["participants"]["Sergey Lavrov"] == 4 and counts["participants"]["Vladimir Putin"] == 1
    assert counts["kinds"] == {"meeting": 1, "visit": 2, "phone_call": 1, "multilateral_meeting": 1}
    assert counts["countries"]["China"] == 4  # place China (e2, e4) or a Chinese participant (e1, e5)
    assert counts["forums"] == {"SCO": 1, "G20": 1}


def test_mode_forum_and_confidence_round_trip_through_the_url():
    options = options_from_events(make_events())
    state = FilterState(participants=["Sergey Lavrov", "Wang Yi"], participant_mode="all", forums=["G20"],
                        min_confidence=0.5)
    params = to_query_params(state)
    assert params["who_mode"] == "all" and params["forum"] == ["G20"] and params["conf"] == "0.5"
    parsed, notices = parse_query_params(params, options)
    assert parsed == state and notices == []
    assert "who_mode" not in to_query_params(FilterState(participants=["Wang Yi"]))  # "any" is the default


def test_bad_mode_and_confidence_give_notices():
    state, notices = parse_query_params({"who_mode": "some", "conf": "2", "event": "ev-1"},
                                        options_from_events(make_events()))
    assert state.participant_mode == "any" and state.min_confidence is None
    text = " ".join(notices)
    assert "who_mode" in text and "conf" in text and "event" not in text  # event= is a known parameter


def test_date_bounds_the_user_did_not_set_follow_the_data():
    old, new = (dt.date(2023, 5, 4), dt.date(2025, 2, 21)), (dt.date(2023, 5, 4), dt.date(2025, 7, 1))
    assert follow_span(old, old, new) == new  # untouched range grows with an upload
    user_to = (dt.date(2023, 5, 4), dt.date(2024, 6, 30))
    assert follow_span(user_to, old, new) == user_to  # a bound the user set stays
    user_from = (dt.date(2024, 1, 1), dt.date(2025, 2, 21))
    assert follow_span(user_from, old, new) == (dt.date(2024, 1, 1), dt.date(2025, 7, 1))
    shrunk = (dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    assert follow_span((dt.date(2023, 6, 1), dt.date(2023, 7, 1)), old, shrunk) == shrunk  # outside: whole span


def _counted_by_rows(cells) -> dict[str, int]:
    """The plain per-row count: each stripped, non-empty value once per row."""
    counts: dict[str, int] = {}
    for cell in cells:
        for value in {str(v).strip() for v in cell if v is not None and not (isinstance(v, float) and v != v)}:
            if value:
                counts[value] = counts.get(value, 0) + 1
    return counts


def test_option_counts_column_wise_equal_a_count_row_by_row():
    from meetings.filters import as_list, option_counts

    events = pd.concat([make_events()] * 3, ignore_index=True)
    events.index = [7, 7, 3, 2, 9, 1, 0, 5, 4, 8, 6, 11, 12, 13, 14]  # a repeated index must not merge rows
    events["participants"] = events["participants"].astype(object)
    events.at[3, "participants"] = "Only One"  # a bare name counts as one participant
    events.iat[4, events.columns.get_loc("participants")] = [" Wang Yi ", "Wang Yi", None, float("nan"), ""]
    events["topics"] = [None if i % 4 == 0 else ["economy_trade", "economy_trade"] for i in range(len(events))]
    events["forum"] = [" G20 ", "", None, "SCO", "G20"] * 3
    counts = option_counts(events)
    assert counts["participants"] == _counted_by_rows(as_list(c) for c in events["participants"])
    assert counts["topics"] == _counted_by_rows(as_list(c) for c in events["topics"])
    assert counts["forums"] == {"G20": 6, "SCO": 3}
    assert counts["countries"] == _counted_by_rows([c, *as_list(p)] for c, p in
                                                   zip(events["country"], events["participant_countries"],
                                                       strict=True))
