"""Merging: reports of the same meeting, in one article or several, become one event.

Within an article `consolidate` folds clause-level candidates together; across articles `merge_events`
does the same for whole events.

Candidates are compared only within blocks keyed by (participant, month), and inside a block only
when their date ranges overlap (a sweep in date order), so the work grows with the number of
events, not its square. Two reports merge when their dates overlap at their
precision, their participants overlap (one set contains the other), their places agree or one is
unknown, and they come from different articles (one article's separate events were already kept
apart on purpose). The most precise date and place win; disagreements are kept in `notes`.
"""

from __future__ import annotations

from collections import defaultdict

from meetings.candidates import Candidate, unique
from meetings.dates import DateValue
from meetings.places import PlaceMention


def month_keys(c: Candidate) -> list[tuple[int, int]]:
    """The (year, month) blocks an event's date touches."""
    if c.date is None:
        return []
    keys = []
    y, m = c.date.start.year, c.date.start.month
    while (y, m) <= (c.date.end.year, c.date.end.month) and len(keys) < 24:
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def same_event(a: Candidate, b: Candidate) -> bool:
    """Whether two reports from different articles describe the same real-world event."""
    if set(a.sources) & set(b.sources):
        return False
    if (a.kind == "phone_call") != (b.kind == "phone_call"):
        return False
    if a.status != b.status and "possible" in (a.status, b.status):
        return False
    if not compatible_dates(a.date, b.date) or not compatible_places(a.place, b.place):
        return False
    na, nb = set(a.names()), set(b.names())
    if not (na & nb):
        return False
    if {a.kind, b.kind} == {"meeting", "multilateral_meeting"} and \
            any(x.kind == "meeting" and len(x.names()) >= 2 for x in (a, b)):
        return False   # "Lula attended the BRICS summit" and "Lula met Ramaphosa" are two events
    if min(len(na), len(nb)) == 1 and (a.date is None or b.date is None or a.date.precision != b.date.precision):
        return False   # "Modi offered to host the next summit in 2024" tells of no meeting in December
    return na <= nb or nb <= na


def note_disagreements(a: Candidate, b: Candidate) -> None:
    """Keep what two merged reports disagree on visible in the merged event."""
    if a.date is not None and b.date is not None and a.date.precision == b.date.precision and \
            (a.date.start, a.date.end) != (b.date.start, b.date.end):
        a.notes.append(f"date {b.date.iso_start()}..{b.date.iso_end()} in {', '.join(b.sources)} "
                       f"vs {a.date.iso_start()}..{a.date.iso_end()} in {', '.join(a.sources)}")
    if a.place is not None and b.place is not None and a.place.city and b.place.city and a.place.city != b.place.city:
        a.notes.append(f"place {b.place.city} in {', '.join(b.sources)} vs {a.place.city}")
    if a.status != b.status:
        a.notes.append(f"status {b.status} in {', '.join(b.sources)} vs {a.status}")
    if a.kind != b.kind:
        a.notes.append(f"kind {b.kind} in {', '.join(b.sources)} vs {a.kind}")


def merge_events(events: list[Candidate]) -> list[Candidate]:
    """Merge reports of the same event across articles (near-linear with participant-month blocking)."""
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    keys: list[set[tuple[str, int, int]]] = []
    for i, e in enumerate(events):
        # insertion order, not a set's hash order: the same input always merges the same way
        mine = dict.fromkeys((name, y, m) for name in e.names() for y, m in month_keys(e))
        keys.append(set(mine))
        for key in mine:
            blocks[key].append(i)
    for key, members in blocks.items():
        # sweep in date order: only reports whose date ranges overlap are compared
        members.sort(key=lambda i: events[i].date.start)
        for x, i in enumerate(members):
            end_i = events[i].date.end
            for j in members[x + 1:]:
                if events[j].date.start > end_i:
                    break
                if key != min(keys[i] & keys[j]):
                    continue  # this pair shares several blocks: compare it in one of them only
                ri, rj = find(i), find(j)
                if ri == rj or not same_event(events[ri], events[rj]):
                    continue
                note_disagreements(events[ri], events[rj])
                sources = events[ri].sources + [s for s in events[rj].sources if s not in events[ri].sources]
                evidence = events[ri].evidence + events[rj].evidence
                absorb(events[ri], events[rj])
                events[ri].sources, events[ri].evidence = sources, evidence
                events[ri].topics = list(dict.fromkeys(events[ri].topics + events[rj].topics))
                events[ri].orgs = list(dict.fromkeys(events[ri].orgs + events[rj].orgs))
                if events[rj].prominence == "main":
                    events[ri].prominence = "main"
                parent[rj] = ri
    return [e for i, e in enumerate(events) if find(i) == i]


# Within one article: candidates reporting the same event are consolidated first.


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
    talks = [x for x in (a, b) if x.kind == "meeting"]
    if len(talks) == 1 and {a.kind, b.kind} == {"meeting", "multilateral_meeting"} and len(talks[0].names()) >= 2:
        return False   # "Rutte closed the summit" and "Zelensky held talks with Rutte" are two events
    if {a.kind, b.kind} == {"visit", "multilateral_meeting"} and (a.place is None or b.place is None):
        return False   # a guest's trip on to Beijing is no part of the summit told without its city
    if any(len(x.unnamed_countries) >= 3 and len(y.names()) == 2 and not y.unnamed_countries
           for x, y in ((a, b), (b, a))):
        return False   # "X and the prime ministers of five countries met" and "X held talks with Y": two events
    if na == nb:
        return True
    small, big = (na, nb) if len(na) <= len(nb) else (nb, na)
    if not small <= big:
        return False
    weak, strong = (a, b) if len(na) <= len(nb) else (b, a)
    if weak.kind == "visit" and (weak.strength >= 2 or weak.date is not None and weak.date.end > weak.date.start) \
            and weak.date is not None and strong.date is not None \
            and (not strong.date_inherited or weak.date.end > weak.date.start) and weak.date.precision == "day" \
            and (weak.date.start, weak.date.end) != (strong.date.start, strong.date.end):
        return False  # a trip and one meeting during it are two events (the trip spans more)
    if weak.kind == "visit" and strong.kind != "visit" and weak.sentence_index > strong.sentence_index \
            and weak.place is not None and strong.place is None and len(big) >= 2:
        return False   # "held talks on Friday. From Beijing, he flies to Abu Dhabi": the next leg
    if len(small) >= 2 and (weak.date is None or weak.date_inherited) and strong.date is not None \
            and not weak.group_ref \
            and len(big) >= 3:
        return False   # "Biden and Albanese held their own meeting" beside the four-way summit
    return len(small) == 1 or weak.date is None


def absorb(a: Candidate, b: Candidate) -> None:
    """Fold candidate `b` into `a`: union of people and evidence, the most precise date and place."""
    a.participants = unique(a.participants + b.participants)
    a.unnamed_countries = a.unnamed_countries | b.unnamed_countries
    a.titles = {**b.titles, **a.titles}
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
    # a trip of several days told with a meeting is the visit; a one-day "visit" with a meeting is the meeting
    if b.strength > a.strength or (b.kind == "visit" and b.strength >= 2 and a.kind == "meeting"
                                   and b.date is not None and b.date.end > b.date.start):
        a.kind = b.kind
    elif a.kind == "visit" and b.kind == "meeting" and b.strength >= 2 and len(a.participants) >= 2 \
            and a.date is not None and a.date.end == a.date.start:
        a.kind = "meeting"
    elif a.kind == "meeting" and b.kind == "multilateral_meeting" and len(a.participants) >= 3:
        a.kind = b.kind   # "The summit, hosted by X, brought together A and B": the host's clause tells the summit
    a.strength = max(a.strength, b.strength)
    if a.status == "held" and b.status != "held" and b.date is None:
        pass
    elif a.date is None and b.date is not None:
        a.status = b.status
    a.spans = sorted(set(a.spans + b.spans))
    a.field_spans = a.field_spans + [f for f in b.field_spans if f not in a.field_spans]
    a.group_ref = a.group_ref and b.group_ref
    a.forum_noun = a.forum_noun or b.forum_noun


def calls_told_as_talk(cands: list[Candidate], call_verbs: frozenset[str]) -> None:
    """ "spoke with X" is the call the article tells between the same people that day, not a meeting."""
    calls = [c for c in cands if c.kind == "phone_call" and c.date is not None]
    for c in cands:
        if c.kind != "meeting" or c.anchor not in call_verbs:
            continue
        names = set(c.names())
        # the call's people are the talk's or a part of them (a call of X with a third person is another call)
        if c.date is not None and any(set(k.names()) & names and (set(k.names()) <= names or names <= set(k.names()))
                                      and compatible_dates(k.date, c.date) for k in calls):
            c.kind, c.place = "phone_call", None
        elif c.place is None and any(0 <= c.sentence_index - k.sentence_index <= 2 for k in calls):
            # "... spoke by phone. Orban, who spoke with Trump that evening": talk told among calls, no place
            c.kind = "phone_call"


def fold_agenda(cands: list[Candidate]) -> list[Candidate]:
    """ "Lavrov and Wang are expected to exchange views": an undated planned event of people who take part
    in a dated event of the same article is that event's agenda, not another event."""
    dated = [c for c in cands if c.date is not None and c.status in ("held", "planned")]
    out = []
    for c in cands:
        host = None
        if c.date is None and c.status == "planned" and len(c.names()) >= 2:
            host = next((d for d in dated if set(c.names()) <= set(d.names())
                         and (d.kind == "phone_call") == (c.kind == "phone_call")), None)
        if host is None:
            out.append(c)
            continue
        host.spans = sorted(set(host.spans + c.spans))
        host.field_spans = host.field_spans + [f for f in c.field_spans if f not in host.field_spans]
    return out


def consolidate(cands: list[Candidate], call_verbs: frozenset[str] = frozenset()) -> list[Candidate]:
    """Merge the candidates of one article that report the same event (in text order)."""
    calls_told_as_talk(cands, call_verbs)
    cands = fold_agenda(cands)
    out: list[Candidate] = []
    for c in cands:
        # the most recent report of exactly these people first, then one that contains them
        if c.continues and out and out[-1].status == c.status and compatible_dates(out[-1].date, c.date) \
                and (out[-1].kind == "phone_call") == (c.kind == "phone_call") \
                and (c.kind == "visit" or set(c.names()) <= set(out[-1].names())):
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
