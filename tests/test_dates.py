"""Dates: finding expressions and resolving them against a reference date and tense."""

import datetime as dt

import pytest

from meetings.dates import DateValue, find_date_expressions, find_dateline, resolve_date


def resolve(text, ref=None, tense=None, anchor=None):
    exprs = find_date_expressions(text)
    assert exprs, f"no date found in {text!r}"
    return [(v.iso_start(), v.iso_end(), v.precision) for v in resolve_date(exprs[0], ref, tense, anchor)]


@pytest.mark.parametrize("text,ref,tense,expected", [
    ("arrived on the morning of May 4", dt.date(2023, 5, 4), "past", ("2023-05-04", "2023-05-04", "day")),
    ("they met Feb. 20 on the sidelines", dt.date(2025, 2, 21), "past", ("2025-02-20", "2025-02-20", "day")),
    ("Beijing, 8 April 2024", None, None, ("2024-04-08", "2024-04-08", "day")),
    ("on April 8, 2024", None, None, ("2024-04-08", "2024-04-08", "day")),
    ("arrived on Monday", dt.date(2024, 4, 8), "past", ("2024-04-08", "2024-04-08", "day")),
    ("will visit on Wednesday", dt.date(2024, 10, 22), "future", ("2024-10-23", "2024-10-23", "day")),
    ("visiting China on the 8th and 9th", dt.date(2024, 4, 7), "future", ("2024-04-08", "2024-04-09", "day")),
    ("announced on the 7th", dt.date(2024, 4, 7), "past", ("2024-04-07", "2024-04-07", "day")),
    ("visit in October last year", dt.date(2024, 4, 8), "past", ("2023-10", "2023-10", "month")),
    ("in January of this year", dt.date(2024, 4, 8), "past", ("2024-01", "2024-01", "month")),
    ("met earlier this month", dt.date(2022, 7, 29), "past", ("2022-07", "2022-07", "month")),
    ("talks in Beijing last week", dt.date(2024, 5, 21), "past", ("2024-05", "2024-05", "month")),
    ("from March 20 to 22", dt.date(2025, 3, 1), "future", ("2025-03-20", "2025-03-22", "day")),
    ("on 8-9 April", dt.date(2024, 4, 1), None, ("2024-04-08", "2024-04-09", "day")),
    ("on the 10th and 11th of June", dt.date(2024, 6, 1), None, ("2024-06-10", "2024-06-11", "day")),
    ("from March 31 to April 2", dt.date(2025, 3, 28), "future", ("2025-03-31", "2025-04-02", "day")),
    ("met in Bali last November", dt.date(2023, 6, 20), "past", ("2022-11", "2022-11", "month")),
    ("met in Astana last Wednesday", dt.date(2024, 7, 9), "past", ("2024-07-03", "2024-07-03", "day")),
    ("a meeting on Thursday evening", dt.date(2025, 7, 11), "past", ("2025-07-10", "2025-07-10", "day")),
    ("came to Washington in October", dt.date(2024, 4, 27), "past", ("2023-10", "2023-10", "month")),
    ("the summit in Osaka in June 2019", dt.date(2025, 8, 16), "past", ("2019-06", "2019-06", "month")),
])
def test_resolves_expression(text, ref, tense, expected):
    assert resolve(text, ref, tense)[0] == expected


def test_two_months_give_two_dates():
    got = resolve("met in Moscow and Beijing in September and October last year", dt.date(2024, 4, 7), "past")
    assert [g[0] for g in got] == ["2023-09", "2023-10"]


@pytest.mark.parametrize("text,expected", [
    ("Two days before, Lavrov had met", "2025-02-18"),
    ("Xi and Putin spoke four days later", "2025-02-24"),
])
def test_offsets_count_from_the_event_just_named(text, expected):
    anchor = DateValue(dt.date(2025, 2, 20), dt.date(2025, 2, 20), "day")
    assert resolve(text, dt.date(2025, 3, 28), "past", anchor)[0][0] == expected


@pytest.mark.parametrize("text", ["You May Also Like", "the 75th anniversary of relations", "71% of voters",
                                  "We will see", "Now is the time", "the start of Maria's briefing"])
def test_ignores_non_dates(text):
    assert find_date_expressions(text) == []


def test_dateline_with_and_without_year():
    d = find_dateline("Beijing, 8 April 2024 (TDI): Russian Foreign Minister Sergey Lavrov arrived")
    assert d.places == ["Beijing"] and d.date_expr.text == "8 April 2024"
    d = find_dateline("MOSCOW, July 13 - The ministers met")
    assert d.places == ["Moscow"] and d.date_expr.text == "July 13"
    d = find_dateline("KUALA LUMPUR: Russian Foreign Minister")
    assert d.places == ["Kuala Lumpur"] and d.date_expr is None


def test_a_range_across_two_months_written_day_first_is_one_range():
    ref = dt.date(2023, 11, 30)
    (expr,) = find_date_expressions("The gathering runs from 30 November to 1 December.")
    (value,) = resolve_date(expr, ref)
    assert (value.start, value.end) == (dt.date(2023, 11, 30), dt.date(2023, 12, 1))
    two_days = find_date_expressions("They met on 3 March and 5 April.")
    assert [e.text for e in two_days] == ["3 March", "5 April"]
