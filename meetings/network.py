"""Who met whom as a graph: people are nodes, events two of them took part in are edges.

Pure functions over an (already filtered) events table: the nodes with their number of meetings and country,
the edges with how many events each pair shared and which, a deterministic force layout (numpy, no random
state: the same data always draws the same picture), and the time window the Network page offers.
"""

from __future__ import annotations

import re
from collections import Counter

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


# Words that may stand between a country and a name in a title besides the office itself ("Kenya's new
# President", "Sri Lanka's newly elected President"); any other lower-case word (a verb: "India hosted
# President X") means the country is not the person's.
TITLE_MODIFIERS = frozenset({"new", "newly", "elected", "newly-elected", "incoming", "outgoing", "former", "then",
                             "acting", "interim", "the", "of", "h.e.", "dr.", "mr.", "mrs.", "ms."})
TITLE_SOURCES = 20  # articles read per person: enough to vote, bounded for people in thousands of events


_READERS: dict[int, tuple[KnowledgeBase, tuple]] = {}  # id -> (the knowledge base, its patterns)


def _title_readers(kb: KnowledgeBase) -> tuple[dict[str, str], re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """(country word -> country, the office pattern, and three patterns over the text around a name: a country
    and title before it, "of <country>" after it, ", <country>'s <title>" after it), built once per knowledge
    base (it is not hashable: keyed by identity, the object kept so that its id is not reused)."""
    cached = _READERS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    words: dict[str, str] = {}
    for country in kb.countries:
        for word in [country.name, *country.aliases, *country.demonyms]:
            if word and word[0].isupper():
                words.setdefault(word, country.name)
    names: dict[str, str] = {}
    for country in kb.countries:
        for word in [country.name, *country.aliases]:
            if word and word[0].isupper():
                names.setdefault(word, country.name)
    any_word = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    any_name = "|".join(re.escape(w) for w in sorted(names, key=len, reverse=True))
    phrases = sorted({p for office in kb.office_types.values() for p in office.phrases}, key=len, reverse=True)
    office = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")
    before = re.compile(r"(?<![\w-])(?P<c>" + any_word + r")(?:['’]s)?\s+(?P<mid>(?:[\w.'’-]+\s+){1,5})$")
    of_after = re.compile(r"\s+of\s+(?:the\s+)?(?P<c>" + any_name + r")\b")
    comma_after = re.compile(r",\s+(?:the\s+)?(?P<c>" + any_word + r")(?:['’]s)?\s+(?P<mid>(?:[\w.'’-]+\s*){1,5})")
    readers = (words, office, before, of_after, comma_after)
    _READERS[id(kb)] = (kb, readers)
    return readers


def _is_title(words: str, office: re.Pattern, start_only: bool = False) -> bool:
    """True when `words` are an office title: capitalised words, the office's own words and a few modifiers,
    at least one office phrase among them (with `start_only`, the office opens them: ", Kenya's president,
    who ..." is a title followed by other words)."""
    low = words.strip().lower()
    found = office.match(low) if start_only else office.search(low)
    if not found:
        return False
    checked = low[:found.end()].split() if start_only else low.split()
    office_words = set(found.group(0).split())
    return all(w in office_words or w in TITLE_MODIFIERS or orig[:1].isupper()
               for w, orig in zip(checked, words.split(), strict=False))


def title_countries(text: str, name: str, kb: KnowledgeBase | None = None) -> list[str]:
    """The countries `text` gives `name` in a title next to the name, in the order they appear:
    "Sri Lankan President <name>", "Kenya's President <name>", "President <name> of Kenya",
    "<name>, New Zealand's prime minister". Nothing for a country the title does not tie to the name
    ("India hosted President <name>", "Chinese President Xi Jinping and <name>")."""
    if not name or len(name.split()) < 2:
        return []  # a lone surname is too often someone else's
    words, office, before, of_after, comma_after = _title_readers(kb or load_knowledge())
    found: list[str] = []
    for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
        head = before.search(text, max(0, match.start() - 90), match.start())
        if head and _is_title(head.group("mid"), office) and not any(
                w.strip(".,'’") in words for w in head.group("mid").split()):
            found.append(words[head.group("c")])
            continue
        tail = of_after.match(text, match.end())
        if tail:
            found.append(words[tail.group("c")])
            continue
        tail = comma_after.match(text, match.end())
        if tail and _is_title(tail.group("mid"), office, start_only=True):
            found.append(words[tail.group("c")])
    return found


def _titled(people: list[str], rows: pd.DataFrame, events: pd.DataFrame, articles: pd.DataFrame | None,
            kb: KnowledgeBase | None = None) -> dict[str, str]:
    """For people with no country in their roles: the knowledge base's country, else the country the titles in
    their events' source articles give them most often (ties: the first seen)."""
    kb = kb or load_knowledge()
    known = {p.name: p.country for p in kb.people if p.country}
    found = {p: known[p] for p in people if p in known}
    wanted = [p for p in people if p not in found]
    if not wanted or articles is None or articles.empty or "text" not in articles:
        return found
    texts = dict(zip(articles["file"].astype(str), articles["text"].fillna("").astype(str), strict=True))
    sources = events["sources"].to_numpy()
    rows_of = rows[rows["person"].isin(set(wanted))].groupby("person", sort=False)["row"].agg(list)
    for person in wanted:
        files = dict.fromkeys(str(f) for r in rows_of.get(person, [])
                              for f in (sources[r] if isinstance(sources[r], list | tuple | np.ndarray) else []))
        votes = Counter(c for f in list(files)[:TITLE_SOURCES] for c in title_countries(texts.get(f, ""), person, kb))
        if votes:
            found[person] = votes.most_common(1)[0][0]
    return found


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


def network_tables(events: pd.DataFrame, max_people: int | None = None,
                   articles: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) of the events.

    nodes: person, meetings (events they took part in), country (from their most frequent role; for someone
    the engine gave no country, the knowledge base's, else the one the titles in their `articles` give them,
    "Sri Lankan President ..."; "" unknown).
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
    countries.update(_titled([p for p in kept if p not in countries], people, events, articles))
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


def marker_size(meetings) -> np.ndarray:
    """A person's dot diameter in px for their number of meetings (area grows with the count)."""
    return 10 + 6 * np.sqrt(np.asarray(meetings, dtype=float))


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


def graph(events: pd.DataFrame, max_people: int | None = None,
          articles: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(nodes, edges, positions): `network_tables` and their `force_layout`, what the Network page draws."""
    nodes, edges = network_tables(events, max_people, articles)
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
