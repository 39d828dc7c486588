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
from meetings.organizations import OrgMention, find_org_mentions, unlisted_forum_mentions
from meetings.parsing import parse_text
from meetings.places import PlaceMention, find_place_mentions, lookup_city
from meetings.reading import Article
from meetings.sentences import split_sentences


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
    parsed: object = None           # the spaCy Doc of `text` (None without the model)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    last_date_expr: DateExpr | None = None  # the expression that gave the latest clause its date

    def in_span(self, items: list, start: int, end: int) -> list:
        return [x for x in items if start <= x.start and x.end <= end]


_ACRONYMS: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}


def country_acronyms(kb: KnowledgeBase) -> frozenset[str]:
    """Countries' names in capitals ("UAE", "USA"): acronyms that are no forum. Built once per knowledge base
    (a scan of every country's aliases cost as much as finding an article's people)."""
    cached = _ACRONYMS.get(id(kb))
    if cached is None or cached[0] is not kb:
        cached = (kb, frozenset(a for c in kb.countries for a in [c.name, *c.aliases] if a.isupper()))
        _ACRONYMS[id(kb)] = cached
    return cached[1]


def find_headline(text: str) -> tuple[int, int] | None:
    """The first non-empty line when it reads like a headline (short, no final full stop)."""
    m = re.search(r"\S[^\n]*", text)
    if not m:
        return None
    line = m.group().strip()
    if len(line) < 170 and not line.endswith((".", ":")) and text[m.end():].strip():
        return m.start(), m.end()
    return None


def reference_date(article: Article, text: str, dateline: Dateline | None, kb: KnowledgeBase | None = None,
                   found: tuple[list[DateExpr], list[OrgMention]] | None = None) -> tuple[dt.date | None, str]:
    """The article's 'today' for relative dates, and how it was obtained.

    Publication facts come first (manifest, HTML metadata); a dateline's day refines them when it
    is within a few days (a story filed on the 28th and published on the 29th is about the 28th).
    Without them, a dated dateline or a page stamp becomes the publication date. Failing all that,
    the date is inferred from the text (`meetings.refdate.infer_reference_date`, with `kb`, by default
    the project's knowledge base, and `found`: the text's date expressions and organisations when known):
    the method then reads "inferred: <how>" and `article.published` stays empty, as the article's
    publication date is still unknown.
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
    # No publication date: infer the article's "today" from its text (imported here: meetings.refdate
    # uses meetings.forums, which imports this module).
    from meetings.knowledge import load_knowledge
    from meetings.refdate import infer_reference_date

    exprs, orgs = found if found is not None else (None, None)
    day, how = infer_reference_date(text, kb if kb is not None else load_knowledge(), dateline, exprs,
                                    footer_text=article.text, org_mentions=orgs)
    return (day, f"inferred: {how}") if day is not None else (None, "unknown")


def read_head(article: Article, kb: KnowledgeBase, text: str,
              found: tuple[list[DateExpr], list[OrgMention]] | None = None) -> Document:
    """The article's headline, dateline and reference date, with no mentions yet: all the per-article stage
    needs of an article it does not parse (`text` is `clean_text(article.text)`; `found` its date
    expressions and organisations, when the caller has them: an undated article's reference date uses them)."""
    headline = find_headline(text)
    body_start = headline[1] if headline else 0
    dateline = find_dateline(text[body_start:])
    if dateline:
        dateline.start += body_start
        dateline.end += body_start
        if dateline.date_expr:
            dateline.date_expr.start += body_start
            dateline.date_expr.end += body_start
    ref, ref_method = reference_date(article, text, dateline, kb, found)
    return Document(article, text, body_start, headline, ref, ref_method, dateline, None)


def analyse_article(article: Article, kb: KnowledgeBase, parsed: object = None, parse: bool = True) -> Document:
    """Run the finding stages over one article.

    `parsed` is the spaCy parse of `clean_text(article.text)` when the caller parsed a batch; otherwise the
    text is parsed here (unless `parse` is False: then only the knowledge base finds people).
    """
    text = clean_text(article.text)
    if parsed is None and parse:
        parsed = parse_text(text)
    all_dates, orgs = find_date_expressions(text), find_org_mentions(text, kb)   # found once, used twice
    doc = read_head(article, kb, text, (all_dates, orgs))
    doc.parsed = parsed
    body_start, dateline = doc.body_start, doc.dateline
    doc.sentences = split_sentences(text, body_start, len(text))
    doc.persons = find_person_mentions(text, kb, parsed)
    doc.orgs = sorted(orgs + unlisted_forum_mentions(text, kb, orgs, country_acronyms(kb)), key=lambda o: o.start)
    skip = [(p.start, p.end) for p in doc.persons] + [(o.start, o.end) for o in doc.orgs]
    # the countries of the people named: known people's own, and those their titles give ("Panamanian President X")
    countries = {p.country for p in doc.persons if p.country} | {p.person.country for p in doc.persons if p.person}
    doc.places = find_place_mentions(text, kb, countries, skip)
    if dateline:
        for name in dateline.places:
            hit = lookup_city(name, kb, countries)
            if hit is not None:
                doc.dateline_place = hit
                break
        doc.places = [p for p in doc.places if not (dateline.start <= p.start < dateline.end)]
    doc.dates = [d for d in all_dates if not (dateline and dateline.start <= d.start < dateline.end)]
    return doc
