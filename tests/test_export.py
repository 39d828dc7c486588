"""Download bytes: CSV contract and formula guard, JSON, TimelineJS, and write_events by extension."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest
from dashboard_data import make_articles, make_events

from meetings.export import (
    add_source_details,
    download_name,
    events_to_csv_frame,
    guard_formula,
    to_csv_bytes,
    to_json_bytes,
    to_timelinejs,
    write_events,
)
from meetings.filters import FilterState
from meetings.schema import CSV_COLUMNS, EVENT_COLUMNS


def _read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_frame_has_contract_columns_in_order_and_joins_lists():
    frame = events_to_csv_frame(make_events())
    assert list(frame.columns) == CSV_COLUMNS
    assert frame.loc[0, "participants"] == "Sergey Lavrov; Qin Gang"
    assert frame.loc[0, "evidence"] == "Lavrov met Qin Gang in Goa on May 4."
    assert frame.loc[2, "start_date"] == "2025-01"


def test_csv_bytes_are_utf8_in_order_and_guard_formulas():
    events = make_events()
    events.loc[0, "summary"] = "Лавров — встреча"
    events.loc[2, "summary"] = "+1 call"
    rows = _read_csv(to_csv_bytes(events))
    assert list(rows[0].keys()) == CSV_COLUMNS
    assert rows[0]["summary"] == "Лавров — встреча"
    assert rows[1]["summary"].startswith("'=HYPERLINK")
    assert rows[2]["summary"] == "'+1 call"
    assert len(rows) == len(events)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_guard_formula_prefixes_dangerous_cells(text):
    assert guard_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Goa", "", "1-2", 3, None])
def test_guard_formula_leaves_safe_cells(value):
    assert guard_formula(value) == value


def test_empty_table_exports_header_only():
    empty = pd.DataFrame(columns=EVENT_COLUMNS)
    assert to_csv_bytes(empty).decode().strip() == ",".join(CSV_COLUMNS)
    assert json.loads(to_json_bytes(empty)) == []
    assert to_timelinejs(empty)["events"] == []


def test_json_bytes_keep_lists_and_nulls():
    records = json.loads(to_json_bytes(make_events()))
    assert records[0]["participants"] == ["Sergey Lavrov", "Qin Gang"]
    assert records[2]["lat"] is None
    assert records[0]["evidence_spans"][0]["file"] == "a.txt"
    assert list(records[0])[: len(CSV_COLUMNS)] == CSV_COLUMNS


def test_timelinejs_dates_at_their_precision():
    doc = to_timelinejs(make_events())
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert slides["e1"]["start_date"] == {"year": "2023", "month": "5", "day": "4"}
    assert "end_date" not in slides["e1"]
    assert slides["e2"]["end_date"] == {"year": "2024", "month": "4", "day": "9"}
    assert slides["e3"]["start_date"] == {"year": "2025", "month": "1"}
    assert slides["e3"]["group"] == "phone call"
    assert "Sergey Lavrov" in slides["e1"]["text"]["headline"]
    assert set(slides["e1"]["text"]) == {"headline", "text"}


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_write_events_by_extension(tmp_path, suffix):
    path = write_events(make_events(), tmp_path / "out" / f"events{suffix}")
    assert path.exists()
    if suffix == ".csv":
        assert _read_csv(path.read_bytes())[0]["city"] == "Goa"
    elif suffix == ".json":
        assert json.loads(path.read_text())[1]["city"] == "Beijing"
    else:
        frame = pd.read_parquet(path)
        assert list(frame["participants"].iloc[0]) == ["Sergey Lavrov", "Qin Gang"]
    assert not list(path.parent.glob("*.tmp"))


def test_write_events_rejects_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match="unsupported"):
        write_events(make_events(), tmp_path / "events.xlsx")


def test_downloads_carry_the_sources_outlets_titles_and_urls():
    events = add_source_details(make_events(), make_articles())
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(events).decode("utf-8"))))
    assert list(rows[0])[: len(CSV_COLUMNS)] == CSV_COLUMNS  # the contract first, unchanged
    assert rows[0]["source_outlets"] == "Outlet; Outlet" and rows[0]["source_titles"] == "Title a.txt; Title b.txt"
    assert rows[0]["source_urls"] == "https://example.org/a.txt; https://example.org/b.txt"
    records = json.loads(to_json_bytes(events))
    assert records[1]["source_titles"] == ["Title c.txt"]
    evil = make_articles().assign(title="=cmd|' /C calc'!A0")
    assert to_csv_bytes(add_source_details(make_events(), evil)).decode().count("'=cmd") == 5  # still formula-safe


def test_download_names_say_what_was_filtered_and_when():
    events = make_events()
    state = FilterState(participants=["Sergey Lavrov"], date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    assert download_name(state, events, "csv") == "meetings_lavrov_2024-01-01_2024-12-31.csv"
    both = FilterState(participants=["Sergey Lavrov", "Wang Yi"], participant_mode="all", kinds=["phone_call"])
    assert download_name(both, events, "json") == "meetings_lavrov-and-wang-yi_phone-call_2023-05-04_2025-02-21.json"
    assert download_name(FilterState(), events.iloc[0:0], "csv") == "meetings.csv"
