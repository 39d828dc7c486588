"""In headless Chromium: an upload with its outlet, date, title and URL shows its meeting in the same session; a
deleted upload's events are gone; the Story page renders TimelineJS from the app's own files with no request
leaving localhost."""

from __future__ import annotations

import csv

import pytest
from conftest import SCREENSHOTS
from test_browser import LOAD_TIMEOUT, _assert_local, _caption_counts, _open, _settle, _svg_texts

pytestmark = pytest.mark.browser

# No date in the text: the meeting's day comes from the publication date typed into the form.
BRASILIA = """Jaishankar holds talks with Vieira in Brasilia

Indian External Affairs Minister Subrahmanyam Jaishankar met Brazilian Foreign Minister Mauro Vieira in
Brasilia on Tuesday. The two ministers discussed trade and cooperation within BRICS.
"""
CANBERRA = """Wong receives Wang Yi in Canberra

Australian Foreign Minister Penny Wong met Chinese Foreign Minister Wang Yi in Canberra on March 20, 2024,
for the seventh Australia-China Foreign and Strategic Dialogue.
"""


def _wait_for_read(page):
    """Wait until the background read of the upload folder is over (its progress bar gone)."""
    _settle(page)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stProgress\"]')", timeout=LOAD_TIMEOUT)
    _settle(page)


def _upload(page, path, outlet="", published="", title="", url="", results=True):
    page.get_by_text("Add articles").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(path)])
    for label, value in (("Outlet", outlet), ("Title", title), ("URL", url)):
        if value:
            page.get_by_role("textbox", name=label, exact=True).fill(value)
    if published:  # a segmented date field: type the digits, close the calendar it opens
        page.get_by_role("spinbutton", name="year, Publication date").click()
        page.keyboard.type(published.replace("-", ""))
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Add these articles").click()
    # The results show once the background read of the new file is over.
    if results:
        page.wait_for_selector("text=Upload results", timeout=LOAD_TIMEOUT)
    _wait_for_read(page)


def _wait_for_total(page, total: int):
    """Wait until the header counts `total` events (the background read after a change is done)."""
    page.wait_for_function(
        "n => (document.querySelector('[data-testid=\"stCaptionContainer\"]') || {innerText: ''})"
        ".innerText.startsWith(n + ' events')", arg=total, timeout=LOAD_TIMEOUT)


def _choose_for_deletion(page, name: str, attempts: int = 5) -> None:
    """Choose `name` in the delete box and ask to delete it, until the question names it. A choice made while the
    page reruns (the end of a background read) can land on another upload; the question shows which one it was."""
    for _ in range(attempts):
        page.get_by_role("combobox", name="Uploaded article", exact=True).click()
        page.keyboard.type(name)
        page.wait_for_timeout(1000)
        page.keyboard.press("Enter")
        _settle(page)
        page.get_by_role("button", name="Delete…").click()
        _settle(page)
        page.get_by_text("for good?").wait_for(timeout=LOAD_TIMEOUT)
        if page.get_by_text(f"Delete {name} for good?").count():
            return
        page.get_by_role("button", name="Cancel").click()
        _settle(page)
    raise AssertionError(f"could not choose {name} for deletion")


def _map_labels(page) -> list[str]:
    page.wait_for_selector(".js-plotly-plot .scattergeo", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(1500)
    return _svg_texts(page, ".js-plotly-plot .scattergeo text")


def test_upload_with_its_facts_shows_its_meeting_in_the_same_session(page, server, upload_folder, tmp_path):
    _open(page, server, "map")
    _, total = _caption_counts(page)
    assert "Brasília" not in _map_labels(page)
    article = tmp_path / "jaishankar_brasilia.txt"
    article.write_text(BRASILIA, encoding="utf-8")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Sources").click()
    _settle(page)
    _upload(page, article, outlet="Planalto Post", published="2024-06-05", title="Jaishankar in Brasilia",
            url="https://example.org/jaishankar-brasilia")
    results = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("jaishankar_brasilia.txt" in r and "event(s) found" in r for r in results), results
    rows = {r["file"]: r for r in csv.DictReader(open(upload_folder / "manifest.csv", encoding="utf-8"))}
    assert rows["jaishankar_brasilia.txt"] == {
        "file": "jaishankar_brasilia.txt", "published": "2024-06-05", "outlet": "Planalto Post",
        "title": "Jaishankar in Brasilia", "url": "https://example.org/jaishankar-brasilia"}
    # The article as the engine read it carries the form's outlet, date and title.
    page.get_by_role("combobox", name="Article", exact=True).click()
    page.keyboard.type("jaishankar_brasilia")
    page.keyboard.press("Enter")
    _settle(page)
    assert page.get_by_text("Planalto Post · 2024-06-05").count() == 1
    assert page.get_by_text("Jaishankar in Brasilia", exact=True).count() >= 1
    # Same session, no reload: the map counts and draws the new meeting.
    page.locator('[data-testid="stSidebarNav"] a', has_text="Map").click()
    _settle(page)
    assert _caption_counts(page)[1] > total
    assert "Brasília" in _map_labels(page)  # the gazetteer's spelling
    _assert_local(page)


def test_deleted_upload_takes_its_events_away(page, server, upload_folder, tmp_path):
    # another test's upload may still be being read on this server: count once that read is over
    _open(page, server, "sources")
    _wait_for_read(page)
    _open(page, server, "sources")
    _, before = _caption_counts(page)
    article = tmp_path / "wong_wang_canberra.txt"
    # bytes of their own: the same bytes as another test's upload would be stored once, under that upload's name
    article.write_text(CANBERRA + "\n(Filed again for the deletion test.)\n", encoding="utf-8")
    # The results notice can be lost when another test's background read ends meanwhile (the open notice bug
    # of issue 8); what this test needs is the upload's events, so it waits for the count to grow.
    _upload(page, article, results=False)
    page.wait_for_function(
        "n => parseInt((document.querySelector('[data-testid=\"stCaptionContainer\"]') || {innerText: '0'})"
        ".innerText) > n", arg=before, timeout=LOAD_TIMEOUT)
    _, with_upload = _caption_counts(page)
    assert with_upload > before
    page.get_by_text("Delete an uploaded article").click()
    _choose_for_deletion(page, "wong_wang_canberra.txt")
    page.get_by_role("button", name="Yes, delete").click()
    _wait_for_total(page, before)  # times out (fails) if the deleted article's events stay
    _wait_for_read(page)
    # The "Deleted ..." notice is not asserted: when a second upload test ran first on the same server it did not
    # show after the background re-read (an open bug, see the issue 8 note). What the deletion must do is checked.
    assert not (upload_folder / "wong_wang_canberra.txt").exists()
    _open(page, server, "map")
    assert "Canberra" not in _map_labels(page)


def test_story_renders_from_local_files_only(page, server):
    _open(page, server, "story")
    frame = page.frame_locator('iframe[title="st.iframe"], [data-testid="stIFrame"]').first
    frame.locator(".tl-slide-content").first.wait_for(timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(2000)
    headlines = frame.locator(".tl-headline").all_inner_texts()
    assert len(headlines) >= 3 and any("Sergey Lavrov" in h for h in headlines), headlines
    assert frame.locator(".tl-timemarker").count() >= 3  # the timeline band under the slides
    assert any("/app/static/timelinejs/js/timeline.js" in u for u in page.requests_seen)
    assert not any("knightlab" in u or "googleapis" in u for u in page.requests_seen)
    _assert_local(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"))
