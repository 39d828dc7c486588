"""Who met whom as a graph: people are nodes, events two of them took part in are edges.

Pure functions over an (already filtered) events table: the nodes with their number of meetings and country,
the edges with how many events each pair shared and which, a deterministic force layout (numpy, no random
state: the same data always draws the same picture), and the time window the Network page offers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetings.filters import FilterState, apply_filters
from meetings.knowledge import KnowledgeBase, load_knowledge
from meetings.topic_stats import list_items

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


def _people_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, person): row (the event's position), person, country (from the role at the same
    position; "" unknown). A person named twice in one event counts once, at their first place."""
    people = list_items(events["participants"]).astype(str)
    people = pd.DataFrame({"row": people.index.to_numpy(), "person": people.to_numpy()}).drop_duplicates()
    people["pos"] = people.groupby("row").cumcount()
    roles = list_items(events["participant_roles"]).astype(str) if "participant_roles" in events \
        else pd.Series(dtype=str)
    roles = pd.DataFrame({"row": roles.index.to_numpy(), "role": roles.to_numpy()})
    roles["pos"] = roles.groupby("row").cumcount()
    people = people.merge(roles, on=["row", "pos"], how="left")
    # "Foreign Minister, Russia" -> "Russia": the part after the last comma; no comma, no country.
    parts = people["role"].fillna("").str.rpartition(",")
    people["country"] = parts[2].str.strip().where(parts[1] == ",", "")
    return people[["row", "person", "pos", "country"]]


def _countries(people: pd.DataFrame) -> dict[str, str]:
    """Each person's most frequent country (ties: the one seen first)."""
    known = people[people["country"] != ""]
    seen = known.groupby(["person", "country"], sort=False)["row"].agg(["size", "min"]).reset_index()
    best = seen.sort_values(["person", "size", "min"], ascending=[True, False, True]).drop_duplicates("person")
    return dict(zip(best["person"], best["country"], strict=True))


def _known_countries(people: list[str], kb: KnowledgeBase | None = None) -> dict[str, str]:
    """For people with no country in their roles: the knowledge base's country, where it has one. (The
    engine already gives people it does not know the country of their title: "Kenyan President X".)"""
    known = {p.name: p.country for p in (kb or load_knowledge()).people if p.country}
    return {p: known[p] for p in people if p in known}


def _pairs(people: pd.DataFrame, event_ids: np.ndarray) -> pd.DataFrame:
    """pair, a, b, meetings, event_ids for every two people of `people` in one event (ids in table order)."""
    both = people.merge(people, on="row", suffixes=("_a", "_b"))
    both = both[both["pos_a"] < both["pos_b"]]
    # pair_key's order: case-insensitive, and for names equal but for case the order they came in
    swap = both["person_b"].str.casefold() < both["person_a"].str.casefold()
    a = both["person_a"].where(~swap, both["person_b"])
    b = both["person_b"].where(~swap, both["person_a"])
    keyed = pd.DataFrame({"pair": a + PAIR_SEPARATOR + b, "a": a, "b": b, "row": both["row"]}).sort_values(
        "row", kind="stable")
    keyed["event_id"] = event_ids[keyed["row"].to_numpy()].astype(str)
    grouped = keyed.groupby("pair", sort=True).agg(a=("a", "first"), b=("b", "first"), meetings=("row", "size"),
                                                   event_ids=("event_id", list)).reset_index()
    return grouped[["pair", "a", "b", "meetings", "event_ids"]]


def network_tables(events: pd.DataFrame, max_people: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) of the events.

    nodes: person, meetings (events they took part in), country (from their most frequent role; for someone
    the engine gave no country, the knowledge base's; "" unknown).
    edges: pair, a, b, meetings (events both took part in), event_ids. With `max_people`, only the people with
    most meetings are kept (ties by name), and the edges between them.

    Column by column (explode, merge, group): 100,000 events take well under a second.
    """
    edge_columns = ["pair", "a", "b", "meetings", "event_ids"]
    if events.empty:
        return pd.DataFrame(columns=["person", "meetings", "country"]), pd.DataFrame(columns=edge_columns)
    people = _people_rows(events)
    meetings = people["person"].value_counts()
    order = sorted(meetings.index, key=lambda p: (-meetings[p], p.casefold()))
    kept = order[:max_people] if max_people else order
    countries = _countries(people[people["person"].isin(set(kept))])
    countries.update(_known_countries([p for p in kept if p not in countries]))
    nodes = pd.DataFrame({"person": kept, "meetings": [int(meetings[p]) for p in kept],
                          "country": [countries.get(p, "") for p in kept]}, columns=["person", "meetings", "country"])
    edges = _pairs(people[people["person"].isin(set(kept))], events["event_id"].to_numpy())
    edges = edges if len(edges) else pd.DataFrame(columns=edge_columns)
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
    linked = [(index[a], index[b], float(w)) for a, b, w in zip(edges["a"], edges["b"], edges["meetings"],
                                                               strict=True) if a in index and b in index]
    first, second, weight = (np.array(c) for c in zip(*linked, strict=True)) if linked else \
        (np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    strength = ((1 + np.log1p(weight)) / 2)[:, None]
    k = np.sqrt(4.0 / n)  # ideal distance for n nodes in a 2x2 square
    temperature = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)  # repulsion
        # Attraction along every link at once (the positions do not move within one step).
        d = pos[first] - pos[second]
        dn = np.maximum(np.linalg.norm(d, axis=1), 1e-3)[:, None]
        pull = d / dn * (dn * dn / k) * strength
        np.add.at(force, first, -pull)
        np.add.at(force, second, pull)
        # Gravity: people with no link in view stay near the others instead of drifting to the edge.
        force -= pos * (GRAVITY * k * np.linalg.norm(pos, axis=1))[:, None]
        length = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos += force / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.97
    pos -= pos.mean(axis=0)
    # Each axis scaled on its own: the chart is wider than tall, and names are written across, so the graph
    # fills the chart's width instead of a square in its middle.
    scale = np.abs(pos).max(axis=0)
    pos /= np.where(scale > 0, scale, 1.0)
    return {p: (float(pos[i, 0]), float(pos[i, 1])) for p, i in index.items()}


X_RANGE = (-1.25, 1.25)  # the chart's axes: the layout's [-1, 1] square with room for the outer names
Y_RANGE = (-1.2, 1.25)
CHART_PX = (800.0, 640.0)  # the chart's size on a laptop screen (it widens with the column, never narrower)
CHAR_PX, LINE_PX = 6.6, 18.0  # an 11 px name: average character width, and its line height with air
LABEL_PAD = 3.0  # px kept free on either side of a name
LABEL_SIDES = ("top center", "bottom center", "middle right", "middle left")


MAX_DOT_PX = 46.0  # the busiest person's dot at most: beyond it, dots of a big table would cover the chart
MAX_LINE_PX = 10.0  # the busiest pair's line at most


def marker_size(meetings, most: float | None = None) -> np.ndarray:
    """A person's dot diameter in px for their number of meetings (area grows with the count); `most` is the
    count of the busiest person drawn (default: the largest in `meetings`), who gets at most MAX_DOT_PX."""
    return 10 + _sqrt_scale(meetings, most, 6.0, MAX_DOT_PX - 10)


def line_width(meetings, most: float | None = None) -> np.ndarray:
    """A pair's line width in px for their meetings together, as `marker_size` (at most MAX_LINE_PX)."""
    return 1 + _sqrt_scale(meetings, most, 2.5, MAX_LINE_PX - 1)


def _sqrt_scale(counts, most: float | None, per_root: float, cap: float) -> np.ndarray:
    """`per_root` × √count, scaled down when the largest (`most`) would pass `cap`."""
    counts = np.asarray(counts, dtype=float)
    if most is None:
        most = float(counts.max()) if counts.size else 1.0
    return min(per_root, cap / np.sqrt(max(most, 1.0))) * np.sqrt(counts)


def _label_box(x: float, y: float, radius: float, text: str, side: str) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1; y down) a name written at `side` of a dot of `radius` px at (x, y) covers."""
    width, gap = len(text) * CHAR_PX + 2 * LABEL_PAD, 2.0
    if side == "top center":
        return x - width / 2, y - radius - gap - LINE_PX, x + width / 2, y - radius - gap
    if side == "bottom center":
        return x - width / 2, y + radius + gap, x + width / 2, y + radius + gap + LINE_PX
    if side == "middle right":
        return x + radius + gap, y - LINE_PX / 2, x + radius + gap + width, y + LINE_PX / 2
    return x - radius - gap - width, y - LINE_PX / 2, x - radius - gap, y + LINE_PX / 2


def _overlap(box: tuple[float, ...], boxes: np.ndarray) -> bool:
    return bool(len(boxes)) and bool(((box[0] < boxes[:, 2]) & (boxes[:, 0] < box[2]) & (box[1] < boxes[:, 3])
                                      & (boxes[:, 1] < box[3])).any())


def label_sides(nodes: pd.DataFrame, positions: dict, chart_px: tuple[float, float] = CHART_PX) -> list[str]:
    """Where each person's name is written ("top center", "bottom center", "middle right", "middle left"), or
    "" when every side would overprint another name or dot (the name is then in the hover text only).

    Busiest people first: each takes the first side whose box stays inside the chart and touches no name
    placed before and no other person's dot. Rows keep their order in the result.
    """
    if nodes.empty:
        return []
    width, height = chart_px
    people = nodes["person"].astype(str).tolist()
    xy = np.array([positions[p] for p in people], dtype=float)
    px = (xy[:, 0] - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0]) * width
    py = (Y_RANGE[1] - xy[:, 1]) / (Y_RANGE[1] - Y_RANGE[0]) * height
    radius = marker_size(nodes["meetings"]) / 2
    dots = np.column_stack([px - radius, py - radius, px + radius, py + radius])
    order = sorted(range(len(people)), key=lambda i: (-int(nodes["meetings"].iloc[i]), people[i].casefold()))
    placed = np.zeros((0, 4))
    sides = [""] * len(people)
    for i in order:
        others = np.delete(dots, i, axis=0)
        for side in LABEL_SIDES:
            box = _label_box(px[i], py[i], radius[i], people[i], side)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not _overlap(box, placed) and not _overlap(box, others):
                sides[i] = side
                placed = np.vstack([placed, box])
                break
    return sides


def graph(events: pd.DataFrame, max_people: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(nodes, edges, positions): `network_tables` and their `force_layout`, what the Network page draws."""
    nodes, edges = network_tables(events, max_people)
    return nodes, edges, force_layout(nodes, edges)


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


def _with_all(events: pd.DataFrame, people: set[str]) -> pd.DataFrame:
    """The events every one of `people` took part in (names compared as text)."""
    if events.empty:
        return events
    named = list_items(events["participants"]).astype(str)
    named = named[named.isin(people)]
    hits = pd.DataFrame({"row": named.index, "person": named.to_numpy()}).drop_duplicates()
    counts = hits["row"].value_counts()
    rows = np.sort(counts.index[counts.to_numpy() == len(people)].to_numpy())
    return events.iloc[rows]


def events_of_pair(events: pd.DataFrame, key: str) -> pd.DataFrame:
    """The events both people of pair `key` took part in."""
    return _with_all(events, set(split_pair(key)))


def events_of_person(events: pd.DataFrame, person: str) -> pd.DataFrame:
    """The events `person` took part in."""
    return _with_all(events, {str(person)})


def people_count(events: pd.DataFrame) -> int:
    """How many different people take part in the events."""
    return int(list_items(events["participants"]).astype(str).nunique()) if len(events) else 0
