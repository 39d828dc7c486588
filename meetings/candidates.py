"""Candidates: one event as one clause (or, after merging, several reports) tells it."""

from __future__ import annotations

from dataclasses import dataclass, field

from meetings.dates import DateValue
from meetings.knowledge import Forum, Person
from meetings.places import PlaceMention


@dataclass
class Candidate:
    """One event as reported in one clause (or several, after consolidation)."""

    file: str
    kind: str
    status: str
    strength: int                                  # 2 strong meeting/visit word, 1 weak (arrived)
    participants: list[Person | str]               # Person from the knowledge base, or a name found by NER
    date: DateValue | None
    extra_dates: list[DateValue] = field(default_factory=list)
    place: PlaceMention | None = None
    forum: Forum | None = None
    forum_org: str = ""
    orgs: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)   # evidence sentence spans
    clause: tuple[int, int] = (0, 0)
    sentence_index: int = 0
    group_ref: bool = False
    date_inherited: bool = False                   # date taken from the clause before ("..., where he ...")
    continues: bool = False                        # "... and also held talks with X", "During that visit ..."
    split: bool = False                            # one of the events "held separate talks with A and B" makes
    forum_noun: bool = False                       # the event noun names the forum: "the meeting of the OSCE ..."
    topics: list[str] = field(default_factory=list)
    date_method: str = ""
    prominence: str = "mentioned"
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    field_spans: list[dict] = field(default_factory=list)  # where each field was read: field, file, start, end, text
    evidence: list[tuple[str, int, int, str]] = field(default_factory=list)  # (file, start, end, sentence)
    sentence: tuple[int, int] = (0, 0)             # the sentence that tells the event
    told_as_earlier: bool = False                  # "after meeting X", "since their talks": before the news
    anchor: str = ""                               # lemma of the word that reports it ("summit", "meet")
    unnamed_party: bool = False                    # the other side is unnamed ("officials", "a delegation")
    # countries whose officials take part unnamed ("the prime ministers of Denmark, Norway and Sweden")
    unnamed_countries: set[str] = field(default_factory=set)
    confidence: float = 1.0                        # 0-1: how sure the engine is that this event is right
    review: list[str] = field(default_factory=list)  # why it is uncertain ("date unresolved", ...)
    # people the knowledge base does not know, with the office and country their title in the text gives them
    # ("Sri Lankan President Anura Kumara Dissanayake" -> ("head_of_state", "Sri Lanka"))
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [p.name if isinstance(p, Person) else p for p in self.participants]


def unique(items: list) -> list:
    """People (or names) without repeats, in first-seen order."""
    seen, out = set(), []
    for x in items:
        key = x.name if isinstance(x, Person) else x
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out

