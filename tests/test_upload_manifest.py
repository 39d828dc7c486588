"""What an uploader says about an article lands in the manifest the engine reads; deleting removes both."""

from __future__ import annotations

import datetime as dt

import pytest

import meetings
from meetings import uploads
from meetings.reading import read_manifest
from meetings.uploads import UploadError

ARTICLE = (b"Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in Vientiane on Thursday, "
           b"on the sidelines of the ASEAN meetings.\n")


def test_facts_reach_the_articles_table(tmp_path):
    saved = uploads.save_upload(tmp_path, "lavrov.txt", ARTICLE)
    facts = uploads.check_facts(outlet="Steppe Wire", published=dt.date(2024, 7, 26), title='Lavrov, Wang "meet"',
                        url="https://example.org/a?x=1,2")
    uploads.record_facts(tmp_path, saved.saved_name, facts)
    rows, problems = read_manifest(tmp_path)
    assert not problems
    assert rows["lavrov.txt"]["outlet"] == "Steppe Wire" and rows["lavrov.txt"]["published"] == "2024-07-26"
    articles = meetings.load_events([tmp_path]).articles
    row = articles[articles["file"] == "lavrov.txt"].iloc[0]
    assert (row["outlet"], row["published"], row["title"], row["url"]) == (
        "Steppe Wire", "2024-07-26", 'Lavrov, Wang "meet"', "https://example.org/a?x=1,2")


def test_recording_again_replaces_the_row_and_keeps_others(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,published,outlet,title,url,note\nold.txt,2020-01-02,Old,,,"
                                           "kept\n", encoding="utf-8")
    (tmp_path / "old.txt").write_text("text", encoding="utf-8")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    uploads.record_facts(tmp_path, "a.txt", uploads.check_facts(outlet="First"))
    uploads.record_facts(tmp_path, "a.txt", uploads.check_facts(outlet="Second"))
    rows, _ = read_manifest(tmp_path)
    assert rows["a.txt"]["outlet"] == "Second"
    assert rows["old.txt"]["outlet"] == "Old" and rows["old.txt"]["note"] == "kept"
    assert (tmp_path / "manifest.csv").read_text(encoding="utf-8").count("a.txt") == 1


def test_form_values_become_one_clean_line():
    facts = uploads.check_facts(outlet="Steppe\nWire\x00", title="  A\ttitle  ")
    assert facts.outlet == "Steppe Wire" and facts.title == "A title"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.org/a", "example.org", "https://x.org/a b"])
def test_non_web_urls_are_refused(url):
    with pytest.raises(UploadError, match="URL"):
        uploads.check_facts(url=url)


def test_delete_removes_the_article_its_row_and_its_events(tmp_path):
    saved = uploads.save_upload(tmp_path, "lavrov.txt", ARTICLE)
    uploads.save_upload(tmp_path, "other.txt", ARTICLE.replace(b"Vientiane", b"Astana"))
    facts = uploads.check_facts(outlet="Steppe Wire", published=dt.date(2024, 7, 26))
    uploads.record_facts(tmp_path, saved.saved_name, facts)
    before = meetings.load_events([tmp_path]).events
    assert any("lavrov.txt" in list(s) for s in before["sources"])
    uploads.delete_upload(tmp_path, "lavrov.txt")
    assert uploads.uploaded_articles(tmp_path) == ["other.txt"]
    rows, problems = read_manifest(tmp_path)
    assert "lavrov.txt" not in rows and not problems
    after = meetings.load_events([tmp_path]).events
    assert not any("lavrov.txt" in list(s) for s in after["sources"])


@pytest.mark.parametrize("name", ["../outside.txt", "manifest.csv", "missing.txt", ".hidden.txt", ""])
def test_delete_refuses_anything_but_an_uploaded_article(tmp_path, name):
    (tmp_path / "manifest.csv").write_text("file\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path.parent / "outside.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UploadError):
        uploads.delete_upload(tmp_path, name)
    assert (tmp_path.parent / "outside.txt").exists() and (tmp_path / "manifest.csv").exists()
