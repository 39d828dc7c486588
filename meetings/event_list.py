"""Short event lists for people, not programs: readable column names and values (no `phone_call`, no lists
as Python reprs). Used under the map ("No place known", a place's meetings) and the timeline (undated events).
"""

from __future__ import annotations

import pandas as pd

from meetings.filters import as_list, place_label
from meetings.views import date_text

COLUMNS = ["Date", "Kind", "Status", "Participants", "Place", "Forum", "Sources", "Confidence"]
KIND_LABELS = {"meeting": "Meeting", "visit": "Visit", "phone_call": "Phone call",
               "multilateral_meeting": "Multilateral meeting"}


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def kind_label(kind) -> str:
    """ "phone_call" -> "Phone call"; unknown codes lose their underscores."""
    kind = _text(kind)
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def confidence_label(value) -> str:
    """ "0.65" as "65 %", "" when the engine gave none."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if pd.isna(number) else f"{round(number * 100)} %"


def readable_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event with `COLUMNS` as plain text, in the events' order; `event_id` kept as the index."""
    rows = []
    for row in events.to_dict("records"):
        rows.append({
            "Date": date_text(row),
            "Kind": kind_label(row.get("kind")),
            "Status": _text(row.get("status")).capitalize(),
            "Participants": ", ".join(str(p) for p in as_list(row.get("participants"))) or "unknown",
            "Place": place_label(row.get("city"), row.get("country")) or "unknown",
            "Forum": _text(row.get("forum")),
            "Sources": len(as_list(row.get("sources"))),
            "Confidence": confidence_label(row.get("confidence")),
        })
    index = pd.Index([_text(e) for e in events.get("event_id", pd.Series(dtype=object)).tolist()], name="event")
    return pd.DataFrame(rows, columns=COLUMNS, index=index)
