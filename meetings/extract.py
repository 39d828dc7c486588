"""Candidate events from the parse: one per predicate, with its people, date and place.

Sentences are read in order. Each predicate (`meetings.predicates`) takes its people, date and place
from the dependency parse (`meetings.arguments`); what the sentence leaves open comes from the
discourse: "he" is the person last acting, "the two ministers" the last group, "the next day" counts
from the event just told, and an undated event that continues the previous one (same people, next
sentence) shares its date. Denied and called-off events are not candidates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from meetings.actors import PersonMention, build_matcher, is_participant_role, resolve_description
from meetings.arguments import (
    RELATIVE_PRONOUNS,
    argument_tokens,
    companion,
    expand,
    inherited_subjects,
    objects_of,
    owner_of,
    parent_hit,
)
from meetings.candidates import Candidate, unique
from meetings.dates import NUMBER_WORDS as DATE_NUMBER_WORDS
from meetings.dates import DateExpr, DateValue, resolve_date
from meetings.document import Document
from meetings.forums import find_forum, year_from_knowledge
from meetings.knowledge import KnowledgeBase, Person
from meetings.lexicon import Lexicon, load_lexicon
from meetings.merging import compatible_dates
from meetings.places import PlaceMention, country_named
from meetings.predicates import PredicateHit, control_chain, find_predicates, lemma, phrase_at
from meetings.sentences import is_heading


@dataclass
class Discourse:
    """What the reader remembers between sentences."""

    last_person: Person | str | None = None
    groups: list[list[Person | str]] = field(default_factory=list)
    last_event: Candidate | None = None
    last_day: Candidate | None = None
    last_dated: Candidate | None = None
    told: list[Candidate] = field(default_factory=list)   # every event told so far, in text order
    named_pair: list[PersonMention] = field(default_factory=list)  # the last sentence naming two or more people
    # a sentence that sets the time and place without telling an event ("For two hours on Saturday, the envoys sat
    # in separate rooms in Muscat"): (its index, its date expressions, its places)
    scene: tuple[int, list[DateExpr], list[PlaceMention]] | None = None
    joined: tuple[int, Candidate] | None = None   # the event people last joined ("X attended") and in which sentence
    called_off: tuple[int, set[str]] | None = None   # the sentence that last cancelled an event, and its people
    kb: KnowledgeBase | None = None   # the article's knowledge base (demonyms and titles for group phrases)


@dataclass
class SentenceView:
    """One sentence of the parse with the mentions found in it, indexed by token."""

    index: int
    span: object                                  # spaCy Span
    start: int
    end: int
    person_at: dict[int, PersonMention]
    dates: list[DateExpr]
    places: list[PlaceMention]


def quoted_offsets(text: str, start: int, end: int) -> set[int]:
    """Offsets inside double quotes: words someone said, not events the article reports."""
    out: set[int] = set()
    opened = None
    for i in range(start, end):
        ch = text[i]
        if ch in "\"“”":
            if opened is None and ch != "”":
                opened = i
            elif opened is not None and ch != "“":
                out.update(range(opened, i + 1))
                opened = None
    return out


def sentence_view(doc: Document, index: int, s0: int, s1: int) -> SentenceView | None:
    span = doc.parsed.char_span(s0, s1, alignment_mode="expand")
    if span is None:
        return None
    person_at: dict[int, PersonMention] = {}
    for m in doc.in_span(doc.persons, s0, s1):
        ms = doc.parsed.char_span(m.start, m.end, alignment_mode="expand")
        for t in ms or []:
            person_at[t.i] = m
    return SentenceView(index, span, s0, s1, person_at, doc.in_span(doc.dates, s0, s1),
                        doc.in_span(doc.places, s0, s1))


def token_at(doc: Document, start: int, end: int):  # noqa: ANN201 - a spaCy Token or None
    span = doc.parsed.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def field_spans(doc: Document, mentions: list[PersonMention], date_expr: DateExpr | None,
                place: PlaceMention | None) -> list[dict]:
    """Where the event's participants, date and place were read, as offsets into the article."""
    spans = [("participant", m.start, m.end, m.name) for m in mentions]
    if date_expr is not None:
        spans.append(("date", date_expr.start, date_expr.end, ""))
    if place is not None and place.end > place.start:
        spans.append(("place", place.start, place.end, ""))
    return [{"field": f, "file": doc.article.file, "start": a, "end": b, "text": doc.article.text[a:b], "name": n}
            for f, a, b, n in spans]


def person_of(m: PersonMention) -> Person | str | None:
    return m.person if m.person is not None else (m.name or None)


def holds_office(m: PersonMention, office: str, day: dt.date | None) -> bool:
    """Whether the person of a mention holds `office` on `day`: by the knowledge base, or for a person it does
    not know, by the title the article gives them ("Sri Lankan President X")."""
    if m.person is not None:
        return any(o.office == office for o in m.person.offices_on(day))
    return m.via == "ner" and bool(m.office) and m.office == office and bool(m.name)


def named_holder(doc: Document, m: PersonMention, day: dt.date | None) -> list[Person | str]:
    """ "The Angolan leader" when the knowledge base knows no such office holder: the person the article named
    before with that country and office ("Angolan President Joao Lourenco")."""
    holders = [x for x in doc.persons if x.start < m.start and x.via in ("ner", "name")
               and (x.person.country if x.person is not None else x.country) == m.country
               and holds_office(x, m.office, day)]
    return [holders[-1].person or holders[-1].name] if holders else []


def leaders_named_for(doc: Document, m: PersonMention, day: dt.date | None, countries: list[str]) -> list[str]:
    """ "Ethiopia and Somalia ..., their leaders announced" when the knowledge base lacks Somalia's: the person
    the article names with that country and a leader's title ("Somali President Hassan Sheikh Mohamud"),
    nearest to the phrase."""
    offices = {m.office} if m.office else set()
    if "leader" in m.text.lower():
        offices = {"head_of_state", "head_of_government"}
    out = []
    for country in countries:
        holders = [x for x in doc.persons if x.via == "ner" and x.person is None and x.country == country
                   and x.office in offices and x.name]
        if holders:
            out.append(min(holders, key=lambda x: abs(x.start - m.start)).name)
    return out


def resolve_mentions(doc: Document, kb: KnowledgeBase, mentions: list[PersonMention], day: dt.date | None,
                     possessor: Person | None) -> list[Person | str]:
    out: list[Person | str] = []
    for m in mentions:
        if m.via == "description" and not m.country and not m.plural and not m.counterpart:
            # "the chancellor": the holder of that office the article last named
            holders = [x.person if x.person is not None else x.name for x in doc.persons if x.start < m.start
                       and holds_office(x, m.office, day)]
            lead = protagonist(doc, m.start)
            if lead is not None and holds_office(lead, m.office, day):
                out.append(lead.person or lead.name)   # "the Prime Minister" of a report about one
            elif holders:
                out.append(holders[-1])
        elif m.via == "description":
            owner = possessor
            named = tuple(dict.fromkeys(x.person.name for x in doc.persons if x.person is not None))
            found = resolve_description(m, kb, day, owner, named)
            if not found and m.country and not m.plural and not m.counterpart:
                found = named_holder(doc, m, day)
            if m.plural:
                found = found + leaders_named_for(doc, m, day, [c for c in m.plural if c not in {
                    p.country_on(day) for p in found if isinstance(p, Person)}])
            out.extend(found)
        else:
            p = person_of(m)
            if p is not None:
                out.append(p)
                if isinstance(p, Person):
                    possessor = p
    return out



def named_anchor(doc: Document, exprs: list[DateExpr], state: Discourse, lex: Lexicon) -> DateValue | None:
    """ "The day before the Muscat session": the date of the event an offset names, when it names one the
    article told ("the session", "the summit"), rather than of the event told last."""
    for e in exprs:
        if e.kind not in ("relative", "offset") or not names_its_reference(doc, e):
            continue
        following = doc.parsed.char_span(e.end, min(len(doc.text), e.end + 40), alignment_mode="expand")
        noun = next((t for t in following or [] if t.pos_ in ("NOUN", "PROPN") and lemma(t) in lex.nouns), None)
        if noun is None:
            continue
        # no such event told by that noun: the report's own first event ("the Muscat session" of a report on it)
        target = referent(state, lemma(noun), lex) or next(
            (c for c in state.told if c.date is not None and c.date.precision == "day"), None)
        if target is not None and target.date is not None and target.date.precision == "day":
            return target.date
    return None


def names_its_reference(doc: Document, e: DateExpr) -> bool:
    """Whether an offset ("two days after") is followed by what it counts from ("... the summit", "... Putin's").
    An offset that ends in an adverb ("two days later Erdogan received ...") takes no object: what follows is
    the clause's own subject."""
    last = doc.parsed.char_span(e.start, e.end, alignment_mode="expand") if doc.parsed is not None else None
    if last is not None and len(last) and last[-1].pos_ not in ("ADP", "SCONJ"):
        return False
    following = doc.parsed.char_span(e.end, min(len(doc.text), e.end + 40), alignment_mode="expand") \
        if doc.parsed is not None else None
    nxt = next((t for t in following or [] if not t.is_space), None)
    return nxt is not None and (nxt.pos_ in ("DET", "PROPN") or nxt.tag_ == "PRP$")


def clause_date(doc: Document, exprs: list[DateExpr], tense: str, anchor: DateValue | None,
                kind_pos: int, kb: KnowledgeBase | None = None, people: list | None = None,
                forum_orgs: list[str] | None = None) -> tuple[list[DateValue], str]:
    """The dates a clause gives its event: the expression nearest the meeting word wins.

    Without a reference date, a year-less day takes its year from the knowledge base when only one
    year fits: the forum's calendar, or the terms of office of the people who met.
    """
    best: list[DateValue] = []
    best_dist = None
    for e in exprs:
        if e.kind == "offset" and names_its_reference(doc, e):
            continue  # "six months after their last encounter": the reference is named, not the last event
        values = resolve_date(e, doc.ref, tense, anchor)
        if not values and doc.ref is None and kb is not None and e.kind in ("mdy", "dm", "mdmd", "dmdm") \
                and not e.parts.get("y"):
            year, how = year_from_knowledge(kb, e, people or [], forum_orgs or [])
            if year is not None:
                values = [DateValue(v.start, v.end, v.precision, how) for v in resolve_date(e, dt.date(year, 7, 1))
                          if v.start.year == year] or [
                    DateValue(v.start.replace(year=year), v.end.replace(year=year), v.precision, how)
                    for v in resolve_date(e, dt.date(year, 7, 1))]
        if not values:
            continue
        dist = abs(e.start - kind_pos)
        if best_dist is None or dist < best_dist:
            best, best_dist = values, dist
            doc.last_date_expr = e
    if not best:
        return [], ""
    if doc.ref_method.startswith("inferred: ") and best[0].method == "year from reference date":
        # the reference date itself was inferred: say from what ("year from the forum calendar")
        how = "year from the " + doc.ref_method.removeprefix("inferred: ")
        best = [DateValue(v.start, v.end, v.precision, how) for v in best]
    return best, best[0].method


def pick_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The most precise located place of a clause (a venue or city before a country)."""
    located = [p for p in places if p.locative]
    if not located:
        return None
    rank = {"venue": 0, "city": 1, "region": 2, "country": 3}
    return min(located, key=lambda p: (rank.get(p.precision, 4), 0))


def cited(view: SentenceView, m: PersonMention) -> bool:
    """Whether a person is named as a source ("..., according to Kang"), not as an actor."""
    tok = view.span.doc.char_span(m.start, m.end, alignment_mode="expand")
    head = tok.root.head if tok is not None and len(tok) else None
    return head is not None and head.lower_ == "to" and head.head.lower_ == "according"


def pick_group(groups: list[list[Person | str]], phrase: str, day: dt.date | None,
               said=None, kb: KnowledgeBase | None = None) -> list[Person | str]:  # noqa: ANN001 - said: its head
    """Who "the two ministers" / "the pair" are: the latest group, or the latest whose members hold that office."""
    if groups and said is not None and kb is not None and not described_fits(list(said.subtree), groups[-1], day,
                                                                               kb):
        return []   # "the island leaders were due to meet ...": not the pair just told
    phrase = phrase.lower()
    count = stated_count(phrase)
    office = next((o for word, o in load_lexicon().group_offices.items() if word in phrase), "")
    if office:
        for group in reversed(groups):
            holders = [p for p in group if isinstance(p, Person) and any(
                o.office == office or (office == "head_of_state" and o.office == "head_of_government")
                for o in p.offices_on(day))]
            if len(holders) >= 2 and count in (None, len(holders)):
                return holders
    if count is not None:
        # "the 32 leaders" are not the pair just told: only a group of that size is
        sized = next((list(g) for g in reversed(groups) if len(g) == count), [])
        return sized or same_country_members(groups[-1], count, day) if groups else sized
    return list(groups[-1]) if groups else []


def same_country_members(group: list[Person | str], count: int, day: dt.date | None) -> list[Person | str]:
    """ "A and B met C in Manila. The two US officials ...": the members of the latest group who are the only
    `count` people of one country in it, when exactly one country has that many."""
    by_country: dict[str, list[Person | str]] = {}
    for p in group:
        if isinstance(p, Person):
            by_country.setdefault(p.country_on(day), []).append(p)
    fits = [members for country, members in by_country.items() if country and len(members) == count]
    return fits[0] if len(fits) == 1 else []


GROUP_FILLERS = frozenset({"the", "these", "those", "both", "all", "of", "and", "their", "its", "'s", "’s"})


def described_fits(tokens: list, group: list[Person | str], day: dt.date | None,  # noqa: ANN001
                   kb: KnowledgeBase) -> bool:
    """Whether what a group phrase says of its people beyond count, office and adjectives fits `group`: "the
    two US officials" fits a group with Americans; "the island leaders" or "the Gulf leaders" (a noun that
    sets them apart) fit no group told by name."""
    lex = load_lexicon()
    m = build_matcher(kb)
    plain = lex.group_references | lex.unnamed_parties | set(lex.group_offices) | lex.title_modifiers
    countries = {p.country_on(day) for p in group if isinstance(p, Person)}
    for t in tokens:
        w = t.lower_
        if w in GROUP_FILLERS or w.isdigit() or w in NUMBER_WORDS or w in plain or w.rstrip("s") in plain \
                or w in m.title_words or t.pos_ not in ("NOUN", "PROPN"):
            if w not in m.demonym_country:
                continue
        if m.demonym_country.get(w) not in countries:
            return False
    return True


def stated_count(phrase: str) -> int | None:
    """How many people a group phrase counts ("the two ministers" -> 2, "the 32 leaders" -> 32), if it says."""
    for word in phrase.split():
        if word.isdigit():
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


@dataclass
class People:
    """The people an argument list names."""

    mentions: list[PersonMention] = field(default_factory=list)
    resolved: list[Person | str] = field(default_factory=list)   # from pronouns and group references
    unnamed: bool = False                                        # "officials", "a delegation"
    group: bool = False
    countries: bool = False                                      # "Pakistan and Uzbekistan held talks"


def people_of(tokens: list, view: SentenceView, state: Discourse, lex: Lexicon, day: dt.date | None) -> People:
    """Person mentions, pronouns and group references among argument tokens and their conjuncts."""
    out = People()
    for tok in tokens:
        # "Japan's new prime minister, Takaichi Sanae": a title with its name is that person, not a group
        named = any(x.i in view.person_at for x in expand(tok))
        if not named and lemma(tok) in lex.unnamed_parties and (m := adjacent_name(tok, view)) is not None:
            out.mentions.append(m)   # the parser lost the apposition: "the Minister for ..., H.E. Dr. X"
            continue
        if not named and lemma(tok) in lex.unnamed_parties and (listed := members_listed(tok, view)):
            out.mentions.extend(m for m in listed if m not in out.mentions)
            continue
        for t in expand(tok):
            m = view.person_at.get(t.i) or titled_person(t, view)
            if m is not None:
                if m not in out.mentions:
                    out.mentions.append(m)
                continue
            if named and t.pos_ in ("NOUN", "PROPN"):
                continue
            word = t.lower_
            if word in ("he", "she", "him", "her", "his", "hers"):
                near = nearest_object(t, view) if word == "him" or (word == "her" and t.dep_ != "poss") else None
                near = near or nearest_subject(t, view)
                if near is not None:
                    out.mentions.append(near)
                elif state.last_person is not None:
                    out.resolved.append(state.last_person)
            elif (m := countries_officials(t, view)) is not None:
                out.mentions.append(m)   # "Mexico and Canada ... after their leaders spoke with Trump"
            elif word == "their" and t.dep_ == "poss" and named_among(tokens, view) >= 2:
                continue   # "Biden and Albanese held their own meeting": "their" is the subjects just named
            elif word == "their" and (pair := named_and_pronoun_before(t, view, state)):
                # "Putin congratulated him during their call": the one named and the one referred to
                out.mentions.extend(m for m in pair[:1] if m not in out.mentions)
                out.resolved.extend(pair[1:])
                out.group = True
            elif not refers_to_group(t, view, lex):
                if lemma(t) in lex.unnamed_parties or word == "their":
                    out.unnamed = True   # "Ministers from India had arrived", "NATO leaders, at their summit"
            elif (word in ("they", "them", "their", "both") or lemma(t) in lex.group_references) and \
                    len(named_before(t, view, described=True)) == 2:
                # "X assured Y on Monday, as the two leaders held talks": the pair named earlier in the sentence
                # ("The Prime Minister had discussed it with Prime Minister Albanese when the two spoke")
                out.mentions.extend(m for m in named_before(t, view, described=True) if m not in out.mentions)
                out.group = True
            elif (word in ("they", "them", "their", "both") or lemma(t) in lex.group_references) and state.groups:
                # "the 32 leaders wrapped up their session": "their" counts as its sentence's subject does
                # and "they" in a clause after such a subject ("The two US officials arrived from Tokyo, where
                # they met X") is that subject
                said = next((x for x in plural_subjects_before(t, view)), t) if word in ("their", "they") else t
                phrase = " ".join(x.lower_ for x in said.subtree)
                group = pick_group(state.groups, phrase, day, said, state.kb)
                out.resolved.extend(group)
                out.group = bool(group)
                out.unnamed = out.unnamed or not group   # "the 32 leaders": people the article does not name
            elif (word in ("they", "both") or lemma(t) in lex.group_references) and state.named_pair:
                # "Yunus urged Sharif ... The two leaders held a meeting": the people just named
                out.mentions.extend(m for m in state.named_pair if m not in out.mentions)
                out.group = True
            elif lemma(t) in lex.unnamed_parties:
                out.unnamed = True
            elif t.ent_type_ == "GPE" and t.pos_ == "PROPN":
                out.countries = True   # the people may follow: "The Pakistani delegation was led by X"
    return out


def names_their_two_countries(hit: PredicateHit, kb: KnowledgeBase, mentions: list[PersonMention]) -> bool:
    """Whether the event's object names exactly the two participants' countries ("the India-Australia ...
    Dialogue" co-chaired by the Indian and the Australian minister): a format of two is bilateral."""
    countries = {m.person.country if m.person is not None else m.country for m in mentions} - {""}
    objects = [c for c in hit.anchor.children if c.dep_ == "dobj"]
    if len(countries) != 2 or not objects:
        return False
    named = {c.name for o in objects for t in o.subtree if t.pos_ == "PROPN" and (c := country_named(t.text, kb))}
    return named == countries


def members_of_a_body(tokens: list, lex: Lexicon) -> bool:
    """ "the foreign ministers of the Gulf Cooperation Council": plural office holders of an organisation."""
    return any(t.tag_ in ("NNS", "NNPS") and lemma(t) in lex.unnamed_parties and any(
        g.ent_type_ == "ORG" for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        if g.dep_ == "pobj") for t in tokens)


def members_listed(tok, view: SentenceView) -> list[PersonMention]:  # noqa: ANN001
    """ "The leaders of the Quad - A, B, C and D - met": the parser may hang the list of the group's members
    on its "of" phrase; the people named there are the group."""
    objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"]
    # "the presidents of the Alliance of Sahel States - A, B and C": or on the group's own "of" phrase
    objects += [g for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"]
    return list({view.person_at[x.i].start: view.person_at[x.i] for g in objects for x in expand(g)
                 if x.i in view.person_at}.values())


def countries_officials(tok, view: SentenceView) -> PersonMention | None:  # noqa: ANN001
    """ "their leaders" / "their foreign ministers" after countries that are the subject of the sentence
    ("Mexico and Canada won a reprieve after their leaders spoke ..."): those countries' office holders."""
    office = next((o for word, o in load_lexicon().group_offices.items() if lemma(tok) == word), "")
    if not office or tok.tag_ not in ("NNS", "NNPS") or not any(c.lower_ == "their" for c in tok.children):
        return None
    if any(c.lower_ == "prime" for c in tok.children):
        office = "head_of_government"
    # the nearest coordination of countries before "their" ("Mexico and Canada")
    groups = [[x.text for x in expand(t) if x.ent_type_ == "GPE"] for t in view.span[:tok.i - view.span.start]
              if t.ent_type_ == "GPE" and any(c.dep_ == "conj" and c.ent_type_ == "GPE" for c in t.children)]
    countries = groups[-1] if groups else []
    if len(countries) < 2:
        return None
    return PersonMention(tok.idx, tok.idx + len(tok), f"the {tok.text} of {', '.join(countries)}", "", None,
                         "description", office, "", plural=countries)


def adjacent_name(tok, view: SentenceView) -> PersonMention | None:  # noqa: ANN001
    """The person named right after a title's phrase, with or without a comma ("the Minister for Foreign
    Affairs of Germany, Dr. Johann Wadephul", "with Foreign Minister Andrii Sybiha" parsed as a verb), when the
    parse did not attach the name to the title."""
    doc, right = view.span.doc, tok.right_edge.i
    if right + 1 < view.span.end and right + 1 in view.person_at:
        return view.person_at[right + 1]
    if doc[right].text != ",":
        right += 1
        if right >= view.span.end or doc[right].text != ",":
            return None
    for t in doc[right + 1:min(right + 5, view.span.end)]:
        if t.i in view.person_at:
            return view.person_at[t.i]
        if not (t.is_punct or t.lower_.endswith(".")):
            return None
    return None


def refers_to_group(tok, view: SentenceView, lex: Lexicon) -> bool:  # noqa: ANN001
    """Whether a plural pronoun or noun points back to people already told: "the two ministers", "both",
    "they" do; a bare plural ("Ministers from India") or "their" after a plural subject of its own sentence
    ("NATO leaders, at their summit") does not."""
    word = tok.lower_
    if word in ("they", "them", "both"):
        return True
    if word == "their":
        return not any(not refers_to_group(s, view, lex) for s in plural_subjects_before(tok, view))
    if lemma(tok) in lex.group_references and tok.pos_ in ("NOUN", "PROPN"):
        qualified = any(c.dep_ in ("compound", "nmod", "amod") and c.pos_ in ("PROPN", "ADJ") for c in tok.children)
        counted = any(c.dep_ == "nummod" or c.lower_ == "both" for c in tok.children)
        if qualified and not counted:
            return False   # "the D-8 leaders", "the Gulf leaders": a set of its own, not the people just told
        return lemma(tok) in ("pair", "both") or any(
            c.dep_ in ("det", "nummod", "predet") or c.lower_ in ("both", "two", "three") for c in tok.children)
    return True


def plural_subjects_before(tok, view: SentenceView) -> list:  # noqa: ANN001
    """The plural common-noun subjects in the sentence before `tok` ("the 32 leaders ... their")."""
    return [t for t in view.span[:tok.i - view.span.start] if t.dep_ in ("nsubj", "nsubjpass")
            and t.tag_ in ("NNS", "NNPS") and t.i not in view.person_at]


def named_before(tok, view: SentenceView, described: bool = False) -> list[PersonMention]:  # noqa: ANN001
    """The distinct people named (and, if `described`, described) in the sentence before `tok`, in order."""
    seen: dict[str, PersonMention] = {}
    for i in sorted(view.person_at):
        m = view.person_at[i]
        if i < tok.i and (described or m.via != "description"):
            seen.setdefault(m.name or m.text, m)
    return list(seen.values())


def named_and_pronoun_before(tok, view: SentenceView, state: Discourse) -> list:  # noqa: ANN001
    """One person named and one singular pronoun before `tok` in the sentence, resolved to the person the
    discourse last spoke of: [named mention, person]; [] otherwise."""
    named = named_before(tok, view)
    pronouns = [t for t in view.span[:tok.i - view.span.start] if t.lower_ in ("he", "him", "she", "her")
                and t.dep_ != "poss"]
    other = state.last_person
    if len(named) != 1 or len(pronouns) != 1 or other is None:
        return []
    if (other.name if isinstance(other, Person) else other) in (named[0].name, named[0].text):
        return []
    return [named[0], other]


def named_among(tokens: list, view: SentenceView) -> int:
    """How many named people the argument tokens and their conjuncts hold."""
    return len({x.i for tok in tokens for x in expand(tok) if x.i in view.person_at})


def titled_person(tok, view: SentenceView) -> PersonMention | None:  # noqa: ANN001
    """ "Secretary of the Security Council Nikolai Patrushev": a title whose "of" phrase ends in the name."""
    todo = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
    for _ in range(6):
        if not todo:
            return None
        t = todo.pop(0)
        for c in t.children:
            if c.i in view.person_at:
                return view.person_at[c.i]
            if c.dep_ in ("pobj", "appos", "compound") or (c.dep_ == "prep" and c.lower_ == "of"):
                todo.append(c)
    return None


def nearest_object(pronoun, view: SentenceView) -> PersonMention | None:  # noqa: ANN001
    """ "He reminded Wang that Moscow expected him": an object pronoun in a clause under another verb is the
    person named as that verb's object."""
    clause = pronoun.head
    if clause.dep_ not in ("ccomp", "xcomp", "advcl", "relcl"):
        return None
    # the parser may hang the "that" clause on the object itself ("reminded 'dear friend' Wang that ...")
    objects = [clause.head] if clause.dep_ == "relcl" else [
        t for t in clause.head.children if t.dep_ in ("dobj", "dative")]
    for obj in objects:
        for t in expand(obj):
            if t.i in view.person_at and t.i < pronoun.i:
                return view.person_at[t.i]
    return None


def nearest_subject(pronoun, view: SentenceView) -> PersonMention | None:  # noqa: ANN001
    """The person who is the subject of a clause before the pronoun in its sentence ("Choe returned from
    Moscow, where she met Putin"), if any."""
    own_verb = clause_verb(pronoun) if pronoun.dep_ != "poss" else None
    # "X called on him": "him" is never X, the subject of its own clause
    subjects = [relative_antecedent(t) for t in view.span[:pronoun.i - view.span.start]
                if t.dep_ in ("nsubj", "nsubjpass") and t.head != own_verb]
    subjects = [t for t in subjects if t.i in view.person_at]
    earlier = [t for t in view.span[:pronoun.i - view.span.start] if t.lower_ == pronoun.lower_ and t.dep_ != "poss"]
    if earlier and pronoun.dep_ != "poss":
        # "X called on him; Y met him separately": the same pronoun again is the same person
        return nearest_subject(earlier[-1], view)
    return view.person_at[subjects[-1].i] if subjects else None


def relative_antecedent(tok):  # noqa: ANN001, ANN201
    """ "It was Jaishankar who carried ...": a relative pronoun stands for the name its clause hangs on."""
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def clause_verb(tok):  # noqa: ANN001, ANN201
    """The verb of the clause a token belongs to (itself for a verb), or None."""
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.head == t:
            return None
        t = t.head
    return None


def to_people(doc: Document, kb: KnowledgeBase, found: People, day: dt.date | None,
              possessor: Person | None) -> list[Person | str]:
    return unique(resolve_mentions(doc, kb, found.mentions, day, possessor) + found.resolved)


def own_expressions(hits: list[PredicateHit], view: SentenceView, doc: Document, lex: Lexicon
                    ) -> tuple[dict[int | None, list[DateExpr]], dict[int | None, list[PlaceMention]]]:
    """Dates and places by the predicate they hang from (None: no predicate; -1: a report's date)."""
    # a verb that is a predicate of its own ("a meeting co-chaired in Suva by ...") owns what hangs on it,
    # before a noun predicate that it carries
    token_hits: dict[int, int] = {h.anchor.i: k for k, h in reversed(list(enumerate(hits)))}
    for k, h in enumerate(hits):
        for t in h.tokens:
            token_hits.setdefault(t.i, k)
    dates: dict[int | None, list[DateExpr]] = {}
    for e in view.dates:
        tok = token_at(doc, e.start, e.end)
        owner = owner_of(tok, token_hits, lex.reporting_verbs) if tok is not None else None
        if owner is not None and owner >= 0 and in_reference_clause(tok, token_hits, lex):
            owner = -1   # "his first visit since taking office in January": January is not the visit's
        dates.setdefault(owner, []).append(e)
    places: dict[int | None, list[PlaceMention]] = {}
    for p in view.places:
        tok = token_at(doc, p.start, p.end)
        # "talks since Bali": the preposition hangs from the predicate itself ("the war in Gaza" does not)
        located = tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in lex.place_prepositions \
            and tok.head.head.i in token_hits
        if not (p.locative or located) or toward_a_thing(tok, token_hits) or in_other_verbs_clause(tok, token_hits):
            continue   # "Beijing said", "the war in Gaza", "aid to Ukraine", "children deported to Russia": a topic
        if not p.locative:
            p = replace(p, locative=True)   # the parse puts the event there
        owner = owner_of(tok, token_hits, frozenset()) if tok is not None else None
        places.setdefault(owner, []).append(p)
    for k, h in enumerate(hits):
        clause = h.verb or h.anchor
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            # "the port of Vladivostok, where the two first met": the place the clause hangs on
            there = [replace(p, locative=True) for p in view.places if (t := token_at(doc, p.start, p.end))
                     is not None and clause.head in (t, t.head.head)]   # "Vladivostok", "the port of Vladivostok"
            places[k] = there[:1] + [p for p in places.get(k, []) if p not in there]
    return dates, places, token_hits


def in_reference_clause(tok, token_hits: dict[int, int], lex: Lexicon) -> bool:  # noqa: ANN001
    """True when `tok` sits in a clause, below its predicate, that tells the point an event is counted from
    ("since taking office in January", "since he won in May"; `reference_point_words`)."""
    t = tok
    for _ in range(40):
        if t.i in token_hits or t.head == t:
            return False
        if t.pos_ in ("VERB", "AUX") and t.dep_ in ("pcomp", "advcl") and (
                t.head.lower_ in lex.reference_point_words
                or any(c.dep_ == "mark" and c.lower_ in lex.reference_point_words for c in t.children)):
            return True
        if t.dep_ == "prep" and t.lower_ in lex.reference_point_words:
            return True   # "their first meeting since the election victory in July", "since May"
        t = t.head
    return False


def in_other_verbs_clause(tok, token_hits: dict[int, int]) -> bool:  # noqa: ANN001
    """Whether a place hangs, below the predicate, on a verb modifying a noun that is no event ("discussed the
    return of children deported to Russia"): it is where that happened, not where the event was."""
    t = tok
    for _ in range(40):
        if t.i in token_hits or t.head == t:
            return False
        if t is not tok and t.pos_ == "VERB" and t.dep_ in ("acl", "relcl") and t.head.i not in token_hits:
            return True   # ("the summit held in Kazan": a clause about the event noun itself places it)
        t = t.head
    return False


def toward_a_thing(tok, token_hits: dict[int, int]) -> bool:  # noqa: ANN001
    """ "aid to Ukraine", "an envoy to China": 'to' after a noun that tells no event is no destination."""
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "to":
        return False
    noun = tok.head.head
    return noun.pos_ == "NOUN" and noun.i not in token_hits


def chosen(owned: dict, k: int, hits: list[PredicateHit], token_hits: dict[int, int]) -> tuple[list, str]:
    """A predicate's own expressions, else its parent clause's, else the sentence's unattached ones."""
    if owned.get(k):
        return owned[k], "own"
    seen = {k}
    p = parent_hit(hits[k], token_hits, k)
    while p is not None and p not in seen:
        if owned.get(p):
            return owned[p], "parent"
        seen.add(p)
        p = parent_hit(hits[p], token_hits, p)
    # "The summit, which ran from 15 to 17 June, brought A together with B": the event noun that is the
    # verb's subject tells the same event, and its days are the verb's
    head = hits[k].verb or hits[k].anchor
    for j, other in enumerate(hits):
        if j != k and owned.get(j) and other.anchor.dep_ in ("nsubj", "nsubjpass") and other.anchor.head == head:
            return owned[j], "subject"
    # "hosted A, B and C at an Amazon summit in Belém": the gathering the verb's event took place at
    gatherings = load_lexicon().group_meeting_nouns
    for j, other in enumerate(hits):
        # (the parser may hang "at ..." on the last guest rather than on the verb)
        prep = other.anchor.head
        if j != k and owned.get(j) and other.anchor.dep_ == "pobj" and parent_hit(other, token_hits, j) == k \
                and prep.lower_ in ("at", "in") and lemma(other.anchor) in gatherings \
                and (prep.head == head or prep.head.ent_type_ == "PERSON"):
            return owned[j], "setting"
    # "is scheduled to hold talks with A and to meet B in Hanoi tomorrow": a coordinated predicate's
    for j, other in enumerate(hits):
        verb = other.verb or other.anchor
        if j != k and owned.get(j) and verb.pos_ == "VERB" and head.pos_ == "VERB" and (
                verb.dep_ == "conj" and verb.head == head or head.dep_ == "conj" and head.head == verb):
            return owned[j], "conjunct"
    # "During his visit to Washington in February, Lula met Biden": the trip the clause is told within
    lex = load_lexicon()
    for j, other in enumerate(hits):
        prep = other.anchor.head
        if j != k and owned.get(j) and other.verb is None and other.anchor.dep_ == "pobj" and prep.head == head \
                and prep.lower_ in lex.within_prepositions and lemma(other.anchor) in lex.event_references:
            return owned[j], "the event it was told within"
    if owned.get(None):
        return owned[None], "sentence"
    return [], ""


def clause_range(hit: PredicateHit) -> tuple[int, int]:
    """Character range of the predicate's clause (its verb's subtree, else its noun's)."""
    head = hit.verb if hit.verb is not None and hit.verb.pos_ in ("VERB", "AUX") else hit.anchor
    left, right = head.left_edge, head.right_edge
    top = head
    while top.dep_ in ("xcomp", "acomp") and top.head != top:
        top = top.head   # "The CIS heads of state are due to meet ...": the raising verb's subject is its subject
    if top is not head:
        left = min([left, *(c.left_edge for c in top.children if c.dep_ in ("nsubj", "nsubjpass"))],
                   key=lambda t: t.i)
    return left.idx, right.idx + len(right.text)


def status_of(hit: PredicateHit, date: DateValue | None, ref: dt.date | None) -> str:
    if hit.status_cue == "possible":
        return "possible"
    if hit.status_cue == "planned":
        return "planned"
    if date is not None and ref is not None and date.start > ref + dt.timedelta(days=1):
        return "planned"
    # the day after the article's date: planned unless told in the past tense (a dateline a day late)
    if date is not None and ref is not None and date.start > ref and not told_in_past(hit):
        return "planned"
    if date is not None and date.start == ref and told_in_present(hit) and later_today(hit):
        return "planned"   # "Trump flies to Doha later on Wednesday", told on that Wednesday
    return "held"


def later_today(hit: PredicateHit) -> bool:
    """Whether the predicate's clause holds a word that puts it later on the report's own day (`later_words`)."""
    words = load_lexicon().words.get("later_words", frozenset())
    top = control_chain(hit.verb or hit.anchor)[-1]
    return any(t.lower_ in words for t in top.subtree)


def told_in_present(hit: PredicateHit) -> bool:
    """ "Modi flies to Port Moresby, where on Monday ...", "Trump travels to Tokyo on Monday": a news report's
    simple present with a weekday tells the schedule ahead. Only the verb heading the clause chain counts."""
    if hit.verb is not hit.anchor and any(c.dep_ == "relcl" and c.tag_ == "VBD" for c in hit.anchor.children):
        return False   # "follows a phone call on 28 December, in which Putin apologised": told in the past
    top = control_chain(hit.verb or hit.anchor)[-1]
    if top.dep_ == "advcl" and top.tag_ == "VB" and any(c.lower_ == "to" for c in top.children):
        top = top.head   # "goes on to Sydney to hold talks": the purpose clause takes its head's tense
    return top.tag_ in ("VBZ", "VBP") and lemma(top) not in ("be", "have") and not any(
        c.dep_ in ("aux", "auxpass") for c in top.children)


def told_in_past(hit: PredicateHit) -> bool:
    """Whether the predicate's verb, or an auxiliary of it, is in the past tense."""
    verb = hit.verb or hit.anchor
    return verb.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in verb.children if c.dep_ in ("aux", "auxpass"))


def sentence_subject(view: SentenceView) -> PersonMention | None:
    """The person the sentence is about: the subject of its main verb, or else the first person who is the
    subject of a clause ("The president arrived, when X called on him; Y met him" is about the president,
    though the parser may make "met" the main verb)."""
    first = next((t for t in view.span if t.dep_ in ("nsubj", "nsubjpass") and t.i in view.person_at), None)
    for ch in view.span.root.children:
        if ch.dep_ in ("nsubj", "nsubjpass") and (first is None or ch.i <= first.i):
            for t in expand(ch):
                if t.i in view.person_at:
                    return view.person_at[t.i]
    return view.person_at[first.i] if first is not None else None


def extract_candidates(doc: Document, kb: KnowledgeBase, lex: Lexicon | None = None) -> list[Candidate]:
    """Candidate events, one per predicate with at least one participant, in text order."""
    if doc.parsed is None:
        return []
    lex = lex or load_lexicon()
    state = Discourse(kb=kb)
    out: list[Candidate] = []
    for si, (s0, s1) in enumerate(doc.sentences):
        view = sentence_view(doc, si, s0, s1)
        if view is None:
            continue
        hits = find_predicates(view.span, lex, quoted_offsets(doc.text, s0, s1))
        joined = join_attendees(doc, kb, lex, view, state)
        join_listed_attendees(doc, kb, lex, view, state)
        if join_ellipsis(doc, kb, lex, view, state):
            hits = []   # "So did X, at his first summit": the sentence tells no event of its own
        hits = [h for h in hits if not {t.i for t in h.tokens} & joined]
        found = sentence_candidates(doc, kb, lex, view, hits, state)
        join_colon_list(doc, kb, view, found)
        out.extend(found)
        if not found:
            join_delegation_heads(doc, kb, lex, view, state)
        located = [p for p in view.places if p.locative]
        state.scene = (si, view.dates, located) if not found and not hits and view.dates and located else \
            (state.scene if not found else None)
        if is_heading(doc.text, s0, s1):
            state.scene = None   # a section heading ("YESTERDAY IN BRIEF") ends the scene set before it
        named = list({m.name or m.text: m for m in view.person_at.values() if m.via != "description"}.values())
        if len(named) >= 2:
            state.named_pair = named
        if len(named) == 2 and not found and not any(cited(view, m) for m in named):
            # "Trump said he had run into Lula backstage. They agreed to meet": the pair of a sentence that
            # tells no event is who a "they" right after it means (not a source: "..., according to Kang")
            pair = to_people(doc, kb, People(mentions=named), doc.ref, None)
            if len(pair) == 2 and all(not isinstance(p, Person) or is_participant_role(p, doc.ref, kb) for p in pair):
                state.groups.append(pair)
        subject = sentence_subject(view)
        mentioned = list({m.start: m for m in view.person_at.values()}.values())
        if subject is None and not found and len(mentioned) == 1:
            subject = mentioned[0]   # "It was a crowded day for the Syrian leader. Before ..., he called on X"
        if subject is not None:   # the main clause's subject is who "he" next refers to, not a later partner
            people = to_people(doc, kb, People(mentions=[subject]), doc.ref, None)
            if people:
                state.last_person = people[0]
    return out


CLAUSE_TOPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "csubj"})


def welcomes_a_thing(hit: PredicateHit, view: SentenceView, lex: Lexicon) -> bool:
    """ "Ishiba and Yoon welcomed the statement", "received a letter": a hosting verb whose object is a thing,
    not a person or a party, hosts nobody (an event noun there, "received a call", is told by the noun)."""
    verb = hit.anchor
    if verb != hit.verb or lemma(verb) not in lex.hosting_verbs \
            or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False   # "he was received by Putin ..., a reminder of ...": a passive receives its subject
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    people_words = lex.unnamed_parties | lex.group_references | lex.audience_nouns | lex.guest_nouns
    return bool(objects) and all(o.pos_ == "NOUN" and o.i not in view.person_at and lemma(o) not in people_words
                                 and lemma(o) not in lex.nouns   # "hosted a state dinner": the event itself
                                 and not any(t.i in view.person_at for t in o.subtree) for o in objects)


def habitual(hit: PredicateHit, lex: Lexicon) -> bool:
    """A plural event noun that tells a habit, not an event: "regular reciprocal visits", "to exchange
    high-level visits" (`habitual_modifiers`, `habitual_verbs`)."""
    noun = hit.anchor
    if noun == hit.verb or noun.tag_ not in ("NNS", "NNPS"):
        return False
    return any(c.dep_ in ("amod", "advmod", "compound") and c.lower_ in lex.habitual_modifiers
               for c in noun.children) or (noun.dep_ == "dobj" and lemma(noun.head) in lex.habitual_verbs)


def question_of(hit: PredicateHit, lex: Lexicon) -> str:
    """ "asked" when the predicate's clause is a question, which tells no event: it ends in "?" ("Does he talk to
    Trump often?") or a question word opens it under a verb of asking ("Asked whether he would meet Putin");
    "open" for a question word elsewhere ("it is unclear whether they will meet": possible); else ""."""
    t = hit.verb or hit.anchor
    for u in [t, *t.ancestors]:
        if any(c.dep_ == "punct" and c.text == "?" for c in u.children):
            return "asked"
        if any(c.dep_ == "mark" and c.lower_ in lex.question_words for c in u.children):
            return "asked" if lemma(u.head) in lex.asking_verbs else "open"
        if u.dep_ in CLAUSE_TOPS:
            return ""
    return ""


def sentence_candidates(doc: Document, kb: KnowledgeBase, lex: Lexicon, view: SentenceView,
                        hits: list[PredicateHit], state: Discourse) -> list[Candidate]:
    """The candidates of one sentence's predicates."""
    if not hits:
        return []
    owned_dates, owned_places, token_hits = own_expressions(hits, view, doc, lex)
    out: list[Candidate] = []
    for k in range(len(hits)):
        out.extend(candidates_of(doc, kb, lex, view, hits, k, owned_dates, owned_places, token_hits, state, out))
    return out


def candidates_of(doc: Document, kb: KnowledgeBase, lex: Lexicon, view: SentenceView, hits: list[PredicateHit],
                  k: int, owned_dates: dict, owned_places: dict, token_hits: dict[int, int], state: Discourse,
                  earlier: list[Candidate]) -> list[Candidate]:
    """One predicate as candidate events: none when it names nobody, is denied or needs a partner; several
    when it gives several dates ("met in Moscow and Beijing in September and October")."""
    hit = hits[k]
    if hit.verb is None and is_frame(hit.anchor, lex):
        return []   # "Before the opening session ...": the session was told already
    if hit.anchor == hit.verb and hit.anchor.dep_ == "acl" and lemma(hit.anchor) in lex.hosting_verbs \
            and lemma(hit.anchor.head) in lex.nouns:
        return []   # "a state visit hosted by X": the visit tells the event, and X is at it
    question = question_of(hit, lex)
    if question == "asked" or habitual(hit, lex) or welcomes_a_thing(hit, view, lex):
        return []
    if question == "open":
        hit.status_cue = "possible"
    args = argument_tokens(hit, lex)
    subj = people_of(args.subjects, view, state, lex, doc.ref)
    partners = people_of(args.partners, view, state, lex, doc.ref)
    possessor = next((m.person for m in subj.mentions if m.person is not None), None)
    if possessor is None and isinstance(state.last_person, Person) and any(
            t.lower_ in ("his", "her", "he", "she") for t in args.subjects):
        possessor = state.last_person
    exprs, how = chosen(owned_dates, k, hits, token_hits)
    shift = shift_of_before_after(hit)
    if shift is not None and how == "own" and all(e.kind == "offset" for e in exprs):
        # "met Xi on Wednesday, three days after he held talks with Putin": the offset measures the distance
        # to the main clause's event, whose date it is counted from
        exprs, how = chosen({**owned_dates, k: []}, k, hits, token_hits)
    tense = "future" if hit.status_cue or told_in_present(hit) else "past"
    # "agreed to meet in October. Earlier in the day, X spoke with Y": a past event is not told against a plan
    usable = [c for c in (*reversed(earlier), state.last_day, state.last_dated) if c is not None
              and c.date is not None and (tense == "future" or c.status == "held")]
    anchor = named_anchor(doc, exprs, state, lex) or (usable[0].date if usable else None)
    first_people = to_people(doc, kb, subj, doc.ref, possessor) + to_people(doc, kb, partners, doc.ref, possessor)
    clause_orgs = [o.org.id for o in doc.in_span(doc.orgs, view.start, view.end)]
    doc.last_date_expr = None
    dates, method = clause_date(doc, exprs, tense, anchor, hit.anchor.idx, kb, first_people, clause_orgs)
    if how != "own" and shift is not None:
        # "met X on Wednesday, the day after he held talks with Y": Y's day is the day before, not Wednesday;
        # "less than two weeks after X hosted Y": the month two weeks before; "days after Beijing hosted Z":
        # some days before, which the text does not fix
        days, precision = shift
        dates = [shifted(d, days, precision) for d in dates if d.precision == "day" or precision == "month"] \
            if days else []
        method = method and method + "; counted from the event it is told against" if dates else ""
    day = dates[0].start if dates else doc.ref
    people = unique(to_people(doc, kb, subj, day, possessor) + to_people(doc, kb, partners, day, possessor))
    people = with_implied_subject(doc, hit, people, subj, partners, view.start)
    names = {p.name if isinstance(p, Person) else p for p in people}
    if not hit.negated and hit.status_cue and plan_told_in_past(hit) and state.called_off is not None \
            and view.index - state.called_off[0] <= 1 and names & state.called_off[1]:
        hit.negated = True   # "X postponed his trip. He had been due to meet Y in Berlin": that meeting is off
    if hit.negated:
        if len(people) >= 2:
            state.groups.append(people)
        if names:
            state.called_off = (view.index, names)
        return []
    back = pointed_back(hit, lex, state, view)
    if back is not None:
        # "The visit comes at the invitation of Wang Yi", "The meeting, scheduled for ..., will focus on ...":
        # more about an event told already
        back.participants = unique(back.participants + people)
        back.spans.append((view.start, view.end))
        refer_back(hit, lex, state, dates, owned_places.get(k, []))
        return []
    if hit.entry.mutual and len(people) < 2:
        return []
    if len(people) < 2 and not partners.mentions and any(lemma(t) in lex.audience_nouns for t in args.partners):
        return []   # "Lavrov met reporters": an audience, not a counterpart
    if not people and not (subj.unnamed or partners.unnamed or subj.countries or partners.countries):
        refer_back(hit, lex, state, dates, owned_places.get(k, []))
        return []
    inherited = False
    if not dates and not hit.status_cue and shift is None and continues_last_event(state, view, people):
        dates, method, inherited = [state.last_event.date], "from the event just told", True
    if not dates and not hit.status_cue and shift is None and (gathering := gathering_just_told(state, view)):
        # "On Wednesday, the second day of the BRICS summit in Kazan, ... Xi and Modi met for talks": that day
        dates, method, inherited = [gathering.date], "the day of the gathering just told", True
    places, _ = chosen(owned_places, k, hits, token_hits)
    if hit.kind == "meeting" and hosts_a_gathering(hit, lex):
        hit.kind = "multilateral_meeting"   # "the summit he hosted", "co-chaired the session"
    if (host := hosting_place(hit, args.subjects, subj, view, lex, state)) is not None:
        # "Beijing had also hosted Sergei Shoigu": a place that hosts a person is that person's visit there;
        # "Jeddah hosted A and B": two guests hosted together met there
        hit.kind, places = "visit" if len(people) < 2 else "meeting", [host, *places]
    scene = state.scene if state.scene and view.index - state.scene[0] <= 2 and hit.status_cue == "" else None
    if scene is not None and not dates and not told_as_earlier(hit, lex):
        dates, method = clause_date(doc, scene[1], "past", anchor, hit.anchor.idx, kb, first_people, clause_orgs)
        method = method and method + "; from the sentence that sets the scene"
        if dates and exprs:   # "X returned to Ankara on 11 May. Two days later he received Y": counted from it
            counted, how_counted = clause_date(doc, exprs, tense, dates[0], hit.anchor.idx, kb, first_people,
                                               clause_orgs)
            dates, method = (counted, how_counted + "; counted from the scene's date") if counted else (dates, method)
    if scene is not None and not places:
        places = [p for p in scene[2] if p.precision in ("city", "venue")][:1]
    if not places and hit.kind != "phone_call" and (trip := trip_just_told(state, people, view.index, dates,
                                                                            hit.status_cue)) is not None:
        places = [trip.place]   # "X arrived in Astana on Monday. He held talks with Y on Tuesday": there
    gathering = sidelines_of_told(hit, lex, state)
    framing = framed_by_told(hit, lex, state)
    if framing is not None and not dates:
        # "Before the opening session he called on Abbas": on the day of the event it is told against
        dates, method = [framing.date], "the day of the event it is told against"
        places = places or ([framing.place] if framing.place else [])
    if gathering is not None:
        # "On the sidelines, Sisi met al-Sharaa": at the gathering just told, on its day
        dates, method = dates or ([gathering.date] if gathering.date else []), method or "from the gathering"
        places = places or ([gathering.place] if gathering.place else [])
    c0, c1 = clause_range(hit)
    located = [p for p in places if p.precision != "country"]
    pieces = list(zip(dates, located, strict=True)) if len(dates) > 1 and len(located) == len(dates) else \
        [(d, pick_place(places)) for d in dates[:1] or [None]]
    if len(dates) > 1 and len(pieces) == 1:
        pieces = [(d, pick_place(places)) for d in dates]
    if subj.group or partners.group:
        people = told_there(state, people, located, dates) or people
    out = []
    groups = distributed(hit, lex, people, to_people(doc, kb, subj, day, possessor))
    for group in groups:
        for date, place in pieces:
            if date is not None and hit.kind == "visit":
                date = with_visit_length(hit, date, lex)
            cand = make_candidate(doc, kb, view, hit, group, subj, partners, date, place, method, inherited,
                                  how, (c0, c1), state, split=len(groups) > 1)
            cand.told_as_earlier = told_as_earlier(hit, lex)
            if gathering is not None and cand.forum is None:
                cand.forum, cand.forum_org = gathering.forum, gathering.forum_org
            if cand.kind == "meeting" and (len(group) >= 4 and not aides_of_two(group, date) or len(group) == 3 and (
                    lemma(hit.anchor) in lex.group_meeting_nouns or gathering_subject(hit, lex))
                    or members_of_a_body(args.partners, lex)):
                # "a summit of A, B and C", "the council brought together A, B and C", "met the foreign ministers
                # of the GCC"; a three-way "meeting" stays one
                cand.kind = "multilateral_meeting"
            if cand.kind == "multilateral_meeting" and len(group) == 2 \
                    and names_their_two_countries(hit, kb, subj.mentions + partners.mentions):
                cand.kind = "meeting"   # "co-chaired the India-Australia Foreign Ministers' Dialogue": bilateral
            out.append(cand)
    return out


def aides_of_two(group: list, date: DateValue | None) -> bool:
    """Whether everyone of a group is known to serve one of two countries: two leaders with their aides
    ("a dinner joined by Pompeo, Mulvaney, Kim Yong Chol and Ri Yong Ho") are two parties, not a gathering."""
    day = date.start if date is not None else None
    countries = [p.country_on(day) if isinstance(p, Person) else "" for p in group]
    return all(countries) and len(set(countries)) <= 2


def hosts_a_gathering(hit: PredicateHit, lex: Lexicon) -> bool:
    """Whether a meeting verb's object is a summit-like noun ("hosted the summit", "the summit he hosted")."""
    verb = hit.anchor
    if hit.verb != verb:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"] + ([verb.head] if verb.dep_ == "relcl" else [])
    return any(lemma(o) in lex.group_meeting_nouns or of_many(o, lex) for o in objects)


def gathering_subject(hit: PredicateHit, lex: Lexicon) -> bool:
    """Whether a meeting verb's subject is a summit-like noun ("the council brought together A, B and C")."""
    return hit.verb is hit.anchor and any(c.dep_ in ("nsubj", "nsubjpass") and (
        lemma(c) in lex.group_meeting_nouns or of_many(c, lex)) for c in hit.anchor.children)


def of_many(noun, lex: Lexicon) -> bool:  # noqa: ANN001
    """ "the Foreign Ministers' Meeting", "a leaders' meeting", "a meeting of ministers": an event noun whose
    owners are plural office holders is a gathering."""
    if lemma(noun) not in lex.nouns:
        return False
    owners = [c for c in noun.children if c.dep_ in ("poss", "compound")]
    owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"]
    # a capitalised "Ministers" keeps its plural as its lemma
    return any(o.tag_ in ("NNS", "NNPS") and (lemma(o) in lex.unnamed_parties or lemma(o)[:-1] in lex.unnamed_parties)
               for o in owners)


def hosting_place(hit: PredicateHit, subjects: list, subj: People, view: SentenceView,
                  lex: Lexicon, state: Discourse) -> PlaceMention | None:
    """The place that is the subject of a hosting verb (`hosting_verbs`: "Beijing hosted X", "Moscow welcomed
    X", "the same city hosted X": the last city told), when no person is; None otherwise."""
    if hit.verb != hit.anchor or lemma(hit.anchor) not in lex.words.get("hosting_verbs", frozenset()) \
            or subj.mentions or subj.resolved or not subjects:
        return None
    spans = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)) for t in subjects]
    named = next((replace(p, locative=True) for p in view.places
                  if any(a <= p.start and p.end <= b for a, b in spans)), None)
    if named is None and any(lemma(t) in lex.words["place_references"] and any(
            c.lower_ == "same" for c in t.children) for t in subjects):
        return next((replace(c.place, locative=True) for c in reversed(state.told)
                     if c.place is not None and c.place.precision in ("city", "venue")), None)
    return named


def with_implied_subject(doc: Document, hit: PredicateHit, people: list, subj: People, partners: People,
                         before: int) -> list:
    """ "The encounter with Mr Wang ran through a working lunch": an event noun with a partner and no subject
    of its own is the encounter of the person the report follows: the first it names as a subject."""
    noun = hit.anchor
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
    with_partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)
    if noun == hit.verb or not (definite and with_partner) or len(people) != 1 or subj.mentions \
            or subj.resolved or subj.unnamed or not partners.mentions or doc.parsed is None:
        return people
    mine = people[0].name if isinstance(people[0], Person) else people[0]
    lead = protagonist(doc, before, exclude=mine)
    return [lead.person or lead.name, *people] if lead is not None else people


def protagonist(doc: Document, before: int, exclude: str = "") -> PersonMention | None:
    """The person a report follows: the first it names as the subject of a clause (or in apposition to one:
    "The Prime Minister, Keir Starmer, held ..."), before offset `before`."""
    if doc.parsed is None:
        return None
    for m in doc.persons:
        if m.start >= before:
            break
        tok = token_at(doc, m.start, m.end)
        if not m.name or m.name == exclude or tok is None:
            continue
        if tok.dep_ in ("nsubj", "nsubjpass") or tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass"):
            return m
    return None


def told_there(state: Discourse, people: list, located: list[PlaceMention], dates: list[DateValue]) -> list:
    """ "After their first encounter in New York on 25 September": a group named by "their" or "the two" whose
    clause gives a place is the group of the event told there before, when the latest group met elsewhere."""
    if not located or not people:
        return []
    city = located[0].city or located[0].name
    for c in reversed(state.told):
        if len(c.participants) >= 2 and c.place is not None and (c.place.city or c.place.name) == city \
                and (not dates or c.date is None or compatible_dates(c.date, dates[0])):
            names = {p.name if isinstance(p, Person) else p for p in people}
            return list(c.participants) if set(c.names()) != names else []
    return []


UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def shift_of_before_after(hit: PredicateHit) -> tuple[int, str] | None:
    """Days between a clause opened by "after" / "before" and the event it hangs on, and the precision that
    leaves: (-1, "day") for "the day after he met", (+1, "day") for "the day before", (-3, "day") for "three
    days after", (-14, "month") for "(less than) two weeks after"; (0, "") for a distance the text does not
    count ("days after"); None when the predicate's clause is no such clause."""
    verb = hit.verb or hit.anchor
    mark = next((c.lower_ for c in verb.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    if mark is None or verb.dep_ != "advcl":
        return None
    sign = -1 if mark == "after" else 1
    measures = [verb.head] if verb.head.dep_ == "npadvmod" else []
    measures += [c for c in verb.children if c.dep_ == "npadvmod"]
    if any(lemma(m) == "day" and m.tag_ == "NN" and any(c.lower_ == "the" for c in m.children) for m in measures):
        return sign, "day"
    for m in measures:
        count = next((DATE_NUMBER_WORDS.get(c.lower_, int(c.text) if c.text.isdigit() else None)
                      for c in m.children if c.dep_ == "nummod"), None)
        if lemma(m) in UNIT_DAYS and count:
            exact = lemma(m) == "day" and not any(c.dep_ in ("amod", "quantmod") for c in m.children)
            return sign * count * UNIT_DAYS[lemma(m)], "day" if exact else "month"
    return (0, "") if measures else None


def shifted(d: DateValue, days: int, precision: str = "day") -> DateValue:
    """`d` moved by `days`; at month precision, the month the moved day falls in."""
    start = d.start + dt.timedelta(days=days)
    if precision == "month":
        first = start.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return replace(d, start=first, end=last, precision="month")
    return replace(d, start=start, end=d.end + dt.timedelta(days=days))


def plan_told_in_past(hit: PredicateHit) -> bool:
    """ "had been due to fly", "was to travel": a plan told in the past tense, as reports of plans undone are."""
    chain = control_chain(hit.verb or hit.anchor)[1:]
    return any(t.tag_ == "VBD" or any(a.dep_ == "aux" and a.tag_ == "VBD" for a in t.children) for t in chain)


def trip_just_told(state: Discourse, people: list, sentence: int, dates: list[DateValue],
                   status_cue: str) -> Candidate | None:
    """The trip told in one of the two sentences before, by one of `people`, to a city, with the same status and
    not dated after the event: where a meeting the text places nowhere else took place."""
    names = {p.name if isinstance(p, Person) else p for p in people}
    for c in reversed(state.told):
        if sentence - c.sentence_index > 2:
            return None
        if c.sentence_index == sentence or c.kind != "visit" or c.place is None \
                or c.place.precision not in ("city", "venue") or not names & set(c.names()) \
                or c.status != (status_cue or "held"):
            continue
        if all(isinstance(p, Person) and p.country == c.place.country for p in c.participants):
            return None   # "Trump flew back to Washington": a trip home is where nothing else happened
        if dates and c.date is not None and c.date.start > dates[0].start:
            return None
        return c
    return None


def framed_by_told(hit: PredicateHit, lex: Lexicon, state: Discourse) -> Candidate | None:
    """The day-dated event a clause is told against ("Before the opening session he called on Abbas, and later
    held talks with Costa"): "the session" is an event already told; the clause happened that day."""
    verbs = [hit.verb or hit.anchor]
    while verbs[-1].dep_ == "conj" and len(verbs) < 5:
        verbs.append(verbs[-1].head)
    nouns = [g for v in verbs for p in v.children if p.dep_ == "prep" for g in objects_of(p) if is_frame(g, lex)]
    if not nouns:
        return None
    if lemma(nouns[0]) in lex.group_meeting_nouns:
        return last_gathering_with_day(state, lex)   # "before the Quad session"
    told = referent(state, lemma(nouns[0]), lex)
    return told if told is not None and told.date is not None and told.date.precision == "day" else None


def is_frame(noun, lex: Lexicon) -> bool:  # noqa: ANN001
    """ "before the opening session", "after the talks": a definite event noun framing a clause in time refers
    to an event already told; it tells no new one."""
    return noun.dep_ == "pobj" and noun.head.lower_ in lex.words["framing_prepositions"] \
        and lemma(noun) in lex.event_references | lex.group_meeting_nouns \
        and any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in noun.children) \
        and not any(c.dep_ in ("prep", "poss", "relcl", "acl") for c in noun.children)   # "the trip to Moscow" is told


def sidelines_of_told(hit: PredicateHit, lex: Lexicon, state: Discourse) -> Candidate | None:
    """The gathering a bare "on the sidelines" / "on the margins" points back to: the last one told with a day."""
    bare = any(lemma(g) in lex.setting_nouns and not any(c.dep_ == "prep" and c.lower_ == "of" for c in g.children)
               for t in hit.tokens for p in t.children if p.dep_ == "prep" for g in objects_of(p))
    if not bare:
        return None
    return last_gathering_with_day(state, lex)


def gathering_just_told(state: Discourse, view: SentenceView) -> Candidate | None:
    """A summit or session, told with its day and no one named, in the sentence just before: the scene of an
    undated event told next."""
    last = state.last_event
    if last is None or last.date is None or last.date.precision != "day" or last.status != "held" \
            or (last.kind != "multilateral_meeting" and last.anchor not in load_lexicon().group_meeting_nouns) \
            or last.participants or view.index - last.sentence_index != 1:
        return None
    return last


def last_gathering_with_day(state: Discourse, lex: Lexicon) -> Candidate | None:
    """The last summit or session told with its day: a later mention may lack the day ("his first summit since
    December", "the group's third summit"), the first telling has it."""
    return next((c for c in reversed(state.told) if c.date is not None and c.date.precision == "day"
                 and (c.anchor in lex.group_meeting_nouns or c.kind == "multilateral_meeting")), None)


def distributed(hit: PredicateHit, lex: Lexicon, people: list, subjects: list) -> list[list]:
    """ "held separate talks with A, B and C", "one-on-one meetings with each": one event per partner, each
    with the subject; otherwise one event of everyone."""
    words = {lemma(c) for t in hit.tokens for c in t.children if c.dep_ in ("amod", "advmod", "compound", "det")}
    words |= {c.lower_ for t in hit.tokens for c in t.children}
    # "held meetings with A and B" (not "a round of calls with A and B", which gathers calls told one by one)
    plural_bilateral = hit.anchor.tag_ in ("NNS", "NNPS") and lemma(hit.anchor) in lex.distributive_nouns \
        and hit.anchor.dep_ != "pobj"
    # "held talks with Osmani and with Kovachevski": the preposition said again, a meeting again
    repeated = any(c.dep_ == "conj" and c.pos_ == "ADP" or c.dep_ == "prep" and any(
        x.dep_ == "conj" and x.pos_ == "ADP" for x in c.children) for t in hit.tokens for c in t.children)
    partners = [p for p in people if p not in subjects]
    marked = bool(words & lex.distributive_markers)
    if len(subjects) >= 2 and len(partners) == 1 and marked:
        return [[s, *partners] for s in subjects]   # "A and B met him separately": one meeting each
    if not subjects or len(partners) < 2 or not (marked or plural_bilateral or repeated):
        return [people]
    return [unique([*subjects, p]) for p in partners]


def continues_last_event(state: Discourse, view: SentenceView, people: list) -> bool:
    """An undated event right after a day-dated one with a shared person is part of the same episode."""
    last = state.last_event
    if last is None or last.date is None or last.date.precision != "day" or last.status != "held" \
            or last.kind == "phone_call":
        return False   # a call is over when it is told: what follows in person is another episode
    names = {p.name if isinstance(p, Person) else p for p in people}
    return view.index - last.sentence_index <= 1 and bool(set(last.names()) & names)


def make_candidate(doc: Document, kb: KnowledgeBase, view: SentenceView, hit: PredicateHit, people: list,
                   subj: People, partners: People, date: DateValue | None, place: PlaceMention | None,
                   method: str, inherited: bool, how: str, clause: tuple[int, int], state: Discourse,
                   split: bool = False) -> Candidate:
    """The candidate itself, remembered for the sentences that follow."""

    c0, c1 = clause
    cand = Candidate(
        file=doc.article.file, kind=hit.kind, status=status_of(hit, date, doc.ref),
        strength=1 if hit.entry.weak else 2, participants=people, date=date, place=place,
        spans=[(c0, c1)], clause=(c0, c1), sentence_index=view.index, group_ref=subj.group or partners.group,
        date_method=method, date_inherited=inherited, anchor=lemma(hit.anchor))
    cand.forum, cand.forum_org = find_forum(doc, kb, c0, c1, date, (view.start, view.end))
    # "to attend the 30th meeting of the OSCE Ministerial Council": the noun is the forum's own meeting
    of_objects = [g for c in hit.anchor.children if c.dep_ == "prep" and c.lower_ == "of" for g in objects_of(c)]
    cand.forum_noun = hit.anchor != hit.verb and any(
        doc.in_span(doc.orgs, g.left_edge.idx, g.right_edge.idx + len(g.right_edge.text)) for g in of_objects)
    cand.unnamed_party = subj.unnamed or partners.unnamed
    cand.sentence = (view.start, view.end)
    mentions = subj.mentions + partners.mentions
    cand.unnamed_countries = {c for m in mentions if m.person is None and not m.name for c in m.plural or []}
    cand.field_spans = field_spans(doc, mentions, doc.last_date_expr if not inherited else None, place)
    cand.split = split
    cand.titles = titles_of(doc, people)
    remember(state, cand)
    return cand


def titles_of(doc: Document, people: list) -> dict[str, tuple[str, str]]:
    """The office and country the article's titles give the people the knowledge base does not know."""
    unknown = {p for p in people if isinstance(p, str)}
    return {m.name: (m.office, m.country) for m in doc.persons
            if m.person is None and m.name in unknown and m.country}


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10}


def with_visit_length(hit: PredicateHit, date: DateValue, lex: Lexicon) -> DateValue:
    """ "began a two-day visit on Monday": the visit covers two days from its date ("wound up": to it)."""
    if date.precision != "day" or date.start != date.end:
        return date
    # "began a two-day visit", "flies on to Vienna for a two-day visit to Austria": the words before the visit
    nouns = [hit.anchor, *(g for c in hit.anchor.children if c.dep_ == "prep" for g in objects_of(c)
                           if any(p.kind == "visit" for p in lex.nouns.get(lemma(g), [])))]
    words = [t.lower_ for noun in nouns for t in noun.subtree if t.i < noun.i and t.i >= noun.left_edge.i
             and (noun is hit.anchor or t.head == noun or t.head.head == noun)]
    n = 0
    for i, w in enumerate(words):
        if w in ("day", "days") and i > 0:
            prev = words[i - 1] if words[i - 1] != "-" or i < 2 else words[i - 2]
            n = NUMBER_WORDS.get(prev) or (int(prev) if prev.isdigit() else 0)
        elif w.endswith("-day"):
            first = w[:-4]
            n = NUMBER_WORDS.get(first) or (int(first) if first.isdigit() else 0)
    if not 1 < n <= 14:
        return date
    span = dt.timedelta(days=n - 1)
    ending = hit.verb is not None and lemma(hit.verb) in lex.ending_verbs
    method = date.method + "; length of the visit"
    if ending:
        return DateValue(date.start - span, date.start, "day", method)
    return DateValue(date.start, date.start + span, "day", method)


def join_delegation_heads(doc: Document, kb: KnowledgeBase, lex: Lexicon, view: SentenceView,
                          state: Discourse) -> None:
    """ "The Russian team was led by X": the heads of the delegations just told took part."""
    last = state.last_event
    if last is None or view.index - last.sentence_index > 2:
        return
    heads: list[PersonMention] = []
    for tok in view.span:
        if lemma(tok) in lex.delegation_heads and tok.pos_ == "VERB" and any(
                c.dep_ == "nsubjpass" and lemma(c) in lex.unnamed_parties for c in tok.children):
            for agent in (c for c in tok.children if c.dep_ == "agent"):
                for obj in agent.children:
                    heads.extend(view.person_at[t.i] for t in expand(obj) if t.i in view.person_at)
    if heads:
        last.participants = unique(last.participants + to_people(doc, kb, People(mentions=heads), doc.ref, None))


def told_as_earlier(hit: PredicateHit, lex: Lexicon) -> bool:
    """ "after meeting X", "since they met", "met two years ago": the event is told as an earlier one."""
    head = hit.verb or hit.anchor
    if head.dep_ in ("pcomp", "pobj") and lemma(head.head) in lex.earlier_markers:
        # "told reporters after his talks with Putin": what is reported after the talks is about them, the
        # talks are the news of that scene, not an earlier event
        return not (lemma(head.head) == "after" and lemma(head.head.head) in lex.reporting_verbs)
    # ("received X shortly after landing", "met Y after the summit": placed against another event, not earlier)
    return any(lemma(c) in lex.earlier_markers and (c.dep_ in ("mark", "advmod")
                                                    or c.dep_ == "prep" and lemma(c) not in ("after", "before"))
               for c in head.children)


def refer_back(hit: PredicateHit, lex: Lexicon, state: Discourse, dates: list[DateValue],
               places: list[PlaceMention]) -> None:
    """ "The talks took place in the Kremlin on Monday": fill what the event just told left open."""
    last = referent(state, lemma(hit.anchor), lex)
    if last is None or lemma(hit.anchor) not in lex.event_references:
        return
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in hit.anchor.children):
        return   # "in a phone call on Wednesday": another event, not the one just told
    if last.date is None and dates:
        last.date, last.date_method = dates[0], dates[0].method + "; from a later sentence about the event"
    located = [p for p in places if p.precision in ("venue", "city")]
    if last.place is None and located:
        last.place = located[0]


def pointed_back(hit: PredicateHit, lex: Lexicon, state: Discourse, view: SentenceView) -> Candidate | None:
    """The event a definite event noun subject refers back to ("The visit comes at the invitation of X",
    "The talks were hosted by X"), when it is of the same kind and told in the last two sentences."""
    noun = hit.anchor
    # a ROOT noun is a subject the parser lost its verb for ("The summit, hosted by X, focused on ...")
    if noun == hit.verb or noun.dep_ not in ("nsubj", "nsubjpass", "ROOT") or lemma(noun) not in lex.event_references:
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children) and not any(
            c.dep_ == "poss" and not any(t.i in view.person_at for t in c.subtree) for c in noun.children):
        return None   # neither "the meeting" nor "their meeting", "the ministers' meeting"
    if told_as_its_own(noun, lex, view):
        return None
    if hit.status_cue:
        # "The meeting, scheduled for ...": the event told with that status, however far back
        return next((c for c in reversed(state.told) if c.status == hit.status_cue
                     and (c.kind == "phone_call") == (hit.kind == "phone_call")), None)
    target = referent(state, lemma(noun), lex)
    if target is None or view.index - target.sentence_index > 2 or (target.kind == "phone_call") != (
            hit.kind == "phone_call"):
        return None
    if told_in_past(hit) and target.status != "held":
        return None   # "The talks came hours after ...": not the visit just agreed on
    return target


def told_as_its_own(noun, lex: Lexicon, view: SentenceView) -> bool:  # noqa: ANN001
    """Whether an event noun describes an event of its own ("the first talks between X and Y", "the Putin-Xi
    summit") rather than pointing back to one told ("the meeting", "the gathering of foreign ministers",
    "the call, together with A"): a modifier (not one naming a part of it: "the opening session"), or a partner
    phrase that names someone."""
    return any(c.dep_ in ("amod", "compound", "nummod") and lemma(c) not in lex.part_modifiers
               and c.lower_ not in lex.part_modifiers or (
        c.dep_ == "prep" and c.lower_ in lex.partner_prepositions and not companion(c)
        and any(g.pos_ in ("PROPN", "PRON") or g.i in view.person_at for g in objects_of(c)))
        for c in noun.children)


def referent(state: Discourse, noun: str, lex: Lexicon) -> Candidate | None:
    """The event "the talks" / "the summit" refers back to: the last one told, but a summit-like noun
    ("the summit", "the gathering") refers to the last event reported by such a noun."""
    if noun in lex.group_meeting_nouns:
        # "the summit", "the gathering": the last one told as such, or a forum's meeting one person attends
        return next((c for c in reversed(state.told) if c.anchor in lex.group_meeting_nouns
                     or len(c.unnamed_countries) >= 3
                     or c.forum_org and len(c.participants) <= 1), None)
    kinds = {p.kind for p in lex.nouns.get(noun, []) if not p.dependents}   # "call", not "courtesy call"
    if kinds & {"visit", "phone_call"}:
        # "during that visit", "joined the call": the last trip or call told, not the last event
        return next((c for c in reversed(state.told) if c.kind in kinds), state.last_event)
    return state.last_event


def attendance_target(tok, view: SentenceView, state: Discourse, lex: Lexicon):  # noqa: ANN001, ANN201
    """The event an attendance verb joins, with the object tokens that name it; (None, []) when the verb
    reports something else ("attended a summit in Rome" is a new event, "hosted Modi" a meeting)."""
    # "took part in the session": the preposition may hang from the particle-like object "part"
    heads = [tok, *(c for c in tok.children if c.dep_ == "dobj" and lemma(c) == "part")]
    objects = [c for c in tok.children if c.dep_ == "dobj" and lemma(c) != "part"] + [
        g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "at") for g in c.children
        if g.dep_ == "pobj"]
    if not objects:
        last = state.last_event
        # "Sitting in were A and B", "C also attended": people present in a room, never on a call
        recent = last is not None and view.index - last.sentence_index <= 5 and last.kind != "phone_call" and (
            tok.dep_ == "ROOT" or inverted_attendance(tok))
        return (last, []) if recent else (None, [])
    obj = objects[0]
    # "the call", "today's call", "Monday's meeting"
    definite = any(c.dep_ in ("det", "poss") and (c.lower_ in ("the", "this", "that", "its") or
                                                  c.dep_ == "poss" and c.ent_type_ == "DATE") for c in obj.children)
    if not definite or told_as_its_own(obj, lex, view) \
            or lemma(obj) not in lex.event_references | lex.group_meeting_nouns:
        return None, []
    return referent(state, lemma(obj), lex), objects


def join_attendees(doc: Document, kb: KnowledgeBase, lex: Lexicon, view: SentenceView,
                   state: Discourse) -> set[int]:
    """ "Abbas, Guterres and Costa attended", "Sisi hosted the meeting": people who join an event already
    told. Returns the tokens used, which then report no event of their own."""
    used: set[int] = set()
    for tok in view.span:
        if tok.pos_ != "VERB" or not phrase_at(tok, lex.phrases("attendance_verbs")):
            continue
        target, objects = attendance_target(tok, view, state, lex)
        if target is None:
            continue
        # "Taking part were A and B": the parser may hang the people on the auxiliary "were"
        subjects = [c for c in tok.children if c.dep_ == "nsubj"] or [
            g for a in tok.children if a.dep_ == "aux" and lemma(a) == "be" for g in a.children
            if g.dep_ == "nsubj"] or inherited_subjects(tok)
        if inverted_attendance(tok):   # "Attending were A, B and C": the people follow the copula
            subjects = [c for c in tok.head.children if c.dep_ in ("attr", "nsubj", "acomp") and c != tok]
        # "X joined the call, together with A, B and C"
        subjects += [g for c in tok.children if c.dep_ == "advmod" and c.lower_ in ("together", "along")
                     for p in c.children if p.dep_ == "prep" and p.lower_ == "with" for g in objects_of(p)]
        subjects += [g for c in tok.children if c.dep_ == "prep" and companion(c) for g in objects_of(c)]
        day = target.date.start if target.date else doc.ref
        people = to_people(doc, kb, people_of(subjects, view, state, lex, day), day, None)
        # "Some ministers took part in the meeting by video link": about the event told, though nobody named
        used.update({tok.i, *(o.i for o in objects)})
        if not people:
            continue
        join(target, people, view, lex)
        state.joined = (view.index, target)
    return used


def inverted_attendance(tok) -> bool:  # noqa: ANN001
    """ "Attending were A and B": the attendance verb is the subject of "be", the people its complement."""
    return tok.dep_ in ("nsubj", "csubj") and lemma(tok.head) == "be"


def join(target: Candidate, people: list, view: SentenceView, lex: Lexicon) -> None:
    """People who join an event already told; a summit-like meeting of three or more is multilateral, and so is
    one of four or more told first of an unnamed group ("Foreign ministers of the SCO met ... Attending were
    A, B, C and D"); aides who sit in on a meeting of two leave it a meeting."""
    unnamed_group = not target.participants
    target.participants = unique(target.participants + people)
    target.spans.append((view.start, view.end))
    if target.kind == "meeting" and (len(target.participants) >= 4 and unnamed_group or len(target.participants) >= 3
                                     and target.anchor in lex.group_meeting_nouns):
        target.kind = "multilateral_meeting"
    elif target.kind == "phone_call" and len(target.participants) >= 4:
        target.kind = "multilateral_meeting"   # a video conference of four or more is a virtual summit


def join_ellipsis(doc: Document, kb: KnowledgeBase, lex: Lexicon, view: SentenceView, state: Discourse) -> bool:
    """ "Abbas and Guterres attended. So did al-Sharaa.": the verb said again by "so did" joins its subject too.
    Returns whether the sentence was such a repetition."""
    if state.joined is None or view.index - state.joined[0] != 1:
        return False
    for tok in view.span:
        if lemma(tok) == "do" and tok.dep_ == "ROOT" and any(c.lower_ == "so" for c in tok.children):
            target = state.joined[1]
            day = target.date.start if target.date else doc.ref
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            people = to_people(doc, kb, people_of(subjects, view, state, lex, day), day, None)
            if people:
                join(target, people, view, lex)
                state.joined = (view.index, target)
                return True
    return False


def join_colon_list(doc: Document, kb: KnowledgeBase, view: SentenceView, found: list[Candidate]) -> None:
    """ "X sat down with the presidents of the five Central Asian republics: A of K, B of L, ...": the names
    after a colon that ends an event's unnamed group are that group."""
    colon = doc.text.find(":", view.start, view.end)
    target = next((c for c in reversed(found) if c.unnamed_party and c.clause[0] < colon), None) \
        if colon >= 0 else None
    if target is None or doc.text[target.clause[0]:colon].count(" ") < 2:
        return
    listed = People(mentions=[m for i, m in sorted(view.person_at.items()) if m.start > colon])
    day = target.date.start if target.date else doc.ref
    people = [p for p in to_people(doc, kb, listed, day, None) if p not in target.participants]
    if len(people) >= 2:
        target.participants = unique(target.participants + people)


def listed_attendees_from(text: str, root_lemma: str, lex: Lexicon) -> int | None:
    """Where a sentence's list of the people at a gathering starts, or None when it lists none: after an opener
    and a colon ("Around the table: Trump, ..."), or the whole sentence when it says with "be" that they were
    there ("Among those around the table were A, B and C", "A and B were among the leaders at the table")."""
    openers = lex.words["attendance_list_openers"]
    colon = text.find(":")
    opener = " ".join(text[:colon].lower().split()) if colon > 0 else ""
    if opener and any(opener == o or opener.endswith(" " + o) for o in openers):
        return colon + 1
    if root_lemma != "be":
        return None
    low = " ".join(text.lower().split()).rstrip(" .")
    among = r"(?:among (?:those|the \w+)\s+)?"
    for o in openers:
        if re.match(among + re.escape(o) + r"\b", low) or re.search(r"\bamong (?:those|the \w+)\s+"
                                                                   + re.escape(o) + r"$", low):
            return 0
    return None


def join_listed_attendees(doc: Document, kb: KnowledgeBase, lex: Lexicon, view: SentenceView,
                          state: Discourse) -> bool:
    """ "Around the table: Trump, France's Macron, ...", "Among those present were A and B": the people listed
    were at the gathering just told (the last one reported by a summit-like noun, else the last event)."""
    text = doc.text[view.start:view.end]
    start = listed_attendees_from(text, lemma(view.span.root), lex)
    if start is None:
        return False
    target = referent(state, "summit", lex) or state.last_event
    if target is None or view.index - target.sentence_index > 3:
        return False
    listed = People(mentions=[m for i, m in sorted(view.person_at.items()) if m.start >= view.start + start])
    day = target.date.start if target.date else doc.ref
    people = to_people(doc, kb, listed, day, None)
    if not people:
        return False
    join(target, people, view, lex)
    return True


def remember(state: Discourse, cand: Candidate) -> None:
    state.told.append(cand)
    state.last_event = cand
    if cand.participants:
        state.last_person = cand.participants[0]
    if len(cand.participants) >= 2 and not cand.split:
        # each of "separate talks with A and B" is no group that a later "they" or "their" can mean
        state.groups.append(list(cand.participants))
    if cand.date is not None:
        state.last_dated = cand
        if cand.date.precision == "day":
            state.last_day = cand


__all__ = ["RELATIVE_PRONOUNS", "extract_candidates"]
