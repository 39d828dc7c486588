"""Timeline lanes at hundreds of events: names that say who, top lanes plus Others, the default window."""

from __future__ import annotations

import pandas as pd
import pytest
from dashboard_data import _event, make_events

from meetings import lanes


def _table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([_event(**r) for r in rows])


def test_people_lane_names_everyone():
    frame = _table([{"event_id": "a", "participants": ["Wang Yi", "Sergey Lavrov", "Antony Blinken"]}])
    label = lanes.event_lanes(frame, "pair").iloc[0]
    assert all(name in label for name in ["Wang Yi", "Sergey Lavrov", "Antony Blinken"])
    assert "+" not in label


def test_same_people_in_any_order_share_a_lane():
    frame = _table([{"event_id": "a", "participants": ["Wang Yi", "Sergey Lavrov"]},
                    {"event_id": "b", "participants": ["Sergey Lavrov", "Wang Yi"]}])
    assert lanes.event_lanes(frame, "pair").nunique() == 1


def test_forum_lanes_are_series_not_editions():
    frame = _table([
        {"event_id": "a", "forum": "G20 Foreign Ministers' Meeting 2023", "start_date": "2023-03-02",
         "end_date": "2023-03-02"},
        {"event_id": "b", "forum": "G20 Foreign Ministers' Meeting 2025", "start_date": "2025-02-20",
         "end_date": "2025-02-20"},
        {"event_id": "c", "forum": "G20 foreign ministers' meeting"},
        {"event_id": "d", "forum": ""},
    ])
    by_forum = lanes.event_lanes(frame, "forum").tolist()
    assert by_forum[0] == by_forum[1] == by_forum[2] == "G20 Foreign Ministers' Meeting"
    assert by_forum[3] == lanes.NO_FORUM


def test_multilateral_meeting_at_a_forum_takes_the_forum_lane():
    frame = _table([{"event_id": "a", "kind": "multilateral_meeting", "forum": "BRICS Summit 2024",
                     "participants": [f"Leader {i}" for i in range(9)]}])
    assert lanes.event_lanes(frame, "pair").iloc[0] == "BRICS Summit"


def test_lanes_beyond_top_go_to_others():
    rows = [{"event_id": f"x{i}", "participants": ["Sergey Lavrov", "Wang Yi"]} for i in range(5)]
    rows += [{"event_id": f"y{i}", "participants": ["Sergey Lavrov", f"Minister {i}"]} for i in range(6)]
    frame = _table(rows)
    shown, order = lanes.group_lanes(lanes.event_lanes(frame, "pair"), top=2)
    assert order[0] == "Sergey Lavrov · Wang Yi"  # the busiest lane first
    assert len(order) == 3 and order[-1].startswith(lanes.OTHERS)
    assert "5 lanes, 5 events" in order[-1]
    assert (shown == order[-1]).sum() == 5
    assert set(shown) == set(order)


def test_one_lane_over_top_is_not_renamed_others():
    frame = _table([{"event_id": f"e{i}", "participants": [f"P{i}", "Q"]} for i in range(3)])
    shown, order = lanes.group_lanes(lanes.event_lanes(frame, "pair"), top=2)
    assert not any(lane.startswith(lanes.OTHERS) for lane in order) and len(order) == 3


def test_default_window_ignores_a_few_old_mentions():
    recent = pd.Series(pd.date_range("2024-01-01", periods=60, freq="7D"))
    old = pd.Series(pd.to_datetime(["2000-01-01", "2008-05-01", "2011-03-01"]))
    starts = pd.concat([old, recent], ignore_index=True)
    lo, hi = lanes.default_window(starts)
    assert lo > pd.Timestamp("2023-06-01") and hi >= recent.max()
    assert lanes.outside_window(starts, (lo, hi)) == (3, 0)


def test_default_window_shows_everything_for_few_events():
    starts = pd.Series(pd.to_datetime(["2000-01-01", "2024-01-01", "2024-02-01"]))
    lo, hi = lanes.default_window(starts)
    assert lo < pd.Timestamp("2000-01-01") and hi > pd.Timestamp("2024-02-01")


def test_default_window_of_undated_is_none():
    assert lanes.default_window(pd.Series([pd.NaT, pd.NaT])) is None


@pytest.mark.parametrize(("confidence", "faded"), [(0.25, True), (0.55, True), (0.65, False), (None, False)])
def test_uncertain_events(confidence, faded):
    frame = _table([{"event_id": "a", "confidence": confidence}])
    assert bool(lanes.uncertain(frame).iloc[0]) is faded


def test_undated_events_are_listed_apart():
    events = make_events()
    events.loc[0, "start"] = pd.NaT
    assert lanes.undated(events)["event_id"].tolist() == ["e1"]


def test_wrap_label_breaks_long_names():
    label = "Anthony Albanese · Christopher Luxon · Emmanuel Macron · Mark Carney"
    wrapped = lanes.wrap_label(label, width=34)
    assert "<br>" in wrapped and wrapped.replace("<br>", " ") == label
