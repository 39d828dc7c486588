"""The Topics page's aggregates, computed column by column, equal a plain loop over the rows."""

from __future__ import annotations

import pandas as pd
from dashboard_data import awkward_events

from meetings import topic_stats
from meetings.filters import as_list


def loop_counts(events: pd.DataFrame) -> dict[str, int]:
    seen: dict[str, set] = {}
    for row in events.to_dict("records"):
        for topic in [str(t) for t in as_list(row["topics"])] or ["(none)"]:
            seen.setdefault(topic, set()).add(row["event_id"])
    return {t: len(ids) for t, ids in seen.items()}


def loop_months(events: pd.DataFrame) -> dict[tuple[str, str], int]:
    seen: dict[tuple[str, str], set] = {}
    for row in events.to_dict("records"):
        if pd.isna(row["start"]):
            continue
        for topic in [str(t) for t in as_list(row["topics"])] or ["(none)"]:
            seen.setdefault((topic, pd.Timestamp(row["start"]).strftime("%Y-%m")), set()).add(row["event_id"])
    return {k: len(ids) for k, ids in seen.items()}


def loop_people(events: pd.DataFrame) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in events.to_dict("records"):
        for topic in [str(t) for t in as_list(row["topics"])] or ["(none)"]:
            for person in {str(p) for p in as_list(row["participants"])}:
                counts[topic, person] = counts.get((topic, person), 0) + 1
    return counts


def test_topic_counts_equal_a_loop_over_the_rows():
    events = awkward_events()
    counts = topic_stats.topic_counts(events)
    assert dict(zip(counts["topic"], counts["events"], strict=True)) == loop_counts(events)
    assert counts["events"].is_monotonic_decreasing
    assert loop_counts(events)["(none)"] == 2 and loop_counts(events)["ukraine"] == 2  # x1 and x4; e2 and x2


def test_topic_month_matrix_equals_a_loop_and_fills_every_month():
    events = awkward_events()
    matrix = topic_stats.topic_month_matrix(events)
    cells = {(t, m): int(n) for t, row in matrix.iterrows() for m, n in row.items() if n}
    assert cells == loop_months(events)
    assert list(matrix.columns) == [str(p) for p in pd.period_range("2023-05", "2025-02", freq="M")]
    assert matrix.sum(axis=1).is_monotonic_decreasing


def test_participants_per_topic_equal_a_loop_and_keep_the_top():
    events = awkward_events()
    people = topic_stats.participants_per_topic(events, top=2)
    expected = loop_people(events)
    assert all(expected[t, p] == n for t, p, n in people.itertuples(index=False))
    for topic, group in people.groupby("topic"):
        best = sorted(((n, p) for (t, p), n in expected.items() if t == topic), key=lambda x: (-x[0], x[1].casefold()))
        assert group["participant"].tolist() == [p for _, p in best[:2]]
    assert {"Wang Yi", "wang yi"} <= set(people[people["topic"] == "ukraine"]["participant"])


def test_summary_is_the_three_aggregates_and_empty_tables_give_empty_frames():
    events = awkward_events()
    summary = topic_stats.topic_summary(events, top=3)
    pd.testing.assert_frame_equal(summary.counts, topic_stats.topic_counts(events))
    pd.testing.assert_frame_equal(summary.matrix, topic_stats.topic_month_matrix(events))
    pd.testing.assert_frame_equal(summary.people, topic_stats.participants_per_topic(events, top=3))
    empty = topic_stats.topic_summary(events.iloc[0:0])
    assert empty.counts.empty and empty.matrix.empty and empty.people.empty
