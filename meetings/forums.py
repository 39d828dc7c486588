"""Forums: which recurring meeting (G20, SCO, BRICS ...) an event took place at, from the text and the
forum calendar in `data/forums.csv`."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from meetings.dates import DateExpr, DateValue, day_number, month_number, safe_date
from meetings.document import Document
from meetings.knowledge import Forum, KnowledgeBase, Person
from meetings.lexicon import Lexicon, load_lexicon, phrase_pattern


@lru_cache(maxsize=4)
def forum_cues(lex: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The patterns that frame an organisation as an event's venue, from the lexicon's word lists:
    "on the sidelines of" (`sideline_phrases`), "a meeting of" / "at the" just before it (`forum_nouns`,
    `forum_prepositions`), and "summit", "foreign ministers" just after it (`forum_head_words`)."""
    sidelines = re.compile(r"\b" + phrase_pattern(lex.sideline_phrases) + r"\s+of\b", re.I)
    context = re.compile(r"\b" + phrase_pattern(lex.forum_nouns) + r"\s+of\s+(?:the\s+)?$|\b"
                         + phrase_pattern(lex.forum_prepositions)
                         # "at the first in-person China-Central Asia Summit": an article, then up to two modifiers
                         + r"\s+(?:(?:the|a|this\s+year's)\s+(?:[a-z][\w-]*\s+){0,2})?$", re.I)
    heads = re.compile(phrase_pattern(lex.forum_head_words) + r"\b")
    return sidelines, context, heads


def find_forum(doc: Document, kb: KnowledgeBase, start: int, end: int, date: DateValue | None,
               whole_sentence: tuple[int, int]) -> tuple[Forum | None, str]:
    """The recurring forum a clause places its event at ("on the sidelines of the G20"), if any.

    An organisation counts as the venue only when the text says so: "on the sidelines of", "the
    BRICS summit", "a meeting of SCO foreign ministers". Merely discussing the UN does not.
    """
    text = doc.text
    level_words = sorted({w for words in kb.forum_levels.values() for w in words}, key=len, reverse=True)
    national = {o.id for o in kb.organizations if o.scope == "national"}
    sideline_cue, forum_context, meeting_words = forum_cues(load_lexicon())
    for o in doc.in_span(doc.orgs, *whole_sentence):
        if o.org.id in national:
            continue   # a ministry or party is no forum
        in_clause = start <= o.start < end
        before = text[max(whole_sentence[0], o.start - 70):o.start]
        after = text[o.end:min(whole_sentence[1], o.end + 45)].lower()
        after = re.sub(r"^(?:'s|’s)", "", after).strip()
        sidelines = sideline_cue.search(before) is not None
        level = next((lvl for lvl, words in kb.forum_levels.items()
                      if any(after.startswith(w) or re.match(r"(?:\w+\s+){0,2}" + re.escape(w), after)
                             for w in words)), "")
        if not level and any(re.search(re.escape(w) + r"\s+of\s+(?:the\s+)?$", before.lower()) for w in level_words):
            level = next(lvl for lvl, words in kb.forum_levels.items()
                         if any(re.search(re.escape(w) + r"\s+of\s+(?:the\s+)?$", before.lower()) for w in words))
        # "a trip to a NATO member state": the organisation only qualifies another noun
        qualifies = re.match(r"[a-z]", after) is not None and not meeting_words.match(after)
        framed = sidelines or bool(level) or (bool(forum_context.search(before[-40:])) and not qualifies)
        if not framed or not (in_clause or sidelines):
            continue
        return forum_on(kb, o.org.id, level, date) or unlisted_forum(o.org.id, level), o.org.id
    return None, ""


LEVEL_NAMES = {"foreign_ministers": "foreign ministers' meeting", "summit": "summit"}


def unlisted_forum(org: str, level: str) -> Forum:
    """A forum the text names but the calendar does not list: known by its organisation and level only."""
    return Forum(org, level, f"{org} {LEVEL_NAMES.get(level, 'meeting')}", None, None, "", "")


def forum_at(kb: KnowledgeBase, city: str, date: DateValue | None, doc: Document | None = None) -> Forum | None:
    """The forum edition held in `city` on `date` (a meeting there and then was on its sidelines).

    Only forums the article itself names count: a big city hosts many things at once.
    """
    if date is None or not city or date.precision != "day":
        return None
    named = {o.org.id for o in doc.orgs} if doc is not None else None
    lowered = doc.text.lower() if doc is not None else ""
    slack = dt.timedelta(days=1)
    hits = [f for f in kb.forums if f.city == city and f.start and
            f.start - slack <= date.start and date.end <= (f.end or f.start) + slack
            and (named is None or f.organization in named or f.organization.lower() in lowered)]
    return min(hits, key=lambda f: (f.end or f.start) - f.start) if hits else None


def forum_during(kb: KnowledgeBase, date: DateValue | None, doc: Document) -> Forum | None:
    """The one forum edition the article names whose days cover `date` (a meeting on a summit's day, told without
    a place, was held there: "Trump and Zelensky met on the margins of the summit this afternoon"). Only a forum
    the headline or the lead names counts: one named in passing ("as the G7 met in Hiroshima") is no scene."""
    if date is None or date.precision != "day":
        return None
    named = {o.org.id for o in doc.orgs if o.start < lead_end(doc)}
    hits = [f for f in kb.forums if f.organization in named and f.start and f.city
            and f.start <= date.start and date.end <= (f.end or f.start)]
    return hits[0] if len(hits) == 1 else None


def lead_end(doc: Document, sentences: int = 3) -> int:
    """Where the article's lead ends: after its headline and first `sentences` sentences of the body."""
    body = [b for a, b in doc.sentences if b > doc.body_start]
    end = body[min(sentences, len(body)) - 1] if body else doc.body_start
    return max(end, doc.headline[1] if doc.headline else 0)


def forum_on(kb: KnowledgeBase, org: str, level: str, date: DateValue | None) -> Forum | None:
    """The edition of an organisation's forum that overlaps `date` (within a day), preferring `level`."""
    if date is None:
        return None
    slack = dt.timedelta(days=1)
    hits = [f for f in kb.forums if f.organization == org and f.start and
            f.start - slack <= date.end and date.start <= (f.end or f.start) + slack]
    if not hits:
        return None
    hits.sort(key=lambda f: (f.level != level, (f.end or f.start) - f.start))
    return hits[0]


def year_from_knowledge(kb: KnowledgeBase, e: DateExpr, people: list, forum_orgs: list[str]) -> tuple[int | None, str]:
    """The only year in which a year-less day fits the forum calendar or everyone's terms of office."""
    month, day = month_number(e.parts["m"]), day_number(e.parts["d"])
    for org in forum_orgs:
        years = {f.start.year for f in kb.forums if f.organization == org and f.start and f.end
                 and (d := safe_date(f.start.year, month, day)) and f.start <= d <= f.end}
        if len(years) == 1:
            return years.pop(), "year from the forum calendar"
    known = [p for p in people if isinstance(p, Person) and p.offices]
    if not known:
        return None, ""
    fitting = set()
    for year in range(1990, dt.date.today().year + 2):
        d = safe_date(year, month, day)
        if d and all(any(o.held_on(d) and o.start is not None for o in p.offices) for p in known):
            fitting.add(year)
    if len(fitting) == 1:
        return fitting.pop(), "year from the participants' terms of office"
    return None, ""
