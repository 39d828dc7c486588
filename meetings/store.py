"""The event store for big tables: the events as Parquet, the dashboard's filters as DuckDB SQL over it.

Past a few tens of thousands of events the dashboard should not hold, filter and group everything in
pandas. `write_store` writes the event table as Parquet with the columns the filters need prepared once
(case-folded lists, the place label, one search text per event); `EventStore` answers a `FilterState` with
what the pages draw: how many events match, the timeline's density per period, the map's bubbles, and one
page of the events table. The semantics are those of `meetings.filters.apply_filters` (AND across
filters, OR within one, case-insensitive, date ranges overlapping); tests check both agree.

`filtered_events(events, state)` is the one entry a page needs: pandas for small tables (the seeds open
with no set-up), DuckDB over the store beyond `DUCKDB_THRESHOLD` rows.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from meetings.filters import FilterState, apply_filters, as_list, place_label

DUCKDB_THRESHOLD = 50_000     # rows: below this pandas filters in a few ms and needs no store
STORE_LISTS = ["participants", "participant_countries", "organizations", "topics"]
SEARCH_LISTS = ["participants", "participant_roles", "organizations", "topics", "evidence", "sources"]
FREQS = {"day": 400, "week": 400 * 7, "month": 400 * 31}   # finest period that keeps a chart under ~400 bars


def text_of(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def search_text(row: dict) -> str:
    """What the free-text filter searches in one event (the same fields as `apply_filters`), case-folded."""
    parts = [row.get("summary"), row.get("forum"), row.get("city"), row.get("country"), row.get("kind")]
    for column in SEARCH_LISTS:
        parts.extend(as_list(row.get(column)))
    return " ".join(text_of(p) for p in parts).casefold()


def store_table(events: pd.DataFrame) -> pa.Table:
    """The events as the store keeps them: display columns plus the prepared filter columns."""
    records = events.to_dict("records")
    columns = {
        "event_id": [text_of(r.get("event_id")) for r in records],
        "kind": [text_of(r.get("kind")) for r in records],
        "status": [text_of(r.get("status")) for r in records],
        "start": pd.to_datetime(events["start"], errors="coerce").astype("datetime64[ms]").tolist(),
        "end": pd.to_datetime(events["end"], errors="coerce").astype("datetime64[ms]").tolist(),
        "start_date": [text_of(r.get("start_date")) for r in records],
        "city": [text_of(r.get("city")) for r in records],
        "country": [text_of(r.get("country")) for r in records],
        "country_cf": [text_of(r.get("country")).casefold() for r in records],
        "place": [place_label(r.get("city"), r.get("country")) for r in records],
        # NaN becomes NULL: "no coordinates" is then one test in SQL
        "lat": pa.array(pd.to_numeric(events["lat"], errors="coerce"), pa.float64(), from_pandas=True),
        "lon": pa.array(pd.to_numeric(events["lon"], errors="coerce"), pa.float64(), from_pandas=True),
        "summary": [text_of(r.get("summary")) for r in records],
        "search": [search_text(r) for r in records],
    }
    for name in STORE_LISTS:
        columns[name] = [[str(x) for x in as_list(r.get(name))] for r in records]
        columns[name + "_cf"] = [[str(x).casefold() for x in as_list(r.get(name))] for r in records]
    table = pa.table(columns)
    return table.set_column(table.schema.get_field_index("start"), "start",
                            pa.array(columns["start"], pa.timestamp("ms"))) \
        .set_column(table.schema.get_field_index("end"), "end", pa.array(columns["end"], pa.timestamp("ms")))


def write_store(events: pd.DataFrame | pa.Table, path: str | Path) -> Path:
    """Write the store's Parquet file atomically (temporary name, then rename); returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = events if isinstance(events, pa.Table) else store_table(events)
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, row_group_size=100_000)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def where_clause(state: FilterState) -> tuple[str, list]:
    """The SQL condition and its parameters for a filter state (mirrors `apply_filters`)."""
    conditions, params = ["TRUE"], []
    for field_name, column in (("participants", "participants_cf"), ("organizations", "organizations_cf"),
                               ("topics", "topics_cf")):
        wanted = getattr(state, field_name)
        if wanted:
            conditions.append(f"list_has_any({column}, ?::VARCHAR[])")
            params.append([w.casefold() for w in wanted])
    if state.countries:
        wanted = [c.casefold() for c in state.countries]
        conditions.append("(country_cf IN (SELECT unnest(?::VARCHAR[])) "
                          "OR list_has_any(participant_countries_cf, ?::VARCHAR[]))")
        params += [wanted, wanted]
    for field_name, column in (("kinds", "kind"), ("statuses", "status"), ("places", "place")):
        wanted = getattr(state, field_name)
        if wanted:
            conditions.append(f"{column} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(wanted))
    if state.date_to is not None:
        conditions.append("start IS NOT NULL AND start <= ?")
        params.append(pd.Timestamp(state.date_to).to_pydatetime())
    if state.date_from is not None:
        conditions.append("start IS NOT NULL AND coalesce(\"end\", start) >= ?")
        params.append(pd.Timestamp(state.date_from).to_pydatetime())
    for needle in state.text.casefold().split():
        conditions.append("contains(search, ?)")
        params.append(needle)
    return " AND ".join(conditions), params


@dataclass
class EventStore:
    """DuckDB queries over one store file; each method answers one filter state."""

    path: Path

    def __post_init__(self) -> None:
        import duckdb

        self.path = Path(self.path)
        self.db = duckdb.connect()
        self.db.execute("SET threads TO 2")
        self.db.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{self.path.as_posix()}')")

    def query(self, sql: str, state: FilterState, extra: list | None = None) -> pd.DataFrame:
        where, params = where_clause(state)
        return self.db.execute(sql.format(where=where), params + (extra or [])).df()

    def count(self, state: FilterState) -> int:
        return int(self.query("SELECT count(*) AS n FROM events WHERE {where}", state)["n"].iloc[0])

    def density(self, state: FilterState, freq: str | None = None) -> pd.DataFrame:
        """Events per period by start date; the period is the finest that keeps the chart readable."""
        if freq is None:
            span = self.query("SELECT datediff('day', min(start), max(start)) AS d FROM events WHERE {where}",
                              state)["d"].iloc[0]
            span = 0 if pd.isna(span) else int(span)
            freq = next((f for f, days in FREQS.items() if span <= days), "year")
        return self.query(f"SELECT date_trunc('{freq}', start) AS period, count(*) AS events FROM events "
                          "WHERE {where} AND start IS NOT NULL GROUP BY 1 ORDER BY 1", state)

    def bubbles(self, state: FilterState) -> pd.DataFrame:
        """One row per place with coordinates: how many events, and the most frequent kind there."""
        return self.query(
            "SELECT place, any_value(city) AS city, any_value(country) AS country, any_value(lat) AS lat, "
            "any_value(lon) AS lon, any_value(city) = '' AS country_only, count(*) AS events, "
            "mode(kind) AS main_kind FROM events WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL "
            "GROUP BY place ORDER BY events DESC, place", state)

    def page(self, state: FilterState, offset: int = 0, limit: int = 100) -> pd.DataFrame:
        """One page of the matching events, newest first, with the columns the events table shows."""
        return self.query(
            "SELECT event_id, kind, status, start_date, city, country, participants, topics, summary "
            "FROM events WHERE {where} ORDER BY start DESC NULLS LAST, event_id LIMIT ? OFFSET ?",
            state, [int(limit), int(offset)])

    def event_ids(self, state: FilterState) -> list[str]:
        return self.query("SELECT event_id FROM events WHERE {where}", state)["event_id"].tolist()


def filtered_events(events: pd.DataFrame, state: FilterState, store: EventStore | None = None) -> pd.DataFrame:
    """The rows of `events` matching `state`: pandas below DUCKDB_THRESHOLD rows, else DuckDB over `store`."""
    if store is None or len(events) < DUCKDB_THRESHOLD:
        return apply_filters(events, state)
    wanted = set(store.event_ids(state))
    return events[events["event_id"].isin(wanted)]
