"""The filtered events as a TimelineJS story: one slide per dated event, told with who, where, which forum and
the articles that report it (outlet, date, linked title).

TimelineJS puts a slide's headline and text into the page as HTML, and both come from article text: every
value is HTML-escaped here and links are only http(s) (`views.safe_url`). Dates and grouping come from
`meetings.export.to_timelinejs`, the same document the Events page downloads.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from meetings.event_list import confidence_label, kind_label
from meetings.export import to_timelinejs
from meetings.filters import as_list, place_label
from meetings.lanes import uncertain
from meetings.views import date_text, safe_url

MAX_SLIDES = 300  # TimelineJS lays out every slide at once; beyond this the page crawls


def _esc(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def headline(row: dict) -> str:
    """ "Sergey Lavrov and Wang Yi in Vientiane": everyone (up to four names), and the place when known."""
    people = [str(p) for p in as_list(row.get("participants"))]
    if len(people) > 4:
        who = ", ".join(people[:4]) + f" and {len(people) - 4} more"
    elif len(people) > 1:
        who = ", ".join(people[:-1]) + " and " + people[-1]
    else:
        who = people[0] if people else kind_label(row.get("kind"))
    city = str(row.get("city") or "").strip() or str(row.get("country") or "").strip()
    return _esc(who + (f" in {city}" if city else ""))


def source_lines(row: dict, articles: dict[str, dict]) -> list[str]:
    """One HTML line per source article: outlet · date · title (linked when the article has a web address)."""
    lines = []
    for name in as_list(row.get("sources")):
        art = articles.get(str(name), {})
        title = _esc(art.get("title") or name)
        url = safe_url(art.get("url"))
        linked = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>' \
            if url else title
        facts = [_esc(art.get("outlet") or ""), _esc(art.get("published") or "date unknown")]
        lines.append(" · ".join([f for f in facts if f] + [linked]))
    return lines


def slide_text(row: dict, articles: dict[str, dict], doubtful: bool) -> str:
    """The slide's HTML body: summary, facts, a review note for uncertain events, and the sources."""
    facts = [
        ("Kind", f"{kind_label(row.get('kind'))} ({_esc(row.get('status') or 'held')})"),
        ("When", _esc(date_text(row))),
        ("Where", _esc(place_label(row.get("city"), row.get("country")) or "place unknown")),
        ("Who", _esc(", ".join(str(p) for p in as_list(row.get("participants"))) or "unknown")),
    ]
    if str(row.get("forum") or "").strip():
        facts.append(("Forum", _esc(row.get("forum"))))
    parts = []
    if str(row.get("summary") or "").strip():
        parts.append(f"<p>{_esc(row.get('summary'))}</p>")
    parts.append("<p>" + "<br>".join(f"<b>{k}</b> {v}" for k, v in facts) + "</p>")
    if doubtful:
        why = _esc(row.get("review") or "low confidence")
        parts.append(f"<p><i>Uncertain ({confidence_label(row.get('confidence'))}): {why}.</i></p>")
    sources = source_lines(row, articles)
    if sources:
        parts.append("<p><b>Sources</b><br>" + "<br>".join(sources) + "</p>")
    return "".join(parts)


def story(events: pd.DataFrame, articles: pd.DataFrame | None = None, title: str = "Diplomatic meetings") -> dict:
    """A TimelineJS3 document for `events` (undated ones left out; the latest `MAX_SLIDES` when there are more)."""
    dated = events[pd.to_datetime(events["start"], errors="coerce").notna()] if not events.empty else events
    if len(dated) > MAX_SLIDES:
        dated = dated.assign(_s=pd.to_datetime(dated["start"])).sort_values("_s").tail(MAX_SLIDES).drop(columns="_s")
    by_file = {str(a["file"]): a for a in articles.to_dict("records")} if articles is not None else {}
    doc = to_timelinejs(dated)
    rows = {str(r.get("event_id")): r for r in dated.to_dict("records")}
    doubtful = dict(zip(dated["event_id"].astype(str), uncertain(dated), strict=True)) if len(dated) else {}
    for slide in doc["events"]:
        row = rows[slide["unique_id"]]
        slide["text"] = {"headline": headline(row), "text": slide_text(row, by_file, doubtful[slide["unique_id"]])}
        slide["group"] = kind_label(row.get("kind"))
    n_undated = len(events) - len(dated)
    summary = f"{len(doc['events'])} events" + (f" ({n_undated} not shown: no date, or beyond the latest "
                                                 f"{MAX_SLIDES})" if n_undated else "")
    doc["title"] = {"text": {"headline": _esc(title), "text": f"<p>{_esc(summary)}</p>"}}
    return doc


def script_json(doc: dict) -> str:
    """The document as JSON safe inside an HTML <script> element (no "</script>", no "<!--")."""
    return json.dumps(doc, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029")
