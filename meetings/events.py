"""Events: from an analysed document to the meetings, visits and calls it reports.

Each sentence is cut into clauses ("..., where he held talks with ...", "Putin's talks with Xi ...");
a clause with a meeting word (met, talks, visit, phone call ...) becomes a candidate event with the
people, date, place and forum found in it. Pronouns and group references ("they", "the two", "the
pair") borrow the people of the clause or event just before. Candidates that report the same meeting
are then consolidated within the article (`meetings.merging`, which also merges across articles).
Clause cutting and cue words live in `meetings.clauses`, forum lookups in `meetings.forums`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from meetings.actors import PersonMention, is_participant_role, resolve_description
from meetings.candidates import Candidate, unique
from meetings.clauses import (
    CONTINUATION,
    DURING_THAT_TRIP,
    GROUP_REF,
    MEETING,
    MULTILATERAL,
    PHONE,
    SUBJECT_PRONOUN,
    VISIT_STRONG,
    VISIT_WEAK,
    clause_spans,
    clause_status,
    clause_tense,
    detect_kind,
    is_negated,
    tense_window,
    unquoted,
)
from meetings.dates import DateExpr, DateValue, resolve_date
from meetings.document import Document
from meetings.forums import find_forum, forum_at, forum_on, year_from_knowledge
from meetings.knowledge import KnowledgeBase, Person
from meetings.merging import consolidate
from meetings.places import PlaceMention, lookup_city
from meetings.topics import label_topics

OTHER_PARTY = re.compile(r"\b(?:officials|delegations?|representatives|negotiators|envoys|negotiating\s+teams?)\b",
                         re.I)
LED_BY = re.compile(r"\b(?:delegation|team|side)\s+(?:was\s+|is\s+|were\s+|will\s+be\s+)?(?:led|headed)\s+by\b",
                    re.I)
N_DAY = re.compile(r"\b(?P<n>two|three|four|five|six|seven|\d)-day\s+(?:\w+\s+){0,2}(?:visit|trip|tour|stay)\b",
                   re.I)
# the verbs that tie a visit's length to a date: "began a two-day visit on Monday", "arrived ... for a three-day"
VISIT_BOUNDS = re.compile(r"\b(?:arriv\w+|began|begins|begin|start\w*|commenc\w+|kick\w*\s+off|opened|open|"
                          r"wound\s+up|wrapped\s+up|ended|ends|concluded|concludes|closed\s+out|completed|left|"
                          r"(?:will|to)\s+(?:pay|make|travel)|pays?|paid|made|makes|embark\w*|"
                          r"for\s+an?\s+\w+-day)\b", re.I)
ENDING = re.compile(r"\b(?:wound\s+up|wrapped\s+up|ended|ends|concluded|concludes|closed\s+out|completed|"
                    r"rounded\s+off|finished|left)\b", re.I)
EARLIER_CLAUSE = re.compile(r"\W*(?:\w+\s+){0,2}(?:after|before|since|ago)\b", re.I)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def since_meeting(doc: Document, kb: KnowledgeBase, state: ArticleState, clause: tuple[int, int],
                  places: list[PlaceMention], prev_people: list, prev_text: str) -> Candidate | None:
    """ "the first time the two presidents met since Helsinki in July 2018": an earlier meeting of the same people."""
    c0, c1 = clause
    ctext = doc.text[c0:c1]
    if not re.match(r"\s*since\b", ctext, re.I) or not re.search(r"\bfirst\b", prev_text, re.I):
        return None
    located = [p for p in places if p.locative or re.match(r"\s*since\s+(?:the\s+)?$", doc.text[c0:p.start])]
    exprs = [e for e in doc.in_span(doc.dates, c0, c1) if e.kind in ("months", "dmy", "mdy", "year")]
    if not located or not exprs:
        return None
    values = resolve_date(exprs[0], doc.ref, "past")
    people = list(prev_people)
    group = GROUP_REF.search(prev_text)
    if len(people) < 2 and group and state.groups:
        people = pick_group(state.groups, group.group(), values[0].start if values else None)
    if not values or len(people) < 2 or (doc.ref is not None and values[0].start > doc.ref):
        return None
    place = min(located, key=lambda p: {"venue": 0, "city": 1}.get(p.precision, 2))
    cand = Candidate(file=doc.article.file, kind="meeting", status="held", strength=2, participants=people,
                     date=values[0], place=place, spans=[clause], clause=clause, date_method=values[0].method)
    cand.field_spans = field_spans(doc, [], exprs[0], place)
    return cand


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


@dataclass
class ArticleState:
    """What the extractor remembers while reading an article in order."""

    groups: list[list[Person | str]] = field(default_factory=list)  # people of earlier events, oldest first
    last_subject: Person | str | None = None
    last_event: Candidate | None = None
    last_dated: Candidate | None = None
    last_day: Candidate | None = None              # the latest event dated to the day


GROUP_OFFICES = {"minister": "foreign_minister", "diplomat": "foreign_minister", "president": "head_of_state",
                 "leader": "head_of_state"}


def pick_group(groups: list[list[Person | str]], phrase: str, day: dt.date | None) -> list[Person | str]:
    """Who "the two ministers" / "the pair" are: the latest group, or the latest whose members hold that office."""
    phrase = phrase.lower()
    office = next((o for word, o in GROUP_OFFICES.items() if word in phrase), "")
    if office:
        for group in reversed(groups):
            holders = [p for p in group if isinstance(p, Person) and any(
                o.office == office or (office == "head_of_state" and o.office == "head_of_government")
                for o in p.offices_on(day))]
            if len(holders) >= 2:
                return holders
    return list(groups[-1])


REPORTING_AFTER = re.compile(r"\s*(?:,\s*)?(?:said|says|announced|told|confirmed|noted|added|stated|wrote|"
                             r"posted|reported)\b", re.I)


def acting_people(doc: Document, mentions: list[PersonMention], trigger_at: int) -> list[Person | str]:
    """People named right before the meeting word ("spokeswoman Maria Zakharova met ..."): they act in it,
    whatever their office; a spokesperson who only reports ("..., Zakharova said") does not."""
    out = []
    for m in mentions:
        p = person_of(m)
        if p is None or m.end > trigger_at or trigger_at - m.end > 25:
            continue
        if REPORTING_AFTER.match(doc.text[m.end:m.end + 20]):
            continue
        out.append(p)
    return out


def person_of(m: PersonMention) -> Person | str | None:
    return m.person if m.person is not None else (m.name or None)


def resolve_mentions(doc: Document, kb: KnowledgeBase, mentions: list[PersonMention], day: dt.date | None,
                     possessor: Person | None) -> list[Person | str]:
    out: list[Person | str] = []
    for m in mentions:
        if m.via == "description" and not m.country and not m.plural and not m.counterpart:
            # "the chancellor": the holder of that office the article last named
            holders = [x.person for x in doc.persons if x.person is not None and x.start < m.start
                       and any(o.office == m.office for o in x.person.offices_on(day))]
            if holders:
                out.append(holders[-1])
        elif m.via == "description":
            owner = possessor
            out.extend(resolve_description(m, kb, day, owner))
        else:
            p = person_of(m)
            if p is not None:
                out.append(p)
                if isinstance(p, Person):
                    possessor = p
    return out



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
        if is_report_date(doc.text, e):
            continue
        if e.kind == "offset" and re.match(r"\s+(?:the|their|his|her|Mr|Ms|[A-Z])", doc.text[e.end:e.end + 6]):
            continue  # "six months after their last encounter": the reference is named, not the last event
        values = resolve_date(e, doc.ref, tense, anchor)
        if not values and doc.ref is None and kb is not None and e.kind in ("mdy", "dm", "mdmd") \
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
    return best, best[0].method


REPORT_WORD = re.compile(r"\b(?:announc\w*|said|says|told|reported|confirmed|statement|briefing|readout|"
                         r"citing|according)\b(?=[^,.;]{0,90}$)", re.I)


def is_report_date(text: str, e: DateExpr) -> bool:
    """'announced on Friday', 'citing the announcement ... on the 7th': the date of a report, not the event."""
    window = text[max(0, e.start - 100):e.start]
    window = re.split(r"[,.;:]", window)[-1]
    found = list(REPORT_WORD.finditer(window))
    if not found:
        return False
    m = found[-1]
    between = window[m.end():]
    return not (MEETING.search(between) or VISIT_STRONG.search(between) or PHONE.search(between))


def last_city(doc: Document, before: int) -> PlaceMention | None:
    """The city most recently named as a location before `before` ("... the city's party secretary")."""
    cities = [p for p in doc.places if p.end <= before and p.locative and p.precision in ("city", "venue")]
    return cities[-1] if cities else None


def pick_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The most precise located place of a clause (a venue or city before a country)."""
    located = [p for p in places if p.locative]
    if not located:
        return None
    rank = {"venue": 0, "city": 1, "region": 2, "country": 3}
    return min(located, key=lambda p: (rank.get(p.precision, 4), 0))


def extract_candidates(doc: Document, kb: KnowledgeBase) -> list[Candidate]:
    """Candidate events, one per clause that reports a meeting, visit or call, in text order."""
    state = ArticleState()
    out: list[Candidate] = []
    text = doc.text
    for si, (s0, s1) in enumerate(doc.sentences):
        sentence_persons = doc.in_span(doc.persons, s0, s1)
        sentence_subject = next((person_of(m) for m in sentence_persons if m.via != "description"), None)
        if re.match(r"\s*(?:He|She)\b", text[s0:s1]) and state.last_subject is not None:
            sentence_subject = state.last_subject
        elif sentence_persons and sentence_persons[0].via == "description":
            resolved = resolve_mentions(doc, kb, sentence_persons[:1], doc.ref, None)
            sentence_subject = resolved[0] if resolved else sentence_subject
        prev_clause_people: list[Person | str] = []
        prev_clause_place: PlaceMention | None = None
        prev_clause_last_place: PlaceMention | None = None
        prev_clause_date: DateValue | None = None
        sentence_first = len(out)
        prev_clause_text = ""
        spare_clauses: list[tuple[int, int]] = []
        for c0, c1 in clause_spans(doc, s0, s1):
            ctext = text[c0:c1]
            mentions = doc.in_span(doc.persons, c0, c1)
            places = doc.in_span(doc.places, c0, c1)
            qtext = unquoted(ctext)
            found = detect_kind(qtext)
            day_hint = doc.ref
            people = resolve_mentions(doc, kb, mentions, day_hint, state.last_subject
                                      if isinstance(state.last_subject, Person) else None)
            if found is None:
                if re.search(r"\b(?:he|she)\b", ctext, re.I) and isinstance(sentence_subject, Person) \
                        and sentence_subject not in people:
                    people = [sentence_subject, *people]
                if LED_BY.search(ctext) and state.last_event is not None and people and \
                        si - state.last_event.sentence_index <= 2:
                    # "The Russian team was led by X": the heads of delegation took part
                    state.last_event.participants = unique(state.last_event.participants + people)
                earlier = since_meeting(doc, kb, state, (c0, c1), places, prev_clause_people, prev_clause_text)
                if earlier is not None:
                    out.append(earlier)
                    continue
                spare_clauses.append((c0, c1))
                prev_clause_text = ctext
                prev_clause_people = people or prev_clause_people
                prev_clause_place = pick_place(places) or prev_clause_place
                located = [p for p in places if p.locative]
                prev_clause_last_place = located[-1] if located else prev_clause_last_place
                if people:
                    state.last_subject = people[0]
                continue
            kind, strength = found
            matches = [m for rx in (PHONE, MULTILATERAL, VISIT_STRONG, MEETING, VISIT_WEAK) if (m := rx.search(qtext))]
            kind_pos = c0 + min((m.start() for m in matches), default=0)
            if is_negated(qtext, kind_pos - c0):
                spare_clauses.append((c0, c1))
                continue
            tense = clause_tense(tense_window(ctext, kind_pos - c0))
            # "that day", "two days before": the latest day the text named, not a month ("earlier this month")
            anchor = prev_clause_date or (state.last_day.date if state.last_day else None) or \
                (state.last_dated.date if state.last_dated else None)
            exprs = [e for e in doc.in_span(doc.dates, c0, c1)
                     if not (e.kind in ("weekday", "relative", "ord") and qtext[e.start - c0:e.end - c0].isspace())]
            clause_orgs = [o.org.id for o in doc.in_span(doc.orgs, s0, s1)]
            doc.last_date_expr = None
            dates, method = clause_date(doc, exprs, tense, anchor, kind_pos, kb,
                                        resolve_mentions(doc, kb, mentions, None, None), clause_orgs)
            inherited = False
            if not dates and re.match(r"\s*(?:when|where|who|by\s+[a-z]+ing|then)\b", ctext) and prev_clause_date:
                dates, method = [prev_clause_date], prev_clause_date.method
                inherited = re.match(r"\s*(?:when|where)\b", ctext) is not None
            day = dates[0].start if dates else doc.ref
            if day != day_hint:
                people = resolve_mentions(doc, kb, mentions, day, state.last_subject
                                          if isinstance(state.last_subject, Person) else None)
            # pronouns: "he held talks with X" -> the sentence's (or previous sentence's) subject
            before_trigger = text[c0:kind_pos]
            first_mention = min((m.start for m in mentions), default=c1)
            pronoun = SUBJECT_PRONOUN.search(before_trigger)
            if pronoun and c0 + pronoun.start() < first_mention:
                subject = sentence_subject if sentence_subject is not None and not any(
                    m.start >= c0 for m in sentence_persons if person_of(m) == sentence_subject) \
                    else state.last_subject
                if re.match(r"\s*(?:where|when)\b", ctext, re.I) and prev_clause_people:
                    subject = prev_clause_people[0]  # "Choe returned from Moscow, where she met Putin"
                if isinstance(subject, Person) and re.match(r"\s*(?:who|which)\b", ctext, re.I) is None:
                    people.insert(0, subject)
            if re.match(r"\s*(?:who|which)\b", ctext, re.I) and prev_clause_people:
                people.insert(0, prev_clause_people[-1])
            elif sentence_subject is not None and c0 > s0 and sentence_subject not in people and (
                    re.match(r"\s*(?:(?:was|were|is|are|had|has|have|also|then|and|spent|held|met|sat|went|came|took|"
                             r"flew|spoke|\w+ed)\b|after\s+[a-z]+ing|by\s+[a-z]+ing|before\s+[a-z]+ing)", ctext)):
                # "X, who ..., was received by Y" / "X did A, after meeting Y": the sentence's subject acts
                people.insert(0, sentence_subject)
            group = False
            group_ref = GROUP_REF.search(text[c0:min(c1, kind_pos + 25)])
            if group_ref:
                if re.match(r"\s*(?:when|where)\b", ctext, re.I) and len(prev_clause_people) >= 2:
                    people = prev_clause_people + people
                elif state.groups:
                    people = pick_group(state.groups, group_ref.group(), day) + people
                group = True
            if not people and re.match(r"\s*(?:when|where)\b", ctext, re.I) and prev_clause_people:
                people = list(prev_clause_people)  # "..., where both attended the G20 meeting"
            acting = acting_people(doc, mentions, kind_pos)
            people = [p for p in unique(people)
                      if p in acting or is_participant_role(p if isinstance(p, Person) else None, day, kb)]
            place = pick_place(places)
            hosted = next((p for p in places if re.match(r"\s+(?:had\s+|has\s+)?(?:also\s+)?hosted\b",
                                                          text[p.end:p.end + 25])), None)
            if hosted is not None and people:
                # "Beijing had also hosted Sergei Shoigu": a visit to that place
                kind, strength, place = "visit", 2, hosted
            if place is None and re.match(r"\s*where\b", ctext, re.I):
                place = prev_clause_last_place
            if place is None and re.search(r"\bhere\b", ctext) and doc.dateline_place is not None:
                place = doc.dateline_place
            if place is None and re.search(r"\b(?:the|that)\s+city\b|\bthere\b", ctext, re.I):
                place = last_city(doc, c0)
            if dates and len(dates) > 1:
                located = [p for p in places if p.locative and p.precision != "country"]
                pieces = [(d, located[i] if len(located) == len(dates) else place) for i, d in enumerate(dates)]
            else:
                pieces = [(dates[0] if dates else None, place)]
            if re.search(r"\bseparate(?:ly)?\b", ctext, re.I) and len(people) >= 3:
                # "separate talks with A and B": one event per partner
                groups = [[people[0], other] for other in people[1:]]
            else:
                groups = [people]
            pieces = [(d, pl, g) for d, pl in pieces for g in groups]
            for date, piece_place, people in pieces:
                if date is not None and kind == "visit":
                    m = N_DAY.search(ctext)
                    if m and date.precision == "day" and date.start == date.end and VISIT_BOUNDS.search(ctext):
                        n = NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
                        if ENDING.search(ctext[:m.start()]):  # "wound up a three-day visit on Friday"
                            date = DateValue(date.start - dt.timedelta(days=n - 1), date.start, "day",
                                             date.method + "; length of the visit")
                        else:
                            date = DateValue(date.start, date.start + dt.timedelta(days=n - 1), "day",
                                             date.method + "; length of the visit")
                forum, forum_org = find_forum(doc, kb, c0, c1, date, (s0, s1))
                cand = Candidate(
                    file=doc.article.file, kind=kind, strength=strength,
                    status=clause_status(tense_window(ctext, kind_pos - c0), date, doc.ref),
                    participants=people, date=date, place=piece_place, forum=forum, forum_org=forum_org,
                    spans=[(c0, c1)], clause=(c0, c1), sentence_index=si, group_ref=group,
                    date_method=method, date_inherited=inherited)
                after_and = re.search(r"\band\s*$", text[max(s0, c0 - 6):c0]) is not None
                cand.continues = bool(CONTINUATION.match(ctext) and after_and) or bool(DURING_THAT_TRIP.search(ctext))
                if forum is not None and kind == "meeting" and MULTILATERAL.search(ctext) and len(people) < 2:
                    cand.kind = "multilateral_meeting"
                cand.field_spans = field_spans(doc, mentions, doc.last_date_expr if not inherited else None,
                                               piece_place)
                out.append(cand)
                state.last_event = cand
                if cand.date is not None and people:
                    state.last_dated = cand
                    if cand.date.precision == "day":
                        state.last_day = cand
            if len(people) >= 2:
                state.groups.append([p for p in people])
            if people:
                state.last_subject = people[0]
            prev_clause_people = people or prev_clause_people
            prev_clause_place = place or prev_clause_place
            located = [p for p in places if p.locative]
            prev_clause_last_place = located[-1] if located else prev_clause_last_place
            prev_clause_date = dates[0] if dates else None  # a later clause may only borrow its neighbour's date
            prev_clause_text = ctext
        if len(out) > sentence_first:
            # clauses without a meeting word belong to the sentence's first event ("..., is expected to cover X")
            out[sentence_first].spans.extend(spare_clauses)
            for cand in out[sentence_first:]:
                if len(cand.participants) != 1:
                    continue
                # "an evening at Putin's residence, where the Russian leader served Mr Modi tea": the host's guest
                for a, b in spare_clauses:
                    if a >= cand.clause[1] and re.match(r"\s*(?:where|when)\b", text[a:b], re.I):
                        extra = resolve_mentions(doc, kb, doc.in_span(doc.persons, a, b),
                                                 cand.date.start if cand.date else doc.ref, None)
                        cand.participants = unique(cand.participants + extra)
    return out


def attach_context(doc: Document, cands: list[Candidate], main: Candidate | None) -> None:
    """Give sentences without an event of their own to the event they talk about (for topics and orgs).

    An event's own evidence is its clause; a sentence none of whose clauses reports an event goes to
    the event the text is following (after "They ...", "During that visit ...") or else to the main one.
    """
    def owner(span: tuple[int, int]) -> Candidate | None:
        return next((c for c in cands for a, b in c.spans if span[0] <= a < span[1]), None)

    current = main
    recent: list[Candidate] = []
    for span in doc.sentences:
        c = owner(span)
        if c is not None:
            current = c
            recent.append(c)
            continue
        s_text = doc.text[span[0]:span[1]]
        named = {m.name for m in doc.in_span(doc.persons, *span) if m.name}
        by_person = next((e for e in reversed(recent) if named & set(e.names())), None)
        anaphoric = re.match(r"\s*(?:They|The\s+two|During\s+that|The\s+pair|Both|It|He|She|Additionally|The\s+talks|"
                             r"The\s+(?:meeting|call|conversation|visit|encounter))\b", s_text) or \
            re.search(r"\bafterwards\b", s_text)
        target = by_person or (current if anaphoric and current is not None else main)
        if target is not None:
            target.spans.append(span)
    for c in cands:
        c.spans = sorted(set(c.spans))


def format_topics(c: Candidate, kb: KnowledgeBase) -> set[str]:
    """Topics that follow from who met: two countries' officials -> bilateral; a US official -> us_relations."""
    day = c.date.start if c.date else None
    countries = set()
    for p in c.participants:
        if isinstance(p, Person):
            offices = p.offices_on(day)
            countries.add(offices[0].country if offices else p.country)
    out = set()
    if len(countries) == 2 and c.kind != "multilateral_meeting" and "bilateral" in kb.topics:
        out.add("bilateral")
    us = kb.country("United States")
    if us is not None and us.name in countries and len(countries) >= 2 and "us_relations" in kb.topics:
        out.add("us_relations")
    return out


def mask_people(doc: Document) -> str:
    """The text with people and their titles blanked: "Iranian President Masoud Pezeshkian" is no topic."""
    chars = list(doc.text)
    for m in doc.persons:
        start = m.start
        title = re.search(r"(?:\b[A-Z][\w.’'-]*\s+){1,4}$", doc.text[max(0, m.start - 50):m.start])
        if title and m.via != "description":
            start = m.start - len(title.group())
        for i in range(start, m.end):
            chars[i] = " "
    return "".join(chars)


def finish(doc: Document, kb: KnowledgeBase, cands: list[Candidate]) -> list[Candidate]:
    """Fill defaults (dates, places, forums), drop what is not an event, set prominence and topics."""
    out = []
    for c in cands:
        names = c.names()
        if not names:
            continue
        if len(names) == 1 and (c.kind in ("meeting", "phone_call") or c.strength < 2) and \
                not OTHER_PARTY.search(doc.text[c.clause[0]:c.clause[1]]):
            continue  # one person alone did not meet anyone: a trip needs a strong visit word
        if c.kind == "visit" and len(names) == 1 and c.place is None:
            continue
        if c.date is None:
            # the lead of a news report happened on its date; a clause about something earlier did not
            earlier = EARLIER_CLAUSE.match(doc.text[c.clause[0]:c.clause[1]])
            held_near = c.status == "held" and c.sentence_index <= 2 and doc.ref is not None and not earlier
            if not held_near:
                continue
            c.date = DateValue(doc.ref, doc.ref, "day", "reported as news: the article's date")
            c.date_method = c.date.method
        if (c.forum is None or c.forum.start is None) and c.forum_org:
            # the calendar's edition once the date is known; else the forum as the text names it
            c.forum = forum_on(kb, c.forum_org, c.forum.level if c.forum else "", c.date) or c.forum
        if c.place is None and c.forum is not None and c.forum.city:
            hit = lookup_city(c.forum.city, kb, {c.forum.country})
            if hit is not None:
                c.place = hit
                c.notes.append("place from the forum calendar")
        if c.place is None and doc.dateline_place is not None and doc.ref is not None and c.kind != "phone_call" \
                and abs((c.date.start - doc.ref).days) <= 3:
            c.place = doc.dateline_place
            c.notes.append("place from the dateline")
        if c.place is None and c.kind != "phone_call" and c.date is not None and c.date.precision == "day":
            # where a participant was that day, by another event of the article
            for other in cands:
                same_day = other.date is not None and (other.date.start, other.date.end) == (c.date.start, c.date.end)
                if other is not c and other.place is not None and same_day and other.kind != "phone_call" \
                        and set(other.names()) & set(names) and other.place.precision != "country":
                    c.place = other.place
                    c.notes.append("place from another event of the same day")
                    break
        if c.kind == "phone_call":
            c.place = None
        elif c.forum is None and c.place is not None:
            c.forum = forum_at(kb, c.place.city, c.date, doc)
            if c.forum is not None:
                c.notes.append("forum from the forum calendar (same city and dates)")
        out.append(c)
    main = None
    for c in out:
        if doc.ref is not None and c.date is not None and -7 <= (c.date.start - doc.ref).days <= 14:
            c.prominence = "main"
            main = main or c
    if main is None and out:
        out[0].prominence = "main"
        main = out[0]
    attach_context(doc, out, main)
    masked = mask_people(doc)
    for c in out:
        evidence = [masked[a:b] for a, b in c.spans]
        c.topics = label_topics(evidence, kb)
        c.topics = format_topics(c, kb) | set(c.topics)
        c.topics = [t for t in kb.topics if t in c.topics]
        orgs = [o.org.id for o in doc.orgs if any(a <= o.start < b for a, b in c.spans)]
        org_ids = {o.id for o in kb.organizations}
        if c.forum is not None and c.forum.organization in org_ids:
            orgs.insert(0, c.forum.organization)
        elif c.forum_org:
            orgs.insert(0, c.forum_org)
        c.orgs = list(dict.fromkeys(orgs))
        c.sources = [doc.article.file]
        # evidence is shown as whole sentences, even when the event came from one clause of it
        sentences = sorted({next((sp for sp in doc.sentences if sp[0] <= a < sp[1]), (a, b)) for a, b in c.spans})
        c.evidence = [(doc.article.file, a, b, doc.article.text[a:b]) for a, b in sentences]
        # a named person in the clause who is not a participant (a spokesperson reporting) is not a field
        people = set(c.names())
        reporters = [ph for ot in kb.office_types.values() if not ot.participant_role for ph in ot.phrases]
        c.field_spans = [f for f in c.field_spans if f["field"] != "participant" or f["name"] in people
                         or (not f["name"] and not any(ph in f["text"].lower() for ph in reporters))]
    return out


def extract_events(doc: Document, kb: KnowledgeBase) -> list[Candidate]:
    """The events one article reports, consolidated."""
    return finish(doc, kb, consolidate(extract_candidates(doc, kb)))
