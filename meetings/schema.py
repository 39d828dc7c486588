"""The shape of the tables the engine produces: one place that names every column.

Pages, exports and tests read these names from here instead of spelling them again.
"""

from __future__ import annotations

# The CSV contract, in order. Lists are joined with "; ", dates are ISO at their precision.
CSV_COLUMNS: list[str] = [
    "event_id", "kind", "status", "cameo_code", "start_date", "end_date", "date_precision",
    "city", "country", "lat", "lon", "forum", "participants", "participant_countries",
    "organizations", "topics", "prominence", "sources", "n_sources", "evidence", "summary",
    "confidence", "review",
]

# Columns of the in-memory events table beyond the CSV contract.
#   start, end          pandas Timestamps: first and last day the event may cover (for plotting/filtering)
#   place_precision     venue | city | region | country | unknown
#   participant_roles   list[str], aligned with participants: "Foreign Minister, Russia" or "" when unknown
#   evidence_spans      list[dict(file, start, end, sentence)], offsets into the article's original text
#   field_spans         list[dict(field, file, start, end, text)]: where participants, date and place were read
#   date_method         how the date was obtained (explicit, relative to publication, forum calendar, ...)
#   disagreements       str: conflicting values kept visible after merging ("" when none)
LIST_COLUMNS: list[str] = [
    "participants", "participant_roles", "participant_countries", "organizations", "topics",
    "sources", "evidence", "evidence_spans", "field_spans",
]

EVENT_COLUMNS: list[str] = CSV_COLUMNS + [
    "start", "end", "place_precision", "participant_roles", "evidence_spans", "field_spans", "date_method",
    "disagreements",
]

ARTICLE_COLUMNS: list[str] = [
    "file", "path", "title", "outlet", "url", "published", "published_source", "n_chars",
    "n_events", "text", "warnings",
]

WARNING_COLUMNS: list[str] = ["file", "problem"]

KINDS: list[str] = ["meeting", "visit", "phone_call", "multilateral_meeting"]
STATUSES: list[str] = ["held", "planned", "possible"]
PROMINENCE: list[str] = ["main", "mentioned"]
