"""Checks on the knowledge base in data/: formats, cross-references and a few real facts.

Each data file is loaded the way the extraction code loads it (YAML, or CSV with the `#` comment header
skipped), so a broken edit to a data file shows up here first.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"

COUNTRY_COLUMNS = ["name", "iso3", "aliases", "demonyms", "capital", "lat", "lon", "source"]
PLACE_COLUMNS = ["name", "aliases", "kind", "city", "country", "lat", "lon", "source"]
FORUM_COLUMNS = ["organization", "level", "name", "start", "end", "city", "country", "source"]
TOPIC_LABELS = {
    "ukraine",
    "asia_pacific",
    "middle_east",
    "us_relations",
    "economy_trade",
    "security",
    "multilateral",
    "bilateral",
}
REQUIRED_OFFICES = {
    "foreign_minister",
    "head_of_state",
    "head_of_government",
    "party_leader",
    "spokesperson",
    "presidential_aide",
    "security_council_secretary",
    "defence_minister",
    "finance_minister",
    "interior_minister",
    "party_secretary",
    "envoy",
    "foreign_policy_chief",
    "vice_president",
    "deputy_foreign_minister",
}


def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(lines)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def read_yaml(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return read_csv("countries.csv")[1]


@pytest.fixture(scope="module")
def country_names(countries) -> set[str]:
    return {row["name"] for row in countries}


@pytest.fixture(scope="module")
def places() -> list[dict[str, str]]:
    return read_csv("places.csv")[1]


@pytest.fixture(scope="module")
def forums() -> list[dict[str, str]]:
    return read_csv("forums.csv")[1]


@pytest.fixture(scope="module")
def people() -> list[dict]:
    return read_yaml("actors.yaml")["people"]


@pytest.fixture(scope="module")
def offices() -> dict:
    return read_yaml("offices.yaml")["offices"]


@pytest.fixture(scope="module")
def organizations() -> dict:
    return read_yaml("organizations.yaml")


def person(people, name: str) -> dict:
    matches = [p for p in people if p["name"] == name]
    assert len(matches) == 1, name
    return matches[0]


def holds(p: dict, office: str, country: str, day: dt.date) -> bool:
    for o in p["offices"]:
        end = as_date(o["end"]) if o["end"] is not None else dt.date.max
        if o["office"] == office and o["country"] == country and as_date(o["start"]) <= day <= end:
            return True
    return False


# ---------------------------------------------------------------- headers and columns


@pytest.mark.parametrize(
    "name",
    [
        "actors.yaml",
        "offices.yaml",
        "organizations.yaml",
        "topics.yaml",
        "countries.csv",
        "places.csv",
        "forums.csv",
    ],
)
def test_file_starts_with_comment_header(name):
    first = (DATA / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")


@pytest.mark.parametrize(
    "name,columns",
    [
        ("countries.csv", COUNTRY_COLUMNS),
        ("places.csv", PLACE_COLUMNS),
        ("forums.csv", FORUM_COLUMNS),
    ],
)
def test_csv_columns_exact(name, columns):
    fieldnames, rows = read_csv(name)
    assert fieldnames == columns
    assert rows
    for row in rows:
        assert None not in row, f"{name}: too many fields in {row}"
        assert all(row[c] is not None for c in columns), f"{name}: too few fields in {row}"
        assert row["source"].strip(), f"{name}: row without source {row}"


# ---------------------------------------------------------------- countries


def test_countries(countries):
    assert len(countries) >= 195
    names = [r["name"] for r in countries]
    assert len(names) == len(set(names))
    iso3 = [r["iso3"] for r in countries]
    assert len(iso3) == len(set(iso3))
    for r in countries:
        assert re.fullmatch(r"[A-Z]{3}", r["iso3"]), r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert r["capital"], r
        for field in ("aliases", "demonyms"):
            if r[field]:
                assert all(part.strip() == part and part for part in r[field].split("; ")), r


def test_country_facts(countries):
    by_name = {r["name"]: r for r in countries}
    for name in ["Russia", "China", "United States", "United Kingdom", "South Korea", "North Korea",
                 "Iran", "Laos", "Turkey", "Vietnam", "Syria", "Taiwan", "Palestine", "Kosovo", "Vatican"]:
        assert name in by_name, name
    assert by_name["Russia"]["capital"] == "Moscow"
    assert by_name["Kazakhstan"]["capital"] == "Astana"
    assert by_name["India"]["capital"] == "New Delhi"
    assert "U.S." in by_name["United States"]["aliases"].split("; ")
    assert "Russian Federation" in by_name["Russia"]["aliases"].split("; ")
    assert "Lao" in by_name["Laos"]["demonyms"].split("; ")
    assert "Kazakh" in by_name["Kazakhstan"]["demonyms"].split("; ")
    # the representative point is the country's centre, not its capital
    assert float(by_name["Russia"]["lon"]) > 60


# ---------------------------------------------------------------- places


def test_places(places, country_names):
    names = [r["name"] for r in places]
    assert len(names) == len(set(names))
    known = set(names)
    for r in places:
        assert r["kind"] in {"venue", "city", "region"}, r
        assert r["country"] in country_names, r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert r["city"], r
        if r["kind"] == "city":
            assert r["city"] == r["name"], r
        if r["kind"] == "venue":
            assert r["city"] in known, f"venue city {r['city']} has no row"


def test_place_facts(places):
    by_name = {r["name"]: r for r in places}
    assert by_name["Goa"]["country"] == "India"
    moscow = by_name["Moscow"]
    assert abs(float(moscow["lat"]) - 55.75) < 0.05 and abs(float(moscow["lon"]) - 37.62) < 0.05
    assert by_name["Novo-Ogaryovo"]["city"] == "Moscow"
    assert by_name["Taj Exotica"]["city"] == "Goa"
    assert "Nur-Sultan" in by_name["Astana"]["aliases"].split("; ")
    assert "Kiev" in by_name["Kyiv"]["aliases"].split("; ")
    for name in ["Great Hall of the People", "Diaoyutai State Guesthouse", "Zhongnanhai"]:
        assert by_name[name]["city"] == "Beijing"


# ---------------------------------------------------------------- forums


def test_forums(forums, country_names, organizations):
    org_ids = {o["id"] for o in organizations["organizations"]}
    levels = set(organizations["forum_levels"])
    names = [r["name"] for r in forums]
    assert len(names) == len(set(names))
    for r in forums:
        # an organisation id, or two countries for a recurring bilateral summit ("India-Russia")
        pair = r["organization"].split("-")
        assert r["organization"] in org_ids or (len(pair) == 2 and all(c in country_names for c in pair)), r
        assert r["level"] in levels, r
        assert r["country"] in country_names, r
        assert as_date(r["start"]) <= as_date(r["end"]), r
        assert 2018 <= as_date(r["start"]).year <= 2026, r


def test_every_forum_city_is_on_the_map():
    """A meeting placed by the forum calendar needs its city in the gazetteer, or it gets no place at all."""
    from meetings.knowledge import load_knowledge
    from meetings.places import lookup_city

    kb = load_knowledge()
    missing = sorted({(f.city, f.country) for f in kb.forums
                      if f.city and lookup_city(f.city, kb, {f.country}) is None})
    assert not missing, missing


def test_forum_facts(forums):
    by_name = {r["name"]: r for r in forums}
    fmm = by_name["G20 Foreign Ministers' Meeting 2025"]
    assert fmm["city"] == "Johannesburg" and fmm["start"] == "2025-02-20"
    goa = by_name["SCO Council of Foreign Ministers 2023"]
    assert (goa["city"], goa["start"], goa["end"]) == ("Goa", "2023-05-04", "2023-05-05")
    assert by_name["SCO Council of Foreign Ministers 2024"]["city"] == "Astana"
    assert by_name["BRICS Foreign Ministers' Meeting 2024"]["city"] == "Nizhny Novgorod"
    assert by_name["BRICS Summit 2024"]["city"] == "Kazan"
    assert by_name["SCO Summit 2024"]["start"] == "2024-07-03"
    assert by_name["G20 Summit 2019"]["city"] == "Osaka"
    for org in ["G20", "SCO", "BRICS", "ASEAN", "APEC", "NATO", "G7"]:
        assert any(r["organization"] == org for r in forums), org


# ---------------------------------------------------------------- offices, organizations, topics


def test_offices(offices):
    assert REQUIRED_OFFICES <= set(offices)
    for key, o in offices.items():
        assert o["label"], key
        assert isinstance(o["participant_role"], bool), key
        assert o["phrases"], key
        assert all(p == p.lower() for p in o["phrases"]), key
    assert offices["spokesperson"]["participant_role"] is False
    assert offices["foreign_minister"]["participant_role"] is True


def test_organizations(organizations):
    orgs = organizations["organizations"]
    ids = [o["id"] for o in orgs]
    assert len(ids) == len(set(ids))
    for o in orgs:
        assert o["name"] and o["aliases"] and o["source"], o
    for needed in ["SCO", "BRICS", "G20", "G7", "UN", "APEC", "ASEAN", "EU", "NATO", "CPC"]:
        assert needed in ids, needed
    assert set(organizations["forum_levels"]) == {"foreign_ministers", "summit"}


def test_topics():
    topics = read_yaml("topics.yaml")["topics"]
    assert set(topics) == TOPIC_LABELS
    for label, t in topics.items():
        assert t["description"], label
        assert t["keywords"], label
        assert all(k == k.lower() for k in t["keywords"]), label


# ---------------------------------------------------------------- actors


def test_actors_structure(people, offices, country_names):
    assert len(people) >= 150
    names = [p["name"] for p in people]
    assert len(names) == len(set(names)), "duplicate canonical names"
    for p in people:
        assert p["country"] in country_names, p["name"]
        assert isinstance(p["aliases"], list) and isinstance(p["short_names"], list), p["name"]
        assert p["offices"], p["name"]
        for o in p["offices"]:
            assert o["office"] in offices, (p["name"], o)
            assert o["country"] in country_names, (p["name"], o)
            assert o["title"] and o["source"], (p["name"], o)
            start = as_date(o["start"])
            if o["end"] is not None:
                assert start <= as_date(o["end"]), (p["name"], o)


def test_actor_facts(people):
    qin = person(people, "Qin Gang")
    assert holds(qin, "foreign_minister", "China", dt.date(2023, 5, 4))
    assert not holds(qin, "foreign_minister", "China", dt.date(2024, 4, 8))
    wang = person(people, "Wang Yi")
    assert holds(wang, "foreign_minister", "China", dt.date(2022, 7, 7))
    assert not holds(wang, "foreign_minister", "China", dt.date(2023, 5, 4))
    assert holds(wang, "foreign_minister", "China", dt.date(2024, 4, 8))
    assert "Wang" in wang["short_names"]
    assert holds(person(people, "Sergey Lavrov"), "foreign_minister", "Russia", dt.date(2025, 2, 20))
    assert holds(person(people, "Antony Blinken"), "foreign_minister", "United States", dt.date(2023, 6, 19))
    assert holds(person(people, "Marco Rubio"), "foreign_minister", "United States", dt.date(2025, 7, 10))
    assert holds(person(people, "Subrahmanyam Jaishankar"), "foreign_minister", "India", dt.date(2019, 5, 30))
    xi = person(people, "Xi Jinping")
    assert holds(xi, "head_of_state", "China", dt.date(2024, 7, 3))
    assert holds(xi, "party_leader", "China", dt.date(2024, 7, 3))
    assert person(people, "Maria Zakharova")["offices"][0]["office"] == "spokesperson"
    shoigu = person(people, "Sergei Shoigu")
    assert holds(shoigu, "defence_minister", "Russia", dt.date(2023, 1, 1))
    assert holds(shoigu, "security_council_secretary", "Russia", dt.date(2024, 6, 1))
    barrot = person(people, "Jean-Noël Barrot")
    assert "Jean-Noel Barrot" in barrot["aliases"]
