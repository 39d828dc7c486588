"""Clauses: cut sentences into clauses and read the cues in each (meeting words, tense, status).

A sentence often reports more than one event ("Lavrov and Wang used a meeting on Monday to take stock of
Putin's talks with Xi last week"): relative pronouns, semicolons, dashes and possessives ("Putin's talks")
start a new clause, and each clause with a meeting word becomes a candidate event.
"""

from __future__ import annotations

import datetime as dt
import re

from meetings.dates import DateValue
from meetings.document import Document

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
GROUP_REF = re.compile(r"\b(?:they|them|their|the\s+two(?:\s+(?:men|ministers|leaders|presidents|diplomats|sides|"
                       r"foreign\s+ministers|diplomatic\s+leaders|top\s+diplomats))?|the\s+pair|both\s+(?:men|"
                       r"ministers|leaders|sides)|the\s+(?:foreign\s+)?ministers|the\s+(?:two\s+)?leaders)\b", re.I)
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|himself|herself)\b", re.I)
CLAUSE_BOUNDARY = re.compile(
    r",\s+(?=where\b|when\b|who\b|after\b|while\b|whereas\b|but\b|then\b)|;\s+|\s+[—–]\s+|:\s+(?=[A-Z\"“])|"
    r"\s+(?=(?:after|before|since|when|where|while)\s+(?!the\s+(?:month|day)\b)(?:\w+\s+){0,6}?"
    r"(?:met|held|had|spoke|talked|visited|came|hosted|received|called|returned|arrived|left|went)\b)|"
    r",\s+(?=(?:is|are|was|were|has|have|will)\s+(?:\w+ed|\w+ing|set|due|expected)\b)|,\s+and\s+that\b|"
    r"\s+(?=by\s+(?:meeting|holding|calling|visiting)\b)|,\s+(?=the\s+(?:first|most|second|last|only|final|"
    r"centrepiece|centerpiece|highlight|culmination|climax|high\s+point)\b)|"
    r"\s+(?=since\s+)|,?\s+(?=ahead\s+of\b)|,\s+(?=during\s+which\b)|"
    r",\s+(?=(?:who\s+is\s+|who\s+was\s+)?on\s+an?\s+(?:[\w-]+\s+){0,3}(?:visit|trip|tour)\b[^,]*,)|"
    r",\s+(?=also\s+(?:met|held|called|spoke|talked)\b)|,\s+and\s+(?=(?:before|after|later|then|on|in|at|during|when)\b)|"
    r"\s+(?=that\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?-i:[A-Z])[\w-]+\s+(?:[\w-]+\s+)?(?:\w+ed|skipped|missed)\b)|"
    r",?\s+(?:that|which)\s+(?=(?:\w+ly\s+)?(?:ended|began|opened|closed|runs|ran|was|is|will|has)\b)|"
    r",?\s+and\s+(?=(?:also\s+)?(?:then\s+)?(?:spent|held|met|sat|called|visited|travelled|traveled|flew|"
    r"spoke|talked|was\s+received|received)\b)", re.I)
CONTINUATION = re.compile(r"\s*(?:also\s+)?(?:held|met|called|received|was\s+received)\b", re.I)
DURING_THAT_TRIP = re.compile(r"\bduring\s+(?:that|the|this|his|her)\s+(?:visit|trip|stay|tour)\b", re.I)


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
    if SCHEDULED_PRESENT.search(text):
        return "future"  # "the full council meets on Friday": the present of a timetable
    return "past"


SCHEDULED_PRESENT = re.compile(r"\b(?:meets|visits|travels|arrives|holds|hosts|opens|begins|starts|convenes)\s+"
                               r"(?:\w+\s+){0,4}?(?:on|this|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                               r"Saturday|Sunday|week|month)\b", re.I)


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


# "did not meet", "has no plans to visit", "cancelled a planned visit": no event took or will take place.
NEGATED = re.compile(r"\b(?:did\s+not|didn't|does\s+not|doesn't|will\s+not|won't|would\s+not|wouldn't|has\s+not|"
                     r"hasn't|have\s+not|haven't|had\s+not|hadn't|never|no\s+plans?\s+to|not\s+(?:expected|planning|"
                     r"going)\s+to|declined\s+to|refused\s+to|ruled\s+out|without|instead\s+of)\s+(?:\w+\s+){0,2}$",
                     re.I)
CANCELLED = re.compile(r"\b(?:cancel+(?:ed|s)?|called\s+(?:it\s+)?off|postponed|scrapped|shelved|put\s+off)\b", re.I)


def is_negated(text: str, trigger_at: int) -> bool:
    """Whether the meeting word at `trigger_at` is denied or its event called off."""
    return bool(NEGATED.search(text[max(0, trigger_at - 40):trigger_at]) or CANCELLED.search(text))


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
