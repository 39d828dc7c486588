"""Hostile and unlucky input (issue 9): bounded cost per article, and a CSV that cannot be split or run.

Timings are measured by `benchmarks/bench_adversarial.py`, never asserted here; these tests check what a user
sees: crafted pages are read (or skipped with a reason), long texts are cut with a warning naming the file, a
runaway article becomes a warning while the rest loads, and every export reads back with the same shape.
"""

from __future__ import annotations

import csv
import io
import os
import random
import socket
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from dashboard_data import make_events

import meetings
from meetings import ingest, parsing
from meetings.__main__ import main as cli_main
from meetings.export import to_csv_bytes
from meetings.reading import cut_at_paragraph, read_article
from meetings.schema import CSV_COLUMNS
from meetings.spans import ClaimedSpans
from meetings.time_limit import TimeLimitExceeded, call_with_time_limit

GOOD = ("Lavrov meets Wang Yi in Beijing\n\nRussian Foreign Minister Sergei Lavrov met Chinese Foreign Minister "
        "Wang Yi in Beijing on April 8, 2024. The two ministers discussed Ukraine and trade.\n")


# --- overlap checks -----------------------------------------------------------------------------------------------

def test_claimed_spans_agree_with_checking_every_pair():
    rng = random.Random(9)
    claimed, spans = ClaimedSpans(500), []
    for _ in range(400):
        s = rng.randrange(0, 495)
        e = s + rng.randrange(1, 6)
        brute = any(s < b and a < e for a, b in spans)
        assert claimed.overlaps(s, e) == brute
        if not brute and rng.random() < 0.7:
            claimed.add(s, e)
            spans.append((s, e))
    starts = {a for a, _ in spans}
    for lo in range(0, 500, 7):
        assert claimed.starts_between(lo, lo + 3) == any(lo <= a <= lo + 3 for a in starts)


# --- HTML read by a parser --------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    '<meta property="og:title" ' * 1000,   # 26 KB of an unclosed meta tag
    "<title>" * 3000,
    "<script>" * 3000,
    "<!--" * 5000,
    '<a b="' * 4000,
])
def test_crafted_pages_are_read_or_skipped_with_a_reason(tmp_path, body):
    (tmp_path / "crafted.html").write_text(body, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    tables = meetings.load_events(tmp_path)
    assert "good.txt" in set(tables.articles["file"])
    crafted = tables.articles[tables.articles["file"] == "crafted.html"]
    if crafted.empty:  # skipped: the warning names the file and says why
        assert any(w["file"] == "crafted.html" and "without readable text" in w["problem"]
                   for _, w in tables.warnings.iterrows())
    else:
        assert "<script>" not in crafted.iloc[0]["text"]


def test_html_metadata_comes_from_the_parsed_page(tmp_path):
    page = ("<html><head><title>Page title</title>"
            "<META NAME='og:site_name' CONTENT='Daily Wire'><meta property=\"og:title\" content=\"Lavrov in Beijing\">"
            '<script type="application/ld+json">{"datePublished": "2024-04-08T10:00:00Z"}</script>'
            "<script>var x = '<p>not text</p>';</script></head><body><p>" + GOOD.replace("\n\n", "</p><p>") +
            "</p></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article, _ = read_article(path)
    assert article.title == "Lavrov in Beijing"
    assert article.outlet == "Daily Wire"
    assert str(article.published) == "2024-04-08"
    assert "not text" not in article.text and "Wang Yi" in article.text


# --- size limit per article -------------------------------------------------------------------------------------

def test_long_article_is_cut_at_a_paragraph_break_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETINGS_MAX_ARTICLE_CHARS", "1000")
    paragraphs = [f"Paragraph {i}: Lavrov met Wang Yi in Beijing on April 8, 2024." for i in range(60)]
    (tmp_path / "long.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    tables = meetings.load_events(tmp_path)
    text = tables.articles.set_index("file").loc["long.txt", "text"]
    assert 500 <= len(text) <= 1000
    assert text.split("\n\n")[-1] in paragraphs  # the last paragraph kept is whole
    warning = tables.warnings[tables.warnings["file"] == "long.txt"]["problem"].tolist()
    assert any("limit" in w and "1,000" in w for w in warning)
    assert tables.articles.set_index("file").loc["good.txt", "n_chars"] == len(GOOD)


def test_cut_without_paragraphs_falls_back_to_a_space():
    text = "word " * 1000
    cut = cut_at_paragraph(text, 999)
    assert len(cut) <= 999 and text.startswith(cut) and cut.endswith("word")


def test_long_text_parsed_in_pieces_equals_one_parse(monkeypatch):
    if parsing.load_pipeline() is None:
        pytest.skip("spaCy model not installed")
    text = "\n\n".join(f"Sergey Lavrov met Wang Yi in Beijing on Monday ({i}). They discussed trade."
                       for i in range(40))
    whole = parsing.load_pipeline()(text)
    monkeypatch.setattr(parsing, "PARSE_CHUNK_CHARS", 300)
    assert len(parsing.paragraph_chunks(text, 300)) > 5
    pieces = parsing.parse_text(text)
    assert pieces.text == text
    assert [(t.idx, t.dep_, t.head.i) for t in pieces] == [(t.idx, t.dep_, t.head.i) for t in whole]
    assert [(e.start_char, e.label_) for e in pieces.ents] == [(e.start_char, e.label_) for e in whole.ents]


# --- time limit per article -------------------------------------------------------------------------------------

def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "finished"


def test_time_limit_stops_a_runaway_in_the_main_thread():
    with pytest.raises(TimeLimitExceeded):
        call_with_time_limit(_spin, 0.2, 30)
    assert call_with_time_limit(_spin, 5, 0.01) == "finished"


def test_time_limit_stops_a_runaway_in_another_thread():
    outcome = []

    def run() -> None:
        try:
            outcome.append(call_with_time_limit(_spin, 0.2, 30))
        except TimeLimitExceeded:
            outcome.append("stopped")
        outcome.append(call_with_time_limit(_spin, 5, 0.01))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert outcome == ["stopped", "finished"]


def test_runaway_article_becomes_a_warning_and_the_folder_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETINGS_ARTICLE_SECONDS", "0.5")
    real = ingest.extract_events

    def slow_for_one(doc, kb):  # noqa: ANN001, ANN202 - stands in for a pathological article
        if doc.article.file == "runaway.txt":
            _spin(60)
        return real(doc, kb)

    monkeypatch.setattr(ingest, "extract_events", slow_for_one)
    (tmp_path / "runaway.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    tables = meetings.load_events(tmp_path)
    problems = tables.warnings[tables.warnings["file"] == "runaway.txt"]["problem"].tolist()
    assert any("stopped" in p and "0.5 s" in p for p in problems)
    assert any("good.txt" in s for s in tables.events["sources"].explode().dropna())


# --- CSV that cannot be split or run ----------------------------------------------------------------------------

HOSTILE_CELLS = ["x\r=1+1+cmd.txt", "line\nbreak.txt", 'quote".txt', "comma,name.txt", "=1+1+cmd.txt",
                 "\r\n", "@SUM(A1)", "-2+3", "tab\there"]


def test_csv_with_hostile_cells_reads_back_with_the_same_shape():
    events = pd.concat([make_events()] * 3, ignore_index=True)
    for i, cell in enumerate(HOSTILE_CELLS):
        row = i % len(events)
        events.at[row, "sources"] = [cell, "plain.txt"]
        events.at[row, "summary"] = cell
        events.at[row, "city"] = cell
    data = to_csv_bytes(events)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(rows) == len(events) + 1
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert frame.shape == (len(events), len(CSV_COLUMNS))
    assert list(frame.columns) == CSV_COLUMNS
    for i, cell in enumerate(HOSTILE_CELLS):
        row = i % len(events)
        assert frame.at[row, "summary"].lstrip("'") == cell
        assert not frame.at[row, "city"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert frame.at[row, "sources"].lstrip("'").startswith(cell)


def test_every_cell_with_cr_lf_quote_or_comma_is_quoted():
    events = make_events()
    events.at[0, "summary"] = "a\rb"
    text = to_csv_bytes(events).decode("utf-8")
    assert '"a\rb"' in text
    assert text.count("\n") == len(events) + 1


# --- unreadable things are warnings -----------------------------------------------------------------------------

def _folder_with_good_article(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def _problems(tables, name: str) -> list[str]:
    return tables.warnings[tables.warnings["file"] == name]["problem"].tolist()


def _deny(monkeypatch, method: str, target) -> None:  # noqa: ANN001 - a path
    """Make Path.<method> raise PermissionError for `target` (tests run as root, where chmod does not deny)."""
    real = getattr(Path, method)

    def denied(self, *args, **kwargs):  # noqa: ANN001, ANN202
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, denied)


def test_unreadable_manifest_is_a_warning_and_the_articles_load(tmp_path, monkeypatch):
    folder = _folder_with_good_article(tmp_path)
    (folder / "manifest.csv").write_text("file,published\ngood.txt,2024-04-08\n", encoding="utf-8")
    _deny(monkeypatch, "read_bytes", folder / "manifest.csv")
    tables = meetings.load_events(folder)
    assert list(tables.articles["file"]) == ["good.txt"]
    assert any("cannot be read" in p and "Permission denied" in p for p in _problems(tables, "manifest.csv"))


def test_unreadable_folder_is_a_warning_and_other_folders_load(tmp_path, monkeypatch):
    good = _folder_with_good_article(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "other.txt").write_text(GOOD, encoding="utf-8")
    _deny(monkeypatch, "iterdir", locked)
    tables = meetings.load_events([locked, good])
    assert list(tables.articles["file"]) == ["good.txt"]
    assert any("cannot be read" in p for p in _problems(tables, str(locked)))


def test_unreadable_article_is_a_warning(tmp_path, monkeypatch):
    folder = _folder_with_good_article(tmp_path)
    (folder / "secret.txt").write_text(GOOD, encoding="utf-8")
    _deny(monkeypatch, "read_bytes", folder / "secret.txt")
    tables = meetings.load_events(folder)
    assert list(tables.articles["file"]) == ["good.txt"]
    assert any("Permission denied" in p for p in _problems(tables, "secret.txt"))


def test_pipes_sockets_folders_and_broken_links_are_named_warnings(tmp_path):
    folder = _folder_with_good_article(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    (folder / "folder.txt").mkdir()
    (folder / "plain-subfolder").mkdir()
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.txt"))
        tables = meetings.load_events(folder)
    assert list(tables.articles["file"]) == ["good.txt"]
    assert "FIFO" in _problems(tables, "pipe.txt")[0]
    assert "socket" in _problems(tables, "sock.txt")[0]
    assert "folder, not a file" in _problems(tables, "folder.txt")[0]
    assert "broken link" in _problems(tables, "broken.txt")[0]
    assert _problems(tables, "plain-subfolder") == []  # sub-folders are not read, and are no problem


def test_links_out_of_the_folder_are_skipped_and_links_inside_are_read(tmp_path):
    folder = _folder_with_good_article(tmp_path)
    outside = tmp_path / "passwd.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n" + GOOD, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "good.txt")
    tables = meetings.load_events(folder)
    assert "passwd.txt" not in set(tables.articles["file"])
    assert not tables.articles["text"].str.contains("root:x").any()
    assert "outside the folder" in _problems(tables, "passwd.txt")[0]
    assert "alias.txt" in set(tables.articles["file"])


def test_manifest_linked_from_outside_is_ignored(tmp_path):
    folder = _folder_with_good_article(tmp_path)
    (tmp_path / "elsewhere.csv").write_text("file,published\ngood.txt,1999-01-01\n", encoding="utf-8")
    (folder / "manifest.csv").symlink_to(tmp_path / "elsewhere.csv")
    tables = meetings.load_events(folder)
    assert tables.articles.iloc[0]["published"] != "1999-01-01"
    assert "outside the folder" in _problems(tables, "manifest.csv")[0]


def test_manifest_without_published_column_says_so_once(tmp_path):
    folder = _folder_with_good_article(tmp_path)
    (folder / "other.txt").write_text(GOOD, encoding="utf-8")
    (folder / "manifest.csv").write_text("file,outlet\ngood.txt,Wire\nother.txt,Wire\n", encoding="utf-8")
    tables = meetings.load_events(folder)
    said = [p for p in _problems(tables, "manifest.csv") if "published" in p]
    assert len(said) == 1
    assert set(tables.articles["outlet"]) == {"Wire"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path, codec):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wide.txt").write_bytes(GOOD.encode(codec))
    tables = meetings.load_events(folder)
    assert tables.articles.iloc[0]["text"].startswith("Lavrov meets Wang Yi")
    assert any("UTF-16" in p for p in _problems(tables, "wide.txt"))
    assert not any("binary" in p for p in _problems(tables, "wide.txt"))


def test_binary_with_nul_bytes_is_still_binary(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    rng = random.Random(1)
    (folder / "image.txt").write_bytes(bytes(rng.randrange(256) for _ in range(3000)))
    tables = meetings.load_events(folder)
    assert tables.articles.empty
    assert any("binary" in p for p in _problems(tables, "image.txt"))


def test_cli_prints_file_names_with_control_characters_escaped(tmp_path, capsys):
    folder = _folder_with_good_article(tmp_path)
    (folder / "evil\x1b[31mred\rname.pdf").write_text("x", encoding="utf-8")
    assert cli_main(["extract", str(folder), "--out", str(tmp_path / "out.csv")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert "evil\\x1b[31mred\\rname.pdf" in out
