"""Knowledge: the data files under `data/` (actors with dated offices, countries, places, forums,
organisations, topics) loaded into plain objects. Facts live in the files, never in code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The knowledge folder: `MEETINGS_KNOWLEDGE_DIR` or the project's `data/`."""
    return Path(os.environ.get("MEETINGS_KNOWLEDGE_DIR", DEFAULT_DATA_DIR))


def as_date(value: object) -> dt.date | None:
    """A YAML/CSV date cell as a date (None when empty)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None


def split_list(cell: str | None) -> list[str]:
    """A '; '-separated CSV cell as a list."""
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


@dataclass
class Office:
    """A dated office held by a person."""

    office: str
    title: str
    country: str
    start: dt.date | None
    end: dt.date | None

    def held_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Person:
    name: str
    aliases: list[str]
    short_names: list[str]
    country: str
    offices: list[Office]

    def offices_on(self, day: dt.date | None) -> list[Office]:
        return [o for o in self.offices if o.held_on(day)]

    def country_on(self, day: dt.date | None) -> str:
        """The country of the office held on that day, else the person's own country."""
        offices = self.offices_on(day)
        return offices[0].country if offices else self.country

    def role_on(self, day: dt.date | None) -> str:
        """'Foreign Minister, Russia' on that day, or the latest office held, or ''."""
        offices = self.offices_on(day) or sorted(self.offices, key=lambda o: o.start or dt.date.min)[-1:]
        return f"{offices[0].title}, {offices[0].country}" if offices else ""


@dataclass
class OfficeType:
    key: str
    label: str
    phrases: list[str]
    participant_role: bool = True


@dataclass
class Country:
    name: str
    iso3: str
    aliases: list[str]
    demonyms: list[str]
    capital: str
    lat: float | None
    lon: float | None


@dataclass
class Place:
    name: str
    aliases: list[str]
    kind: str  # venue | city | region
    city: str
    country: str
    lat: float
    lon: float


@dataclass
class Forum:
    organization: str
    level: str
    name: str
    start: dt.date | None
    end: dt.date | None
    city: str
    country: str


@dataclass
class Organization:
    id: str
    name: str
    aliases: list[str]
    scope: str = "international"


@dataclass
class KnowledgeBase:
    people: list[Person] = field(default_factory=list)
    office_types: dict[str, OfficeType] = field(default_factory=dict)
    organizations: list[Organization] = field(default_factory=list)
    forum_levels: dict[str, list[str]] = field(default_factory=dict)
    countries: list[Country] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)
    topics: dict[str, list[str]] = field(default_factory=dict)
    # per label, phrases holding one of its keywords that do not signal it ("Latin American" for "american")
    topic_exclusions: dict[str, list[str]] = field(default_factory=dict)

    def person(self, name: str) -> Person | None:
        return next((p for p in self.people if p.name == name), None)

    def country(self, name: str) -> Country | None:
        low = name.lower()
        return next((c for c in self.countries if c.name.lower() == low
                     or low in (a.lower() for a in c.aliases)), None)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a knowledge CSV; lines starting with '#' are the file's own documentation."""
    if not path.is_file():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


def read_yaml(path: Path) -> dict:
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def as_float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def load_knowledge_from(folder: Path) -> KnowledgeBase:
    """Load every knowledge file of `folder` (missing files give empty sections)."""
    kb = KnowledgeBase()
    for p in read_yaml(folder / "actors.yaml").get("people", []) or []:
        offices = [Office(o.get("office", ""), o.get("title", ""), o.get("country", p.get("country", "")),
                          as_date(o.get("start")), as_date(o.get("end")))
                   for o in p.get("offices", []) or []]
        kb.people.append(Person(p["name"], list(p.get("aliases") or []), list(p.get("short_names") or []),
                                p.get("country", ""), offices))
    for key, o in (read_yaml(folder / "offices.yaml").get("offices", {}) or {}).items():
        kb.office_types[key] = OfficeType(key, o.get("label", key), [s.lower() for s in o.get("phrases", [])],
                                          bool(o.get("participant_role", True)))
    orgs = read_yaml(folder / "organizations.yaml")
    for o in orgs.get("organizations", []) or []:
        kb.organizations.append(Organization(o["id"], o.get("name", o["id"]), list(o.get("aliases") or []),
                                             o.get("scope") or "international"))
    kb.forum_levels = {k: [s.lower() for s in v] for k, v in (orgs.get("forum_levels", {}) or {}).items()}
    for r in read_csv_rows(folder / "countries.csv"):
        kb.countries.append(Country(r["name"], r.get("iso3", ""), split_list(r.get("aliases")),
                                    split_list(r.get("demonyms")), r.get("capital", ""),
                                    as_float(r.get("lat")), as_float(r.get("lon"))))
    for r in read_csv_rows(folder / "places.csv"):
        lat, lon = as_float(r.get("lat")), as_float(r.get("lon"))
        if lat is None or lon is None:
            continue
        kb.places.append(Place(r["name"], split_list(r.get("aliases")), r.get("kind", "city") or "city",
                               r.get("city") or r["name"], r.get("country", ""), lat, lon))
    for r in read_csv_rows(folder / "forums.csv"):
        kb.forums.append(Forum(r.get("organization", ""), r.get("level", ""), r.get("name", ""),
                               as_date(r.get("start")), as_date(r.get("end")), r.get("city", ""),
                               r.get("country", "")))
    for label, t in (read_yaml(folder / "topics.yaml").get("topics", {}) or {}).items():
        kb.topics[label] = [k.lower() for k in (t.get("keywords") if isinstance(t, dict) else t) or []]
        kb.topic_exclusions[label] = [k.lower() for k in (t.get("not_in") if isinstance(t, dict) else None) or []]
    return kb


@lru_cache(maxsize=4)
def _cached(folder: str, stamp: tuple) -> KnowledgeBase:
    return load_knowledge_from(Path(folder))


def load_knowledge(folder: str | Path | None = None) -> KnowledgeBase:
    """The knowledge base, cached until one of its files changes."""
    folder = Path(folder) if folder else data_dir()
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*") if p.is_file())) \
        if folder.is_dir() else ()
    return _cached(str(folder), stamp)
