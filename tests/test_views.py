"""Aggregations behind the pages, on a small synthetic table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dashboard_data import make_articles, make_events

from meetings import topic_stats, views
from meetings.schema import EVENT_COLUMNS

EMPTY = pd.DataFrame(columns=EVENT_COLUMNS)


def test_overview_counts():
    counts = views.overview_counts(make_events(), make_articles())
    assert counts["events"] == 5 and counts["articles"] == 5
    assert counts["participants"] == 5  # Lavrov, Qin, Wang, Rubio, Putin
    assert counts["places"] == 4  # Goa, Beijing, Johannesburg, China (no city known)
    assert counts["first"] == dt.date(2023, 5, 4) and counts["last"] == dt.date(2025, 2, 21)
    assert views.overview_counts(EMPTY)["events"] == 0
    assert views.date_span_label(None, None) == "—"


def test_overview_places_count_each_place_once_as_a_row_by_row_count_does():
    from meetings.filters import place_label

    events = pd.concat([make_events()] * 3, ignore_index=True)
    events["city"] = ["Goa", " Goa", None, "", float("nan"), "Beijing", "Goa", "Beijing ", "", None,
                      "Paris", "Paris", None, "", "Goa"]
    events["country"] = ["India", "India", "China", "China ", None, "China", "", "China", "", "India",
                         "France", None, "Japan", "Japan", "India"]
    by_row = {place_label(c, k) for c, k in zip(events["city"], events["country"], strict=True)} - {""}
    assert views.overview_counts(events)["places"] == len(by_row) == 8
    assert views.overview_counts(events.drop(columns="city"))["places"] == 0  # no city column: no places


def test_latest_events_newest_first():
    assert views.latest_events(make_events(), 2)["event_id"].tolist() == ["e5", "e3"]


def test_latest_events_are_the_head_of_the_whole_table_sorted_newest_first():
    events = pd.concat([make_events()] * 4, ignore_index=True)
    events.index = [3, 3, 1, 0, 9] * 4  # a repeated index must not repeat rows
    events["event_id"] = [f"x{i}" for i in range(len(events))]
    events.loc[events["event_id"].isin(["x1", "x6"]), "start"] = pd.NaT  # undated: last
    whole = events.assign(_order=pd.to_datetime(events["start"])).sort_values(
        "_order", ascending=False, na_position="last")
    for n in (1, 6, len(events)):
        latest = views.latest_events(events, n)
        assert latest["event_id"].tolist() == whole["event_id"].tolist()[:n]
    assert views.latest_events(events, len(events))["event_id"].tolist()[-2:] == ["x1", "x6"]


def test_timeline_shapes_and_lanes():
    frame = views.timeline_frame(make_events(), "pair").set_index("event_id")
    assert frame.loc["e1", "shape"] == "point"
    assert frame.loc["e2", "shape"] == "bar"
    assert frame.loc["e3", "shape"] == "span"
    assert frame.loc["e1", "lane"] == "Qin Gang – Sergey Lavrov"
    assert frame.loc["e4", "lane"] == "Vladimir Putin"
    assert "Goa, India" in frame.loc["e1", "hover"] and "2 sources" in frame.loc["e1", "hover"]
    kinds = views.timeline_frame(make_events(), "kind").set_index("event_id")
    assert kinds.loc["e3", "lane"] == "phone call"
    forum = views.timeline_frame(make_events(), "forum").set_index("event_id")
    assert forum.loc["e2", "lane"] == "(no forum)"
    assert views.timeline_frame(EMPTY).empty


def test_density_frame_counts_months():
    density = views.density_frame(make_events())
    assert density["events"].sum() == 5
    assert len(density) == 5


def test_place_bubbles_keep_country_only_apart():
    bubbles = views.place_bubbles(make_events()).set_index("place")
    assert set(bubbles.index) == {"Goa, India", "Beijing, China", "Johannesburg, South Africa",
                                  "China (no city known)"}
    assert bool(bubbles.loc["China (no city known)", "country_only"])
    assert not bool(bubbles.loc["Beijing, China", "country_only"])
    assert bubbles.loc["Goa, India", "events"] == 1
    assert "Sergey Lavrov" in bubbles.loc["Goa, India", "hover"]
    assert views.unplaced_events(make_events())["event_id"].tolist() == ["e3"]


def test_place_bubbles_group_events_at_one_place():
    events = make_events()
    events.loc[4, ["city", "country", "lat", "lon"]] = ["Goa", "India", 15.49, 73.82]
    bubbles = views.place_bubbles(events)
    assert bubbles.iloc[0]["place"] == "Goa, India" and bubbles.iloc[0]["events"] == 2


def test_a_busy_place_lists_its_first_events_then_how_many_more():
    events = pd.concat([make_events().head(1)] * 11, ignore_index=True)
    events["event_id"] = [f"e{i}" for i in range(11)]
    events["participants"] = [[f"Person {i:02d}", "Qin Gang"] for i in range(11)]
    bubble = views.place_bubbles(events).iloc[0]
    lines = bubble["hover"].split("\n")
    assert lines[:2] == ["Goa, India", "11 event(s)"]
    assert len(lines) == 2 + views.HOVER_LINES + 1 and lines[-1] == f"… and {11 - views.HOVER_LINES} more"
    assert "Person 00" in lines[2] and "Person 07" in lines[2 + views.HOVER_LINES - 1]  # the first, in order
    assert bubble["event_ids"] == [f"e{i}" for i in range(11)] and bubble["main_kind"] == "meeting"


def test_topic_views():
    counts = topic_stats.topic_counts(make_events()).set_index("topic")["events"]
    assert counts["multilateral"] == 2 and counts["ukraine"] == 1
    matrix = topic_stats.topic_month_matrix(make_events())
    assert matrix.columns[0] == "2023-05" and matrix.columns[-1] == "2025-02"
    assert len(matrix.columns) == 22  # every month in the span, zeros filled
    assert matrix.loc["bilateral", "2023-05"] == 1 and matrix.loc["bilateral", "2024-05"] == 1
    assert int(matrix.values.sum()) == 8  # topic mentions over the five events
    people = topic_stats.participants_per_topic(make_events())
    multilateral = people[people["topic"] == "multilateral"]
    assert multilateral.iloc[0]["participant"] == "Sergey Lavrov" and multilateral.iloc[0]["events"] == 2
    assert topic_stats.topic_month_matrix(EMPTY).empty


def test_evidence_segments_merge_and_clip():
    text = "abcdefghij"
    segments = views.evidence_segments(text, [(2, 4), (3, 6), (8, 50)])
    assert segments == [("ab", False), ("cdef", True), ("gh", False), ("ij", True)]
    assert "".join(s for s, _ in segments) == text
    assert views.evidence_segments(text, []) == [(text, False)]


def test_article_spans():
    assert views.article_spans(make_events(), "a.txt") == [(0, 36)]
    assert views.article_spans(make_events(), "zzz.txt") == []


def test_evidence_terms_highlight_whole_names_and_surnames():
    row = make_events().iloc[0].to_dict()
    sentence = "Lavrov met Qin Gang in Goa, on the sidelines of the SCO meeting of ministers."
    marked = [sentence[s:e] for s, e in views.term_spans(sentence, views.event_terms(row))]
    assert {"Lavrov", "Qin Gang", "Goa", "SCO"} <= set(marked)
    assert "of" not in marked and "met" not in marked


def test_escape_markdown_neutralises_markup():
    text = "<script>x</script> [a](javascript:1) **b** :smile: $x$"
    escaped = views.escape_markdown(text)
    assert "<" not in escaped.replace("\\<", "") and "\\[" in escaped and "\\*" in escaped
    assert views.safe_url("javascript:alert(1)") is None and views.safe_url("https://a.b/c") == "https://a.b/c"
    assert views.safe_url("https://a.b/<x>") is None


def test_article_spans_prefer_the_fields_the_engine_read():
    events = pd.DataFrame({
        "field_spans": [[{"field": "participant", "file": "a.txt", "start": 0, "end": 6, "text": "Lavrov"},
                         {"field": "date", "file": "b.txt", "start": 3, "end": 9, "text": "Monday"}]],
        "evidence_spans": [[{"file": "a.txt", "start": 0, "end": 40, "sentence": "..."}]],
    })
    assert views.article_spans(events, "a.txt") == [(0, 6)]
    assert views.article_spans(events.drop(columns=["field_spans"]), "a.txt") == [(0, 40)]


def test_blank_runs_left_by_debris_are_squeezed():
    assert views.squeeze_blank_lines([("a\n   \n\n  \nb   c", False)]) == [("a\n\nb c", False)]


def test_readable_values_have_no_raw_codes_and_name_outlets():
    table = views.readable_values(make_events(), make_articles(), lambda t: t.replace("_", " ").title())
    assert "phone call" in table["kind"].tolist() and "phone_call" not in table["kind"].tolist()
    assert not any("_" in t for cell in table["topics"] for t in cell)
    assert table.iloc[0]["outlets"] == ["Outlet"]  # two sources, one outlet: named once, never by file
    assert table.iloc[0]["link"] == "https://example.org/a.txt"
    assert set(views.DEFAULT_COLUMNS) <= set(views.COLUMN_LABELS) <= set(table.columns) | {"date_method",
                                                                                          "disagreements"}


def test_people_and_uncertainty_texts():
    assert views.people_text({"participants": ["A B", "C D", "E F"]}) == "A B, C D and E F"  # no "+1"
    assert views.people_text({"participants": []}) == "participants unknown"
    assert views.is_uncertain({"confidence": 0.4, "review": ""})
    assert views.is_uncertain({"confidence": 0.9, "review": "date unresolved"})
    assert not views.is_uncertain({"confidence": 0.9, "review": ""})
    assert views.confidence_text(None) == "not given" and views.confidence_text(0.856) == "0.86"


def test_page_of_rows():
    frame = pd.DataFrame({"n": range(60)})
    rows, pages, number = views.page_of(frame, 25, 3)
    assert (pages, number, rows["n"].tolist()) == (3, 3, list(range(50, 60)))
    rows, pages, number = views.page_of(frame.head(10), 25, 3)  # filtered down: back to the last page
    assert (pages, number, len(rows)) == (1, 1, 10)
    assert views.page_of(frame.head(0), 25, 1)[1] == 1


def test_marks_shrink_in_a_busy_lane_but_stay_visible():
    assert views.mark_size(5) == views.mark_size(60) == 14
    assert 6 < views.mark_size(150) < views.mark_size(100) < 14
    assert views.mark_size(100_000) == 6
