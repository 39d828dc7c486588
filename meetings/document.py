"""The document: one article with everything the stages found in it, like a spaCy `Doc`.

`analyse_article` runs the finding stages (cleaning, dateline, reference date, sentences, people,
places, organisations, dates) and returns a `Document`; `meetings.events` reads it to build events.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from meetings.actors import PersonMention, find_person_mentions
from meetings.cleaning import clean_text
from meetings.dates import DateExpr, Dateline, find_date_expressions, find_dateline, find_page_date, resolve_date
from meetings.knowledge import KnowledgeBase
from meetings.organizations import OrgMention, find_org_mentions
from meetings.places import PlaceMention, find_place_mentions, lookup_city
from meetings.reading import Article

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|St|Mt|Gen|Col|Lt|Sgt|Capt|Sen|Rep|Gov|Pres|Prof|Jr|Sr|No|vs|etc|Inc|Ltd|Co|" \
                r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|[A-Z])"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-•*]\s)")


@dataclass
class Document:
    """An article with its cleaned text, reference date and all mentions (offsets into `text`)."""

    article: Article
    text: str                       # cleaned text: same length and offsets as article.text
    body_start: int
    headline: tuple[int, int] | None
    ref: dt.date | None             # the article's "today": dateline date, else publication date
    ref_method: str
    dateline: Dateline | None
    dateline_place: PlaceMention | None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    last_date_expr: DateExpr | None = None  # the expression that gave the latest clause its date

    def in_span(self, items: list, start: int, end: int) -> list:
        return [x for x in items if start <= x.start and x.end <= end]


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans between `start` and `end` (a regex splitter that respects common abbreviations)."""
    spans: list[tuple[int, int]] = []
    s = start
    for m in SENTENCE_END.finditer(text, start, end):
        before = text[max(start, m.start() - 6):m.start()]
        if re.search(r"\b" + ABBREVIATIONS + r"\.$", before):
            continue
        if text[s:m.start()].strip():
            spans.append((s, m.start()))
        s = m.end()
    if text[s:end].strip():
        spans.append((s, end))
    # trim whitespace at both ends
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def find_headline(text: str) -> tuple[int, int] | None:
    """The first non-empty line when it reads like a headline (short, no final full stop)."""
    m = re.search(r"\S[^\n]*", text)
    if not m:
        return None
    line = m.group().strip()
    if len(line) < 170 and not line.endswith((".", ":")) and text[m.end():].strip():
        return m.start(), m.end()
    return None


def reference_date(article: Article, text: str, dateline: Dateline | None) -> tuple[dt.date | None, str]:
    """The article's 'today' for relative dates, and how it was obtained.

    Publication facts come first (manifest, HTML metadata); a dateline's day refines them when it
    is within a few days (a story filed on the 28th and published on the 29th is about the 28th).
    """
    published = article.published
    if published is None:
        if dateline and dateline.date_expr and dateline.date_expr.parts.get("y"):
            values = resolve_date(dateline.date_expr, None)
            if values:
                article.published, article.published_source = values[0].start, "dateline"
        if article.published is None:
            stamp = find_page_date(text)
            if stamp:
                article.published, article.published_source = stamp, "page-stamp"
        published = article.published
    if dateline and dateline.date_expr and published:
        values = resolve_date(dateline.date_expr, published, "past")
        if values and abs((values[0].start - published).days) <= 3:
            return values[0].start, "dateline"
    if published:
        return published, f"publication date ({article.published_source})"
    # No publication date: the latest fully explicit date in the text is the best "today" we have.
    explicit = [v.start for e in find_date_expressions(text) if e.parts.get("y")
                for v in resolve_date(e, None)]
    if explicit:
        return max(explicit), "latest explicit date in the text"
    return None, "unknown"


def analyse_article(article: Article, kb: KnowledgeBase, use_ner: bool = True) -> Document:
    """Run the finding stages over one article."""
    text = clean_text(article.text)
    headline = find_headline(text)
    body_start = headline[1] if headline else 0
    dateline = find_dateline(text[body_start:])
    if dateline:
        dateline.start += body_start
        dateline.end += body_start
        if dateline.date_expr:
            dateline.date_expr.start += body_start
            dateline.date_expr.end += body_start
    ref, ref_method = reference_date(article, text, dateline)
    doc = Document(article, text, body_start, headline, ref, ref_method, dateline, None)
    doc.sentences = split_sentences(text, body_start, len(text))
    doc.persons = find_person_mentions(text, kb, use_ner=use_ner)
    doc.orgs = find_org_mentions(text, kb)
    skip = [(p.start, p.end) for p in doc.persons] + [(o.start, o.end) for o in doc.orgs]
    countries = {p.country for p in doc.persons if p.person} | {p.person.country for p in doc.persons if p.person}
    doc.places = find_place_mentions(text, kb, countries, skip)
    if dateline:
        for name in dateline.places:
            hit = lookup_city(name, kb, countries)
            if hit is not None:
                doc.dateline_place = hit
                break
        doc.places = [p for p in doc.places if not (dateline.start <= p.start < dateline.end)]
    doc.dates = [d for d in find_date_expressions(text)
                 if not (dateline and dateline.start <= d.start < dateline.end)]
    return doc
