"""Small synthetic event tables for the dashboard's unit tests (no dependence on extraction quality)."""

from __future__ import annotations

import math

import pandas as pd

from meetings.schema import ARTICLE_COLUMNS, EVENT_COLUMNS

NAN = math.nan


def _event(**fields) -> dict:
    """One event row with every schema column, defaults filled in."""
    row = {
        "event_id": "e0", "kind": "meeting", "status": "held", "cameo_code": "040",
        "start_date": "2024-04-08", "end_date": "2024-04-08", "date_precision": "day",
        "city": "", "country": "", "lat": NAN, "lon": NAN, "forum": "",
        "participants": [], "participant_countries": [], "organizations": [], "topics": [],
        "prominence": "main", "sources": ["a.txt"], "n_sources": 1, "evidence": [], "summary": "",
        "place_precision": "unknown", "participant_roles": [], "evidence_spans": [],
        "date_method": "explicit", "disagreements": "",
    }
    row.update(fields)
    precision = row["date_precision"]
    suffix = {"day": "", "month": "-01", "year": "-01-01"}[precision]
    start = pd.Timestamp(row["start_date"] + suffix)
    end_iso = row["end_date"] or row["start_date"]
    if precision == "day":
        end = pd.Timestamp(end_iso)
    elif precision == "month":
        end = pd.Timestamp(end_iso + "-01") + pd.offsets.MonthEnd(0)
    else:
        end = pd.Timestamp(end_iso + "-12-31")
    row.setdefault("start", start)
    row.setdefault("end", end)
    row["start"], row["end"] = start, end
    return row


def make_events() -> pd.DataFrame:
    """Five events: every kind, status and precision, a country-only place, a formula-like summary."""
    rows = [
        _event(event_id="e1", kind="meeting", status="held", start_date="2023-05-04", end_date="2023-05-04",
               city="Goa", country="India", lat=15.49, lon=73.82, place_precision="city", forum="SCO",
               participants=["Sergey Lavrov", "Qin Gang"],
               participant_roles=["Foreign Minister, Russia", "Foreign Minister, China"],
               participant_countries=["Russia", "China"], organizations=["SCO"],
               topics=["bilateral", "multilateral"], sources=["a.txt", "b.txt"], n_sources=2,
               evidence=["Lavrov met Qin Gang in Goa on May 4."],
               evidence_spans=[{"file": "a.txt", "start": 0, "end": 36,
                                "sentence": "Lavrov met Qin Gang in Goa on May 4."}],
               summary="Lavrov and Qin met in Goa"),
        _event(event_id="e2", kind="visit", status="held", start_date="2024-04-08", end_date="2024-04-09",
               city="Beijing", country="China", lat=39.9, lon=116.4, place_precision="city",
               participants=["Sergey Lavrov", "Wang Yi"],
               participant_roles=["Foreign Minister, Russia", "Foreign Minister, China"],
               participant_countries=["Russia", "China"], topics=["ukraine", "asia_pacific"],
               sources=["c.txt"], evidence=["Lavrov arrived in Beijing."],
               summary="=HYPERLINK(\"http://evil\")"),
        _event(event_id="e3", kind="phone_call", status="held", start_date="2025-01", end_date="2025-01",
               date_precision="month", participants=["Sergey Lavrov", "Marco Rubio"],
               participant_roles=["Foreign Minister, Russia", ""],
               participant_countries=["Russia", "United States"], topics=["us_relations"],
               prominence="mentioned", sources=["d.txt"], summary="A call in January"),
        _event(event_id="e4", kind="visit", status="planned", start_date="2024-05", end_date="2024-05",
               date_precision="month", country="China", lat=35.0, lon=103.0, place_precision="country",
               participants=["Vladimir Putin"], participant_roles=["President, Russia"],
               participant_countries=["Russia"], topics=["bilateral"], prominence="mentioned",
               sources=["c.txt"], summary="Putin's expected trip to China"),
        _event(event_id="e5", kind="multilateral_meeting", status="possible", start_date="2025-02-20",
               end_date="2025-02-21", city="Johannesburg", country="South Africa", lat=-26.2, lon=28.04,
               place_precision="city", forum="G20", participants=["Sergey Lavrov", "Wang Yi"],
               participant_roles=["Foreign Minister, Russia", "Foreign Minister, China"],
               participant_countries=["Russia", "China"], organizations=["G20"],
               topics=["multilateral", "economy_trade"], sources=["e.txt"], summary="G20 sidelines"),
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def make_articles() -> pd.DataFrame:
    """Articles matching the synthetic events' sources."""
    rows = []
    for name in ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]:
        text = "Lavrov met Qin Gang in Goa on May 4. <script>alert(1)</script> More text."
        rows.append({"file": name, "path": f"/x/{name}", "title": f"Title {name}", "outlet": "Outlet",
                     "url": "https://example.org/" + name, "published": "2024-04-08",
                     "published_source": "manifest", "n_chars": len(text), "n_events": 1, "text": text,
                     "warnings": ""})
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def awkward_events() -> pd.DataFrame:
    """The five test events plus cells the engine rarely writes: no topic, a topic twice, a bare string,
    a missing cell, a person twice, names differing only in case, an undated event."""
    extra = [
        _event(event_id="x1", topics=[], participants=["Wang Yi", "Sergey Lavrov"],
               participant_roles=["Foreign Minister, China", "Foreign Minister of Russia"], start_date="2024-06-01",
               end_date="2024-06-01"),
        _event(event_id="x2", topics=["ukraine", "ukraine"], participants=["Wang Yi", "Wang Yi", "wang yi"],
               participant_roles=["Minister, Laos", "Minister, Laos"],
               start_date="2024-07-03", end_date="2024-07-03"),
        _event(event_id="x3", topics="security", participants="Marco Rubio", start_date="2024-07-09",
               end_date="2024-07-09"),
        _event(event_id="x4", topics=math.nan, participants=math.nan, start_date="2024-08-01",
               end_date="2024-08-01"),
        _event(event_id="x5", topics=["security"], participants=["Marco Rubio", "Qin Gang"], start_date="2024-09-02",
               end_date="2024-09-02"),
    ]
    table = pd.concat([make_events(), pd.DataFrame(extra)], ignore_index=True)
    table.loc[table["event_id"] == "x5", ["start", "end"]] = pd.NaT  # undated
    return table[EVENT_COLUMNS + [c for c in table.columns if c not in EVENT_COLUMNS]]
