"""Engine behaviour found while benchmarking: simple, clear sentences the whole pipeline should get right."""

from __future__ import annotations

from pathlib import Path

import meetings


def events_of(tmp_path: Path, text: str):
    """The events table of a folder holding one article."""
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    return meetings.load_events(tmp_path).events


def test_spokesperson_who_meets_someone_is_a_participant(tmp_path: Path) -> None:
    events = events_of(tmp_path, "Zakharova meets Herzog\n\nRussian Foreign Ministry spokeswoman Maria Zakharova met "
                                 "Israeli President Isaac Herzog in New Delhi on 26 February 2023.\n")
    assert len(events) == 1
    row = events.iloc[0]
    assert set(row["participants"]) == {"Maria Zakharova", "Isaac Herzog"}
    assert (row["start_date"], row["city"]) == ("2023-02-26", "New Delhi")


def test_spokesperson_who_announces_a_meeting_is_not_a_participant(tmp_path: Path) -> None:
    events = events_of(tmp_path, "Lavrov meets Wang Yi\n\nRussian Foreign Minister Sergei Lavrov met Chinese Foreign "
                                 "Minister Wang Yi in Beijing on April 8, 2024, spokeswoman Maria Zakharova said.\n")
    assert len(events) == 1
    assert set(events.iloc[0]["participants"]) == {"Sergey Lavrov", "Wang Yi"}
