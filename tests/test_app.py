"""Every page under Streamlit's AppTest, on the real seeds: renders, filters change rows, URLs restore filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import meetings
from pages.shared import topic_label

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
PAGES = ["pages/overview.py", "pages/timeline.py", "pages/map.py", "pages/topics.py", "pages/events.py",
         "pages/sources.py"]
TIMEOUT = 180  # the first run reads the seeds (spaCy load included)


@pytest.fixture(autouse=True)
def _empty_upload_dir(tmp_path, monkeypatch):
    """Uploads go to a fresh folder: tests see the seeds only and never write into data/."""
    monkeypatch.setenv("MEETINGS_DATA_DIR", str(tmp_path / "uploads"))


def _app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _events_table(at: AppTest):
    return at.dataframe[0].value  # the Events page has one table


def _param(at: AppTest, key: str) -> list[str]:
    """A URL parameter's values as a list (AppTest stores one value as a plain string)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label).replace(",", "")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page):
    at = _app(page=page)
    assert at.title, "every page has a title"
    assert not at.error, [e.value for e in at.error]


def test_overview_counts_seed_events():
    at = _app()
    assert int(_metric(at, "Events")) >= 3
    assert int(_metric(at, "Articles")) == 5


def test_participant_filter_changes_rows():
    at = _app(page="pages/events.py")
    before = _events_table(at)
    assert len(before) >= 3
    at.multiselect(key="f_who").set_value(["Sergey Lavrov"]).run()
    lavrov = _events_table(at)
    assert 0 < len(lavrov) <= len(before)
    assert all("Sergey Lavrov" in list(p) for p in lavrov["participants"])
    at.multiselect(key="f_kind").set_value(["visit"]).run()
    assert len(_events_table(at)) < len(before)
    assert _param(at, "who") == ["Sergey Lavrov"] and _param(at, "kind") == ["visit"]


def test_url_restores_filters_and_survives_page_switch():
    at = _app({"who": "Sergey Lavrov", "place": "Goa, India"}, page="pages/events.py")
    assert at.multiselect(key="f_who").value == ["Sergey Lavrov"]
    table = _events_table(at)
    assert len(table) >= 1 and set(table["city"]) == {"Goa"}
    at.switch_page("pages/map.py").run()
    assert at.multiselect(key="f_place").value == ["Goa, India"]
    assert _param(at, "place") == ["Goa, India"]


def test_bad_url_parameters_give_notices_not_crashes():
    at = _app({"who": "Nobody Atall", "from": "2024-99-99", "bogus": "1"})
    notices = " ".join(w.value for w in at.warning)
    assert "Nobody Atall" in notices and "YYYY-MM-DD" in notices and "bogus" in notices
    assert at.multiselect(key="f_who").value == []


def test_clear_all_resets_filters():
    at = _app({"kind": "visit"}, page="pages/events.py")
    assert at.multiselect(key="f_kind").value == ["visit"]
    next(b for b in at.sidebar.button if b.label == "Clear all filters").click().run()
    assert at.multiselect(key="f_kind").value == []
    assert "kind" not in at.query_params


def test_topic_chips_filter_every_page():
    at = _app(page="pages/topics.py")
    # The chips show labels ("Asia-Pacific"); set_value takes the underlying value, read from the data.
    topics = sorted({t for cell in meetings.load_events("seeds").events["topics"] for t in cell})
    assert topics, "the seeds yield events with topics"
    topic = topics[0]
    at.pills(key="topic_chips").set_value([topic]).run()
    assert at.multiselect(key="f_topic").value == [topic]
    at.switch_page("pages/events.py").run()
    assert all(topic_label(topic) in list(t) for t in _events_table(at)["topics"])  # the table shows labels


def test_map_and_timeline_have_marks():
    at = _app(page="pages/map.py")
    specs = [el.proto.spec for el in at.get("plotly_chart")]
    assert specs and "scattergeo" in specs[0]
    for city in ("Goa", "Beijing", "Moscow", "Johannesburg"):
        assert city in specs[0], city
    at.switch_page("pages/timeline.py").run()
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Sergey Lavrov" in spec


def test_sources_page_escapes_article_text():
    at = _app(page="pages/sources.py")
    assert len(at.dataframe[0].value) == 5
    assert not any(getattr(m.proto, "allow_html", False) for m in at.markdown)


def test_timeline_event_detail_shows_evidence():
    at = _app(page="pages/timeline.py")
    event_id = meetings.load_events("seeds").events["event_id"].iloc[0]
    at.selectbox(key="timeline_pick").set_value(event_id).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**Evidence**" in text and "**Sources**" in text


def _seed_ids() -> list[str]:
    return meetings.load_events("seeds").events["event_id"].astype(str).tolist()


@pytest.mark.parametrize("page", PAGES + ["pages/network.py"])
def test_event_link_opens_its_detail_on_every_page(page):
    event_id = _seed_ids()[0]
    at = _app({"event": event_id}, page=page)
    at.query_params["event"] = event_id  # a page switch starts from a clean URL, like following a link
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "Evidence by source" in text, page
    assert _param(at, "event") == [event_id]  # the link stays shareable


def test_unknown_event_link_says_so():
    at = _app({"event": "ev-nonexistent"})
    assert any("ev-nonexistent" in w.value for w in at.warning)


def test_latest_meeting_opens_its_event():
    at = _app()
    button = next(b for b in at.button if b.key and b.key.startswith("latest_"))
    button.click().run()
    assert _param(at, "event") and "Evidence by source" in " ".join(m.value for m in at.markdown)


def test_network_page_draws_people_and_pairs():
    at = _app(page="pages/network.py")
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Sergey Lavrov" in spec and "Wang Yi" in spec and "Sergey Lavrov | Wang Yi" in spec


def test_all_of_them_gives_joint_meetings_only():
    at = _app({"who": ["Sergey Lavrov", "Janet Yellen"]}, page="pages/events.py")
    assert len(_events_table(at)) > 0  # either of them
    at.radio(key="f_who_mode").set_value("all").run()
    assert len(_events_table(at)) == 0 and _param(at, "who_mode") == ["all"]  # they never met
    at.multiselect(key="f_who").set_value(["Sergey Lavrov", "Wang Yi"]).run()
    table = _events_table(at)
    assert len(table) > 0 and all({"Sergey Lavrov", "Wang Yi"} <= set(p) for p in table["participants"])


def test_notices_clear_once_the_user_changes_filters():
    at = _app({"who": "Nobody Atall"})
    assert any("Nobody Atall" in w.value for w in at.warning)
    at.multiselect(key="f_kind").set_value(["visit"]).run()
    assert not any("Nobody Atall" in w.value for w in at.warning)


LATER_ARTICLE = """Lavrov and Wang Yi meet in Vientiane

VIENTIANE, July 25, 2026 - Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in
Vientiane on Thursday. The two ministers discussed the situation in Ukraine.
"""


def test_dates_the_user_never_set_follow_new_data(tmp_path):
    at = _app()
    lo, hi = at.date_input(key="f_dates").value
    (tmp_path / "uploads").mkdir(exist_ok=True)
    (tmp_path / "uploads" / "later.txt").write_text(LATER_ARTICLE, encoding="utf-8")
    at.run()
    new_lo, new_hi = at.date_input(key="f_dates").value
    assert new_lo == lo and new_hi > hi and new_hi.year == 2026
    assert "to" not in at.query_params and "from" not in at.query_params


def test_network_pair_lists_its_meetings():
    at = _app(page="pages/network.py")
    assert any("Sergey Lavrov" in o and "Wang Yi" in o for o in at.selectbox(key="network_pick").options)
    at.selectbox(key="network_pick").set_value("Sergey Lavrov | Wang Yi").run()
    assert any("Sergey Lavrov – Wang Yi" in h.value for h in at.subheader)
    listed = at.dataframe[0].value
    assert len(listed) >= 1 and all({"Sergey Lavrov", "Wang Yi"} <= set(p) for p in listed["participants"])


def test_events_pages_follow_the_filters():
    at = _app(page="pages/events.py")
    total = len(meetings.load_events("seeds").events)
    at.selectbox(key="events_page_size").set_value(25).run()
    assert len(_events_table(at)) == min(25, total)
    if total > 25:  # more seeds one day: page 2 holds the rest, and a filter that leaves one page goes back to it
        at.number_input(key="events_page").set_value(2).run()
        assert len(_events_table(at)) == min(25, total - 25)
    at.multiselect(key="f_kind").set_value(["visit"]).run()
    assert not at.exception and all(k == "visit" for k in _events_table(at)["kind"])


def test_events_sorted_over_every_row_not_just_the_page():
    at = _app(page="pages/events.py")
    events = meetings.load_events("seeds").events
    at.selectbox(key="events_page_size").set_value(25).run()
    at.selectbox(key="events_sort").set_value("start_date").run()
    at.toggle(key="events_descending").set_value(True).run()
    first_page = _events_table(at)["start_date"].tolist()
    dated = sorted(d for d in events["start_date"].dropna().astype(str) if d.strip())
    assert first_page[:3] == dated[::-1][:3]  # the newest of all events come first
    at.toggle(key="events_descending").set_value(False).run()
    assert _events_table(at)["start_date"].tolist()[:3] == dated[:3] and not at.exception


def _write_meetings(folder: Path, days: list) -> None:
    """One short wire article per day, each telling one Lavrov-Wang meeting on that day."""
    folder.mkdir(exist_ok=True)
    for i, day in enumerate(days):
        told = day.strftime("%B %-d, %Y")
        (folder / f"m{i:02d}.txt").write_text(
            f"MOSCOW, {told} - Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in "
            f"Moscow on {told}. The two ministers discussed trade.\n", encoding="utf-8")


def test_a_few_old_mentions_do_not_squeeze_the_overview_and_topics_charts(tmp_path):
    old = [dt.date(2011, 3, 3), dt.date(2012, 6, 5), dt.date(2013, 9, 9)]
    _write_meetings(tmp_path / "uploads", old + [dt.date(2024, 1, 8) + dt.timedelta(days=14 * i)
                                                 for i in range(22)])
    for page, key in [(None, "overview_timeline"), ("pages/topics.py", "topic_heatmap")]:
        at = _app(page=page)
        chart = next(c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id)
        spec = json.loads(chart.proto.spec)
        x_axis = spec["layout"]["xaxis"]
        assert pd.Timestamp(x_axis["range"][0]) > pd.Timestamp("2020-01-01"), (key, x_axis["range"])
        assert any("3 event(s) outside this view (3 earlier, 0 later)" in c.value for c in at.caption), key
    # every month is still in the heatmap (a double-click reaches it), each cell hovering its month
    assert {"2011-03", "2024-01"} <= set(spec["data"][0]["customdata"][0])


def test_the_overview_timeline_draws_smaller_marks_when_its_lanes_are_busy(tmp_path):
    _write_meetings(tmp_path / "uploads", [dt.date(2024, 1, 1) + dt.timedelta(days=3 * i) for i in range(90)])
    at = _app()
    spec = json.loads(next(c for c in at.get("plotly_chart") if "overview_timeline" in c.proto.id).proto.spec)
    sizes = {s for trace in spec["data"] for s in (trace["marker"]["size"] if isinstance(
        trace["marker"]["size"], list) else [trace["marker"]["size"]])}
    assert sizes and max(sizes) < 14  # ~100 meetings in the "meeting" lane


def test_events_without_a_topic_are_labelled_no_topic_not_a_raw_marker():
    at = _app(page="pages/topics.py")  # a seed event has no topic
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    labels = {str(y) for fig in figures for trace in fig["data"] for y in trace.get("y", [])}
    assert "No topic" in labels and "(none)" not in labels
    assert "(none)" not in set(at.dataframe[0].value["topic"])


def test_a_page_that_ends_early_keeps_its_filters_and_opens_a_linked_event():
    """The sidebar is drawn after the page: a page that stops early (a text nobody wrote) still has it, the
    filter holds its value, and an event link still opens."""
    event_id = _seed_ids()[0]
    at = _app({"q": "zzzz-no-such-text", "event": event_id}, page="pages/story.py")
    at.query_params.update({"q": "zzzz-no-such-text", "event": event_id})
    at.run()
    assert any("No events match" in i.value for i in at.info)
    assert at.sidebar.text_input(key="f_q").value == "zzzz-no-such-text"
    assert len(at.sidebar.multiselect) >= 5
    assert "Evidence by source" in " ".join(m.value for m in at.markdown)
    at.sidebar.text_input(key="f_q").set_value("").run()
    assert not at.info and "Filters keep" not in " ".join(c.value for c in at.caption)
