"""The Sources and Story pages under AppTest on the seeds: Sources follows the shared filters; Story renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture(autouse=True)
def _empty_upload_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETINGS_DATA_DIR", str(tmp_path / "uploads"))


def _sources() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _articles_heading(at: AppTest) -> str:
    return next(h.value for h in at.subheader if re.search(r"\barticles$", h.value))


def test_sources_follow_the_filters():
    at = _sources()
    assert re.fullmatch(r"\d+ articles", _articles_heading(at))
    total = int(_articles_heading(at).split()[0])
    at.multiselect(key="f_who").set_value(["Vladimir Putin"]).run()
    shown, of_total = map(int, re.fullmatch(r"(\d+) of (\d+) articles", _articles_heading(at)).groups())
    assert of_total == total and 0 < shown < total
    table = at.dataframe[0].value
    assert len(table) == shown


def test_story_page_renders():
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("pages/story.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Story"


def test_an_article_without_a_link_shows_a_blank_cell_not_none():
    table = _sources().dataframe[0].value
    assert (table["url"] == "").any()  # a seed has no URL in the manifest
    assert all(u == "" or u.startswith(("http://", "https://")) for u in table["url"])
