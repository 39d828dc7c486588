"""Places: curated places before the gazetteer, demonym capitals, locations versus metonyms."""

from __future__ import annotations

import pytest

from meetings.knowledge import load_knowledge
from meetings.places import find_place_mentions, lookup_city

KB = load_knowledge()


@pytest.mark.parametrize("name,country", [("Goa", "India"), ("Bali", "Indonesia"), ("Moscow", "Russia"),
                                          ("Astana", "Kazakhstan"), ("Kuala Lumpur", "Malaysia")])
def test_curated_places(name, country):
    assert lookup_city(name, KB).country == country


def test_gazetteer_cities_when_not_curated():
    hit = lookup_city("Lyon", KB)
    assert hit is not None and hit.country == "France" and hit.precision == "city"


def test_venue_reports_its_city():
    hit = lookup_city("Novo-Ogaryovo", KB)
    assert hit.precision == "venue" and hit.city == "Moscow" and hit.country == "Russia"


def test_demonym_capital():
    places = find_place_mentions("They met in the Uzbek capital on Thursday.", KB)
    assert [(p.city, p.country) for p in places] == [("Tashkent", "Uzbekistan")]


def test_a_government_named_by_its_capital_is_not_a_location():
    places = {p.name: p.locative for p in find_place_mentions("Beijing said the talks in Moscow went well.", KB)}
    assert places == {"Beijing": False, "Moscow": True}


def test_a_listed_place_after_a_location_is_a_location():
    places = find_place_mentions("They met in Moscow and Beijing last year.", KB)
    assert [p.locative for p in places] == [True, True]


def test_month_names_are_not_towns():
    assert all(p.name != "March" for p in find_place_mentions("as reported by Reuters in March.", KB))


def test_country_only_place():
    places = find_place_mentions("a visit to China", KB)
    assert [(p.city, p.country, p.precision) for p in places] == [("", "China", "country")]


def test_a_place_named_as_a_topic_is_not_where_people_met():
    places = {p.name: p.locative for p in find_place_mentions("They met in Riyadh, discussing the war in Gaza.", KB)}
    assert places["Riyadh"] is True and places.get("Gaza", False) is False
