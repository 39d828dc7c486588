"""Merging across articles: same meeting -> one event; blocking keeps the work near-linear."""

from __future__ import annotations

import datetime as dt

from meetings.candidates import Candidate
from meetings.dates import DateValue
from meetings.knowledge import load_knowledge
from meetings.merging import merge_events, month_keys
from meetings.places import lookup_city

KB = load_knowledge()
LAVROV, WANG, BLINKEN = KB.person("Sergey Lavrov"), KB.person("Wang Yi"), KB.person("Antony Blinken")


def day(y: int, m: int, d: int, end: int | None = None) -> DateValue:
    return DateValue(dt.date(y, m, d), dt.date(y, m, end or d), "day")


def month(y: int, m: int) -> DateValue:
    return DateValue(dt.date(y, m, 1), dt.date(y, m, 28), "month")


def report(file: str, people, date: DateValue, city: str | None = "Beijing", kind: str = "meeting",
           status: str = "held") -> Candidate:
    place = lookup_city(city, KB) if city else None
    return Candidate(file=file, kind=kind, status=status, strength=2, participants=list(people), date=date,
                     place=place, sources=[file])


def test_same_meeting_in_three_articles_is_one_event_with_every_source():
    merged = merge_events([report("a", [LAVROV, WANG], day(2024, 4, 8, 9), kind="visit"),
                           report("b", [LAVROV, WANG], day(2024, 4, 8)),
                           report("c", [LAVROV], day(2024, 4, 8), city=None)])
    assert len(merged) == 1
    assert sorted(merged[0].sources) == ["a", "b", "c"]
    assert (merged[0].date.start, merged[0].date.end) == (dt.date(2024, 4, 8), dt.date(2024, 4, 9))
    assert any("date" in n for n in merged[0].notes)  # the reports disagree on the end date: kept visible


def test_month_report_joins_the_day_report_and_the_day_wins():
    merged = merge_events([report("a", [LAVROV, WANG], month(2023, 10)),
                           report("b", [LAVROV, WANG], day(2023, 10, 16))])
    assert len(merged) == 1 and merged[0].date.precision == "day"


def test_different_days_places_or_people_stay_apart():
    merged = merge_events([report("a", [LAVROV, WANG], day(2024, 4, 8)),
                           report("b", [LAVROV, WANG], day(2024, 4, 12)),
                           report("c", [LAVROV, WANG], day(2024, 4, 8), city="Moscow"),
                           report("d", [BLINKEN, WANG], day(2024, 4, 8))])
    assert len(merged) == 4


def test_one_articles_separate_events_are_never_merged():
    merged = merge_events([report("a", [LAVROV, WANG], day(2024, 7, 25)),
                           report("a", [LAVROV, WANG, BLINKEN], day(2024, 7, 25))])
    assert len(merged) == 2


def test_a_phone_call_is_not_a_meeting():
    merged = merge_events([report("a", [LAVROV, WANG], day(2024, 1, 10), city=None, kind="phone_call"),
                           report("b", [LAVROV, WANG], day(2024, 1, 10), city=None)])
    assert len(merged) == 2


def test_blocks_are_participant_months():
    assert month_keys(report("a", [LAVROV], day(2024, 1, 30))) == [(2024, 1)]
    assert month_keys(report("a", [LAVROV], DateValue(dt.date(2024, 1, 30), dt.date(2024, 2, 2), "day"))) == [
        (2024, 1), (2024, 2)]


def test_many_reports_of_many_meetings_merge_per_meeting():
    reports = [report(f"f{i}-{k}", [LAVROV, WANG], day(2020 + i // 12, i % 12 + 1, 10))
               for i in range(60) for k in range(3)]
    merged = merge_events(reports)
    assert len(merged) == 60 and all(len(m.sources) == 3 for m in merged)


def test_a_guest_at_a_summit_and_his_talks_there_stay_two_events_across_articles():
    # one article: "Blinken attended the summit"; another: "Blinken met Wang there" - two events, not one
    merged = merge_events([report("a", [BLINKEN], day(2024, 7, 26), kind="multilateral_meeting"),
                           report("b", [BLINKEN, WANG], day(2024, 7, 26))])
    assert sorted(len(e.participants) for e in merged) == [1, 2]
