"""The benchmark corpus: what it writes is what it says it wrote, and its recall measure counts right."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus import corpus_recall, write_corpus  # noqa: E402

from meetings.knowledge import load_knowledge  # noqa: E402


def test_every_true_meeting_is_written_in_its_articles(tmp_path: Path) -> None:
    meetings = write_corpus(tmp_path, 40, seed=11)
    manifest = pd.read_csv(tmp_path / "manifest.csv", dtype=str)
    assert sorted(manifest["file"]) == sorted(p.name for p in tmp_path.glob("*.txt")) and len(manifest) == 40
    kb = load_knowledge()
    for m in meetings:
        assert m.files, m
        text = " ".join((tmp_path / f).read_text(encoding="utf-8") for f in m.files)
        for name in m.people:
            person = kb.person(name)
            assert name in text or any(s in text for s in person.short_names), (name, m.files)
        published = manifest.set_index("file").loc[m.files, "published"]
        assert all(m.day.isoformat() <= p for p in published), "an article tells a meeting after its publication"


def test_the_corpus_varies_its_wording(tmp_path: Path) -> None:
    write_corpus(tmp_path, 60, seed=5)
    leads = [next(line for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 60)
             for p in tmp_path.glob("*.txt")]
    verbs = {w for lead in leads for w in ("met", "hosted", "received", "talks", "phone", "welcomed", "sat down",
                                           "exchanged views", "telephon", "sidelines", "margins") if w in lead}
    assert len(verbs) >= 6
    relative = ("yesterday", "today", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    assert any(word in lead for lead in leads for word in relative)


def test_recall_counts_meetings_found_with_both_people_and_the_day(tmp_path: Path) -> None:
    meetings = write_corpus(tmp_path, 20, seed=3)
    found = pd.DataFrame({"start_date": [m.day.isoformat() for m in meetings],
                          "participants": [list(m.people) + ["Someone Else"] for m in meetings]})
    assert corpus_recall(found, meetings) == 1.0
    one_day_off = found.copy()
    one_day_off.loc[0, "start_date"] = "1900-01-01"
    one_person = found.copy()
    one_person.at[1, "participants"] = [meetings[1].people[0]]
    assert corpus_recall(one_day_off, meetings) < 1.0
    assert corpus_recall(one_person, meetings) < 1.0
