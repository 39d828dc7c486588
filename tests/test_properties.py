"""Property tests: whatever text or bytes land in a folder, the whole pipeline returns tables and never raises.

Each example writes a fresh temporary folder and runs `meetings.load_events` on it. Beyond "no exception",
the properties are what an analyst relies on: every file is either read or named in a warning, no article
crashes the analysis, the tables keep their columns, and every evidence span points into the article text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import meetings
from meetings.cleaning import clean_text
from meetings.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, WARNING_COLUMNS

PIPELINE_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that steer generated text into the engine's interesting paths: people, meeting verbs, dates, places.
TOKENS = [
    "Lavrov", "Sergei Lavrov", "Wang Yi", "Wang", "Blinken", "Putin", "Xi Jinping", "his Chinese counterpart",
    "met", "meets", "will meet", "talks", "visit", "visited", "phone call", "held talks with", "on the sidelines of",
    "the G20", "SCO", "BRICS", "summit", "in Beijing", "in Moscow", "Goa", "the Kazakh capital", "they", "the two",
    "on Monday", "last week", "next month", "May 4", "Feb. 20", "8 April 2024", "April 8, 2024", "on the 8th and 9th",
    "October last year", "two days before", "six days after", "March 20 to 22", "February 30, 2024", "31 April 2024",
    "2024-02-30", "9999-12-31", "0000-00-00", "on the 31st", "Latest Stories", "Share this:", "Home > World",
    "MOSCOW, July 13 -", "Beijing, 8 April 2024 (TDI):", ".", ",", ";", " - ", "\n", "\n\n", "“", "”", "'s",
]

huge_numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
news_like_text = st.lists(
    st.one_of(st.sampled_from(TOKENS), huge_numbers, st.text(max_size=12)), max_size=60,
).map(" ".join)
any_text = st.one_of(st.text(max_size=400), news_like_text)
suffixes = st.sampled_from([".txt", ".md", ".html", ".htm"])


def run_pipeline(files: dict[str, bytes]) -> meetings.EventTables:
    """Write `files` into a fresh temporary folder and run the whole pipeline on it."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return meetings.load_events(folder)


def assert_sound_tables(tables: meetings.EventTables, names: list[str]) -> None:
    """The tables an analyst can trust: typed, complete, no crashed article, offsets into the text."""
    assert list(tables.events.columns) == EVENT_COLUMNS
    assert list(tables.articles.columns) == ARTICLE_COLUMNS
    assert list(tables.warnings.columns) == WARNING_COLUMNS
    read, warned = set(tables.articles["file"]), set(tables.warnings["file"])
    for name in names:
        assert name in read or name in warned, f"{name} neither read nor warned about"
    crashed = [p for p in tables.warnings["problem"] if "could not be analysed" in p]
    assert not crashed, crashed
    texts = dict(zip(tables.articles["file"], tables.articles["text"], strict=True))
    for spans in tables.events["evidence_spans"]:
        for span in spans:
            assert texts[span["file"]][span["start"]:span["end"]] == span["sentence"]
    for sources in tables.events["sources"]:
        assert set(sources) <= read


@PIPELINE_SETTINGS
@given(text=any_text, suffix=suffixes)
def test_arbitrary_text_never_raises(text: str, suffix: str) -> None:
    name = "article" + suffix
    tables = run_pipeline({name: text.encode("utf-8", errors="surrogatepass")})
    assert_sound_tables(tables, [name])


@PIPELINE_SETTINGS
@given(data=st.binary(max_size=2048), suffix=suffixes)
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str) -> None:
    name = "blob" + suffix
    tables = run_pipeline({name: data})
    assert_sound_tables(tables, [name])


@PIPELINE_SETTINGS
@given(texts=st.lists(news_like_text, min_size=1, max_size=4), manifest=st.text(max_size=200))
def test_several_articles_and_an_arbitrary_manifest_never_raise(texts: list[str], manifest: str) -> None:
    files = {f"a{i}.txt": t.encode("utf-8", errors="surrogatepass") for i, t in enumerate(texts)}
    files["manifest.csv"] = ("file,published,outlet,title,url\n" + manifest).encode("utf-8", errors="surrogatepass")
    tables = run_pipeline(files)
    assert_sound_tables(tables, [n for n in files if n != "manifest.csv"])


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=600), news_like_text))
def test_cleaning_keeps_length_and_never_invents_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    for a, b in zip(text, cleaned, strict=True):
        assert b == a or (b == " " and a != "\n")
