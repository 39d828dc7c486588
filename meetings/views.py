"""Pure aggregations behind the dashboard's pages: counts, map bubbles, topic matrices, timeline lanes.

Each function takes an (already filtered) events table and returns a small DataFrame or dict a page draws.
No Streamlit and no plotting here, so every number on a page is unit-tested.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from meetings.filters import as_list, place_label, place_labels

LANE_CHOICES: dict[str, str] = {
    "pair": "Participant pair",
    "country": "Country (place)",
    "forum": "Forum",
    "kind": "Kind",
}
UNKNOWN_LANE = "(unknown)"
HOVER_LINES = 8  # events listed in a map bubble's hover text
DENSITY_THRESHOLD = 2000  # above this many events the timeline draws density first (zoom reveals events)


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def overview_counts(events: pd.DataFrame, articles: pd.DataFrame | None = None) -> dict[str, object]:
    """Headline numbers: events, articles, distinct participants and places, first and last date."""
    participants = {p for cell in events.get("participants", pd.Series(dtype=object)).tolist()
                    for p in as_list(cell)}
    # labelled once per distinct (city, country): 100,000 rows hold a few hundred places
    where = events[["city", "country"]].drop_duplicates() if {"city", "country"} <= set(events.columns) else None
    places = set() if where is None else {place_label(c, k) for c, k in zip(where["city"].tolist(),
                                                                             where["country"].tolist(), strict=True)}
    places.discard("")
    start = pd.to_datetime(events.get("start", pd.Series(dtype="datetime64[ns]")), errors="coerce").dropna()
    end = pd.to_datetime(events.get("end", pd.Series(dtype="datetime64[ns]")), errors="coerce").dropna()
    if articles is not None and not articles.empty:
        n_articles = int(articles["file"].nunique())
    else:
        n_articles = len({s for cell in events.get("sources", pd.Series(dtype=object)).tolist()
                          for s in as_list(cell)})
    return {
        "events": int(len(events)),
        "articles": n_articles,
        "participants": len(participants),
        "places": len(places),
        "first": start.min().date() if not start.empty else None,
        "last": max(end.max(), start.max()).date() if not end.empty else (
            start.max().date() if not start.empty else None),
    }


def date_span_label(first, last) -> str:
    """ "2023-05-04 → 2025-02-21", one date when equal, "—" when unknown."""
    if first is None:
        return "—"
    return str(first) if first == last or last is None else f"{first} → {last}"


def year_span_label(first, last) -> str:
    """ "2023–2025" (short enough for a metric tile), one year when equal, "—" when unknown."""
    if first is None:
        return "—"
    last = last or first
    return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"


def latest_events(events: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` most recent events (by start, undated last), newest first."""
    if events.empty:
        return events
    # the dates sorted alone, then only `n` rows taken: sorting the whole table copied all its columns
    # (75 ms on every Overview run at 100,000 events)
    order = pd.to_datetime(events["start"], errors="coerce").reset_index(drop=True)
    return events.iloc[order.sort_values(ascending=False, na_position="last").index[:n]]


def pair_label(participants) -> str:
    """A lane label for the people in an event: the first two, sorted, "A – B" (+n more)."""
    people = [str(p) for p in as_list(participants)]
    if not people:
        return UNKNOWN_LANE
    if len(people) == 1:
        return people[0]
    first_two = sorted(people[:2], key=str.casefold)
    extra = f" +{len(people) - 2}" if len(people) > 2 else ""
    return f"{first_two[0]} – {first_two[1]}{extra}"


def lane_values(events: pd.DataFrame, by: str) -> pd.Series:
    """The lane (y value) of each event for the timeline: participant pair, place country, forum or kind."""
    if by == "pair":
        values = [pair_label(p) for p in events["participants"].tolist()]
    elif by == "country":
        values = [_text(c) or UNKNOWN_LANE for c in events["country"].tolist()]
    elif by == "forum":
        values = [_text(f) or "(no forum)" for f in events["forum"].tolist()]
    elif by == "kind":
        values = [_text(k).replace("_", " ") or UNKNOWN_LANE for k in events["kind"].tolist()]
    else:
        raise ValueError(f"unknown lane choice {by!r}")
    return pd.Series(values, index=events.index, dtype=object)


def timeline_frame(events: pd.DataFrame, lane_by: str = "pair") -> pd.DataFrame:
    """One row per dated event with what the timeline draws: lane, start, end, shape and hover text.

    shape: "point" for a one-day event, "bar" for a multi-day one, "span" for a month/year-precision date (the
    whole month/year is drawn, hatched, because the day is not known). Undated events are left out.
    """
    columns = ["event_id", "lane", "start", "end", "shape", "status", "kind", "precision", "hover", "label"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    start = pd.to_datetime(events["start"], errors="coerce")
    end = pd.to_datetime(events["end"], errors="coerce").fillna(start)
    lanes = lane_values(events, lane_by)
    rows = []
    for (idx, row), s, e in zip(events.iterrows(), start.tolist(), end.tolist(), strict=True):
        if pd.isna(s):
            continue
        precision = _text(row.get("date_precision")) or "day"
        if precision != "day":
            shape = "span"
        elif e > s:
            shape = "bar"
        else:
            shape = "point"
        rows.append({
            "event_id": _text(row.get("event_id")),
            "lane": lanes.loc[idx],
            "start": s,
            "end": e,
            "shape": shape,
            "status": _text(row.get("status")) or "held",
            "kind": _text(row.get("kind")) or "meeting",
            "precision": precision,
            "hover": hover_text(row),
            "label": pair_label(row.get("participants")),
        })
    return pd.DataFrame(rows, columns=columns)


def outside_note(before: int, after: int, slider: bool = False) -> str:
    """What a chart opened on its default window says about the dated events it leaves out ("" for none).

    `slider`: the chart has a range slider to reach them (the Timeline); otherwise double-clicking zooms out.
    """
    if not before and not after:
        return ""
    how = "drag the range slider under the chart, or double-click" if slider else "double-click"
    return (f"{before + after} event(s) outside this view ({before} earlier, {after} later): {how} the chart to "
            "see every date.")


def date_text(row) -> str:
    """The event's date as the engine wrote it, with a range when it spans days: "2024-04-08 – 2024-04-09"."""
    start, end = _text(row.get("start_date")), _text(row.get("end_date"))
    if not start:
        return "date unknown"
    return start if not end or end == start else f"{start} – {end}"


def where_text(row) -> str:
    """ "Goa, India", "China (no city known)" or "place unknown"."""
    return place_label(row.get("city"), row.get("country")) or "place unknown"


def hover_text(row) -> str:
    """Plain hover text (participants, place, date, sources); the page escapes it before plotly sees it."""
    people = ", ".join(str(p) for p in as_list(row.get("participants"))) or "participants unknown"
    n_sources = row.get("n_sources")
    try:
        n_sources = int(n_sources)
    except (TypeError, ValueError):
        n_sources = len(as_list(row.get("sources")))
    kind = _text(row.get("kind")).replace("_", " ")
    status = _text(row.get("status"))
    forum = _text(row.get("forum"))
    lines = [people, f"{kind} ({status})" + (f" · {forum}" if forum else ""), where_text(row), date_text(row),
             f"{n_sources} source{'s' if n_sources != 1 else ''}"]
    return "\n".join(lines)


def mark_size(per_lane: float, largest: float = 14.0, smallest: float = 6.0, room: float = 60.0) -> float:
    """Marker size (px) for a timeline whose busiest lane holds `per_lane` events: full size up to `room`
    events, then smaller with the square root of the count, so a busy lane still shows where it is dense
    instead of one solid bar."""
    if per_lane <= room:
        return largest
    return float(max(smallest, largest * (room / per_lane) ** 0.5))


def density_frame(events: pd.DataFrame, freq: str = "MS") -> pd.DataFrame:
    """Events per period (by start date): the overview drawn when there are too many events to show each."""
    if events.empty:
        return pd.DataFrame(columns=["period", "events"])
    start = pd.to_datetime(events["start"], errors="coerce").dropna()
    if start.empty:
        return pd.DataFrame(columns=["period", "events"])
    counts = start.dt.to_period(freq.rstrip("S") or "M").dt.start_time.value_counts().sort_index()
    return pd.DataFrame({"period": counts.index, "events": counts.values})


def place_bubbles(events: pd.DataFrame) -> pd.DataFrame:
    """One row per place with coordinates: how many events, which, and whether it is a country-only place.

    A country-only event (no city) is kept apart from a city in that country, drawn at the engine's country
    coordinates and flagged `country_only` so the map can draw it distinctly, never as a made-up city.
    Events without coordinates are not bubbles: see `unplaced_events`.
    """
    columns = ["place", "city", "country", "lat", "lon", "country_only", "events", "event_ids", "kinds",
               "main_kind", "hover"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    lat = pd.to_numeric(events["lat"], errors="coerce")
    lon = pd.to_numeric(events["lon"], errors="coerce")
    placed = events[lat.notna() & lon.notna()].assign(_lat=lat, _lon=lon)
    groups: dict[str, dict] = {}
    # Column by column, not a dict per row: at 100,000 events the per-row dicts and hover lines took seconds.
    # Only the first HOVER_LINES events of a place are written out (the hover says how many more there are).
    columns_needed = [placed[c].tolist() if c in placed else [None] * len(placed)
                      for c in ("city", "country", "event_id", "kind")]
    for position, (raw_city, raw_country, event_id, raw_kind, lat_value, lon_value) in enumerate(
            zip(*columns_needed, placed["_lat"].tolist(), placed["_lon"].tolist(), strict=True)):
        city, country = _text(raw_city), _text(raw_country)
        label = place_label(city, country) or f"{lat_value:.2f}, {lon_value:.2f}"
        group = groups.setdefault(label, {
            "place": label, "city": city, "country": country, "lat": lat_value, "lon": lon_value,
            "country_only": not city, "events": 0, "event_ids": [], "kinds": {}, "first": [],
        })
        group["events"] += 1
        group["event_ids"].append(_text(event_id))
        kind = _text(raw_kind) or "meeting"
        group["kinds"][kind] = group["kinds"].get(kind, 0) + 1
        if len(group["first"]) < HOVER_LINES:
            group["first"].append(position)
    rows = []
    for group in groups.values():
        shown = _hover_lines(placed.iloc[group.pop("first")].to_dict("records"), group["events"])
        group["main_kind"] = max(group["kinds"], key=group["kinds"].get)
        header = group["place"] + (" — country only, no city known" if group["country_only"] else "")
        group["hover"] = "\n".join([header, f"{group['events']} event(s)"] + shown)
        rows.append(group)
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["events", "place"], ascending=[False, True]).reset_index(drop=True)


def _hover_lines(rows: list[dict], total: int) -> list[str]:
    """A bubble's hover lines for its first events ("2024-04-08: A – B (meeting)"), then how many more."""
    lines = [f"{date_text(row)}: {pair_label(row.get('participants'))} "
             f"({(_text(row.get('kind')) or 'meeting').replace('_', ' ')})" for row in rows]
    return lines + ([f"… and {total - len(lines)} more"] if total > len(lines) else [])


def unplaced_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events the map cannot draw (no coordinates): listed under the map instead."""
    if events.empty:
        return events
    lat = pd.to_numeric(events["lat"], errors="coerce")
    lon = pd.to_numeric(events["lon"], errors="coerce")
    return events[lat.isna() | lon.isna()]


def evidence_segments(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, highlighted) pieces for the given [start, end) spans (overlaps merged).

    Spans outside the text are clipped; the page escapes every segment before rendering.
    """
    n = len(text)
    cleaned = sorted((max(0, int(s)), min(n, int(e))) for s, e in spans if e is not None and s is not None)
    merged: list[list[int]] = []
    for s, e in cleaned:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in merged:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < n:
        out.append((text[pos:], False))
    return out


def spans_in(events: pd.DataFrame, column: str, file: str) -> list[tuple[int, int]]:
    """The (start, end) offsets into `file` recorded in a column of span dicts (evidence_spans, field_spans)."""
    spans = []
    for cell in events[column].tolist() if column in events else []:
        for span in as_list(cell):
            if isinstance(span, dict) and span.get("file") == file:
                try:
                    spans.append((int(span["start"]), int(span["end"])))
                except (KeyError, TypeError, ValueError):
                    continue
    return spans


def article_spans(events: pd.DataFrame, file: str) -> list[tuple[int, int]]:
    """What the events read from `file` (offsets into that article's text): the participants, dates and
    places themselves where the engine recorded them, else the evidence sentences."""
    return spans_in(events, "field_spans", file) or spans_in(events, "evidence_spans", file)


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$&\"'=^")


def squeeze_blank_lines(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Collapse the blank runs that cleaned-away page debris leaves, segment by segment (offsets are not needed
    any more once the text is cut into highlighted segments)."""
    return [(re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", re.sub(r"[ \t]{2,}", " ", text)), marked)
            for text, marked in segments]


def escape_markdown(text: str) -> str:
    """Escape every Markdown/HTML-significant character with a backslash (CommonMark allows it for all ASCII
    punctuation), so article text shows literally: no links, no emphasis, no :shortcodes:, no LaTeX, no tags.
    Line breaks are kept as hard breaks."""
    escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "  \n")


def highlighted_markdown(segments: list[tuple[str, bool]], color: str = "orange") -> str:
    """Escaped Markdown for (text, highlighted) segments; highlights use Streamlit's :color-background[...]."""
    out = []
    for text, marked in segments:
        if not marked:
            out.append(escape_markdown(text))
            continue
        # A directive cannot span paragraphs: highlight each line of a multi-line span separately.
        lines = [escape_markdown(line) for line in text.replace("\r", "").split("\n")]
        out.append("  \n".join(f":{color}-background[{line}]" if line.strip() else line for line in lines))
    return "".join(out)


def term_spans(sentence: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where any of `terms` (whole words or phrases, case-insensitive) occurs in an evidence sentence."""
    spans = []
    for term in sorted({_text(t) for t in terms if _text(t)}, key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", sentence, flags=re.IGNORECASE):
            spans.append((match.start(), match.end()))
    return spans


def event_terms(row) -> list[str]:
    """The words of an event worth highlighting in its evidence: participants' full names and surnames (the
    text often says just "Lavrov"), city, country, forum and organisations as whole phrases."""
    terms: list[str] = []
    for person in as_list(row.get("participants")):
        person = str(person)
        terms.append(person)
        parts = person.split()
        if len(parts) > 1 and len(parts[-1]) > 2:
            terms.append(parts[-1])
    terms += [_text(row.get("city")), _text(row.get("country")), _text(row.get("forum"))]
    terms += [str(o) for o in as_list(row.get("organizations"))]
    return [t for t in terms if t]


def safe_url(url) -> str | None:
    """The URL when it is http(s), else None: javascript:, data: and relative links never become links."""
    url = _text(url)
    if not url.lower().startswith(("http://", "https://")) or re.search(r"[\s<>\"'`\\]", url):
        return None
    return url


def place_labels_of(events: pd.DataFrame) -> pd.Series:
    """The map's place label of every event (same labels as `place_bubbles`)."""
    return place_labels(events)


UNCERTAIN_BELOW = 0.6  # confidence under this, or any review reason, draws an event as uncertain


def kind_text(kind) -> str:
    """ "phone_call" -> "phone call" (no raw codes on screen)."""
    return _text(kind).replace("_", " ")


def people_text(row) -> str:
    """Everyone who took part, "A, B and C" (never "+1"), or "participants unknown"."""
    people = [str(p) for p in as_list(row.get("participants"))]
    if not people:
        return "participants unknown"
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]


def confidence_value(value) -> float | None:
    """The engine's confidence as a float, None when missing."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def confidence_text(value) -> str:
    """ "0.85" or "not given"."""
    number = confidence_value(value)
    return "not given" if number is None else f"{number:.2f}"


def is_uncertain(row) -> bool:
    """True when the engine doubts the event: a low confidence or a reason to review it."""
    number = confidence_value(row.get("confidence"))
    return bool(_text(row.get("review"))) or (number is not None and number < UNCERTAIN_BELOW)


def spans_in_event(row, file: str) -> list[tuple[int, int]]:
    """What one event read from `file` (offsets into its text): fields where recorded, else its sentences."""
    one = pd.DataFrame([{"field_spans": row.get("field_spans"), "evidence_spans": row.get("evidence_spans")}])
    return article_spans(one, file)


# Readable names of the event table's columns (the Events page's chooser and every event list).
COLUMN_LABELS: dict[str, str] = {
    "event_id": "ID", "start_date": "Start", "end_date": "End", "date_precision": "Date precision",
    "kind": "Kind", "status": "Status", "confidence": "Confidence", "review": "Why uncertain",
    "participants": "Participants", "participant_countries": "Countries", "city": "City", "country": "Country",
    "place_precision": "Place precision", "forum": "Forum (held at)", "organizations": "Organisations mentioned",
    "topics": "Topics", "prominence": "Prominence", "n_sources": "Sources", "outlets": "Outlets",
    "link": "Article", "summary": "Summary", "evidence": "Evidence", "lat": "Latitude", "lon": "Longitude",
    "cameo_code": "CAMEO code", "date_method": "How dated", "disagreements": "Sources disagree on",
}
DEFAULT_COLUMNS: list[str] = ["start_date", "kind", "participants", "city", "country", "forum", "topics",
                              "status", "confidence", "outlets", "summary"]


def source_name(article: dict) -> str:
    """How a source article is named to a reader: outlet, else title (never a stored file name)."""
    return _text(article.get("outlet")) or _text(article.get("title")) or "article without outlet or title"


def readable_values(events: pd.DataFrame, articles: pd.DataFrame | None = None,
                    topic_label=None) -> pd.DataFrame:
    """The events with codes turned into words (kind "phone_call" -> "phone call", topics labelled), the
    sources' outlets as a list, and one link per row (the first source with an http(s) url)."""
    table = events.copy()
    by_file = {str(a["file"]): a for a in articles.to_dict("records")} if articles is not None and len(articles) \
        else {}
    if not len(table):
        return table.assign(outlets=[], link=[])
    table["kind"] = [kind_text(k) for k in table["kind"].tolist()]
    if topic_label is not None:
        table["topics"] = [[topic_label(str(t)) for t in as_list(c)] for c in table["topics"].tolist()]
    table["outlets"] = [list(dict.fromkeys(source_name(by_file.get(str(s), {})) for s in as_list(cell)))
                        for cell in table["sources"].tolist()]
    table["link"] = [next((u for s in as_list(cell) if (u := safe_url(by_file.get(str(s), {}).get("url")))),
                          None) for cell in table["sources"].tolist()]
    table["confidence"] = pd.to_numeric(table["confidence"], errors="coerce") if "confidence" in table else None
    return table


def page_of(frame: pd.DataFrame, size: int, number: int,
            order: np.ndarray | None = None) -> tuple[pd.DataFrame, int, int]:
    """(rows of page `number`, number of pages, the page number actually shown): a page beyond the last
    (the filters now keep fewer rows) shows the last page. `order` (row positions, e.g. from
    `meetings.table_order.sort_order`) pages the rows in that order instead of the table's."""
    pages = max(1, -(-len(frame) // max(1, size)))
    number = min(max(1, int(number)), pages)
    window = slice((number - 1) * size, number * size)
    return (frame.iloc[window] if order is None else frame.iloc[order[window]]), pages, number
