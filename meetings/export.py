"""Turn an events table into download bytes and files: CSV (the engine's contract), JSON, TimelineJS.

Everything here is pure: the dashboard's download buttons and the engine's CLI (`write_events`) share it, so
the file a user downloads is what `python -m meetings extract --out x.csv` writes, plus (dashboard) the
sources' outlets, titles and URLs after the contract's columns (`add_source_details`).
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from meetings.csv_columns import csv_text, joined_lists
from meetings.schema import CSV_COLUMNS, LIST_COLUMNS

# Per event, what its source articles are, aligned with `sources` and appended after the contract's columns.
SOURCE_DETAIL_COLUMNS: list[str] = ["source_outlets", "source_titles", "source_urls"]
MAX_NAME_PART = 40  # characters of one filter value in a download's file name

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def _is_missing(value: Any) -> bool:
    """True for None / NaN / NaT / pd.NA, without choking on lists (whose truth value is ambiguous)."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, set)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_list(value: Any) -> list:
    """A list cell as a Python list: lists, tuples and numpy arrays pass; a missing cell is empty."""
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [value] if value else []
    try:
        return list(value)
    except TypeError:
        return [value]


def join_list(value: Any) -> str:
    """A list cell joined with "; " (the CSV contract); dicts (evidence spans) become their sentence."""
    items = []
    for item in _as_list(value):
        if isinstance(item, dict):
            item = item.get("sentence", "")
        if _is_missing(item):
            continue
        items.append(str(item))
    return LIST_SEPARATOR.join(items)


def _ensure_columns(events: pd.DataFrame) -> pd.DataFrame:
    """Add any CSV column the frame lacks (empty), so a partial table still exports in contract order."""
    missing = [c for c in CSV_COLUMNS if c not in events.columns]
    if not missing:
        return events
    events = events.copy()
    for column in missing:
        events[column] = [[] for _ in range(len(events))] if column in LIST_COLUMNS else None
    return events


def add_source_details(events: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    """The events with, per source article (same order as `sources`), its outlet, title and URL ("" when
    unknown): a reader of the CSV can cite and open the articles instead of seeing stored file names."""
    by_file = {str(a["file"]): a for a in articles.to_dict("records")} if articles is not None and len(articles) \
        else {}

    def detail(cell: Any, key: str) -> list[str]:
        values = [by_file.get(str(s), {}).get(key) for s in _as_list(cell)]
        return ["" if _is_missing(v) else str(v) for v in values]

    events = events.copy()
    sources = events["sources"].tolist() if "sources" in events else [[] for _ in range(len(events))]
    for column, key in zip(SOURCE_DETAIL_COLUMNS, ("outlet", "title", "url"), strict=True):
        events[column] = [detail(cell, key) for cell in sources]
    return events


def events_to_csv_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The events in `schema.CSV_COLUMNS` order with list columns joined by "; " (strings, ready for CSV);
    the source details of `add_source_details`, when present, follow the contract's columns."""
    events = _ensure_columns(events)
    out = pd.DataFrame(index=range(len(events)))
    for column in CSV_COLUMNS + [c for c in SOURCE_DETAIL_COLUMNS if c in events.columns]:
        if column in LIST_COLUMNS or column in SOURCE_DETAIL_COLUMNS:
            out[column] = joined_lists(events[column], join_list)
        else:
            out[column] = events[column].tolist()
    # n_sources stays an integer column even when the frame came in as object dtype.
    if len(out):
        out["n_sources"] = pd.to_numeric(out["n_sources"], errors="coerce").astype("Int64")
    return out


def guard_formula(value: Any) -> Any:
    """Prefix a text cell starting with = + - @ tab or CR with ' so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(events: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the events in contract order, every text cell guarded against formula injection."""
    return csv_text(events_to_csv_frame(events), guard=guard_formula).encode("utf-8")


def _jsonable(value: Any) -> Any:
    """A cell converted to plain JSON types: Timestamps to ISO dates, NaN to null, arrays to lists."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        seq = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(seq, list):
            return [_jsonable(v) for v in seq]
        value = seq
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def events_to_records(events: pd.DataFrame, columns: Iterable[str] | None = None) -> list[dict]:
    """The events as JSON-ready dicts; lists stay lists (JSON needs no "; " joining)."""
    columns = list(columns) if columns is not None else list(events.columns)
    return [
        {column: _jsonable(row.get(column)) for column in columns}
        for row in events.to_dict("records")
    ]


def to_json_bytes(events: pd.DataFrame) -> bytes:
    """UTF-8 JSON array of the events: the CSV contract's columns first, then the richer in-memory ones."""
    extra = [c for c in events.columns if c not in CSV_COLUMNS and c != "start" and c != "end"]
    records = events_to_records(_ensure_columns(events), CSV_COLUMNS + extra)
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def _slug(value: Any) -> str:
    """A filter value as a file-name part: lower-case ASCII words joined by '-' ("Wang Yi" -> "wang-yi")."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore")
                       .decode().lower())
    return "-".join(words)[:MAX_NAME_PART].strip("-")


def _surname(name: str) -> str:
    """A person by surname ("Sergey Lavrov" -> "lavrov"); two-word Chinese-style names stay whole."""
    parts = str(name).split()
    return _slug(parts[-1] if len(parts) > 2 or (len(parts) == 2 and len(parts[-1]) > 2) else name)


def download_name(state: Any, events: pd.DataFrame, extension: str, stem: str = "meetings") -> str:
    """A file name saying what was filtered and when: "meetings_lavrov_2024-01-01_2024-12-31.csv".

    People by surname ("lavrov-and-wang-yi" when all of them had to take part), then the other filter
    values, then the date range: the filter's, else the span of the exported events.
    """
    people = [_surname(p) for p in getattr(state, "participants", [])]
    joiner = "-and-" if getattr(state, "participant_mode", "any") == "all" else "-or-"
    parts = [joiner.join(p for p in people if p)]
    for attr in ("countries", "forums", "organizations", "topics", "kinds", "statuses", "places"):
        parts += [_slug(v) for v in getattr(state, attr, [])]
    parts.append(_slug(getattr(state, "text", "")))
    if getattr(state, "min_confidence", None):
        parts.append(f"conf{state.min_confidence:g}")
    first, last = getattr(state, "date_from", None), getattr(state, "date_to", None)
    if (first is None or last is None) and "start" in events and len(events):
        start = pd.to_datetime(events["start"], errors="coerce").dropna()
        end = pd.to_datetime(events["end"], errors="coerce").dropna()
        if not start.empty:
            first = first or start.min().date()
            last = last or max(start.max(), end.max() if not end.empty else start.max()).date()
    parts += [d.isoformat() for d in (first, last) if d is not None]
    name = "_".join([stem] + [p for p in parts if p])
    return f"{name[:150]}.{extension.lstrip('.')}"


def _timelinejs_date(iso: Any) -> dict[str, str] | None:
    """'2024-04-08' / '2023-10' / '2023' as TimelineJS {year, month, day}, keeping only the known parts."""
    if _is_missing(iso) or not str(iso).strip():
        return None
    parts = str(iso).strip().split("-")
    keys = ("year", "month", "day")
    out: dict[str, str] = {}
    for key, part in zip(keys, parts, strict=False):
        if not part.isdigit():
            break
        out[key] = str(int(part))
    return out or None


def _headline(row: dict) -> str:
    """A short headline: participants, else the kind and place."""
    people = _as_list(row.get("participants"))
    kind = str(row.get("kind") or "meeting").replace("_", " ")
    if len(people) >= 2:
        head = f"{people[0]} and {people[1]}" + (f" +{len(people) - 2}" if len(people) > 2 else "")
    elif people:
        head = f"{people[0]}: {kind}"
    else:
        head = kind.capitalize()
    place = row.get("city") if not _is_missing(row.get("city")) and row.get("city") else row.get("country")
    if place and not _is_missing(place):
        head += f" ({place})"
    return head


def to_timelinejs(events: pd.DataFrame) -> dict:
    """A TimelineJS3 JSON document: one slide per event, grouped by kind; undated events are left out.

    TimelineJS renders `text.text` as HTML, so the text fields are plain (no markup from articles); the
    publisher's page is responsible for its own escaping policy.
    """
    slides = []
    for row in _ensure_columns(events).to_dict("records"):
        start = _timelinejs_date(row.get("start_date"))
        if start is None:
            continue
        slide: dict[str, Any] = {
            "unique_id": str(row.get("event_id") or ""),
            "start_date": start,
            "text": {"headline": _headline(row), "text": str(row.get("summary") or "")},
            "group": str(row.get("kind") or "meeting").replace("_", " "),
        }
        end = _timelinejs_date(row.get("end_date"))
        if end is not None and end != start:
            slide["end_date"] = end
        slides.append(slide)
    return {"title": {"text": {"headline": "Diplomatic meetings", "text": f"{len(slides)} events"}},
            "events": slides}


def to_timelinejs_bytes(events: pd.DataFrame) -> bytes:
    """`to_timelinejs` as UTF-8 JSON bytes for a download button."""
    return json.dumps(to_timelinejs(events), ensure_ascii=False, indent=1).encode("utf-8")


def write_events(events: pd.DataFrame, path: str | Path) -> Path:
    """Write the events to `path` as CSV, Parquet or JSON (chosen by extension), atomically.

    CSV and JSON are the download bytes; Parquet keeps the list columns as lists (and drops evidence spans'
    nested dicts into JSON strings, which Arrow cannot type when they are empty everywhere).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = to_csv_bytes(events)
    elif suffix == ".json":
        data = to_json_bytes(events)
    elif suffix in (".parquet", ".pq"):
        data = _parquet_bytes(events)
    else:
        raise ValueError(f"unsupported output extension {path.suffix!r}: use .csv, .parquet or .json")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file in the same folder, then rename: a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _parquet_bytes(events: pd.DataFrame) -> bytes:
    """Parquet bytes of the full events table; evidence spans become JSON text to keep the schema simple."""
    frame = _ensure_columns(events).copy()
    if "evidence_spans" in frame.columns:
        spans = frame["evidence_spans"].tolist()
        frame["evidence_spans"] = [json.dumps(_jsonable(v), ensure_ascii=False) for v in spans]
    for column in LIST_COLUMNS:
        if column in frame.columns and column != "evidence_spans":
            frame[column] = [[str(x) for x in _as_list(v)] for v in frame[column]]
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()
