"""Headless Chromium: page paths open their page, "all of them" asks who met whom, ?event= opens an event's
detail on every page, a table row opens its event, and the Network page draws people and pairs."""

from __future__ import annotations

import csv

import pytest
from test_browser import LOAD_TIMEOUT, PAGES, _assert_local, _caption_counts, _open, _settle

import meetings

pytestmark = pytest.mark.browser


def _dialog_text(page) -> str:
    """The event detail's text, once its content (not only its title) is drawn."""
    page.wait_for_selector('[role="dialog"]', timeout=LOAD_TIMEOUT)
    page.wait_for_selector('[role="dialog"] :text("Evidence by source")', timeout=LOAD_TIMEOUT)
    return page.locator('[role="dialog"]').inner_text()


def _seed_event() -> dict:
    """A seed event with two people (read by the engine, not named by hand)."""
    events = meetings.load_events("seeds").events
    return events[events["participants"].map(len) >= 2].iloc[0].to_dict()


def test_page_paths_open_their_page(page, server):
    _open(page, server, "overview")
    assert page.locator("h1").first.inner_text() == "Overview"
    assert "Page not found" not in page.locator("body").inner_text()
    _open(page, server, "")
    assert page.url.rstrip("/").endswith("/overview") and page.locator("h1").first.inner_text() == "Overview"
    _open(page, server, "?who=Sergey+Lavrov")  # a link to the root keeps its filters
    assert "/overview?" in page.url and "who=Sergey+Lavrov" in page.url
    assert "keep" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    _open(page, server, "network")
    assert page.locator("h1").first.inner_text() == "Network"


def test_all_of_them_gives_only_joint_meetings(page, server):
    _open(page, server, "events?who=Sergey+Lavrov&who=Wang+Yi")
    either, _ = _caption_counts(page)
    page.locator('[data-testid="stSidebar"] label').filter(has_text="all of them").click()
    _settle(page)
    joint, _ = _caption_counts(page)
    assert "who_mode=all" in page.url and 0 < joint < either
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"]').filter(has_text="CSV").locator("button").click()
    assert info.value.suggested_filename.startswith("meetings_lavrov-and-wang-yi_")
    rows = list(csv.DictReader(open(info.value.path(), encoding="utf-8")))
    assert len(rows) == joint
    assert all("Sergey Lavrov" in r["participants"] and "Wang Yi" in r["participants"] for r in rows)
    # Each row cites its sources: one outlet and one URL per source (empty for an upload without them).
    assert all(len(r["source_outlets"].split("; ")) == int(r["n_sources"]) for r in rows)
    assert any(r["source_outlets"] and r["source_urls"].startswith("http") for r in rows)


@pytest.mark.parametrize("name", PAGES + ["network"])
def test_event_link_opens_the_detail_on_every_page(page, server, name):
    event = _seed_event()
    _open(page, server, f"{name}?event={event['event_id']}")
    text = _dialog_text(page)
    assert "Evidence by source" in text
    assert event["participants"][0] in text
    assert f"event={event['event_id']}" in page.url
    page.keyboard.press("Escape")  # closing the detail takes the event out of the link
    _settle(page)
    assert "event=" not in page.url
    _assert_local(page)


def test_selecting_a_table_row_opens_its_event(page, server):
    _open(page, server, "events")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
    text = _dialog_text(page)
    assert "Evidence by source" in text and "event=" in page.url


def test_network_draws_people_and_pairs(page, server):
    _open(page, server, "network")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(1000)
    labels = page.eval_on_selector_all(".js-plotly-plot .scatterlayer text", "els => els.map(e => e.textContent)")
    assert "Sergey Lavrov" in labels and "Wang Yi" in labels
    assert page.locator(".js-plotly-plot .scatterlayer .js-line").count() >= 1  # pairs as lines
    # The names drawn never overprint one another (the rest are in the hover text).
    boxes = page.eval_on_selector_all(".js-plotly-plot .textpoint text", "els => els.filter(e => e.textContent)"
                                      ".map(e => { const r = e.getBoundingClientRect();"
                                      " return [e.textContent, r.left, r.top, r.right, r.bottom]; })")
    assert len(boxes) >= 2
    touching = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert not touching, touching
    _assert_local(page)


def test_clicking_a_pair_lists_their_meetings_and_a_row_opens_one(page, server):
    _open(page, server, "network")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(1000)
    index = page.evaluate("() => document.querySelector('.js-plotly-plot').data"
                          ".findIndex(t => t.name === 'pairs (click)')")
    assert index >= 0
    page.locator(".js-plotly-plot .scatterlayer .trace").nth(index).locator(".point").first.click(force=True)
    _settle(page)
    heading = page.locator("h3").filter(has_text="event(s)").first
    heading.wait_for(timeout=LOAD_TIMEOUT)
    assert " – " in heading.inner_text()  # "A – B: n event(s)"
    grid = page.locator('[data-testid="stDataFrame"]').last
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    assert "Evidence by source" in _dialog_text(page)
