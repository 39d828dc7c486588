"""Reading: every kind of bad input gives a per-file warning naming the file, and the other articles still load.

Each test writes a small folder in `tmp_path` (one good article next to the file under test), runs the
whole pipeline with `meetings.load_events`, and checks what an analyst would see: `tables.warnings`,
`tables.articles` and `tables.events`.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

import meetings
from meetings.reading import MAX_FILE_BYTES

GOOD_NAME = "good.txt"
GOOD_TEXT = (
    "Lavrov meets Wang Yi in Beijing\n\n"
    "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on April 8, 2024. "
    "The two ministers discussed Ukraine and trade.\n"
)
# The same article with characters outside ASCII, for the encoding tests.
ACCENTED_TEXT = (
    "Lavrov meets Wang Yi in Beijing\n\n"
    "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on April 8, 2024. "
    "Over café and pâtisserie, the two ministers discussed Ukraine and trade; neither was naïve about it.\n"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write one file (text as UTF-8, or raw bytes) and return its path."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load(folder: Path) -> meetings.EventTables:
    """Run the whole pipeline on one folder."""
    return meetings.load_events(folder)


def warnings_for(tables: meetings.EventTables, name: str) -> list[str]:
    """The problems reported for one file."""
    return list(tables.warnings.loc[tables.warnings["file"] == name, "problem"])


def loaded_files(tables: meetings.EventTables) -> set[str]:
    """The names of the articles that were read."""
    return set(tables.articles["file"])


def participants(tables: meetings.EventTables) -> set[str]:
    """Every participant of every event."""
    return {name for names in tables.events["participants"] for name in names}


def assert_good_article_loaded(tables: meetings.EventTables) -> None:
    """The good article next to the bad file was read and gave its meeting."""
    assert GOOD_NAME in loaded_files(tables)
    assert not warnings_for(tables, GOOD_NAME)
    rows = tables.events[tables.events["sources"].apply(lambda s: GOOD_NAME in s)]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert set(row["participants"]) == {"Sergey Lavrov", "Wang Yi"}
    assert row["start_date"] == "2024-04-08"
    assert row["city"] == "Beijing"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding one good article."""
    write(tmp_path, GOOD_NAME, GOOD_TEXT)
    return tmp_path


# --- encodings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,data", [
    ("plain.txt", ACCENTED_TEXT.encode("utf-8")),
    ("bom.txt", b"\xef\xbb\xbf" + ACCENTED_TEXT.encode("utf-8")),
])
def test_utf8_with_and_without_bom_reads_cleanly(folder: Path, name: str, data: bytes) -> None:
    write(folder, name, data)
    tables = load(folder)
    assert warnings_for(tables, name) == []
    text = tables.articles.set_index("file").loc[name, "text"]
    assert text.startswith("Lavrov meets")  # no BOM character left at the start
    assert "café" in text and "pâtisserie" in text and "naïve" in text
    assert_good_article_loaded(tables)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_latin1_bytes_load_with_a_warning_and_keep_the_event(folder: Path, codec: str) -> None:
    name = f"{codec}.txt"
    write(folder, name, ACCENTED_TEXT.replace("Ukraine and", "“Ukraine” and").encode(codec, errors="replace"))
    tables = load(folder)
    assert name in loaded_files(tables)
    assert any("not UTF-8" in w for w in warnings_for(tables, name))
    article_events = tables.events[tables.events["sources"].apply(lambda s: name in s)]
    assert len(article_events) == 1
    assert set(article_events.iloc[0]["participants"]) == {"Sergey Lavrov", "Wang Yi"}
    assert_good_article_loaded(tables)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_latin1_bytes_decode_to_the_right_characters(folder: Path, codec: str) -> None:
    name = f"{codec}.txt"
    write(folder, name, ACCENTED_TEXT.encode(codec))
    text = load(folder).articles.set_index("file").loc[name, "text"]
    assert "café" in text and "pâtisserie" in text and "naïve" in text


@pytest.mark.parametrize("name,data", [
    ("utf16le.txt", b"\xff\xfe" + ACCENTED_TEXT.encode("utf-16-le")),
    ("utf16be.txt", b"\xfe\xff" + ACCENTED_TEXT.encode("utf-16-be")),
])
def test_utf16_with_bom_reads_as_text(folder: Path, name: str, data: bytes) -> None:
    write(folder, name, data)
    tables = load(folder)
    assert name in loaded_files(tables), warnings_for(tables, name)
    text = tables.articles.set_index("file").loc[name, "text"]
    assert text.startswith("Lavrov meets") and "naïve" in text
    assert_good_article_loaded(tables)


# --- files that are not articles -----------------------------------------------------------------------------


@pytest.mark.parametrize("name,data,expected", [
    ("empty.txt", b"", "empty"),
    ("whitespace.md", b"  \n\n\t \n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "binary"),
    ("noise.html", random.Random(7).randbytes(4096), "binary"),
])
def test_empty_and_binary_files_are_skipped_with_a_warning(folder: Path, name: str, data: bytes,
                                                           expected: str) -> None:
    write(folder, name, data)
    tables = load(folder)
    problems = warnings_for(tables, name)
    assert len(problems) == 1 and expected in problems[0]
    assert name not in loaded_files(tables)
    assert_good_article_loaded(tables)


@pytest.mark.parametrize("megabytes", [11, 20])
def test_file_over_the_size_limit_is_skipped_with_a_warning(folder: Path, megabytes: int) -> None:
    name = "huge.txt"
    with (folder / name).open("wb") as f:
        f.write(GOOD_TEXT.encode())
        f.seek(megabytes * 1024 * 1024)  # sparse: the size counts, the disk barely notices
        f.write(b" The end.\n")
    assert (folder / name).stat().st_size > MAX_FILE_BYTES
    tables = load(folder)
    problems = warnings_for(tables, name)
    assert len(problems) == 1 and "limit" in problems[0] and "MB" in problems[0]
    assert name not in loaded_files(tables)
    assert_good_article_loaded(tables)


def test_eleven_megabytes_of_real_text_is_skipped(folder: Path) -> None:
    name = "long.md"
    chunk = ("Lavrov met Wang Yi in Beijing on April 8, 2024, and they discussed trade. " * 200 + "\n").encode()
    with (folder / name).open("wb") as f:
        for _ in range(11 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
    tables = load(folder)
    assert any("limit" in w for w in warnings_for(tables, name))
    assert name not in loaded_files(tables)
    assert_good_article_loaded(tables)


@pytest.mark.parametrize("name", ["report.pdf", "memo.docx", "notes"])
def test_non_article_files_give_a_warning(folder: Path, name: str) -> None:
    write(folder, name, b"%PDF-1.4\n" if name.endswith(".pdf") else b"PK\x03\x04 zipped")
    tables = load(folder)
    problems = warnings_for(tables, name)
    assert len(problems) == 1 and "not an article file" in problems[0]
    assert_good_article_loaded(tables)


def test_hidden_files_are_ignored_silently(folder: Path) -> None:
    write(folder, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    tables = load(folder)
    assert warnings_for(tables, ".DS_Store") == []
    assert loaded_files(tables) == {GOOD_NAME}


def test_missing_folder_is_a_warning_and_other_folders_still_load(folder: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    tables = meetings.load_events([missing, folder])
    assert warnings_for(tables, str(missing)) == ["folder does not exist"]
    assert_good_article_loaded(tables)


def test_same_file_name_in_two_folders_is_read_once_with_a_warning(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write(first, GOOD_NAME, GOOD_TEXT)
    write(second, GOOD_NAME, GOOD_TEXT)
    tables = meetings.load_events([first, second])
    assert list(tables.articles["file"]) == [GOOD_NAME]
    assert any("already loaded" in w for w in warnings_for(tables, GOOD_NAME))


def test_tables_are_typed_and_empty_when_nothing_loads(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", b"")
    tables = load(tmp_path)
    assert isinstance(tables.events, pd.DataFrame) and tables.events.empty
    assert tables.articles.empty
    assert list(tables.warnings["file"]) == ["empty.txt"]


# --- manifest -------------------------------------------------------------------------------------------------

MANIFEST_HEADER = "file,published,outlet,title,url\n"


def test_manifest_row_gives_publication_facts(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Lavrov meets Wang Yi\n\nSergei Lavrov met Wang Yi in Beijing on Monday.\n")
    write(tmp_path, "manifest.csv", MANIFEST_HEADER + "a.txt,2024-04-09,Steppe Wire,Lavrov in Beijing,https://x.test/a\n")
    tables = load(tmp_path)
    assert tables.warnings.empty
    art = tables.articles.set_index("file").loc["a.txt"]
    assert (art["published"], art["published_source"]) == ("2024-04-09", "manifest")
    assert (art["outlet"], art["title"], art["url"]) == ("Steppe Wire", "Lavrov in Beijing", "https://x.test/a")
    # "on Monday" resolves against the manifest's publication date (Tuesday 9 April 2024)
    assert list(tables.events["start_date"]) == ["2024-04-08"]


def test_manifest_row_naming_a_missing_file_is_a_warning(folder: Path) -> None:
    write(folder, "manifest.csv", MANIFEST_HEADER + f"{GOOD_NAME},2024-04-08,Wire,Good,\nghost.txt,2024-04-08,W,T,\n")
    tables = load(folder)
    problems = warnings_for(tables, "ghost.txt")
    assert len(problems) == 1 and "does not exist" in problems[0]
    assert tables.articles.set_index("file").loc[GOOD_NAME, "published_source"] == "manifest"
    assert_good_article_loaded(tables)


@pytest.mark.parametrize("bad_date", ["2024-13-45", "yesterday", "08/04/2024"])
def test_manifest_row_with_a_bad_date_is_a_warning_and_the_article_loads(folder: Path, bad_date: str) -> None:
    write(folder, "manifest.csv", MANIFEST_HEADER + f"{GOOD_NAME},{bad_date},Steppe Wire,Good,\n")
    tables = load(folder)
    problems = warnings_for(tables, GOOD_NAME)
    assert len(problems) == 1 and "bad published date" in problems[0] and bad_date in problems[0]
    art = tables.articles.set_index("file").loc[GOOD_NAME]
    assert art["published_source"] != "manifest"
    assert art["outlet"] == "Steppe Wire"  # the rest of the row still counts
    assert "bad published date" in art["warnings"]
    assert list(tables.events["start_date"]) == ["2024-04-08"]


def test_manifest_without_a_file_column_is_a_warning(folder: Path) -> None:
    write(folder, "manifest.csv", "name,date\ngood.txt,2024-04-08\n")
    tables = load(folder)
    assert len(warnings_for(tables, "manifest.csv")) == 1
    assert_good_article_loaded(tables)


# --- HTML -------------------------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Lavrov meets Wang in Beijing | Steppe Wire</title>
<meta property="og:site_name" content="Steppe Wire">
<meta property="og:title" content="Lavrov meets Wang in Beijing">
<meta property="article:published_time" content="2024-04-09T08:00:00Z">
<script>document.title = "HACKED"; var marker = "SCRIPT_MARKER Putin met Biden in Geneva on June 16, 2021";</script>
<style>.x { content: "STYLE_MARKER"; }</style>
</head><body onload="document.body.innerHTML='ONLOAD_MARKER'">
<nav><a href="/">Home</a> <a href="/world">World</a> NAV_MARKER Xi Jinping met Joe Biden in Bali</nav>
<article>
<h1>Lavrov meets Wang in Beijing</h1>
<p>Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on Monday, the two sides
said in a joint statement after the talks.</p>
<p>The two ministers discussed Ukraine, trade and regional security during the meeting, which lasted about three
hours according to officials.</p>
<script>var inline = "INLINE_SCRIPT_MARKER Narendra Modi met Vladimir Putin";</script>
<p>Lavrov is expected to return to Moscow on Wednesday after a final round of consultations with Chinese
officials in the capital.</p>
</article>
<footer>FOOTER_MARKER Copyright 2024 Steppe Wire. Contact us.</footer>
</body></html>
"""

TIME_PAGE = """<html><head><title>Blinken in Tokyo</title></head><body>
<article><h1>Blinken in Tokyo</h1><time datetime="2023-07-15">July 15</time>
<p>U.S. Secretary of State Antony Blinken met Japanese Foreign Minister Yoshimasa Hayashi in Tokyo on Saturday
to discuss security in the Indo-Pacific region and trade.</p>
<p>The two ministers agreed to continue close coordination on North Korea and regional stability, officials from
both sides said afterwards in statements.</p>
</article></body></html>
"""


def test_html_scripts_styles_nav_and_footer_never_reach_the_text(folder: Path) -> None:
    write(folder, "page.html", HTML_PAGE)
    tables = load(folder)
    assert warnings_for(tables, "page.html") == []
    text = tables.articles.set_index("file").loc["page.html", "text"]
    assert "Sergei Lavrov met Chinese Foreign Minister Wang Yi" in text
    for marker in ("SCRIPT_MARKER", "INLINE_SCRIPT_MARKER", "STYLE_MARKER", "ONLOAD_MARKER", "NAV_MARKER",
                   "FOOTER_MARKER", "HACKED", "<script", "<p>"):
        assert marker not in text
    # nobody from the script, nav or footer becomes a participant
    assert participants(tables) == {"Sergey Lavrov", "Wang Yi"}
    assert_good_article_loaded(tables)


def test_html_metadata_from_meta_tags(folder: Path) -> None:
    write(folder, "page.html", HTML_PAGE)
    tables = load(folder)
    art = tables.articles.set_index("file").loc["page.html"]
    assert art["title"] == "Lavrov meets Wang in Beijing"
    assert art["outlet"] == "Steppe Wire"
    assert (art["published"], art["published_source"]) == ("2024-04-09", "html-meta")
    page_events = tables.events[tables.events["sources"].apply(lambda s: "page.html" in s)]
    assert list(page_events["start_date"]) == ["2024-04-08"]  # "on Monday" before Tuesday 9 April


def test_html_publication_date_from_time_element(folder: Path) -> None:
    write(folder, "tokyo.htm", TIME_PAGE)
    tables = load(folder)
    art = tables.articles.set_index("file").loc["tokyo.htm"]
    assert art["title"] == "Blinken in Tokyo"
    assert (art["published"], art["published_source"]) == ("2023-07-15", "html-meta")
    row = tables.events[tables.events["sources"].apply(lambda s: "tokyo.htm" in s)].iloc[0]
    assert set(row["participants"]) == {"Antony Blinken", "Yoshimasa Hayashi"}
    assert (row["start_date"], row["city"]) == ("2023-07-15", "Tokyo")


def test_manifest_date_wins_over_html_meta(folder: Path) -> None:
    write(folder, "page.html", HTML_PAGE)
    write(folder, "manifest.csv", MANIFEST_HEADER + "page.html,2024-04-10,Other Outlet,,\n")
    art = load(folder).articles.set_index("file").loc["page.html"]
    assert (art["published"], art["published_source"], art["outlet"]) == ("2024-04-10", "manifest", "Other Outlet")


def test_tiny_html_page_drops_scripts_too(folder: Path) -> None:
    write(folder, "tiny.html", "<html><body><script>alert('TINY_SCRIPT')</script><p>Lavrov met Wang Yi.</p>"
                               "<style>p{color:red}</style></body></html>")
    tables = load(folder)
    text = tables.articles.set_index("file").loc["tiny.html", "text"]
    assert "Lavrov met Wang Yi." in text
    assert "TINY_SCRIPT" not in text and "color:red" not in text
    assert_good_article_loaded(tables)


def test_html_page_with_only_scripts_is_skipped_with_a_warning(folder: Path) -> None:
    write(folder, "scripts.html", "<html><head><script>var a = 'ONLY_SCRIPT';</script></head><body></body></html>")
    tables = load(folder)
    problems = warnings_for(tables, "scripts.html")
    assert len(problems) == 1 and "without readable text" in problems[0]
    assert "scripts.html" not in loaded_files(tables)
    assert_good_article_loaded(tables)


def test_many_problems_at_once_each_name_their_file(folder: Path) -> None:
    write(folder, "empty.txt", b"")
    write(folder, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    write(folder, "report.pdf", b"%PDF-1.4")
    write(folder, "page.html", HTML_PAGE)
    write(folder, "manifest.csv", MANIFEST_HEADER + "ghost.txt,2024-01-01,,,\npage.html,not-a-date,,,\n")
    tables = load(folder)
    named = set(tables.warnings["file"])
    assert {"empty.txt", "image.md", "report.pdf", "ghost.txt", "page.html"} <= named
    assert loaded_files(tables) == {GOOD_NAME, "page.html"}
    assert_good_article_loaded(tables)


@pytest.mark.parametrize("value,expected", [
    ("2024-04-08T10:00:00+05:30", "2024-04-08"),
    ("Mon, 08 Apr 2024 10:00:00 GMT", "2024-04-08"),
    ("April 8, 2024", "2024-04-08"),
    ("yesterday", None),
    ("not a date", None),
])
def test_publication_dates_in_common_formats(value: str, expected: str | None) -> None:
    from meetings.reading import parse_date_text

    got = parse_date_text(value)
    assert (got.isoformat() if got else None) == expected


def test_a_folders_documentation_is_not_read_as_news(folder: Path) -> None:
    write(folder, "NOTES.md", "# Notes\n\n| file | note |\n|---|---|\n"
                              "| a.txt | Lavrov met Wang Yi in Beijing on 8 April 2024 |\n")
    tables = load(folder)
    assert "NOTES.md" not in loaded_files(tables)
    assert any("documentation" in w for w in warnings_for(tables, "NOTES.md"))
    assert_good_article_loaded(tables)
