"""Reference date: inferring the article's "today" from its text when no publication date is known."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.document import reference_date
from meetings.knowledge import Country, Forum, KnowledgeBase, Office, OfficeType, Organization, Person
from meetings.reading import Article
from meetings.refdate import infer_reference_date

TODAY = dt.date(2026, 6, 1)


def make_kb() -> KnowledgeBase:
    """A small knowledge base of invented people, so that the tests do not depend on data/."""
    kb = KnowledgeBase()
    kb.office_types = {
        "foreign_minister": OfficeType("foreign_minister", "Foreign Minister", ["foreign minister"]),
        "head_of_government": OfficeType("head_of_government", "Prime Minister", ["prime minister"]),
    }
    kb.countries = [Country("Ruritania", "RUR", [], ["Ruritanian"], "Strelsau", None, None),
                    Country("Freedonia", "FRE", [], ["Freedonian"], "Fredonia City", None, None)]
    kb.people = [
        Person("Anna Alpha", [], ["Alpha"], "Ruritania",
               [Office("foreign_minister", "Foreign Minister", "Ruritania", dt.date(2019, 3, 1), dt.date(2021, 6, 30)),
                Office("head_of_government", "Prime Minister", "Ruritania", dt.date(2024, 2, 1), None)]),
        Person("Bruno Beta", [], ["Beta"], "Freedonia",
               [Office("head_of_government", "Prime Minister", "Freedonia", dt.date(2021, 1, 10), None)]),
        Person("Carla Gamma", [], ["Gamma"], "Freedonia",
               [Office("foreign_minister", "Foreign Minister", "Freedonia", dt.date(2025, 1, 21), None)]),
    ]
    kb.organizations = [Organization("G20", "Group of Twenty", ["G20", "Group of Twenty"])]
    kb.forums = [
        Forum("G20", "summit", "G20 Summit 2023", dt.date(2023, 9, 9), dt.date(2023, 9, 10), "New Delhi", "India"),
        Forum("G20", "summit", "G20 Summit 2024", dt.date(2024, 11, 18), dt.date(2024, 11, 19), "Rio de Janeiro",
              "Brazil"),
    ]
    return kb


KB = make_kb()


def infer(text: str, **kwargs) -> tuple[dt.date | None, str]:
    return infer_reference_date(text, KB, today=TODAY, **kwargs)


def test_a_dateline_with_its_year_is_the_date():
    text = "SEOUL, May 27, 2018 (Yonhap) -- The two leaders met on Saturday.\n\n(c) 2024 Yonhap"
    assert infer(text) == (dt.date(2018, 5, 27), "dateline")


def test_a_copyright_footer_gives_the_year_of_a_yearless_dateline():
    text = "SUVA, 30 May - The ministers failed on Monday to agree a pact.\n\nLatest news\n(c) 2022 Reef Times."
    assert infer(text) == (dt.date(2022, 5, 30), "copyright footer")


def test_a_copyright_footer_with_the_latest_yearless_day_that_is_not_in_the_future():
    text = ("The two ministers met on 3 March and again on 10 March. They will meet once more on 20 April.\n"
            "Copyright © 2015-2021 Some Outlet")
    assert infer(text) == (dt.date(2021, 3, 10), "copyright footer")


def test_the_datelines_day_comes_before_other_yearless_days():
    text = "SUVA, 30 May - The ministers met on Monday. Wang met Bainimarama on 31 May.\n(c) 2022 Reef Times."
    assert infer(text) == (dt.date(2022, 5, 30), "copyright footer")


def test_weekdays_that_disagree_leave_the_first_one_to_decide():
    # no year has both: Tuesday 4 March (2025, 2014 ...) and Monday 6 March (2023, 2017 ...)
    text = "They met on Tuesday, 4 March, and left on Monday, 6 March."
    assert infer(text) == (dt.date(2025, 3, 4), "weekday fixes the year")


def test_a_footer_read_from_the_raw_text_and_only_from_a_short_line():
    cleaned = "The two ministers met on 3 March.\n" + " " * 30
    raw = "The two ministers met on 3 March.\n(c) 2021 Outlet."
    assert infer(cleaned, footer_text=raw) == (dt.date(2021, 3, 3), "copyright footer")
    prose = "The report, marked (c) 2019 in its annex, " + "was long and detailed and much discussed " * 5 + "."
    assert infer(prose) == (None, "unknown")


def test_a_footer_without_any_day_gives_the_year_only():
    assert infer("Leaders talked about trade.\n© 2019 Outlet") == (dt.date(2019, 1, 1), "copyright footer (year only)")


def test_a_weekday_fixes_the_year_most_recent_by_default():
    # 4 March fell on a Tuesday in 2003, 2008, 2014 and 2025: the most recent one not after today
    assert infer("Leaders gathered in Cairo on Tuesday, 4 March, for a summit.") == \
        (dt.date(2025, 3, 4), "weekday fixes the year")


def test_a_weekday_year_closest_to_other_evidence():
    text = "They met on Tuesday, March 4, to review the accord signed on 1 June 2013."
    assert infer(text) == (dt.date(2014, 3, 4), "weekday fixes the year")


def test_a_weekday_that_contradicts_the_footer_wins_below_the_footer_year():
    text = "They met on Tuesday, March 4.\n(c) 2016 Outlet"
    assert infer(text) == (dt.date(2014, 3, 4), "weekday fixes the year")


def test_a_weekday_consistent_with_the_footer_keeps_the_footer_method():
    text = "They met on Tuesday, 4 March.\n(c) 2025 Outlet"
    assert infer(text) == (dt.date(2025, 3, 4), "copyright footer")


def test_the_forum_calendar_gives_the_year_of_a_day_at_a_named_forum():
    text = "The leaders met at the G20 summit in Rio on November 18."
    assert infer(text) == (dt.date(2024, 11, 18), "forum calendar")


def test_a_forum_named_in_another_sentence_does_not_date_the_day():
    assert infer("The G20 came up in their talks. They met on November 18.") == (None, "unknown")


def test_terms_of_office_give_the_only_year_both_held_the_offices_named():
    # Alpha was foreign minister until mid-2021; Beta prime minister from January 2021
    text = "Ruritanian Foreign Minister Anna Alpha met Prime Minister Bruno Beta on 12 February."
    assert infer(text) == (dt.date(2021, 2, 12), "terms of office")


@pytest.mark.parametrize("text", [
    "Former Foreign Minister Anna Alpha met Prime Minister Bruno Beta on 12 February.",  # no longer in office
    "Anna Alpha met Bruno Beta on 12 February.",                                         # no titles given
])
def test_people_without_a_current_title_do_not_date_the_article(text):
    assert infer(text) == (None, "unknown")


def test_the_latest_explicit_full_date_and_a_later_yearless_day():
    text = "They first met on 1 May 2019. The accord was signed on 4 June 2020 and ratified on 9 June."
    assert infer(text) == (dt.date(2020, 6, 9), "latest explicit full date")


def test_a_full_date_in_the_future_does_not_count_when_others_do():
    text = "They met on 4 June 2020 and will meet again on 1 March 2021."
    assert infer(text) == (dt.date(2020, 6, 4), "latest explicit full date")


def test_a_month_and_year_is_weaker_evidence_of_the_year():
    text = "Morrison had been due in January 2020, but called it off. The two held a video call on 4 June."
    assert infer(text) == (dt.date(2020, 6, 4), "latest explicit month and year")
    assert infer("They met on 3 May 2019 and again in January 2020.") == \
        (dt.date(2020, 1, 1), "latest explicit month and year (year only)")


def test_explicit_dates_older_than_the_terms_of_office_move_to_the_first_year_they_fit():
    text = ("Prime Minister Bruno Beta met Foreign Minister Carla Gamma on 18 February, recalling their talks of "
            "June 2019.")
    assert infer(text) == (dt.date(2025, 2, 18), "terms of office after the latest explicit date")


def test_an_anniversary_gives_the_year():
    text = "They marked the 75th anniversary of diplomatic relations established in 1949."
    assert infer(text) == (dt.date(2024, 1, 1), "anniversary (year only)")
    assert infer(text + " The leaders met on 1 October.") == (dt.date(2024, 10, 1), "anniversary")


def test_nothing_to_go_on_is_unknown():
    assert infer("The two ministers met on Monday and discussed trade last week.") == (None, "unknown")
    assert infer("") == (None, "unknown")


def test_reference_date_marks_an_inferred_date_and_leaves_the_publication_date_empty():
    text = "SUVA, 30 May - The ministers failed on Monday to agree a pact.\n(c) 2022 Reef Times."
    article = Article("a.txt", "a.txt", text)
    assert reference_date(article, text, None, KB) == (dt.date(2022, 5, 30), "inferred: copyright footer")
    assert article.published is None


def test_reference_date_still_takes_a_dated_dateline_as_the_publication_date():
    from meetings.dates import find_dateline

    text = "SEOUL, May 27, 2018 (Yonhap) -- The two leaders met on Saturday."
    article = Article("a.txt", "a.txt", text)
    assert reference_date(article, text, find_dateline(text), KB) == (dt.date(2018, 5, 27), "dateline")
    assert article.published == dt.date(2018, 5, 27) and article.published_source == "dateline"


def test_a_weekday_day_later_this_year_than_today_is_not_the_default():
    # 4 August 2026 is a Tuesday but after TODAY (1 June 2026): the previous such year is taken
    assert infer("They met on Tuesday, 4 August.") == (dt.date(2020, 8, 4), "weekday fixes the year")
