"""The Story page's TimelineJS document: one slide per dated event, its sources named, nothing from articles
able to inject HTML or script."""

from __future__ import annotations

import json

import pandas as pd
from dashboard_data import make_articles, make_events

from meetings import story


def _slides(events, articles=None) -> dict[str, dict]:
    return {s["unique_id"]: s for s in story.story(events, articles)["events"]}


def test_one_slide_per_dated_event_with_its_dates():
    events = make_events()
    events.loc[events["event_id"] == "e4", ["start", "start_date", "end_date"]] = [pd.NaT, "", ""]
    doc = story.story(events, make_articles())
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert set(slides) == {"e1", "e2", "e3", "e5"}
    assert slides["e2"]["start_date"] == {"year": "2024", "month": "4", "day": "8"}
    assert slides["e2"]["end_date"] == {"year": "2024", "month": "4", "day": "9"}
    assert slides["e3"]["start_date"] == {"year": "2025", "month": "1"}  # month precision stays a month
    assert "1 not shown" in doc["title"]["text"]["text"]


def test_slide_names_everyone_place_and_sources_with_links():
    slide = _slides(make_events(), make_articles())["e1"]
    assert slide["text"]["headline"] == "Sergey Lavrov and Qin Gang in Goa"
    body = slide["text"]["text"]
    assert "Goa, India" in body and "SCO" in body and "Phone call" not in body
    assert body.count('href="https://example.org/') == 2  # a.txt and b.txt, each linked to its own page
    assert "Title a.txt" in body and "Title b.txt" in body and "Outlet" in body
    assert slide["group"] == "Meeting"


def test_article_text_cannot_inject_markup():
    events = make_events()
    events.loc[0, "summary"] = '<img src=x onerror="alert(1)">'
    events.loc[0, "participants"] = ['<script>alert("x")</script>']
    articles = make_articles()
    articles.loc[0, "url"] = "javascript:alert(1)"
    articles.loc[0, "title"] = "</a><b>bold</b>"
    slide = _slides(events, articles)["e1"]
    text = slide["text"]["headline"] + slide["text"]["text"]
    assert "<script" not in text and "<img" not in text and "javascript:" not in text and "<b>bold" not in text
    assert "&lt;img" in text


def test_uncertain_events_say_why():
    events = make_events()
    events["confidence"] = [0.45, 1.0, 1.0, 1.0, 1.0]
    events["review"] = ["one participant", "", "", "", ""]
    slides = _slides(events)
    assert "Uncertain (45 %): one participant" in slides["e1"]["text"]["text"]
    assert "Uncertain" not in slides["e2"]["text"]["text"]


def test_many_events_keep_the_latest():
    base = make_events().iloc[[1]]
    rows = []
    for i in range(story.MAX_SLIDES + 20):
        day = pd.Timestamp("2020-01-01") + pd.Timedelta(days=i)
        rows.append(base.assign(event_id=f"x{i}", start=day, end=day, start_date=day.date().isoformat(),
                                end_date=day.date().isoformat()))
    doc = story.story(pd.concat(rows, ignore_index=True))
    ids = [s["unique_id"] for s in doc["events"]]
    assert len(ids) == story.MAX_SLIDES and "x0" not in ids and f"x{story.MAX_SLIDES + 19}" in ids


def test_script_json_cannot_close_the_script_element():
    text = story.script_json({"a": "</script><script>alert(1)</script>", "b": "<!--"})
    assert "</script" not in text and "<!--" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "<!--"}
