"""Events: from an analysed document to the meetings, visits and calls it reports.

Each sentence is cut into clauses ("..., where he held talks with ...", "Putin's talks with Xi ...");
a clause with a meeting word (met, talks, visit, phone call ...) becomes a candidate event with the
people, date, place and forum found in it. Pronouns and group references ("they", "the two", "the
pair") borrow the people of the clause or event just before. Candidates that report the same meeting
are then consolidated within the article; `meetings.merging` does the same across articles.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from meetings.actors import PersonMention, is_participant_role, resolve_description
from meetings.dates import DateExpr, DateValue, resolve_date
from meetings.document import Document
from meetings.knowledge import Forum, KnowledgeBase, Person
from meetings.places import PlaceMention, lookup_city
from meetings.topics import label_topics

# Meeting words. Strong visit words name a trip; weak ones ("arrived") only support another event.
PHONE = re.compile(r"\b(?:tele)?phon(?:e|ed|es|ing)\b|\bvideo\s*(?:call|link|conference)\b|"
                   r"\b(?:a|the|their|his|her|its|first|own)\s+call\b(?!\s+(?:for|on)\b)|\bcall\s+with\b|"
                   r"\bspoke\s+by\b", re.I)
MEETING = re.compile(r"\b(?:met|meet|meets|meeting|meetings|talks|talked|sat\s+down|sit\s+down|discussions?\s+"
                     r"(?:between|with)|encounter|huddled?|got\s+together|conversations?|received\s+by|was\s+received|"
                     r"were\s+received|called\s+on|call\s+on|audience\s+with|summit\s+(?:with|between)|"
                     r"(?:bilateral|informal|formal|stand-alone|one-on-one)\s+summit|held\s+(?:\w+\s+){0,2}summit|chat(?:ted)?|spoken|spoke\s+"
                     r"(?:again|briefly|with)|welcomed|greeted|hosted|receiv(?:ed|es|ing)\s+(?=(?-i:[A-Z])|(?:his|her|the\s+visiting)\s)|played\s+host\s+to|shook\s+hands|"
                     r"(?:joint\s+)?press\s+conference|(?:dinner|lunch|breakfast|evening|tea)\s+(?:\w+\s+){0,3}?(?:with|at)\b|"
                     r"spen(?:t|ding)\s+(?:\w+\s+){0,6}?with|spoke\s+"
                     r"(?:again|briefly|with)|negotiations?|held\s+(?:formal\s+)?talks|hold\s+talks)\b", re.I)
VISIT_STRONG = re.compile(r"\b(?:visit|visits|visited|visiting|trip|trips|travel(?:led|ed|s)?\s+to|tour|"
                          r"came\s+to|flies\s+(?:on\s+)?to|fly\s+to|will\s+travel|travel\w*\s+on\s+to)\b", re.I)
VISIT_WEAK = re.compile(r"\b(?:arrived|arriving|arrives|arrive|landed|flew\s+into|in\s+\w+\s+for)\b", re.I)
MULTILATERAL = re.compile(r"\b(?:meeting|session|council|gathering)\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}"
                          r"(?:foreign\s+ministers|ministers|leaders|heads\s+of\s+state)\b", re.I)
FUTURE = re.compile(r"\b(?:will|would|shall|is\s+to|are\s+to|is\s+due|are\s+due|due\s+to|scheduled|slated|"
                    r"set\s+to|is\s+set|expected|expects?|plans?\s+to|planned|to\s+visit|upcoming|is\s+going\s+to|"
                    r"next\s+(?:week|month|year)|later\s+(?:this|in\s+the)\s+(?:week|month)|"
                    r"anticipated|forthcoming|later\s+on)\b", re.I)
POSSIBLE = re.compile(r"\b(?:likely|likelihood|possible|possibly|possibility|may\s+(?:meet|visit|hold|travel)|"
                      r"might|could\s+(?:meet|visit|hold|travel)|potential|not\s+(?:entirely\s+)?impossible|"
                      r"high\s+likelihood)\b", re.I)
PAST_MARKER = re.compile(r"\b(?:last|previous|earlier|ago|had|was|were|met|held|took|spoke|sat|came|went|began|"
                         r"commenced|closed|wound|opened|arrived|received|hosted|called|talked|said)\b", re.I)
GROUP_REF = re.compile(r"\b(?:they|them|their|the\s+two(?:\s+(?:men|ministers|leaders|presidents|diplomats|sides|"
                       r"foreign\s+ministers|diplomatic\s+leaders|top\s+diplomats))?|the\s+pair|both\s+(?:men|"
                       r"ministers|leaders|sides)|the\s+(?:foreign\s+)?ministers|the\s+(?:two\s+)?leaders)\b", re.I)
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|himself|herself)\b", re.I)
SIDELINES = re.compile(r"\b(?:sidelines|margins|fringes|edges|side\s*lines|on\s+the\s+side)\s+of\b", re.I)
CLAUSE_BOUNDARY = re.compile(
    r",\s+(?=where\b|when\b|who\b|after\b|while\b|whereas\b|but\b|then\b)|;\s+|\s+[—–]\s+|:\s+(?=[A-Z\"“])|"
    r"\s+(?=(?:after|before|since|when|where|while)\s+(?!the\s+(?:month|day)\b)(?:\w+\s+){0,6}?"
    r"(?:met|held|had|spoke|talked|visited|came|hosted|received|called)\b)|"
    r",\s+(?=(?:is|are|was|were|has|have|will)\s+(?:\w+ed|\w+ing|set|due|expected)\b)|,\s+and\s+that\b|"
    r"\s+(?=by\s+(?:meeting|holding|calling|visiting)\b)|,\s+(?=the\s+(?:first|most|second|last|only)\b)|"
    r"\s+(?=since\s+)|,?\s+(?=ahead\s+of\b)|,\s+(?=during\s+which\b)|"
    r",\s+(?=(?:who\s+is\s+|who\s+was\s+)?on\s+an?\s+(?:[\w-]+\s+){0,3}(?:visit|trip|tour)\b[^,]*,)|"
    r",\s+(?=also\s+(?:met|held|called|spoke|talked)\b)|,\s+and\s+(?=(?:before|after|later|then|on|in|at|during|when)\b)|"
    r",?\s+(?:that|which)\s+(?=(?:\w+ly\s+)?(?:ended|began|opened|closed|runs|ran|was|is|will|has)\b)|"
    r",?\s+and\s+(?=(?:also\s+)?(?:then\s+)?(?:spent|held|met|sat|called|visited|travelled|traveled|flew|"
    r"spoke|talked|was\s+received|received)\b)", re.I)
OTHER_PARTY = re.compile(r"\b(?:between|with)\s+(?:\w+\s+){0,3}(?:officials|delegations?|representatives|"
                         r"negotiators|envoys)\b", re.I)
CONTINUATION = re.compile(r"\s*(?:also\s+)?(?:held|met|called|received|was\s+received)\b", re.I)
DURING_THAT_TRIP = re.compile(r"\bduring\s+(?:that|the|this|his|her)\s+(?:visit|trip|stay|tour)\b", re.I)
N_DAY = re.compile(r"\b(?P<n>two|three|four|five|six|seven|\d)-day\s+(?:\w+\s+){0,2}(?:visit|trip|tour|stay)\b",
                   re.I)
# the verbs that tie a visit's length to a date: "began a two-day visit on Monday", "arrived ... for a three-day"
VISIT_BOUNDS = re.compile(r"\b(?:arriv\w+|began|begins|begin|start\w*|commenc\w+|kick\w*\s+off|opened|open|"
                          r"wound\s+up|wrapped\s+up|ended|ends|concluded|concludes|closed\s+out|completed|left|"
                          r"(?:will|to)\s+(?:pay|make|travel)|pays?|paid|made|makes|embark\w*|"
                          r"for\s+an?\s+\w+-day)\b", re.I)
ENDING = re.compile(r"\b(?:wound\s+up|wrapped\s+up|ended|ends|concluded|concludes|closed\s+out|completed|"
                    r"rounded\s+off|finished|left)\b", re.I)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass
class Candidate:
    """One event as reported in one clause (or several, after consolidation)."""

    file: str
    kind: str
    status: str
    strength: int                                  # 2 strong meeting/visit word, 1 weak (arrived)
    participants: list[Person | str]               # Person from the knowledge base, or a name found by NER
    date: DateValue | None
    extra_dates: list[DateValue] = field(default_factory=list)
    place: PlaceMention | None = None
    forum: Forum | None = None
    forum_org: str = ""
    orgs: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)   # evidence sentence spans
    clause: tuple[int, int] = (0, 0)
    sentence_index: int = 0
    group_ref: bool = False
    date_inherited: bool = False                   # date taken from the clause before ("..., where he ...")
    continues: bool = False                        # "... and also held talks with X", "During that visit ..."
    topics: list[str] = field(default_factory=list)
    date_method: str = ""
    prominence: str = "mentioned"
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    field_spans: list[dict] = field(default_factory=list)  # where each field was read: field, file, start, end, text
    evidence: list[tuple[str, int, int, str]] = field(default_factory=list)  # (file, start, end, sentence)

    def names(self) -> list[str]:
        return [p.name if isinstance(p, Person) else p for p in self.participants]


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
    spans = [("participant", m.start, m.end) for m in mentions]
    if date_expr is not None:
        spans.append(("date", date_expr.start, date_expr.end))
    if place is not None and place.end > place.start:
        spans.append(("place", place.start, place.end))
    return [{"field": f, "file": doc.article.file, "start": a, "end": b, "text": doc.article.text[a:b]}
            for f, a, b in spans]


def clause_spans(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence into clauses at relative pronouns, semicolons, dashes and "X's visit" phrases."""
    cuts = {start, end}
    text = doc.text
    for m in CLAUSE_BOUNDARY.finditer(text, start, end):
        cuts.add(m.end())
    # "Vladimir Putin's talks with Xi", "their last encounter": a possessive starts a nominal event
    for p in doc.in_span(doc.persons, start, end):
        tail = text[p.end:p.end + 60]
        if re.match(r"(?:'s|’s|')\s+(?:\w+\s+){0,3}?(?:talks|visit|trip|meeting|call|phone|conversation|"
                    r"encounter|summit|tour)\b", tail):
            cuts.add(p.start)
    for m in re.finditer(r"\b(?:their|his|her)\s+(?:\w+\s+){0,2}?(?:talks|visit|trip|meeting|call|phone\s+call|"
                         r"conversation|encounter)\b", text[start:end], re.I):
        if m.start() > 0:
            cuts.add(start + m.start())
    points = sorted(c for c in cuts if start <= c <= end)
    return [(a, b) for a, b in zip(points, points[1:], strict=False) if text[a:b].strip()]


def unquoted(text: str) -> str:
    """`text` with quoted speech blanked: words inside quotes are what someone said, not what happened."""
    return re.sub(r"[\"“][^\"“”]{0,400}[\"”]", lambda m: " " * len(m.group()), text)


def clause_tense(text: str) -> str:
    """'future' for clauses about what will happen, else 'past' (news reports the past)."""
    if FUTURE.search(text) and not re.search(r"\b(?:had|was|were)\s+(?:been\s+)?(?:scheduled|expected|planned)\b",
                                             text, re.I):
        return "future"
    return "past"


def tense_window(ctext: str, trigger_at: int) -> str:
    """The part of a clause that carries its event's tense: up to the next ' and ' after the meeting word."""
    cut = re.search(r"\s+and\s+(?:is|are|was|were|will|has|have|\w+ing)\b|,\s+(?:is|are|was|were)\b",
                    ctext[trigger_at:])
    window = ctext[:trigger_at + cut.start()] if cut else ctext
    if re.search(r"\b(?:last|previous|earlier|past)\s+(?:\w+\s+)?$", ctext[max(0, trigger_at - 25):trigger_at], re.I):
        return "previously"  # "their last encounter", "his previous visit": past whatever follows
    return window


def clause_status(text: str, date: DateValue | None, ref: dt.date | None) -> str:
    if text == "previously":
        return "held"
    if POSSIBLE.search(text):
        return "possible"
    if clause_tense(text) == "future":
        return "planned"
    if date is not None and ref is not None and date.start > ref + dt.timedelta(days=1):
        return "planned"
    return "held"


def detect_kind(text: str) -> tuple[str, int] | None:
    """The kind of event a clause reports and the strength of its cue, or None."""
    if PHONE.search(text):
        return "phone_call", 2
    if MULTILATERAL.search(text) and not MEETING.search(MULTILATERAL.sub("", text)):
        return "multilateral_meeting", 2
    if VISIT_STRONG.search(text):
        return "visit", 2
    if MEETING.search(text):
        return "meeting", 2
    if VISIT_WEAK.search(text):
        return "visit", 1
    return None


@dataclass
class ArticleState:
    """What the extractor remembers while reading an article in order."""

    groups: list[list[Person | str]] = field(default_factory=list)  # people of earlier events, oldest first
    last_subject: Person | str | None = None
    last_event: Candidate | None = None
    last_dated: Candidate | None = None


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


def unique(items: list) -> list:
    seen, out = set(), []
    for x in items:
        key = x.name if isinstance(x, Person) else x
        if key not in seen:
            seen.add(key)
            out.append(x)
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


def year_from_knowledge(kb: KnowledgeBase, e: DateExpr, people: list, forum_orgs: list[str]) -> tuple[int | None, str]:
    """The only year in which a year-less day fits the forum calendar or everyone's terms of office."""
    from meetings.dates import day_number, month_number, safe_date

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


FORUM_CONTEXT = re.compile(r"\b(?:meeting|meetings|summit|gathering|session|council|conference|talks)\s+of\s+"
                           r"(?:the\s+)?$|\b(?:at|during|for|to|attend\w*)\s+(?:the\s+|a\s+|this\s+year's\s+)?$", re.I)


def find_forum(doc: Document, kb: KnowledgeBase, start: int, end: int, date: DateValue | None,
               whole_sentence: tuple[int, int]) -> tuple[Forum | None, str]:
    """The recurring forum a clause places its event at ("on the sidelines of the G20"), if any.

    An organisation counts as the venue only when the text says so: "on the sidelines of", "the
    BRICS summit", "a meeting of SCO foreign ministers". Merely discussing the UN does not.
    """
    text = doc.text
    level_words = sorted({w for words in kb.forum_levels.values() for w in words}, key=len, reverse=True)
    known = {f.organization for f in kb.forums}
    for o in doc.in_span(doc.orgs, *whole_sentence):
        if o.org.id not in known:
            continue
        in_clause = start <= o.start < end
        before = text[max(whole_sentence[0], o.start - 70):o.start]
        after = text[o.end:min(whole_sentence[1], o.end + 45)].lower()
        after = re.sub(r"^(?:'s|’s)", "", after).strip()
        sidelines = SIDELINES.search(before) is not None
        level = next((lvl for lvl, words in kb.forum_levels.items()
                      if any(after.startswith(w) or re.match(r"(?:\w+\s+){0,2}" + re.escape(w), after)
                             for w in words)), "")
        if not level and any(re.search(re.escape(w) + r"\s+of\s+(?:the\s+)?$", before.lower()) for w in level_words):
            level = next(lvl for lvl, words in kb.forum_levels.items()
                         if any(re.search(re.escape(w) + r"\s+of\s+(?:the\s+)?$", before.lower()) for w in words))
        framed = sidelines or bool(level) or bool(FORUM_CONTEXT.search(before[-40:]))
        if not framed or not (in_clause or sidelines):
            continue
        return forum_on(kb, o.org.id, level, date), o.org.id
    return None, ""


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
            tense = clause_tense(tense_window(ctext, kind_pos - c0))
            anchor = prev_clause_date or (state.last_dated.date if state.last_dated else None)
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
            if len(people) >= 2:
                state.groups.append([p for p in people])
            if people:
                state.last_subject = people[0]
            prev_clause_people = people or prev_clause_people
            prev_clause_place = place or prev_clause_place
            located = [p for p in places if p.locative]
            prev_clause_last_place = located[-1] if located else prev_clause_last_place
            prev_clause_date = dates[0] if dates else prev_clause_date
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


def compatible_dates(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


def compatible_places(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision == "country" or b.precision == "country":
        return True
    return a.city == b.city


def more_precise(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    if a is None:
        return b
    if b is None:
        return a
    rank = {"day": 0, "month": 1, "year": 2}
    if rank[b.precision] < rank[a.precision]:
        return b
    if rank[b.precision] == rank[a.precision] and (b.end - b.start) > (a.end - a.start) and b.start == a.start:
        return b  # "the 8th and 9th" refines "on Monday"
    return a


def place_rank(p: PlaceMention | None) -> int:
    return 9 if p is None else {"venue": 0, "city": 1, "region": 2, "country": 3}.get(p.precision, 4)


def can_consolidate(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates of one article report the same event."""
    if (a.kind == "phone_call") != (b.kind == "phone_call"):
        return False
    if a.status != b.status:
        return False
    if not compatible_dates(a.date, b.date) or not compatible_places(a.place, b.place):
        return False
    na, nb = set(a.names()), set(b.names())
    if not na or not nb:
        return False
    if na == nb:
        return True
    small, big = (na, nb) if len(na) <= len(nb) else (nb, na)
    if not small <= big:
        return False
    weak, strong = (a, b) if len(na) <= len(nb) else (b, a)
    if weak.kind == "visit" and weak.strength >= 2 and weak.date is not None and strong.date is not None \
            and not strong.date_inherited \
            and (weak.date.start, weak.date.end) != (strong.date.start, strong.date.end):
        return False  # a trip and one meeting during it are two events (the trip spans more)
    return len(small) == 1 or weak.date is None


def absorb(a: Candidate, b: Candidate) -> None:
    """Fold candidate `b` into `a`: union of people and evidence, the most precise date and place."""
    a.participants = unique(a.participants + b.participants)
    if b.date is not None and a.date is not None and b.date != a.date and b.date.precision == a.date.precision \
            and not (b.date.start == a.date.start):
        a.notes.append(f"other date reported: {b.date.iso_start()}")
    chosen = more_precise(a.date, b.date)
    if chosen is b.date and b.date is not None:
        a.date_method = b.date_method
    a.date = chosen
    if place_rank(b.place) < place_rank(a.place):
        a.place = b.place
    a.forum = a.forum or b.forum
    a.forum_org = a.forum_org or b.forum_org
    if b.strength > a.strength or (b.kind == "visit" and b.strength >= 2 and a.kind == "meeting"
                                   and b.date is not None):
        a.kind = b.kind
    a.strength = max(a.strength, b.strength)
    if a.status == "held" and b.status != "held" and b.date is None:
        pass
    elif a.date is None and b.date is not None:
        a.status = b.status
    a.spans = sorted(set(a.spans + b.spans))
    a.field_spans = a.field_spans + [f for f in b.field_spans if f not in a.field_spans]
    a.group_ref = a.group_ref and b.group_ref


def consolidate(cands: list[Candidate]) -> list[Candidate]:
    """Merge the candidates of one article that report the same event (in text order)."""
    out: list[Candidate] = []
    for c in cands:
        # the most recent report of exactly these people first, then one that contains them
        if c.continues and out and out[-1].status == c.status and compatible_dates(out[-1].date, c.date) \
                and (out[-1].kind == "phone_call") == (c.kind == "phone_call"):
            absorb(out[-1], c)  # the same visit, continued: its people join the event
            continue
        same = [p for p in reversed(out) if set(p.names()) == set(c.names()) and can_consolidate(p, c)]
        target = same[0] if same else next((p for p in reversed(out) if can_consolidate(p, c)
                                            and not (c.date is None and p.date is not None
                                                     and len(c.names()) > len(p.names()))), None)
        if target is None:
            out.append(c)
        else:
            absorb(target, c)
    # a second pass lets late-dated reports join earlier undated ones
    changed = True
    while changed:
        changed = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                if can_consolidate(out[i], out[j]) and (out[i].date is None or out[j].date is None
                                                        or set(out[i].names()) == set(out[j].names())):
                    absorb(out[i], out[j])
                    del out[j]
                    changed = True
                    break
            if changed:
                break
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
            held_near = c.status == "held" and c.sentence_index <= 2 and doc.ref is not None
            if not held_near:
                continue
            c.date = DateValue(doc.ref, doc.ref, "day", "reported as news: the article's date")
            c.date_method = c.date.method
        if c.forum is None and c.forum_org:
            c.forum = forum_on(kb, c.forum_org, "", c.date)
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
    return out


def extract_events(doc: Document, kb: KnowledgeBase) -> list[Candidate]:
    """The events one article reports, consolidated."""
    return finish(doc, kb, consolidate(extract_candidates(doc, kb)))
