"""Merging: reports of the same meeting, in one article or several, become one event.

Candidates are compared only within blocks keyed by (participant, month), and inside a block only
when their date ranges overlap (a sweep in date order), so the work grows with the number of
events, not its square. Two reports merge when their dates overlap at their
precision, their participants overlap (one set contains the other), their places agree or one is
unknown, and they come from different articles (one article's separate events were already kept
apart on purpose). The most precise date and place win; disagreements are kept in `notes`.
"""

from __future__ import annotations

from collections import defaultdict

from meetings.events import Candidate, absorb, compatible_dates, compatible_places


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
        mine = {(name, y, m) for name in e.names() for y, m in month_keys(e)}
        keys.append(mine)
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
