"""Actors: names, spellings, descriptions resolved by date, and the people NER adds."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.actors import find_person_mentions, office_holder, resolve_description
from meetings.knowledge import load_knowledge
from meetings.parsing import parse_text

KB = load_knowledge()


def names(text: str, use_ner: bool = False) -> list[str]:
    return [m.name for m in find_person_mentions(text, KB, parse_text(text) if use_ner else None) if m.name]


@pytest.mark.parametrize("text", ["Sergei Lavrov said", "Sergey Lavrov said", "Mr Lavrov said", "Lavrov's trip"])
def test_spellings_and_short_names(text):
    assert names(text) == ["Sergey Lavrov"]


def test_accents_do_not_matter():
    assert names("France's foreign minister, Jean-Noel Barrot, met him") == ["Jean-Noël Barrot"]


def test_a_name_used_for_an_institution_is_not_a_person():
    assert names("the Biden administration said") == []


def test_ambiguous_surname_follows_the_full_name_named_nearby():
    text = "Wang Xiaohong, the public security minister, met Blinken. Wang said drugs were discussed."
    assert names(text)[-1] == "Wang Xiaohong"


@pytest.mark.parametrize("day,expected", [
    (dt.date(2023, 5, 4), "Qin Gang"), (dt.date(2024, 4, 8), "Wang Yi"), (dt.date(2022, 7, 28), "Wang Yi"),
])
def test_office_holder_on_a_date(day, expected):
    assert office_holder(KB, "foreign_minister", "China", day).name == expected


def test_counterpart_takes_the_possessors_office_and_the_named_country():
    mention = next(m for m in find_person_mentions("Lavrov and his Chinese counterpart", KB)
                   if m.via == "description")
    lavrov = KB.person("Sergey Lavrov")
    assert [p.name for p in resolve_description(mention, KB, dt.date(2023, 5, 4), lavrov)] == ["Qin Gang"]


def test_plural_description_names_both_ministers():
    mention = next(m for m in find_person_mentions("The Russian and Chinese foreign ministers met", KB)
                   if m.via == "description")
    got = {p.name for p in resolve_description(mention, KB, dt.date(2024, 5, 20), None)}
    assert got == {"Sergey Lavrov", "Wang Yi"}


def test_title_followed_by_the_name_is_one_mention():
    mentions = find_person_mentions("Chinese President Xi Jinping arrived", KB)
    assert [(m.name, m.via) for m in mentions] == [("Xi Jinping", "name")]


def test_ner_adds_unknown_people_but_not_outlets_or_known_names():
    text = "Zorblat Quenwick met officials, Volga Newswire reported. Lavrov Embarks on trip."
    got = names(text, use_ner=True)
    assert "Zorblat Quenwick" in got
    assert "Volga Newswire" not in got and "Lavrov Embarks" not in got


@pytest.mark.parametrize(("text", "name", "office", "country"), [
    ("Sri Lankan President Sunil Kumara Jayasuriya assured Modi.", "Sunil Kumara Jayasuriya", "head_of_state",
     "Sri Lanka"),
    ("Kenya's President Daniel Kiprono Mutai met Biden.", "Daniel Kiprono Mutai", "head_of_state", "Kenya"),
    ("Kenya’s new President Daniel Kiprono Mutai met Biden.", "Daniel Kiprono Mutai", "head_of_state", "Kenya"),
    ("New Zealand Prime Minister Hamish Tane Walker joined.", "Hamish Tane Walker", "head_of_government",
     "New Zealand"),
    ("Prime Minister Hamish Tane Walker of New Zealand joined.", "Hamish Tane Walker", "head_of_government",
     "New Zealand"),
    ("Hamish Tane Walker, New Zealand's prime minister, joined.", "Hamish Tane Walker", "head_of_government",
     "New Zealand"),
    ("Modi met Daniel Kiprono Mutai, the Kenyan president, in Delhi.", "Daniel Kiprono Mutai", "head_of_state",
     "Kenya"),
    ("Chinese President Xi Jinping met Kenyan President Daniel Kiprono Mutai.", "Daniel Kiprono Mutai",
     "head_of_state", "Kenya"),
])
def test_a_title_next_to_an_unknown_name_gives_office_and_country(text, name, office, country):
    found = {m.name: (m.office, m.country) for m in find_person_mentions(text, KB, parse_text(text))}
    assert found[name] == (office, country)


@pytest.mark.parametrize(("text", "name"), [
    ("India hosted President William Ruto.", "William Ruto"),  # a verb between: the host, not his country
    ("Chinese President Xi Jinping and William Ruto spoke.", "William Ruto"),  # someone else's title
    ("Modi met William Ruto, Kenya's foreign minister Musalia Mudavadi and others.", "William Ruto"),  # the next one's
    ("Modi met William Ruto of the Orange Democratic Movement.", "William Ruto"),  # not a country
])
def test_no_country_without_a_title_tied_to_the_name(text, name):
    found = {m.name: m.country for m in find_person_mentions(text, KB, parse_text(text))}
    assert found[name] == ""
