"""The column-wise CSV writer gives the very bytes the former cell-by-cell writer gave.

`rowwise_csv_bytes` below is that former writer, kept here as the reference: per cell "; "-joining, the formula
guard, then Python's csv module. Both run on the engine's real tables (seeds, practice articles) and on tables
of hostile cells (CR, LF, quotes, commas, formula starts, tabs, missing values, mixed types).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from dashboard_data import make_articles, make_events

from meetings import load_events
from meetings.csv_columns import csv_text
from meetings.export import (
    SOURCE_DETAIL_COLUMNS,
    add_source_details,
    events_to_csv_frame,
    guard_formula,
    join_list,
    to_csv_bytes,
)
from meetings.schema import CSV_COLUMNS, LIST_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["=1+1", "+49 30", "-3", "@SUM(A1)", "\tx", "\rx", "a\r=1+1", "line\nbreak", 'say "hi"', "a,b", "",
           "plain", ' "', "'quoted", "\r\n", ",", "Лавров — встреча", "tab\tinside", "x;y"]


def rowwise_csv_bytes(events: pd.DataFrame) -> bytes:
    """The former writer, cell by cell (the reference the column-wise one must equal)."""
    frame = events.copy()
    for column in CSV_COLUMNS + [c for c in SOURCE_DETAIL_COLUMNS if c in frame.columns]:
        if column not in frame.columns:
            frame[column] = [[] for _ in range(len(frame))] if column in LIST_COLUMNS else None
    out = pd.DataFrame(index=range(len(frame)))
    for column in CSV_COLUMNS + [c for c in SOURCE_DETAIL_COLUMNS if c in frame.columns]:
        values = frame[column].tolist()
        listed = column in LIST_COLUMNS or column in SOURCE_DETAIL_COLUMNS
        out[column] = [join_list(v) for v in values] if listed else [v for v in values]
    if len(out):
        out["n_sources"] = pd.to_numeric(out["n_sources"], errors="coerce").astype("Int64")
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [guard_formula(v) for v in out[column].tolist()]
    lines: list[str] = []
    writer = csv.writer(type("Lines", (), {"write": staticmethod(lines.append)})(), lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(list(out.columns))
    writer.writerows(out.astype(object).where(out.notna(), "").itertuples(index=False, name=None))
    return "".join(line[:-2] + "\n" for line in lines).encode("utf-8")


@pytest.fixture(scope="module")
def engine_tables() -> dict[str, pd.DataFrame]:
    return {"seeds": load_events(ROOT / "seeds").events,
            "devset": load_events(ROOT / "tests" / "data" / "devset").events}


@pytest.mark.parametrize("name", ["seeds", "devset"])
def test_engine_tables_export_the_same_bytes(engine_tables, name):
    events = engine_tables[name]
    assert len(events) > 0
    assert to_csv_bytes(events) == rowwise_csv_bytes(events)


def test_dashboard_download_with_source_details_is_unchanged():
    events = add_source_details(make_events(), make_articles())
    assert to_csv_bytes(events) == rowwise_csv_bytes(events)


def hostile_events(n: int, seed: int) -> pd.DataFrame:
    """Events whose text cells, list items and file names are drawn from HOSTILE, with missing values."""
    rng = np.random.default_rng(seed)
    events = pd.concat([make_events()] * (n // 5 + 1), ignore_index=True).head(n).copy()

    def text() -> str:
        return "".join(rng.choice(HOSTILE, size=rng.integers(1, 3)))

    for column in ("event_id", "kind", "status", "city", "country", "forum", "summary", "review", "start_date"):
        events[column] = [None if rng.random() < 0.1 else text() for _ in range(n)]
    for column in ("participants", "topics", "sources", "evidence", "organizations"):
        events[column] = [[text() for _ in range(rng.integers(0, 4))] for _ in range(n)]
    events["lat"] = [float("nan") if rng.random() < 0.2 else float(rng.normal() * 90) for _ in range(n)]
    events["confidence"] = rng.random(n)
    return events


@pytest.mark.parametrize("seed", range(5))
def test_hostile_cells_export_the_same_bytes(seed):
    events = hostile_events(60, seed)
    data = to_csv_bytes(events)
    assert data == rowwise_csv_bytes(events)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(rows) == len(events)  # no CR or LF in a cell splits a row
    numbers = {"lat", "lon", "confidence", "n_sources"}  # a negative latitude is a number, not a formula
    for row in rows:  # and no text cell reads as a formula
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for k, v in row.items() if k not in numbers)


def test_odd_cells_take_the_cell_by_cell_path_with_the_same_bytes():
    events = make_events()
    events["participants"] = events["participants"].astype(object)
    events.at[0, "participants"] = "=bare string, not a list"
    events.at[1, "participants"] = ("tuple", "=item")
    events.at[2, "participants"] = np.array(["array", "item"], dtype=object)
    events.at[3, "participants"] = ["with a missing item", None, float("nan")]
    events.at[4, "participants"] = None
    events["evidence"] = [[{"sentence": "=from a span"}, "text"], [], None, [3, 4.5], ["x"]]
    events["lon"] = pd.Series([1.5, "-2", None, np.float64(3.25), 7], dtype=object)
    events["n_sources"] = ["2", 1, None, 3.0, "x"]
    events["cameo_code"] = [pd.Timestamp("2024-01-02"), True, 0.1 + 0.2, -1, None]
    assert to_csv_bytes(events) == rowwise_csv_bytes(events)


def test_empty_and_partial_tables_are_unchanged():
    assert to_csv_bytes(make_events().head(0)) == rowwise_csv_bytes(make_events().head(0))
    partial = make_events()[["event_id", "summary", "participants"]]
    assert to_csv_bytes(partial) == rowwise_csv_bytes(partial)


def test_a_one_column_frame_quotes_an_empty_cell_as_csv_does():
    frame = pd.DataFrame({"only": ["", "a", None]})
    assert csv_text(frame) == 'only\n""\na\n""\n'


def test_csv_frame_still_joins_lists_in_arrow_and_by_cell_alike():
    events = make_events()
    fast = events_to_csv_frame(events)
    events["participants"] = events["participants"].astype(object)
    events.at[0, "participants"] = ("tuple",)  # a tuple is joined by the same rule
    assert fast.loc[1, "participants"] == events_to_csv_frame(events).loc[1, "participants"]
    assert events_to_csv_frame(events).loc[0, "participants"] == "tuple"


def test_csv_text_of_mixed_columns_matches_the_csv_module():
    frame = pd.DataFrame({"a": pd.Series([1.5, "-2", None, np.float64(3.25), 7], dtype=object),
                          "b": [pd.Timestamp("2024-01-02"), True, 0.1 + 0.2, -1, None],
                          "c": pd.Series([1, None, 3, 4, 5], dtype="Int64"), "d": [True, False, True, True, False]})
    lines: list[str] = []
    writer = csv.writer(type("Lines", (), {"write": staticmethod(lines.append)})(), lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    writer.writerows(frame.astype(object).where(frame.notna(), "").itertuples(index=False, name=None))
    assert csv_text(frame) == "".join(line[:-2] + "\n" for line in lines)
