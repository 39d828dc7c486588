"""Dates: find date expressions in text and resolve them to ISO dates with a precision.

Finding is done with our own patterns (dateparser's `search_dates` matches "We", "May" in "You May
Also Like" and "the 75th"); resolving uses the reference date (publication or dateline), the tense
of the clause, and for "two days before" the date of the event just named.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from meetings.alternations import caseless
from meetings.lexicon import Lexicon, load_lexicon, phrase_pattern

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
                "twenty": 20, "thirty": 30}

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])(?:\.(?!\s+[A-Z]|$))?"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DASH = r"\s*(?:-|–|—|to|until|till|and|through)\s*"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen)"
ORD = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"

# "17 February last year", "May 3 of this year": a day whose year is told relative to the report's
REL_YEAR = r"\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"
PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    # 30 November to 1 December 2023 / 30 November to 1 December
    # ("and" is left out: "on 3 March and 5 April" are two days, not a month-long event)
    ("dmdm", rf"\b(?P<d>{DAY})\s+(?:of\s+)?(?P<m>{MONTH})\s*(?:-|–|—|to|until|till|through)\s*(?P<d2>{DAY})\s+"
             rf"(?:of\s+)?(?P<m2>{MONTH})\b"
             rf"(?:,?\s+(?P<y>{YEAR})\b)?"),
    # 8-9 April 2024, 20–21 Feb 2025, 8 April 2024
    ("dmy", rf"\b(?P<d>{DAY})(?:{DASH}(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<m>{MONTH})(?:,)?\s+(?P<y>{YEAR})\b"),
    # March 31 to April 2, 2025 / March 31 to April 2
    ("mdmd", rf"\b(?P<m>{MONTH})\s+(?P<d>{DAY}){DASH}(?P<m2>{MONTH})\s+(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR})\b)?"),
    # April 8, 2024 / April 24 to 26, 2024 / Feb. 20 / February 21-22
    ("mdy", rf"\b(?P<m>{MONTH})\s+(?P<d>{DAY})(?:{DASH}(?P<d2>{DAY}))?\b(?:,?\s+(?P<y>{YEAR})\b|{REL_YEAR})?"),
    # the 10th and 11th of June / 8-9 April / 8 April
    ("dm", rf"\b(?:the\s+)?(?P<d>{DAY})(?:{DASH}(?:the\s+)?(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<m>{MONTH})\b"
           rf"(?:{REL_YEAR})?"),
    # on the 8th and 9th / the 7th / on the 2nd
    # (then not before a count's noun: see `compiled_patterns`)
    ("ord", rf"\b(?:on\s+)?the\s+(?P<d>{ORD})(?:\s*(?:-|–|and|to)\s*(?:the\s+)?(?P<d2>{ORD}))?\b"),
    # September and October last year / October last year / in January of this year / June 2019
    ("months", rf"\b(?:(?P<mod>last|next|this|early|late|mid|the\s+end\s+of|end\s+of|the\s+start\s+of|"
               rf"the\s+beginning\s+of|earlier\s+in|later\s+in)[\s-]+)?(?P<m>{MONTH})"
               rf"(?:\s*(?:,|and|or)\s*(?P<m2>{MONTH}))?"
               rf"(?:\s+(?:of\s+)?(?P<y>{YEAR})\b|\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b)?"),
    # in 2020
    ("year", rf"\b(?:in|since|during|of|by)\s+(?P<y>{YEAR})\b"),
    # last Wednesday / on Monday / Thursday evening / Monday's tea
    ("weekday", rf"\b(?:(?P<mod>last|next|this|on|early\s+on|late\s+on|earlier\s+on|later\s+on|from)\s+)?"
                rf"(?P<wd>{WEEKDAY})(?:'s)?\b"),
    ("relative", r"\b(?P<rel>(?:earlier|later)\s+(?:this|that)\s+(?:week|month|year)|later\s+in\s+the\s+(?:week|month)|"
                 r"(?:last|next|this|past)\s+(?:week|month|year)|yesterday|today|tomorrow|tonight|"
                 r"the\s+(?:previous|following|next)\s+(?:day|week|month)|the\s+day\s+before|"
                 r"before\s+the\s+month\s+was\s+out|later\s+that\s+month|earlier\s+that\s+month|"
                 r"(?:earlier|later)\s+(?:in\s+the|that)\s+day|(?:that|the\s+same)\s+day|"
                 r"(?:(?:earlier|later)\s+that|the\s+same|this|in\s+the)\s+(?:morning|afternoon|evening)|"
                 r"a\s+day\s+(?:later|earlier))\b"),
    ("offset", rf"\b(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?)\s+(?P<dir>before|after|later|earlier|prior)\b"),
]

# What each pattern cannot match without (see `text_cues`): most texts lack some, and a test of the whole text
# is far cheaper than a case-insensitive scan. Every month name starts with one of MONTH_STEMS, every weekday
# ends in "day", every "relative" phrase has day, week, month, year, tomorrow, tonight or a part of the day in it,
# and every day or year number starts with an ASCII digit. A pattern not listed here is always run.
PATTERN_NEEDS: dict[str, frozenset[str]] = {
    "iso": frozenset({"digit"}), "dmy": frozenset({"digit", "month"}), "mdmd": frozenset({"digit", "month"}),
    "mdy": frozenset({"digit", "month"}), "dm": frozenset({"digit", "month"}), "ord": frozenset({"digit"}),
    "months": frozenset({"month"}), "year": frozenset({"digit"}), "weekday": frozenset({"day"}),
    "relative": frozenset({"period"}), "offset": frozenset({"unit"}),
}
MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ASCII_DIGIT = re.compile(r"[0-9]")

# After an ordinal, "five-year", "of" and "in" also make it no day ("the 5th of the series", "the 2nd in a row").
NOT_A_DAY_GRAMMAR = r"[a-z]+(?:-|\s)?(?:year|day|month)|of\b|in\b"


@lru_cache(maxsize=4)
def compiled_patterns(lex: Lexicon) -> list[tuple[str, re.Pattern]]:
    """The date patterns, compiled; an ordinal followed by one of the lexicon's `ordinal_nouns` ("the 75th
    anniversary", "the 3rd round", "the 25th EU-China summit") counts something and is no day of the month."""
    counted = phrase_pattern(lex.ordinal_nouns)
    # also with a name between: "the 25th EU-China summit", "the 16th BRICS Summit"
    named = r"(?:(?-i:[A-Z][\w'’.-]*)\s+){1,3}(?:" + counted + r")\b"
    not_a_day = r"(?!\s*(?:" + counted + "|" + named + "|" + NOT_A_DAY_GRAMMAR + "))"
    return [(kind, re.compile(pat + (not_a_day if kind == "ord" else ""), re.I)) for kind, pat in PATTERNS]


@dataclass
class DateExpr:
    """A date expression found in text; `parts` holds what the pattern captured."""

    start: int
    end: int
    text: str
    kind: str
    parts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DateValue:
    """A resolved date: first day, last day and precision (day, month or year)."""

    start: dt.date
    end: dt.date
    precision: str
    method: str = "explicit"

    def iso_start(self) -> str:
        return format_date(self.start, self.precision)

    def iso_end(self) -> str:
        return format_date(self.end, self.precision)


def format_date(d: dt.date, precision: str) -> str:
    """ISO at a precision: 2024-04-08, 2024-04 or 2024."""
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def text_cues(text: str) -> frozenset[str]:
    """Which of the things `PATTERN_NEEDS` names the text has (letters compared as the patterns' IGNORECASE
    does)."""
    low = caseless(text)
    has = {
        "digit": ASCII_DIGIT.search(text) is not None,
        "month": any(stem in low for stem in MONTH_STEMS),
        "day": "day" in low,
        "unit": any(unit in low for unit in ("day", "week", "month")),
        "period": any(word in low for word in ("day", "week", "month", "year", "tomorrow", "tonight", "morning",
                                               "afternoon", "evening", "night")),
    }
    return frozenset(cue for cue, present in has.items() if present)


def find_date_expressions(text: str) -> list[DateExpr]:
    """All date expressions in `text`, longest first where they overlap, in text order."""
    found: list[DateExpr] = []
    taken = [False] * (len(text) + 1)
    cues = text_cues(text)
    for kind, rx in compiled_patterns(load_lexicon()):
        if not PATTERN_NEEDS.get(kind, frozenset()) <= cues:
            continue   # it cannot match this text
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(taken[s:e]):
                continue
            parts = {k: v for k, v in m.groupdict().items() if v}
            if kind == "months" and not plausible_month_mention(text, m):
                continue
            if kind == "weekday" and not text[s:e][:1].isupper() and not parts.get("mod"):
                continue  # weekday names are capitalised; a lower-case match is not a date
            found.append(DateExpr(s, e, text[s:e], kind, parts))
            for i in range(s, e):
                taken[i] = True
    return sorted(found, key=lambda d: d.start)


def plausible_month_mention(text: str, m: re.Match) -> bool:
    """Reject 'May' as a verb ("You May Also Like", "may meet") and 'March' as a noun."""
    word = m.group("m")
    if m.group("mod") or m.group("y") or m.group("rel") or m.group("m2"):
        return not (word.lower() == "may" and word == "may")
    before = text[max(0, m.start() - 12):m.start()].lower()
    prep = re.search(r"\b(in|since|until|till|by|from|of|during|early|late|mid|before|after|last|next|this)\s+$",
                     before)
    if not prep:
        return False
    if word.lower() in ("may", "march") and word[0].islower():
        return False
    return True


def shift_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, 1)


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def choose_year(month: int, day: int, ref: dt.date, tense: str | None) -> dt.date | None:
    """The year for a year-less month-day: the occurrence nearest the reference, in the tense's direction."""
    candidates = [c for c in (safe_date(ref.year + k, month, day) for k in (-1, 0, 1)) if c]
    if not candidates:
        return None
    if tense == "past":
        past = [c for c in candidates if c <= ref + dt.timedelta(days=1)]
        if past:
            return max(past)
    if tense == "future":
        future = [c for c in candidates if c >= ref - dt.timedelta(days=1)]
        if future:
            return min(future)
    return min(candidates, key=lambda c: abs((c - ref).days))


def resolve_weekday(weekday: int, ref: dt.date, tense: str | None, modifier: str) -> dt.date:
    """'on Monday' against a reference date: the most recent such day in the past tense, the next in the future."""
    modifier = (modifier or "").lower()
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if modifier == "last":
        return ref - dt.timedelta(days=back or 7)
    if modifier == "next":
        return ref + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return ref + dt.timedelta(days=ahead)
    return ref - dt.timedelta(days=back)


def resolve_month(month: int, ref: dt.date, tense: str | None, modifier: str, rel: str) -> int:
    """The year of a month named without one ('in October', 'last November', 'October last year')."""
    modifier, rel = (modifier or "").lower(), (rel or "").lower()
    if rel == "last":
        return ref.year - 1
    if rel == "next":
        return ref.year + 1
    if rel == "this":
        return ref.year
    if modifier == "last":
        return ref.year if month < ref.month else ref.year - 1
    if modifier == "next":
        return ref.year if month > ref.month else ref.year + 1
    if tense == "future":
        return ref.year if month >= ref.month else ref.year + 1
    if tense == "past" or month <= ref.month:
        return ref.year if month <= ref.month else ref.year - 1
    # present/unknown tense and a later month: nearest occurrence
    return ref.year if month - ref.month <= 6 else ref.year - 1


def resolve_date(expr: DateExpr, ref: dt.date | None, tense: str | None = None,
                 anchor: DateValue | None = None) -> list[DateValue]:
    """Resolve one expression to one or more dates (two for 'September and October last year').

    `ref` is the article's "today" (dateline or publication date); `anchor` is the date of the event
    just named, for "two days before". Returns [] when the expression cannot be resolved.
    """
    p, k = expr.parts, expr.kind
    try:
        if k == "iso":
            d = dt.date(int(p["y"]), int(p["m"]), int(p["d"]))
            return [DateValue(d, d, "day")]
        if k in ("dmy", "mdy", "mdmd", "dmdm", "dm"):
            m = month_number(p["m"])
            d = day_number(p["d"])
            m2 = month_number(p["m2"]) if p.get("m2") else m
            d2 = day_number(p["d2"]) if p.get("d2") else None
            if p.get("y"):
                start = dt.date(int(p["y"]), m, d)
                method = "explicit"
            elif ref is not None and p.get("rel"):
                start = safe_date(resolve_month(m, ref, tense, "", p["rel"]), m, d)
                method = "year from reference date"
                if start is None:
                    return []
            elif ref is not None:
                start = choose_year(m, d, ref, tense)
                method = "year from reference date"
                if start is None:
                    return []
            else:
                return []
            end = start
            if d2 is not None:
                end = safe_date(start.year + (1 if m2 < m else 0), m2, d2) or start
                if end < start:
                    end = start
            return [DateValue(start, end, "day", method)]
        if k == "ord":
            if ref is None:
                return []
            d = day_number(p["d"])
            d2 = day_number(p["d2"]) if p.get("d2") else None
            month = ref.replace(day=1)
            if tense == "past" and d > ref.day + 1:
                month = shift_months(month, -1)
            elif tense == "future" and d < ref.day - 1:
                month = shift_months(month, 1)
            start = safe_date(month.year, month.month, d)
            if start is None:
                return []
            end = safe_date(month.year, month.month, d2) if d2 else start
            return [DateValue(start, end or start, "day", "day of the reference month")]
        if k == "months":
            months = [month_number(p["m"])] + ([month_number(p["m2"])] if p.get("m2") else [])
            out = []
            for m in months:
                if p.get("y"):
                    y, method = int(p["y"]), "explicit"
                elif ref is not None:
                    y, method = resolve_month(m, ref, tense, p.get("mod", ""), p.get("rel", "")), \
                        "year from reference date"
                else:
                    return []
                s, e = month_span(y, m)
                out.append(DateValue(s, e, "month", method))
            return out
        if k == "year":
            y = int(p["y"])
            return [DateValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")]
        if k == "weekday":
            if ref is None:
                return []
            d = resolve_weekday(WEEKDAYS[p["wd"].lower()], ref, tense, p.get("mod", ""))
            return [DateValue(d, d, "day", "weekday from reference date")]
        if k == "relative":
            return resolve_relative_date(p["rel"], ref, anchor)
        if k == "offset":
            if anchor is None:
                return []
            n = NUMBER_WORDS.get(p["n"].lower()) or int(p["n"])
            unit = p["unit"].lower().rstrip("s")
            days = n * {"day": 1, "week": 7, "month": 30}[unit]
            sign = -1 if p["dir"].lower() in ("before", "earlier", "prior") else 1
            d = anchor.start + dt.timedelta(days=sign * days)
            if unit == "day" and anchor.precision == "day":
                return [DateValue(d, d, "day", "relative to the event just named")]
            s, e = month_span(d.year, d.month)
            return [DateValue(s, e, "month", "relative to the event just named")]
    except (ValueError, KeyError):
        return []
    return []


PARTS_OF_DAY = (" day", " morning", " afternoon", " evening", " night")


def resolve_relative_date(phrase: str, ref: dt.date | None, anchor: DateValue | None = None) -> list[DateValue]:
    """'last week', 'earlier this month', 'the following day' ... as dates.

    Week-relative phrases resolve to the month they fall in (month precision): a reader cannot tell
    the day from them.
    """
    rel = re.sub(r"\s+", " ", phrase.lower())
    if rel in ("the following day", "the next day", "a day later") and anchor is not None:
        d = anchor.end + dt.timedelta(days=1)
        return [DateValue(d, d, "day", "relative to the event just named")]
    if rel in ("the day before", "a day earlier", "the previous day") and anchor is not None:
        d = anchor.start - dt.timedelta(days=1)
        return [DateValue(d, d, "day", "relative to the event just named")]
    if (rel.split()[0] in ("earlier", "later") or rel.startswith(("the same ", "in the "))) \
            and rel.endswith(PARTS_OF_DAY):
        rel = "that day"   # "later in the day", "earlier that day", "the same afternoon": the event just told
    if rel in ("that day", "the same day") and anchor is not None:
        return [DateValue(anchor.start, anchor.start, anchor.precision, "relative to the event just named")]
    if rel in ("before the month was out", "later that month", "earlier that month") and anchor is not None:
        s, e = month_span(anchor.start.year, anchor.start.month)
        return [DateValue(s, e, "month", "relative to the event just named")]
    if ref is None:
        return []
    method = "relative to the reference date"
    if rel in ("today", "tonight", "that day", "the same day") or (
            rel.startswith("this ") and rel.endswith(PARTS_OF_DAY)):   # "this morning"
        return [DateValue(ref, ref, "day", method)]
    if rel == "yesterday":
        d = ref - dt.timedelta(days=1)
        return [DateValue(d, d, "day", method)]
    if rel == "tomorrow":
        d = ref + dt.timedelta(days=1)
        return [DateValue(d, d, "day", method)]
    offsets = {"last week": -7, "past week": -7, "next week": 7, "the following week": 7, "the next week": 7,
               "the previous week": -7, "this week": 0, "earlier this week": 0, "later this week": 0,
               "later in the week": 0}
    if rel in offsets:
        d = ref + dt.timedelta(days=offsets[rel])
        s, e = month_span(d.year, d.month)
        return [DateValue(s, e, "month", method)]
    months = {"last month": -1, "past month": -1, "the previous month": -1, "next month": 1,
              "the following month": 1, "the next month": 1, "this month": 0, "earlier this month": 0,
              "later this month": 0, "later in the month": 0}
    if rel in months:
        d = shift_months(ref, months[rel])
        s, e = month_span(d.year, d.month)
        return [DateValue(s, e, "month", method)]
    years = {"last year": -1, "past year": -1, "next year": 1, "this year": 0, "earlier this year": 0,
             "later this year": 0}
    if rel in years:
        y = ref.year + years[rel]
        return [DateValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", method)]
    return []


DATELINE = re.compile(
    r"^\s*(?:\*\*)?(?P<place>[A-Z][A-Za-z'.\- ]{1,40}?(?:/[A-Z][A-Za-z'.\- ]{1,40}?)*)"
    r"(?:\s*\[[^\]\n]{1,30}\])?(?:,\s*(?P<region>[A-Z][A-Za-z.\- ]{1,30}?))?"
    r"(?:,\s*(?P<date>(?:" + MONTH + r"\s+" + DAY + r"(?:,?\s+" + YEAR + r")?|" + DAY + r"\s+" + MONTH +
    r"(?:\s+" + YEAR + r")?)))?"
    r"\s*(?:\((?P<agency>[^)\n]{1,40})\))?(?:\*\*)?\s*(?P<sep>:|--|-|–|—)\s+",
    re.M,
)


@dataclass
class Dateline:
    """The dateline that opens a news story: where it was filed and (maybe) when."""

    start: int
    end: int
    places: list[str]
    region: str
    date_expr: DateExpr | None


def capwords(name: str) -> str:
    """Capitalise each word of an upper-case place name, hyphenated parts too, not after an apostrophe."""
    return " ".join("-".join(part.capitalize() for part in word.split("-")) for word in name.split())


def find_dateline(text: str, search_chars: int = 1500) -> Dateline | None:
    """The first dateline ("MOSCOW, July 13 -", "Beijing, 8 April 2024 (TDI):") near the top of `text`."""
    for m in DATELINE.finditer(text[:search_chars]):
        place = m.group("place").strip()
        if not (place.isupper() or m.group("date") or m.group("agency")):
            continue
        if len(place.split()) > 4:
            continue
        date_expr = None
        if m.group("date"):
            exprs = find_date_expressions(m.group("date"))
            if exprs:
                e = exprs[0]
                off = m.start("date")
                date_expr = DateExpr(e.start + off, e.end + off, e.text, e.kind, e.parts)
        # "XI'AN" -> "Xi'an", "NEW DELHI" -> "New Delhi" (str.title would give "Xi'An")
        places = [capwords(p.strip()) if p.strip().isupper() else p.strip() for p in place.split("/")]
        region = (m.group("region") or "").strip()
        return Dateline(m.start(), m.end(), places, region, date_expr)
    return None


@lru_cache(maxsize=4)
def page_stamp(lex: Lexicon) -> re.Pattern:
    """A date stamp: it says so ("Published: ...", lexicon `page_stamp_words`) or stands at the start of its
    own line; a date inside a sentence ("which began on 1 January 2023") is about something else."""
    return re.compile(
        r"(?:" + phrase_pattern(lex.page_stamp_words) + r":?\s*|^[ \t]*)(?:" + WEEKDAY + r",?\s+)?(?P<date>"
        + DAY + r"\s+" + MONTH + r",?\s+" + YEAR + r"|" + MONTH + r"\s+" + DAY + r",?\s+" + YEAR + r")",
        re.I | re.M)


def find_page_date(text: str, search_chars: int = 800) -> dt.date | None:
    """A date stamp near the top of the page ("Published 25 Jan 2025", "Saturday 27 April 2024")."""
    for m in page_stamp(load_lexicon()).finditer(text[:search_chars]):
        for e in find_date_expressions(m.group("date")):
            values = resolve_date(e, None)
            if values:
                return values[0].start
    return None
