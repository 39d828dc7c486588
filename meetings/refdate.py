"""Reference date: the article's "today", inferred from its own text when no publication date is known.

Relative dates ("on Monday", "last week") need a reference date. When an article comes without a
publication date, `infer_reference_date` looks for evidence in the text and says how it found it.
The methods, most trusted first:

1. ``dateline``: the dateline carries a full date ("SEOUL, May 27, 2018 (Yonhap) -").
2. ``copyright footer``: "(c) 2022" / "© 2022 Outlet" fixes the year (a footer gives the page's year).
3. ``weekday fixes the year``: "on Tuesday, March 4" fits only some years; among those in the window
   2000..next year, the one that other evidence supports (or lies closest to it), else the most recent
   one not after today. Used before the footer when the footer year contradicts the weekday.
4. ``forum calendar``: a year-less day that falls inside exactly one edition of a forum the article
   names (data/forums.csv), e.g. "the G20 summit in Rio on November 18" -> 2024.
5. ``terms of office``: the only year in which the people the article names held the offices it gives
   them ("Foreign Minister Sergey Lavrov"); people named without a title do not constrain it.
6. ``latest explicit full date``: the latest date written with its year ("on 4 June 2020"), leaving
   out dates in a future-tense context ("will meet on 12 June 2026") when others exist.
   ``latest explicit month and year`` is the weaker form of it: a bare "January 2020".
   When the article gives people titles (as in 5) and they did not all hold those offices on the day
   found, the year moves to the first later one in which they did: ``terms of office after the latest
   explicit date`` (an article written in 2025 may recall talks of June 2019).
7. ``anniversary``: "the 75th anniversary of relations established in 1949" -> 2024.

Returns ``(None, "unknown")`` when nothing fits.

The result is a day, the day the text anchors, not just a year: once the year is known it is combined
with a year-less day of the text, in this order: the dateline's day ("SUVA, 30 May"); a day the text
names with its weekday ("on Tuesday, 4 March"), when the weekday fits that year; the latest year-less
day not in a future-tense context; else the earliest future one. A full date of that year written in
a past context is a floor: it replaces a day that is earlier (unless the dateline's) or in the future.
When the text names no day at all, the result is 1 January of the year and the method ends in
``" (year only)"`` (e.g. "copyright footer (year only)"): the caller should treat it as year precision.

Only the method names above are returned (see `METHODS`), possibly with the " (year only)" suffix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from meetings.actors import build_matcher, find_person_mentions
from meetings.dates import (
    WEEKDAY,
    WEEKDAYS,
    DateExpr,
    Dateline,
    day_number,
    find_date_expressions,
    find_dateline,
    month_number,
    resolve_date,
    safe_date,
)
from meetings.forums import year_from_knowledge
from meetings.knowledge import KnowledgeBase, Person
from meetings.lexicon import Lexicon, load_lexicon, phrase_pattern
from meetings.organizations import find_org_mentions

METHODS = ("dateline", "copyright footer", "weekday fixes the year", "forum calendar", "terms of office",
           "latest explicit full date", "latest explicit month and year",
           "terms of office after the latest explicit date", "anniversary")
YEAR_ONLY = " (year only)"
FIRST_YEAR = 2000  # the window in which a weekday may fix the year: FIRST_YEAR .. next year

# A copyright footer: "(c) 2022", "© 2010-2022", "Copyright © 2022 Outlet". The last year of a range counts.
COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:(?:19|20)\d{2}\s*[-–—]\s*)?(?P<y>(?:19|20)\d{2})\b",
                       re.I)
FOOTER_LINE_MAX = 200  # a footer is a short line, not a sentence of prose that happens to contain "(c)"
# "the 75th anniversary of ...", "30 years since/after/ago": read with the one year of the same sentence.
ANNIVERSARY = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\b|"
                         r"\b(?P<n2>\d{1,3})\s+years\s+(?:since|after|ago)\b", re.I)
YEAR_NUMBER = re.compile(r"\b(?:19|20)\d{2}\b")
# A weekday written just before a day: "on Tuesday, 4 March", "Monday 23 January".
WEEKDAY_BEFORE = re.compile(r"\b(?P<wd>" + WEEKDAY + r")\s*,?\s*(?:the\s+)?$")


@lru_cache(maxsize=4)
def future_cue(lex: Lexicon) -> re.Pattern:
    """Words that put a date in the future of the sentence ("will meet on 12 June"): `future_phrases`."""
    return re.compile(r"\b" + phrase_pattern(lex.future_phrases) + r"\b", re.I)


@lru_cache(maxsize=4)
def not_now_cue(lex: Lexicon) -> re.Pattern:
    """Words before a title that say the person no longer holds (or did not then hold) the office:
    `former_markers`."""
    return re.compile(r"\b" + phrase_pattern(lex.former_markers) + r"\b", re.I)

DAY_KINDS = ("iso", "dmy", "mdy", "mdmd", "dmdm", "dm")


@dataclass
class YearlessDay:
    """A day the text names without a year ("30 May", "Tuesday, 4 March")."""

    expr: DateExpr
    month: int
    day: int
    weekday: int | None   # the weekday written with it, if any
    future: bool          # in a future-tense context
    in_dateline: bool

    def on(self, year: int) -> dt.date | None:
        return safe_date(year, self.month, self.day)

    def fits(self, year: int) -> bool:
        d = self.on(year)
        return d is not None and (self.weekday is None or d.weekday() == self.weekday)


def infer_reference_date(text: str, kb: KnowledgeBase, dateline: Dateline | None = None,
                         date_exprs: list[DateExpr] | None = None, footer_text: str | None = None,
                         today: dt.date | None = None, org_mentions: list | None = None) -> tuple[dt.date | None, str]:
    """The article's "today" inferred from its text, and the method (see the module docstring).

    `text` is the article text (offsets of `dateline` and `date_exprs` point into it); `dateline` is
    looked for when not given; `date_exprs` defaults to `find_date_expressions(text)`. `footer_text`
    is where to look for a copyright footer (pass the raw article when `text` has its debris blanked
    out); it defaults to `text`. `today` bounds the plausible years (default: the real today).
    `org_mentions` are `find_org_mentions(text, kb)` when the caller already has them.
    Returns ``(date, method)``, or ``(None, "unknown")``.
    """
    today = today or dt.date.today()
    if dateline is None:
        dateline = find_dateline(text)
    exprs = find_date_expressions(text) if date_exprs is None else date_exprs
    dl_expr = dateline.date_expr if dateline else None
    if dl_expr is not None and dl_expr.parts.get("y"):
        values = resolve_date(dl_expr, None)
        if values:
            return values[0].start, "dateline"

    def in_dateline(e: DateExpr) -> bool:
        return dateline is not None and (dateline.start <= e.start < dateline.end
                                         or (dl_expr is not None and e.start == dl_expr.start))

    days = yearless_days(text, [e for e in exprs if not in_dateline(e)])
    if dl_expr is not None and dl_expr.kind in DAY_KINDS:
        days.insert(0, YearlessDay(dl_expr, month_number(dl_expr.parts["m"]), day_number(dl_expr.parts["d"]),
                                   None, False, True))
    body = [e for e in exprs if not in_dateline(e)]
    full_dates = explicit_dates(text, body, today)
    past_full = explicit_dates(text, body, today, past_only=True)
    month_years = explicit_month_years(text, body, today)
    footer = copyright_year(text if footer_text is None else footer_text, today)
    forum = forum_year(text, kb, days, dateline, org_mentions)
    people = titled_people(text, kb)
    anchor = pick_anchor(days)
    terms = terms_year(kb, people, anchor, today)
    in_office = years_in_office(people, today)
    anniversary = anniversary_years(text, today)

    def at(year: int, method: str) -> tuple[dt.date, str]:
        day = pick_anchor(days, year)
        d = day.on(year) if day else None
        # a date the text writes in full (in the past) is no later than the article's today
        floor = max((f for f in past_full if f.year == year), default=None)
        if floor is not None and (d is None or day.future or (d < floor and not day.in_dateline)):
            d = floor
        return (d, method) if d else (dt.date(year, 1, 1), method + YEAR_ONLY)

    weekday_years = weekday_candidates(days, today)
    if footer is not None and (weekday_years is None or footer in weekday_years):
        return at(footer, "copyright footer")
    if weekday_years:
        evidence = [{footer} if footer else set(), {forum} if forum else set(), in_office,
                    {d.year for d in full_dates}, {d.year for d in month_years}, anniversary]
        first = next(d for d in days if d.weekday is not None)
        return at(pick_year(weekday_years, evidence, today, upper=footer, day=first), "weekday fixes the year")
    if forum is not None:
        return at(forum, "forum calendar")
    if terms is not None:
        return at(terms, "terms of office")
    latest_full = max(full_dates, default=None)
    latest_month = max(month_years, default=None)
    if latest_full or latest_month:
        if latest_full and (latest_month is None or latest_full >= latest_month):
            year, method = latest_full.year, "latest explicit full date"
        else:
            year, method = latest_month.year, "latest explicit month and year"
        if people:
            # the people named must hold the offices the text gives them on the day found, else the
            # first later year in which they do (the text names that date, so it is no earlier)
            for y in [year, *sorted(y for y in in_office if year < y <= today.year)]:
                d, m = at(y, method if y == year else "terms of office after the latest explicit date")
                if (y in in_office) if m.endswith(YEAR_ONLY) else all_in_office(people, d):
                    return d, m
        return at(year, method)
    if len(anniversary) == 1:
        return at(anniversary.pop(), "anniversary")
    return None, "unknown"


def in_future_context(text: str, start: int) -> bool:
    """True when the sentence before `start` has a future-tense marker ("will meet on ...")."""
    before = text[max(0, start - 80):start]
    before = re.split(r"[.!?\n]", before)[-1]
    return future_cue(load_lexicon()).search(before) is not None


def yearless_days(text: str, exprs: list[DateExpr]) -> list[YearlessDay]:
    """The days named without a year, with the weekday written before them and their tense context."""
    out = []
    for e in exprs:
        if e.kind not in DAY_KINDS or e.parts.get("y") or "m" not in e.parts or "d" not in e.parts:
            continue
        wd = WEEKDAY_BEFORE.search(text[max(0, e.start - 20):e.start])
        try:
            month, day = month_number(e.parts["m"]), day_number(e.parts["d"])
        except (KeyError, AttributeError):
            continue
        out.append(YearlessDay(e, month, day, WEEKDAYS[wd.group("wd").lower()] if wd else None,
                               in_future_context(text, e.start), False))
    return out


def not_future_first(text: str, items: list[tuple[DateExpr, dt.date]], past_only: bool = False) -> list[dt.date]:
    """The dates not in a future-tense context, or (unless `past_only`) all of them when every one is."""
    past = [d for e, d in items if not in_future_context(text, e.start)]
    return past if past or past_only else [d for _, d in items]


def explicit_dates(text: str, exprs: list[DateExpr], today: dt.date, past_only: bool = False) -> list[dt.date]:
    """Days written with their year ("4 June 2020"), not after today; see `not_future_first`."""
    items = [(e, v.start) for e in exprs if e.kind in DAY_KINDS and e.parts.get("y")
             for v in resolve_date(e, None)[:1] if v.start <= today]
    return not_future_first(text, items, past_only)


def explicit_month_years(text: str, exprs: list[DateExpr], today: dt.date) -> list[dt.date]:
    """First days of the months written with their year ("January 2020"), not after today."""
    items = [(e, v.start) for e in exprs if e.kind == "months" and e.parts.get("y")
             for v in resolve_date(e, None) if v.start <= today]
    return not_future_first(text, items)


def copyright_year(text: str, today: dt.date) -> int | None:
    """The year of the last copyright footer line ("(c) 2022 Outlet. All rights reserved.")."""
    year = None
    for m in COPYRIGHT.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:len(text) if line_end < 0 else line_end]
        y = int(m.group("y"))
        if len(line.strip()) <= FOOTER_LINE_MAX and y <= today.year + 1:
            year = y
    return year


def pick_anchor(days: list[YearlessDay], year: int | None = None) -> YearlessDay | None:
    """The year-less day that anchors the article: the dateline's, else one named with its weekday
    (fitting `year` when given), else the latest not in a future context, else the earliest future one."""
    if year is not None:
        days = [d for d in days if d.on(year) is not None]
    dl = [d for d in days if d.in_dateline]
    if dl:
        return dl[0]
    key = lambda d: (d.month, d.day)  # noqa: E731
    with_weekday = [d for d in days if d.weekday is not None and (year is None or d.fits(year))]
    if with_weekday:
        return max(with_weekday, key=key)
    past = [d for d in days if not d.future]
    if past:
        return max(past, key=key)
    return min(days, key=key, default=None)


def weekday_candidates(days: list[YearlessDay], today: dt.date) -> set[int] | None:
    """The years in the window where every day named with a weekday falls on that weekday (None when no
    day has one). When the days disagree, the first one decides."""
    dated = [d for d in days if d.weekday is not None]
    if not dated:
        return None
    window = range(FIRST_YEAR, today.year + 2)
    sets = [{y for y in window if d.fits(y)} for d in dated]
    both = set.intersection(*sets)
    return both or sets[0] or None


def pick_year(candidates: set[int], evidence: list[set[int]], today: dt.date, upper: int | None = None,
              day: YearlessDay | None = None) -> int:
    """Among candidate years: the first evidence set that has years decides (a candidate in it, else the
    candidate closest to its latest year); with no evidence, the most recent one in which `day` (or the
    year) is not after today. `upper` (a footer year) is an upper bound when a candidate respects it."""
    pool = sorted(candidates)
    if upper is not None:
        pool = [y for y in pool if y <= upper] or pool
    for years in evidence:
        if not years:
            continue
        fitting = [y for y in pool if y in years]
        if fitting:
            return max(fitting)
        target = max(years)
        return min(pool, key=lambda y: (abs(y - target), -y))
    past = [y for y in pool if ((d := day.on(y)) is not None and d <= today if day else y <= today.year)]
    return max(past or pool)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (or line) holding text[start:end]."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return left, min(rights, default=len(text))


def lead_paragraphs(text: str, start: int, count: int = 2) -> tuple[int, int]:
    """The span of the first `count` paragraphs from `start` (the story's lede after its dateline)."""
    end = start
    for _ in range(count):
        nxt = text.find("\n\n", end + 1)
        if nxt < 0:
            return start, len(text)
        end = nxt
    return start, end


def forum_year(text: str, kb: KnowledgeBase, days: list[YearlessDay], dateline: Dateline | None,
               org_mentions: list | None = None) -> int | None:
    """The year a year-less day fits the calendar of a forum named next to it (via
    `forums.year_from_knowledge`): in the same sentence, or for the dateline's day in the lede paragraphs."""
    with_forums = {f.organization for f in kb.forums}
    found = find_org_mentions(text, kb) if org_mentions is None else org_mentions
    mentions = [o for o in found if o.org.id in with_forums]
    if not mentions:
        return None
    found = []
    for d in days:
        if d.in_dateline and dateline is not None:
            lo, hi = lead_paragraphs(text, dateline.end)
        else:
            lo, hi = sentence_around(text, d.expr.start, d.expr.end)
        orgs = list(dict.fromkeys(o.org.id for o in mentions if lo <= o.start < hi))
        year, _ = year_from_knowledge(kb, d.expr, [], orgs) if orgs else (None, "")
        if year is not None:
            if d.in_dateline:
                return year
            found.append(year)
    return found[0] if len(set(found)) == 1 else None


_TITLES: dict[int, tuple[KnowledgeBase, Lexicon, re.Pattern, re.Pattern]] = {}


def title_patterns(kb: KnowledgeBase) -> tuple[re.Pattern, re.Pattern]:
    """Office titles right before a name ("Foreign Minister Sergey Lavrov") and right after it
    ("Lavrov, Russia's foreign minister"), from the office phrases of the knowledge base."""
    lex = load_lexicon()
    cached = _TITLES.get(id(kb))
    if cached is not None and cached[0] is kb and cached[1] is lex:
        return cached[2], cached[3]
    phrases = sorted({p for ot in kb.office_types.values() for p in ot.phrases}, key=len, reverse=True)
    titles = "|".join(re.escape(p) for p in phrases) or r"(?!x)x"
    nations = sorted({w.lower() for c in kb.countries for w in [*c.demonyms, c.name, *c.aliases] if w},
                     key=len, reverse=True)
    adjective = r"(?:" + phrase_pattern(lex.title_lead_words) + r"|[\w.-]+(?:'s|’s)" + \
        "".join("|" + re.escape(n) for n in nations) + ")"
    before = re.compile(r"\b(?P<title>" + titles + r")\s*,?\s*$", re.I)
    after = re.compile(r"^\s*,\s*(?P<adj>(?:" + adjective + r"\s+){0,3})(?P<title>" + titles + r")\b", re.I)
    _TITLES[id(kb)] = (kb, lex, before, after)
    return before, after


def titled_people(text: str, kb: KnowledgeBase) -> list[Person]:
    """The people the article names with an office title, each with only the offices of those titles.

    People named without a title, or as a "former"/"then" holder, are left out: they say nothing of the
    article's year. So is a person whose title names an office the knowledge base does not give them.
    """
    before, after = title_patterns(kb)
    phrase_office = build_matcher(kb).phrase_office
    not_now = not_now_cue(load_lexicon())
    keys: dict[str, set[str]] = {}
    stale: set[str] = set()
    persons: dict[str, Person] = {}
    for m in find_person_mentions(text, kb):
        if m.person is None or m.via not in ("name", "short"):
            continue
        hit = before.search(text[max(0, m.start - 80):m.start])
        lead = ""
        if hit:
            ahead = text[max(0, m.start - 80):m.start][:hit.start()]
            lead = re.split(r"[.!?\n,;]", ahead)[-1][-25:]
        else:
            hit = after.match(text[m.end:m.end + 80])
            lead = hit.group("adj") if hit else ""
        if not hit:
            continue
        persons[m.person.name] = m.person
        if not_now.search(lead):
            stale.add(m.person.name)
            continue
        office = phrase_office.get(re.sub(r"\s+", " ", hit.group("title").lower()))
        if office:
            keys.setdefault(m.person.name, set()).add(office)
    out = []
    for name, offices in keys.items():
        if name in stale:
            continue
        held = [o for o in persons[name].offices if o.office in offices and o.start is not None]
        if held:
            out.append(dataclasses.replace(persons[name], offices=held))
    return out


def terms_year(kb: KnowledgeBase, people: list[Person], anchor: YearlessDay | None, today: dt.date) -> int | None:
    """The one year in which everyone titled held that office: on the anchor day when the text names
    one (via `forums.year_from_knowledge`), else at any time of the year."""
    if not people:
        return None
    if anchor is not None:
        year, _ = year_from_knowledge(kb, anchor.expr, people, [])
        return year
    span = years_in_office(people, today)
    return next(iter(span)) if len(span) == 1 else None


def years_in_office(people: list[Person], today: dt.date) -> set[int]:
    """Every year in which each of `people` held one of their (title-filtered) offices for some time.
    Unlike `year_from_knowledge` this keeps all the years, to weigh other evidence with."""
    common: set[int] | None = None
    for p in people:
        years = {y for o in p.offices if o.start
                 for y in range(o.start.year, min(o.end or today, today).year + 1)}
        common = years if common is None else common & years
    return common or set()


def all_in_office(people: list[Person], day: dt.date) -> bool:
    """True when each of `people` held one of their (title-filtered) offices on `day`."""
    return all(any(o.held_on(day) for o in p.offices) for p in people)


def anniversary_years(text: str, today: dt.date) -> set[int]:
    """Years given by "the Nth anniversary of ... YEAR" / "N years since ... YEAR" (one year in the sentence)."""
    out = set()
    for m in ANNIVERSARY.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
        sentence = text[start:min(ends, default=len(text))]
        years = {int(y) for y in YEAR_NUMBER.findall(sentence)}
        n = int(m.group("n") or m.group("n2"))
        if len(years) == 1 and n > 0:
            year = years.pop() + n
            if year <= today.year + 1:
                out.add(year)
    return out
