"""Cleaning: page debris is blanked, article prose survives, and every offset still points at the original text."""

from __future__ import annotations

from pathlib import Path

import pytest

import meetings
from meetings.cleaning import clean_text

PROSE = ("Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on Monday, and the "
         "two ministers discussed Ukraine, trade and regional security for three hours.")


def cleaned_lines(text: str) -> list[str]:
    """The lines of the cleaned text, stripped (blank for debris)."""
    return [line.strip() for line in clean_text(text).split("\n")]


def surrounded(line: str) -> str:
    """One line between a headline and a prose paragraph, as it would sit in a scraped page."""
    return f"Lavrov meets Wang Yi\n\n{line}\n\n{PROSE}\n"


def assert_same_shape(original: str, cleaned: str) -> None:
    """Same length, newlines in place, and every kept character unchanged (debris became spaces)."""
    assert len(cleaned) == len(original)
    for a, b in zip(original, cleaned, strict=True):
        assert b == a or (b == " " and a != "\n")


@pytest.mark.parametrize("debris", [
    "Home > World > Asia",
    "Home / News / Diplomacy",
    "World > Asia > China",
    "HomeWorldAsiaLavrov meets Wang Yi",
    "Share this:",
    "Share on Facebook",
    "Follow us",
    "Follow us on Telegram and X",
    "Also Read: Putin meets Xi Jinping in Beijing",
    "By Anna Petrova",
    "By John Smith & Agencies",
    "By Staff Reporter",
    "Comments0",
    "Comments 12",
    "clip20240407184031",
    "photo.jpg",
    "IMG_20240408_1234.jpg",
    "Advertisement",
    "© 2024 Steppe Wire. All rights reserved.",
    "Skip to main content",
    "3 min read",
])
def test_debris_line_is_blanked(debris: str) -> None:
    text = surrounded(debris)
    lines = cleaned_lines(text)
    assert lines[2] == "", f"{debris!r} survived cleaning"
    assert lines[0] == "Lavrov meets Wang Yi" and lines[4] == PROSE
    assert_same_shape(text, clean_text(text))


@pytest.mark.parametrize("header", [
    "Latest Stories", "Popular Now", "Weekly Best Articles", "You May Also Like", "Must-Reads", "Must Read",
    "Related stories", "MORE FROM WORLD", "Trending Now", "Most Read", "[ALSO ON TDI]",
])
def test_trailing_link_list_is_blanked_with_its_header(header: str) -> None:
    links = ["Putin Backs Kamala Harris in Surprise Remarks", "Elon Musk to Overhaul Washington?",
             "Erdogan hosts Zelensky in Istanbul for talks", "Modi to visit Moscow next week"]
    text = PROSE + "\n\n" + header + "\n" + "\n".join(links) + "\n"
    lines = cleaned_lines(text)
    assert lines[0] == PROSE
    assert all(line == "" for line in lines[1:]), [line for line in lines[1:] if line]
    assert_same_shape(text, clean_text(text))


def test_article_prose_after_a_short_link_list_survives() -> None:
    second = ("The ministers also agreed to meet again in Moscow later this year, officials from both foreign "
              "ministries said in a joint statement after the talks ended.")
    text = f"{PROSE}\n\nRelated stories\nBiden meets Xi Jinping in San Francisco\nModi visits Kyiv\n\n{second}\n"
    lines = cleaned_lines(text)
    assert PROSE in lines and second in lines
    assert "Biden meets Xi Jinping in San Francisco" not in lines and "Modi visits Kyiv" not in lines


@pytest.mark.parametrize("prose", [
    "Home affairs were not on the agenda when Lavrov met Wang Yi in Beijing on Monday.",
    "Comments on the meeting were sparse after Lavrov met Wang Yi.",
    "Follow-up talks between Lavrov and Wang Yi are expected next month in Moscow.",
    "Lavrov met Wang Yi in Beijing on Monday.",
    "Asia was the focus when the ministers met.",
])
def test_short_prose_lines_that_start_like_debris_survive(prose: str) -> None:
    assert cleaned_lines(surrounded(prose))[2] == prose


@pytest.mark.parametrize("prose", [
    "Speaking to reporters after the talks, Lavrov said the meeting with Wang Yi had been useful.",
    "Lavrov told reporters in Beijing that the talks with Wang Yi had been frank.",
    "Share prices in Moscow rose after Lavrov met Wang Yi in Beijing on Monday.",
    "Sponsored by the two foreign ministries, the forum brought Lavrov and Wang Yi together.",
    "The foreign desk of the ministry said Lavrov met Wang Yi in Beijing on Monday.",
])
def test_prose_mentioning_reporters_or_shares_survives(prose: str) -> None:
    assert cleaned_lines(surrounded(prose))[2] == prose


def test_cleaning_keeps_length_and_offsets_of_a_messy_page() -> None:
    page = ("HomeWorldAsia\r\nLavrov meets Wang Yi\n\nShare this:\n\tBy Anna Petrova  \nComments0\n"
            f"clip20240407184031\n{PROSE}\nAlso Read: Modi in Paris\n\nLatest Stories\nPutin Backs Kamala Harris\n")
    cleaned = clean_text(page)
    assert_same_shape(page, cleaned)
    start = page.index(PROSE)
    assert cleaned[start:start + len(PROSE)] == PROSE
    assert "Kamala" not in cleaned and "Petrova" not in cleaned and "Modi" not in cleaned


def test_empty_and_whitespace_text_cleans_to_itself() -> None:
    for text in ("", "\n", "  \n\t\n"):
        assert clean_text(text).strip() == "" and len(clean_text(text)) == len(text)


# --- end to end: debris never produces an event or a participant ---------------------------------------------

DEBRIS_ARTICLE = """Lavrov and Wang Yi hold talks in Beijing

HomeWorldAsiaLavrov and Wang Yi hold talks in Beijing
Share this:
By Anna Petrova
Comments0
clip20240407184031
photo.jpg

BEIJING, April 8, 2024 - Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing \
on Monday. The two ministers discussed Ukraine and trade in talks that lasted three hours.

Also Read: Modi meets Macron in Paris

Follow us on Telegram

Latest Stories
Putin Backs Kamala Harris in US Election Remarks
Elon Musk to Overhaul Washington?
Erdogan hosts Zelensky in Istanbul
Popular Now
Biden meets Xi Jinping in San Francisco
You May Also Like
Narendra Modi to visit Moscow next week
Must-Reads
Blinken holds talks with Netanyahu in Jerusalem
Weekly Best Articles
Macron and Scholz meet in Berlin
Related stories
Kim Jong Un meets Putin in Vladivostok
MORE FROM WORLD
Lula and Ramaphosa talk by phone
"""

LINK_LIST_PEOPLE = {"Vladimir Putin", "Kamala Harris", "Elon Musk", "Recep Tayyip Erdogan", "Volodymyr Zelensky",
                    "Joe Biden", "Xi Jinping", "Narendra Modi", "Antony Blinken", "Benjamin Netanyahu",
                    "Emmanuel Macron", "Olaf Scholz", "Kim Jong Un", "Luiz Inacio Lula da Silva", "Cyril Ramaphosa",
                    "Anna Petrova", "Putin", "Harris", "Musk", "Erdogan", "Zelensky", "Biden", "Modi", "Macron",
                    "Scholz", "Lula", "Ramaphosa", "Netanyahu", "Blinken", "Petrova"}


def load_one(tmp_path: Path, name: str, text: str) -> meetings.EventTables:
    """Run the pipeline on a folder holding one article."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    return meetings.load_events(tmp_path)


def test_link_lists_and_debris_yield_no_event_or_participant(tmp_path: Path) -> None:
    tables = load_one(tmp_path, "debris.txt", DEBRIS_ARTICLE)
    assert tables.warnings.empty
    events = tables.events
    assert len(events) == 1
    row = events.iloc[0]
    assert set(row["participants"]) == {"Sergey Lavrov", "Wang Yi"}
    assert (row["start_date"], row["city"], row["kind"]) == ("2024-04-08", "Beijing", "meeting")
    everyone = {name for names in events["participants"] for name in names}
    assert not everyone & LINK_LIST_PEOPLE
    for sentence in row["evidence"]:
        assert "Kamala" not in sentence and "Musk" not in sentence and "Macron" not in sentence


def test_evidence_offsets_point_into_the_original_article_text(tmp_path: Path) -> None:
    tables = load_one(tmp_path, "debris.txt", DEBRIS_ARTICLE)
    original = tables.articles.set_index("file").loc["debris.txt", "text"]
    assert original == DEBRIS_ARTICLE
    spans = [span for spans in tables.events["evidence_spans"] for span in spans]
    assert spans
    for span in spans:
        assert span["file"] == "debris.txt"
        assert original[span["start"]:span["end"]] == span["sentence"]
        assert "Lavrov" in span["sentence"] or "ministers" in span["sentence"]


def test_meeting_told_to_reporters_is_found(tmp_path: Path) -> None:
    text = ("Lavrov speaks after Beijing talks\n\nSpeaking to reporters after meeting Chinese Foreign Minister Wang Yi "
            "in Beijing on April 8, 2024, Russian Foreign Minister Sergei Lavrov said the talks were useful.\n")
    events = load_one(tmp_path, "reporters.txt", text).events
    assert len(events) == 1
    assert set(events.iloc[0]["participants"]) == {"Sergey Lavrov", "Wang Yi"}
    assert events.iloc[0]["start_date"] == "2024-04-08"
