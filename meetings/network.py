"""Who met whom as a graph: people are nodes, events two of them took part in are edges.

Pure functions over an (already filtered) events table: the nodes with their number of meetings and country,
the edges with how many events each pair shared and which, a deterministic force layout (numpy, no random
state: the same data always draws the same picture), and the time window the Network page offers.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from meetings.filters import FilterState, apply_filters, as_list

PAIR_SEPARATOR = " | "
GRAVITY = 5.0  # pull toward the centre, relative to the ideal distance between two people


def _country_of(role: str) -> str:
    """ "Foreign Minister, Russia" -> "Russia"; "" when the role names no country."""
    parts = [p.strip() for p in str(role or "").split(",")]
    return parts[-1] if len(parts) > 1 else ""


def pair_key(a: str, b: str) -> str:
    """One key per unordered pair of people (sorted), as the edge's id on the page."""
    first, second = sorted((a, b), key=str.casefold)
    return f"{first}{PAIR_SEPARATOR}{second}"


def split_pair(key: str) -> tuple[str, str]:
    first, _, second = str(key).partition(PAIR_SEPARATOR)
    return first, second


def network_tables(events: pd.DataFrame, max_people: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) of the events.

    nodes: person, meetings (events they took part in), country (from their most frequent role).
    edges: pair, a, b, meetings (events both took part in), event_ids. With `max_people`, only the people with
    most meetings are kept (ties by name), and the edges between them.
    """
    meetings: dict[str, int] = {}
    countries: dict[str, dict[str, int]] = {}
    pairs: dict[str, list[str]] = {}
    for row in events.to_dict("records"):
        people = list(dict.fromkeys(str(p) for p in as_list(row.get("participants"))))
        roles = [str(r) for r in as_list(row.get("participant_roles"))]
        for i, person in enumerate(people):
            meetings[person] = meetings.get(person, 0) + 1
            country = _country_of(roles[i]) if i < len(roles) else ""
            if country:
                seen = countries.setdefault(person, {})
                seen[country] = seen.get(country, 0) + 1
        for a, b in combinations(people, 2):
            pairs.setdefault(pair_key(a, b), []).append(str(row.get("event_id")))
    order = sorted(meetings, key=lambda p: (-meetings[p], p.casefold()))
    kept = set(order[:max_people] if max_people else order)
    nodes = pd.DataFrame([{"person": p, "meetings": meetings[p],
                           "country": max(countries[p], key=countries[p].get) if p in countries else ""}
                          for p in order if p in kept], columns=["person", "meetings", "country"])
    edge_rows = []
    for key, ids in sorted(pairs.items()):
        a, b = split_pair(key)
        if a in kept and b in kept:
            edge_rows.append({"pair": key, "a": a, "b": b, "meetings": len(ids), "event_ids": ids})
    edges = pd.DataFrame(edge_rows, columns=["pair", "a", "b", "meetings", "event_ids"])
    return nodes, edges.sort_values(["meetings", "pair"], ascending=[False, True]).reset_index(drop=True)


def force_layout(nodes: pd.DataFrame, edges: pd.DataFrame, iterations: int = 120) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² (Fruchterman-Reingold): linked people close, everyone else apart.

    Starts from a circle ordered by country then name, so the result is deterministic and countries start
    together.
    """
    people = nodes.sort_values(["country", "person"])["person"].tolist() if len(nodes) else []
    n = len(people)
    if n == 0:
        return {}
    if n == 1:
        return {people[0]: (0.0, 0.0)}
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.column_stack([np.cos(angle), np.sin(angle)])
    index = {p: i for i, p in enumerate(people)}
    links = [(index[a], index[b], float(w)) for a, b, w in zip(edges["a"], edges["b"], edges["meetings"],
                                                              strict=True) if a in index and b in index]
    k = np.sqrt(4.0 / n)  # ideal distance for n nodes in a 2x2 square
    temperature = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)  # repulsion
        for i, j, w in links:
            d = pos[i] - pos[j]
            dn = max(float(np.linalg.norm(d)), 1e-3)
            pull = d / dn * (dn * dn / k) * (1 + np.log1p(w)) / 2
            force[i] -= pull
            force[j] += pull
        # Gravity: people with no link in view stay near the others instead of drifting to the edge.
        force -= pos * (GRAVITY * k * np.linalg.norm(pos, axis=1))[:, None]
        length = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos += force / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.97
    pos -= pos.mean(axis=0)
    scale = float(np.abs(pos).max()) or 1.0
    pos /= scale
    return {p: (float(pos[i, 0]), float(pos[i, 1])) for p, i in index.items()}


def date_window(events: pd.DataFrame) -> tuple | None:
    """(first, last) day any event covers, None when nothing is dated."""
    start = pd.to_datetime(events["start"], errors="coerce").dropna() if len(events) else pd.Series(dtype=object)
    if start.empty:
        return None
    end = pd.to_datetime(events["end"], errors="coerce").dropna()
    last = max(end.max(), start.max()) if not end.empty else start.max()
    return start.min().date(), last.date()


def in_window(events: pd.DataFrame, first, last) -> pd.DataFrame:
    """The events whose days overlap [first, last] (the date filter's rule); undated events are outside."""
    return apply_filters(events, FilterState(date_from=first, date_to=last))


def events_of_pair(events: pd.DataFrame, key: str) -> pd.DataFrame:
    """The events both people of pair `key` took part in."""
    a, b = split_pair(key)
    if events.empty:
        return events
    both = [a in (people := {str(p) for p in as_list(cell)}) and b in people
            for cell in events["participants"].tolist()]
    return events[pd.Series(both, index=events.index, dtype=bool)]
