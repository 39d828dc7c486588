"""End to end in headless Chromium: pages load, charts draw, filters change counts, downloads match, uploads add
meetings, and no request leaves localhost. Screenshots of every page go to screenshots/ (git-ignored)."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlparse

import pytest
from conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PAGES = ["overview", "timeline", "map", "topics", "events", "sources"]
LOAD_TIMEOUT = 120_000  # ms: the first run reads the seeds


def _open(page, server, path: str):
    page.goto(f"{server}/{path}")
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=LOAD_TIMEOUT)
    page.wait_for_selector("h1", timeout=LOAD_TIMEOUT)
    # The main area can draw before the sidebar: every page is loaded once its shared filters are there.
    page.wait_for_selector('[data-testid="stSidebar"] button:has-text("Clear all filters")', timeout=LOAD_TIMEOUT)
    _settle(page)


def _settle(page):
    """Wait until Streamlit has finished the run (no running indicator) and the page is quiet."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(800)


def _caption_counts(page) -> tuple[int, int]:
    """(shown, total) from the page header caption."""
    text = page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    match = re.search(r"keep (\d+) of (\d+)", text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = re.search(r"(\d+) events", text)
    assert match, text
    return int(match.group(1)), int(match.group(1))


def _svg_texts(page, selector: str) -> list[str]:
    """Text of SVG <text> nodes (inner_text is None for SVG)."""
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


def _assert_local(page):
    outside = [u for u in page.requests_seen
               if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in ("localhost", "127.0.0.1")]
    assert not outside, outside


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_exception(page, server, name):
    _open(page, server, name)
    if name in ("timeline", "map", "overview", "topics"):
        page.wait_for_selector(".js-plotly-plot", timeout=LOAD_TIMEOUT)
        page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("button", name="Clear all filters").count() == 1  # the shared sidebar is there
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    _assert_local(page)


def test_timeline_draws_marks(page, server):
    _open(page, server, "timeline")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=LOAD_TIMEOUT)
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() >= 3


def test_map_draws_coastlines_and_places(page, server):
    _open(page, server, "map")
    page.wait_for_selector(".geolayer .coastlines path", timeout=LOAD_TIMEOUT)
    assert page.locator(".js-plotly-plot .scattergeo .point").count() >= 3
    labels = _svg_texts(page, ".js-plotly-plot .scattergeo text")
    for city in ("Goa", "Beijing", "Moscow", "Johannesburg"):
        assert city in labels, labels
    _assert_local(page)


def test_choosing_a_minister_changes_counts_and_url(page, server):
    _open(page, server, "events")
    shown, total = _caption_counts(page)
    assert shown == total and total >= 3
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Minister / participant")
    box.locator("input").click()
    page.keyboard.type("Qin Gang")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    _settle(page)
    shown_after, total_after = _caption_counts(page)
    assert total_after == total and 0 < shown_after < total
    assert "who=Qin" in page.url
    # The link reproduces the view on another page.
    page.locator('[data-testid="stSidebarNav"] a', has_text="Map").click()
    _settle(page)
    assert "who=Qin" in page.url
    assert _caption_counts(page) == (shown_after, total_after)


def test_csv_download_equals_filtered_table(page, server):
    _open(page, server, "events?who=Sergey+Lavrov&kind=meeting")
    shown, _ = _caption_counts(page)
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"]').filter(has_text="CSV").locator("button").click()
    data = open(info.value.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(data)))
    assert len(rows) == shown
    assert all("Sergey Lavrov" in r["participants"] and r["kind"] == "meeting" for r in rows)
    assert list(rows[0])[:4] == ["event_id", "kind", "status", "cameo_code"]


def test_bad_url_shows_a_notice(page, server):
    _open(page, server, "overview?who=Nobody&from=yesterday")
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("Nobody" in n for n in notices) and any("YYYY-MM-DD" in n for n in notices)
    assert page.locator('[data-testid="stException"]').count() == 0


ARTICLE = """Lavrov and Wang Yi meet in Vientiane

VIENTIANE, July 25, 2024 - Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in
Vientiane on Thursday on the sidelines of the ASEAN foreign ministers' meetings. The two ministers discussed
the situation in Ukraine and cooperation in the Asia-Pacific region.
"""


def test_upload_adds_its_meeting(page, server, upload_folder, tmp_path):
    _open(page, server, "sources")
    _, total = _caption_counts(page)
    article = tmp_path / "lavrov_wang_vientiane.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "notes.exe.txt"
    bad.write_bytes(b"")
    page.get_by_text("Add articles").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(article), str(bad)])
    page.get_by_role("button", name="Add these articles").click()
    page.wait_for_selector("text=Upload results", timeout=LOAD_TIMEOUT)
    _settle(page)
    results = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("lavrov_wang_vientiane.txt" in r and "event(s) found" in r for r in results), results
    assert any("notes.exe.txt" in r and "empty" in r for r in results), results
    assert (upload_folder / "lavrov_wang_vientiane.txt").exists()
    _open(page, server, "map")
    _, total_after = _caption_counts(page)
    assert total_after > total
    page.wait_for_selector(".js-plotly-plot .scattergeo text", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(1000)
    labels = _svg_texts(page, ".js-plotly-plot .scattergeo text")
    assert "Vientiane" in labels, labels
