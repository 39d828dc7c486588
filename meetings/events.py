"""Events: from an analysed document to the meetings, visits and calls it reports.

`meetings.extract` turns each predicate of the parse into a candidate with its people, date and place;
this module consolidates the candidates of one article (`meetings.merging`), fills what the article
leaves open (the lead's date, the dateline's city, a forum's city), scores each event's confidence with
the reasons to review it, and attaches topics, organisations and evidence.
"""

from __future__ import annotations

import datetime as dt
import re

from meetings.actors import is_participant_role
from meetings.candidates import Candidate
from meetings.dates import DateValue, find_date_expressions, resolve_date
from meetings.document import Document
from meetings.extract import extract_candidates
from meetings.forums import forum_at, forum_during, forum_on
from meetings.knowledge import Forum, KnowledgeBase, Person
from meetings.lexicon import Lexicon, load_lexicon
from meetings.merging import consolidate
from meetings.places import country_named, lookup_city
from meetings.sentences import is_heading
from meetings.topics import label_topics


def continues_the_story(doc: Document, span: tuple[int, int], lex: Lexicon) -> bool:
    """Whether a sentence opens by referring back ("They ...", "The two ...", "The talks ...", "During that
    visit ...") or says "afterwards": it keeps talking about the event just told."""
    sent = doc.parsed.char_span(span[0], span[1], alignment_mode="expand") if doc.parsed is not None else None
    words = [t for t in sent or [] if not (t.is_space or t.is_punct)]
    if not words:
        return False
    opening = [t.lemma_.lower() for t in words[:3] if t.pos_ != "DET"]
    first = opening[0] if opening else ""
    return first in lex.continuation_openers or first in lex.group_references or first in lex.event_references \
        or any(t.lower_ == "afterwards" for t in words)


def attach_context(doc: Document, cands: list[Candidate], main: Candidate | None, lex: Lexicon) -> None:
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
        named = {m.name for m in doc.in_span(doc.persons, *span) if m.name}
        by_person = next((e for e in reversed(recent) if named & set(e.names())), None)
        anaphoric = continues_the_story(doc, span, lex)
        target = by_person or (current if anaphoric and current is not None else main)
        if target is not None:
            target.spans.append(span)
    for c in cands:
        c.spans = sorted(set(c.spans))


def sole_sentences(doc: Document, c: Candidate, cands: list[Candidate]) -> list[tuple[int, int]]:
    """An event's spans, each widened to its whole sentence when no other event is told in that sentence
    ("The Russian readout on their meeting reported ... the Middle East": the sentence is about the meeting)."""
    out = []
    for a, b in c.spans:
        sentence = next(((s, e) for s, e in doc.sentences if s <= a < e), (a, b))
        others = any(o is not c and any(sentence[0] <= x < sentence[1] for x, _ in o.spans) for o in cands)
        out.append((a, b) if others else (min(a, sentence[0]), max(b, sentence[1])))
    return out


def countries_of(c: Candidate, kb: KnowledgeBase) -> set[str]:
    """The countries of the event's people the knowledge base knows, by their office on the event's day."""
    day = c.date.start if c.date else None
    return {p.country_on(day) for p in c.participants if isinstance(p, Person)} - {""}


def format_topics(c: Candidate, kb: KnowledgeBase) -> set[str]:
    """Topics that follow from who met and how: two countries' officials -> bilateral; a US official ->
    us_relations; a multilateral meeting -> multilateral."""
    countries = countries_of(c, kb)
    out = set()
    if len(countries) == 2 and c.kind != "multilateral_meeting" and "bilateral" in kb.topics:
        out.add("bilateral")
    if c.kind == "multilateral_meeting" and "multilateral" in kb.topics:
        out.add("multilateral")
    us = country_named("United States", kb)
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


# What each reason for review costs in confidence: a one-person "meeting" or an undated event is more
# often wrong than a meeting whose place the text does not give.
REVIEW_COST = {"one participant": 0.35, "no participant named": 0.45, "date unresolved": 0.3, "place unknown": 0.1,
               "trip told only by an arrival": 0.2, "status unclear": 0.15}


def confidence_of(c: Candidate) -> float:
    """1.0 for an event with two people, a date and a place; less for each reason to review it."""
    value = 1.0 - sum(REVIEW_COST.get(r, 0.1) for r in dict.fromkeys(c.review))
    return round(max(0.05, value), 2)


def scene_of(c: Candidate, cands: list[Candidate], lex: Lexicon) -> Candidate | None:
    """The located event a meeting took place during: a summit or session whose days cover its day, or a
    trip of one of its participants ("during his visit to Xi'an he met ..."). Phone calls have no scene."""
    if c.kind == "phone_call" or c.date is None or c.date.precision != "day" or c.status not in ("held", "planned"):
        return None
    names = set(c.names())
    for s in cands:
        # a planned trip is the scene of the meetings planned on it ("flies to Vienna for a two-day visit,
        # where he will hold talks with X")
        if s is c or s.place is None or s.place.precision not in ("city", "venue") or s.date is None \
                or s.date.precision != "day" or s.status not in ("held", c.status):
            continue
        covers = s.date.start <= c.date.start and c.date.end <= s.date.end
        gathering = s.kind == "multilateral_meeting" or s.anchor in lex.group_meeting_nouns
        # a guest's trip is the scene of his own meetings, not of the summit he attends
        trip = s.kind == "visit" and bool(names & set(s.names())) and c.kind != "multilateral_meeting"
        if trip and s.sentence_index > c.sentence_index and s.date.start == s.date.end:
            continue   # "held talks on Friday. From Beijing, he flies to Abu Dhabi": the next leg, not the scene
        # a meeting planned for a day of a trip under way ("later on Monday he is to call on X") is there too
        if covers and (trip or gathering and c.status == "held"):
            return s
    return None


def share_forum_of_the_day(cands: list[Candidate]) -> None:
    """A meeting held in the city and on a day of a forum another meeting of the article was held at ("on the
    sidelines of the D-8 summit in Cairo ... On the same day, Sharif also held talks in Cairo with X") was held
    at that forum too."""
    at_forum = [f for f in cands if f.forum is not None and f.status == "held" and f.place is not None
                and f.date is not None and f.date.precision == "day"]
    for c in cands:
        if c.forum is not None or c.kind == "phone_call" or c.status != "held" or c.place is None \
                or c.date is None or c.date.precision != "day":
            continue
        same = next((f for f in at_forum if f is not c and (f.place.city or f.place.name) ==
                     (c.place.city or c.place.name) and f.date.start <= c.date.start <= f.date.end), None)
        if same is not None:
            c.forum, c.forum_org = same.forum, same.forum_org


def place_trips_by_their_meetings(cands: list[Candidate]) -> None:
    """A trip told without its place ("is on a state visit from 15 to 17 December") went where its traveller's
    meetings of those days were held, when they were all in one city."""
    for trip in cands:
        if trip.kind != "visit" or trip.place is not None or trip.date is None or trip.date.precision != "day" \
                or trip.status != "held":
            continue
        travellers = set(trip.names())
        cities = {(m.place.city or m.place.name): m.place for m in cands
                  if m is not trip and m.kind != "phone_call" and m.status == "held" and m.place is not None
                  and m.place.precision in ("city", "venue") and m.date is not None and m.date.precision == "day"
                  and trip.date.start <= m.date.start and m.date.end <= trip.date.end
                  and travellers & set(m.names())}
        if len(cities) == 1:
            trip.place = next(iter(cities.values()))
            trip.notes.append("place from the meetings its traveller held during it")


def inherit_scene(cands: list[Candidate], lex: Lexicon) -> None:
    """Meetings on the sidelines of a summit, or during a trip, happened where it did, at its forum."""
    for c in cands:
        scene = scene_of(c, cands, lex)
        if scene is None:
            continue
        # told without a place, or only with the country the scene's city is in ("talks in Austria")
        if c.place is None or c.place.precision == "country" and c.place.country == scene.place.country:
            c.place = scene.place
            c.notes.append("place from the summit or trip it took place during")
        if c.forum is None and scene.forum is not None and c.place is not None \
                and c.place.name == scene.place.name:
            c.forum, c.forum_org = scene.forum, scene.forum_org


# a blank line, or a new line that opens a list item ("- ", "• "): the next paragraph
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\n|[-•*][ \t])")


def narrative_date(doc: Document, c: Candidate, cands: list[Candidate]) -> DateValue | None:
    """The day of the dated event told last before `c` in the same paragraph: a story told in order keeps its
    day until the text moves it (the narrative reference time of temporal taggers such as HeidelTime)."""
    if c.status != "held" or c.told_as_earlier or not c.spans:
        return None
    at = c.spans[0][0]
    sentence = next(((a, b) for a, b in doc.sentences if a <= at < b), (at, at))
    if doc.in_span(doc.dates, *sentence):
        return None   # the sentence has a day of its own, only not tied to this event: no guess over it
    told = [(a, o) for o in cands if o is not c and o.date is not None and o.date.precision == "day"
            and o.status == "held" for a, _ in o.spans if a < at]
    if not told:
        return None
    start, last = max(told, key=lambda pair: pair[0])
    if PARAGRAPH_BREAK.search(doc.text, start, at):
        return None
    return DateValue(last.date.start, last.date.end, "day", "from the event told before it in the paragraph")


def heading_date(doc: Document, c: Candidate) -> DateValue | None:
    """The day the section heading above an undated event names ("YESTERDAY IN BRIEF" over a list of what
    happened the day before), when the nearest heading names one: a live blog or briefing dates by sections."""
    if c.status != "held" or c.told_as_earlier or not c.spans or doc.ref is None:
        return None
    at = c.spans[0][0]
    heads = [(a, b) for a, b in doc.sentences if b <= at and a >= doc.body_start and is_heading(doc.text, a, b)]
    if not heads:
        return None
    a, b = heads[-1]
    exprs = doc.in_span(doc.dates, a, b) or find_date_expressions(doc.text[a:b])   # capitals: "YESTERDAY IN BRIEF"
    # a section names its day relative to the report ("Yesterday", "Monday's talks"); a full date on a line of
    # its own is the page's date stamp
    if not exprs or any(e.kind not in ("relative", "weekday") for e in exprs):
        return None
    values = resolve_date(exprs[0], doc.ref, "past")
    if not values or values[0].precision != "day":
        return None
    return DateValue(values[0].start, values[0].end, "day", "from the section heading above it")


def edition_of_the_day(doc: Document, kb: KnowledgeBase, c: Candidate) -> Forum | None:
    """For an undated session of a named forum ("Rutte closed the NATO summit"): the edition held in the days
    up to the article's date, as the forum calendar lists it."""
    if not c.forum_org or doc.ref is None or c.kind == "phone_call" or c.status != "held" or c.told_as_earlier:
        return None
    days = DateValue(doc.ref - dt.timedelta(days=3), doc.ref, "day")
    edition = forum_on(kb, c.forum_org, c.forum.level if c.forum else "", days)
    return edition if edition is not None and edition.start is not None else None


def lead_last(doc: Document, sentences: int = 3) -> int:
    """The index of the last sentence of the lead: the first `sentences` sentences with a verb (a press release's
    "ISLAMABAD", "PRESS RELEASE" and date lines before its first sentence are no part of it)."""
    if doc.parsed is None:
        return sentences - 1
    with_verb = [i for i, (a, b) in enumerate(doc.sentences)
                 if any(t.pos_ in ("VERB", "AUX") for t in doc.parsed.char_span(a, b, alignment_mode="expand") or [])]
    return with_verb[sentences - 1] if len(with_verb) >= sentences else len(doc.sentences)


def forum_session(c: Candidate) -> bool:
    """A session of a forum the calendar lists, told as held on its days, with nobody named: kept, since a
    summit is an event whoever the article names."""
    return c.kind == "multilateral_meeting" and c.status == "held" and c.forum is not None \
        and c.forum.start is not None and c.date is not None


def finish(doc: Document, kb: KnowledgeBase, cands: list[Candidate]) -> list[Candidate]:
    """Fill defaults (dates, places, forums), drop what is not an event, set prominence and topics."""
    place_trips_by_their_meetings(cands)
    inherit_scene(cands, load_lexicon())
    share_forum_of_the_day(cands)
    out = []
    for c in cands:
        day = c.date.start if c.date else doc.ref
        # spokespeople announce meetings: one alone is a statement, not an event (one who meets someone is in it)
        names = c.names()
        if not names and forum_session(c):
            c.review.append("no participant named")   # "the bloc's 47th summit opened in Kuala Lumpur"
        elif not names or all(isinstance(p, Person) and not is_participant_role(p, day, kb) for p in c.participants):
            continue
        trip = c.kind == "visit" and c.place is not None and c.strength >= 2
        if len(names) == 1 and c.kind != "multilateral_meeting" and not c.unnamed_party and not c.unnamed_countries \
                and not trip:
            c.review.append("one participant")
        gathering = c.anchor.lower() in load_lexicon().group_meeting_nouns
        forum_meeting = c.forum_org and (gathering or c.forum_noun or c.anchor.lower() == "meeting")
        if c.kind == "phone_call" and (len(names) >= 4 or forum_meeting or gathering and len(names) <= 1):
            c.kind = "multilateral_meeting"   # a summit or a forum's meeting held by video link is still one
        if c.kind == "multilateral_meeting" and len(names) == 2 and c.forum is None and not c.forum_org \
                and not c.unnamed_party and any(e.kind == "multilateral_meeting"
                                                for e in load_lexicon().nouns.get(c.anchor, [])):
            c.kind = "meeting"   # "a longer session with Premier Li": two people and no forum is a meeting
        if c.kind == "meeting" and c.unnamed_party and c.anchor in load_lexicon().group_meeting_nouns:
            c.kind = "multilateral_meeting"   # "takes part in a summit with the five Central Asian presidents"
        if c.kind == "meeting" and len(countries_of(c, kb) | c.unnamed_countries) >= 4:
            # four or more parties, named or not (aides of two leaders are not parties)
            c.kind = "multilateral_meeting"
        if c.date is None and (edition := edition_of_the_day(doc, kb, c)) is not None:
            c.date = DateValue(edition.start, edition.end or edition.start, "day",
                               "the days of the forum edition the article reports")
            c.date_method, c.forum = c.date.method, edition
            c.review.append("date from the forum calendar")
        if c.date is None:
            # the lead of a news report happened on its date; a clause about something earlier did not
            if (heading := heading_date(doc, c)) is not None:
                c.date, c.date_method = heading, heading.method
                c.review.append("date from the section heading")
            elif c.status == "held" and c.sentence_index <= lead_last(doc) and doc.ref is not None \
                    and not c.told_as_earlier:
                c.date = DateValue(doc.ref, doc.ref, "day", "reported as news: the article's date")
                c.date_method = c.date.method
            elif (told := narrative_date(doc, c, cands)) is not None:
                c.date, c.date_method = told, told.method
                c.review.append("date from the event told before it")
            else:
                c.review.append("date unresolved")
        if (c.forum is None or c.forum.start is None) and c.forum_org:
            # the calendar's edition once the date is known; else the forum as the text names it
            c.forum = forum_on(kb, c.forum_org, c.forum.level if c.forum else "", c.date) or c.forum
        if c.forum is None and c.place is None and c.kind != "phone_call":
            c.forum = forum_during(kb, c.date, doc)
            if c.forum is not None:
                c.forum_org = c.forum.organization
                c.notes.append("forum from the forum calendar (an edition the article names, on its days)")
        if c.place is None and c.forum is not None and c.forum.city:
            hit = lookup_city(c.forum.city, kb, {c.forum.country})
            if hit is not None:
                c.place = hit
                c.notes.append("place from the forum calendar")
        # (or only its country: "DUSHANBE - Putin arrived in Tajikistan ... and held talks with Rahmon")
        vague = c.place is None or c.place.precision == "country" and doc.dateline_place is not None \
            and c.place.country == doc.dateline_place.country
        if vague and doc.dateline_place is not None and doc.ref is not None and c.kind != "phone_call" \
                and c.date is not None and abs((c.date.start - doc.ref).days) <= 3:
            c.place = doc.dateline_place
            c.notes.append("place from the dateline")
        if c.place is None and c.kind != "phone_call" and c.date is not None and c.date.precision == "day":
            # where a participant was that day, by another event of the article
            for other in cands:
                same_day = other.date is not None and (other.date.start, other.date.end) == (c.date.start, c.date.end)
                onward = other.kind == "visit" and other.sentence_index > c.sentence_index
                if other is not c and other.place is not None and same_day and other.kind != "phone_call" \
                        and not onward \
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
        if c.place is None and c.kind != "phone_call":
            c.review.append("place unknown")
        if c.strength < 2:
            c.review.append("trip told only by an arrival")
        c.confidence = confidence_of(c)
        out.append(c)
    main = None
    for c in out:
        if doc.ref is not None and c.date is not None and -7 <= (c.date.start - doc.ref).days <= 14:
            c.prominence = "main"
            main = main or c
    if main is None and out:
        out[0].prominence = "main"
        main = out[0]
    attach_context(doc, out, main, load_lexicon())
    masked = mask_people(doc)
    for c in out:
        spans = sole_sentences(doc, c, out)
        evidence = [masked[a:b] for a, b in spans]
        c.topics = label_topics(evidence, kb)
        c.topics = format_topics(c, kb) | set(c.topics)
        c.topics = [t for t in kb.topics if t in c.topics]
        orgs = [o.org.id for o in doc.orgs if any(a <= o.start < b for a, b in spans)]
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
    lex = load_lexicon()
    cands = [c for c in extract_candidates(doc, kb, lex) if not trip_home(c)]
    org_ids = {o.id for o in kb.organizations}
    for c in cands:
        if c.kind == "meeting" and (c.anchor in lex.group_meeting_nouns or c.forum_noun or c.unnamed_party) \
                and (len(c.names()) != 2 or c.unnamed_party) and c.forum is not None \
                and c.forum.organization in org_ids:
            # "Rutte closed the NATO summit", "Lavrov landed to attend the meeting of the OSCE Ministerial
            # Council", "the CIS heads of state are due to meet": an organisation's meeting told with one of its
            # members
            c.kind = "multilateral_meeting"
    return finish(doc, kb, consolidate(cands, lex.words["call_or_meeting_verbs"]))


def trip_home(c: Candidate) -> bool:
    """ "Trump flew back to Washington": a lone traveller going to a place in their own country makes no visit,
    and must not lend that place to the meetings of the day."""
    if c.kind != "visit" or c.place is None or len(c.participants) != 1 or c.unnamed_party:
        return False
    traveller = c.participants[0]
    return isinstance(traveller, Person) and bool(traveller.country) and traveller.country == c.place.country
