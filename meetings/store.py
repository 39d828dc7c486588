"""The event store for big tables: the events as Parquet, the dashboard's filters as DuckDB SQL over it.

Past a few tens of thousands of events the dashboard should not hold, filter and group everything in
pandas. `write_store` writes the event table as Parquet with the columns the filters need prepared once
(lower-cased lists, the place label); `EventStore` answers a `FilterState` with
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
import pyarrow.compute as pc
import pyarrow.parquet as pq

from meetings.filters import COUNTRY_ONLY_SUFFIX, FilterState, apply_filters, as_list

DUCKDB_THRESHOLD = 50_000     # rows: below this pandas filters in a few ms and needs no store
STORE_LISTS = ["participants", "participant_countries", "organizations", "topics"]
SEARCH_LISTS = ["participants", "participant_roles", "organizations", "topics", "evidence", "sources"]
TEXT_COLUMNS = ["event_id", "kind", "status", "start_date", "city", "country", "forum", "summary"]
PAGE_COLUMNS = "event_id, kind, status, start_date, city, country, participants, topics, summary"
FREQS = {"day": 400, "week": 400 * 7, "month": 400 * 31}   # finest period that keeps a chart under ~400 bars
# The free-text filter searches what `apply_filters` searches (lower-cased in SQL; `casefold` in pandas).
SEARCH_SQL = "lower(concat_ws(' ', summary, forum, city, country, kind, " + ", ".join(
    f"array_to_string({c}, ' ')" for c in SEARCH_LISTS) + "))"


def list_column(column: pd.Series) -> pa.Array:
    """A column of lists as an Arrow list of strings (a missing cell is an empty list)."""
    try:
        return pa.array(column, pa.list_(pa.string()), from_pandas=True).fill_null([])
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a cell that is not a list of strings
        return pa.array([[str(x) for x in as_list(v)] for v in column], pa.list_(pa.string()))


def lowered(lists: pa.Array) -> pa.Array:
    """The same lists with every value lower-cased (for case-insensitive matching)."""
    return pa.ListArray.from_arrays(lists.offsets, pc.utf8_lower(lists.flatten()))


def place_column(city: pd.Series, country: pd.Series) -> pd.Series:
    """`place_label` for a whole column: "Goa, India", "China (no city known)" or ""."""
    with_city = city.where(country == "", city + ", " + country)
    only_country = country.where(country == "", country + COUNTRY_ONLY_SUFFIX)
    return with_city.where(city != "", only_country)


def store_table(events: pd.DataFrame, first_row: int = 0) -> pa.Table:
    """The events as the store keeps them: display and search columns plus the prepared filter columns.

    `rid` numbers the rows (from `first_row`, for a store written in chunks): a page is fetched by it.
    """
    text = {c: events[c].fillna("").astype(str) if c in events else pd.Series("", index=events.index)
            for c in TEXT_COLUMNS}
    columns: dict[str, pa.Array] = {"rid": pa.array(range(first_row, first_row + len(events)), pa.int64())}
    columns.update({c: pa.array(v, pa.string()) for c, v in text.items()})
    columns["country_cf"] = pc.utf8_lower(columns["country"])
    columns["place"] = pa.array(place_column(text["city"], text["country"]), pa.string())
    for name in ("start", "end"):
        columns[name] = pa.array(pd.to_datetime(events[name], errors="coerce").astype("datetime64[ms]"),
                                 pa.timestamp("ms"), from_pandas=True)
    for name in ("lat", "lon"):  # NaN becomes NULL: "no coordinates" is then one test in SQL
        columns[name] = pa.array(pd.to_numeric(events[name], errors="coerce"), pa.float64(), from_pandas=True)
    for name in dict.fromkeys(STORE_LISTS + SEARCH_LISTS):
        columns[name] = list_column(events[name]) if name in events else pa.array([[]] * len(events),
                                                                                   pa.list_(pa.string()))
    for name in STORE_LISTS:
        columns[name + "_cf"] = lowered(columns[name])
    return pa.table(columns)


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


def placeholders(values: list) -> str:
    """"?, ?, ?" for a list of values (each passed as a parameter, never spliced into the SQL)."""
    return ", ".join("?" for _ in values)


def where_clause(state: FilterState) -> tuple[str, list]:
    """The SQL condition and its parameters for a filter state (mirrors `apply_filters`)."""
    conditions, params = ["TRUE"], []
    for field_name, column in (("participants", "participants_cf"), ("organizations", "organizations_cf"),
                               ("topics", "topics_cf")):
        wanted = [w.casefold() for w in getattr(state, field_name)]
        if wanted:
            conditions.append(f"list_has_any({column}, [{placeholders(wanted)}])")
            params += wanted
    if state.countries:
        wanted = [c.casefold() for c in state.countries]
        conditions.append(f"(country_cf IN ({placeholders(wanted)}) "
                          f"OR list_has_any(participant_countries_cf, [{placeholders(wanted)}]))")
        params += wanted + wanted
    for field_name, column in (("kinds", "kind"), ("statuses", "status"), ("places", "place")):
        wanted = list(getattr(state, field_name))
        if wanted:
            conditions.append(f"{column} IN ({placeholders(wanted)})")
            params += wanted
    if state.date_to is not None:
        conditions.append("start IS NOT NULL AND start <= ?")
        params.append(pd.Timestamp(state.date_to).to_pydatetime())
    if state.date_from is not None:
        conditions.append("start IS NOT NULL AND coalesce(\"end\", start) >= ?")
        params.append(pd.Timestamp(state.date_from).to_pydatetime())
    for needle in state.text.casefold().split():
        conditions.append(f"contains({SEARCH_SQL}, ?)")
        params.append(needle)
    return " AND ".join(conditions), params


@dataclass
class StoreView:
    """What the pages draw for one filter state: the match count, timeline density, map bubbles, a table page."""

    count: int
    density: pd.DataFrame
    bubbles: pd.DataFrame
    page: pd.DataFrame


@dataclass
class EventStore:
    """DuckDB queries over one store file; each method answers one filter state."""

    path: Path

    def __post_init__(self) -> None:
        import duckdb

        self.path = Path(self.path)
        self.db = duckdb.connect()
        quoted = self.path.as_posix().replace("'", "''")  # a view cannot take parameters: quote the path
        self.db.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{quoted}')")

    def query(self, sql: str, state: FilterState, extra: list | None = None, table: str = "events") -> pd.DataFrame:
        where, params = where_clause(state)
        return self.db.execute(sql.format(where=where, table=table), params + (extra or [])).df()

    def count(self, state: FilterState, table: str = "events") -> int:
        return int(self.query("SELECT count(*) AS n FROM {table} WHERE {where}", state, table=table)["n"].iloc[0])

    def density(self, state: FilterState, freq: str | None = None, table: str = "events") -> pd.DataFrame:
        """Events per period by start date; the period is the finest that keeps the chart readable."""
        if freq is None:
            span = self.query("SELECT datediff('day', min(start), max(start)) AS d FROM {table} WHERE {where}",
                              state, table=table)["d"].iloc[0]
            span = 0 if pd.isna(span) else int(span)
            freq = next((f for f, days in FREQS.items() if span <= days), "year")
        return self.query(f"SELECT date_trunc('{freq}', start) AS period, count(*) AS events FROM {{table}} "
                          "WHERE {where} AND start IS NOT NULL GROUP BY 1 ORDER BY 1", state, table=table)

    def bubbles(self, state: FilterState, table: str = "events") -> pd.DataFrame:
        """One row per place with coordinates: how many events, and the most frequent kind there."""
        return self.query(
            "SELECT place, any_value(city) AS city, any_value(country) AS country, any_value(lat) AS lat, "
            "any_value(lon) AS lon, any_value(city) = '' AS country_only, count(*) AS events, "
            "mode(kind) AS main_kind FROM {table} WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL "
            "GROUP BY place ORDER BY events DESC, place", state, table=table)

    def page(self, state: FilterState, offset: int = 0, limit: int = 100, table: str = "events") -> pd.DataFrame:
        """One page of the matching events, newest first, with the columns the events table shows."""
        return self.query(
            f"SELECT {PAGE_COLUMNS} "
            "FROM {table} WHERE {where} ORDER BY start DESC NULLS LAST, event_id LIMIT ? OFFSET ?",
            state, [int(limit), int(offset)], table=table)

    def event_ids(self, state: FilterState) -> list[str]:
        return self.query("SELECT event_id FROM {table} WHERE {where}", state)["event_id"].tolist()

    def view(self, state: FilterState, offset: int = 0, limit: int = 100, freq: str | None = None) -> StoreView:
        """Everything the timeline, map and table need, filtering once.

        The matches' small columns go to a temporary table (no lists, no text); it is grouped three ways in
        one query (per day, per place, in total), and the page's full rows are fetched by row number, which
        Parquet's row-group statistics find without reading the rest of the file.
        """
        self.query("CREATE OR REPLACE TEMP TABLE hits AS SELECT rid, event_id, start, CAST(start AS DATE) AS day, "
                   "place, city, country, lat, lon, kind FROM {table} WHERE {where}", state)
        groups = self.db.execute(
            # grouping(x) is 1 in the rows where x was summed over: grouping(day) = 1 marks the per-place rows
            "SELECT grouping(day) AS by_place, grouping(place) AS by_day, day, place, count(*) AS n, "
            "any_value(city) AS city, any_value(country) AS country, "
            "any_value(lat) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS lat, "
            "any_value(lon) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS lon, "
            "count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS placed, "
            "mode(kind) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS main_kind "
            "FROM hits GROUP BY GROUPING SETS ((day), (place), ())").df()
        total = groups[(groups["by_place"] == 1) & (groups["by_day"] == 1)]["n"]
        days = groups[(groups["by_day"] == 1) & (groups["by_place"] == 0) & groups["day"].notna()]
        places = groups[(groups["by_place"] == 1) & (groups["by_day"] == 0) & (groups["placed"] > 0)]
        bubbles = places.assign(events=places["placed"], country_only=places["city"] == "")[
            ["place", "city", "country", "lat", "lon", "country_only", "events", "main_kind"]]
        rids = self.db.execute("SELECT rid FROM hits ORDER BY start DESC NULLS LAST, event_id LIMIT ? OFFSET ?",
                               [int(limit), int(offset)]).df()["rid"].tolist()
        page = self.db.execute(
            f"SELECT {PAGE_COLUMNS} FROM events WHERE rid IN (SELECT unnest(?::BIGINT[])) "
            "ORDER BY start DESC NULLS LAST, event_id", [rids]).df()
        return StoreView(int(total.iloc[0]) if len(total) else 0, rebin(days, freq),
                         bubbles.sort_values(["events", "place"], ascending=[False, True]).reset_index(drop=True),
                         page)


def rebin(days: pd.DataFrame, freq: str | None) -> pd.DataFrame:
    """Per-day counts summed per period (`freq`, or the finest that keeps the chart under ~400 bars)."""
    if days.empty:
        return pd.DataFrame(columns=["period", "events"])
    day = pd.to_datetime(days["day"])
    if freq is None:
        span = (day.max() - day.min()).days
        freq = next((f for f, limit in FREQS.items() if span <= limit), "year")
    period = day if freq == "day" else day.dt.to_period({"week": "W", "month": "M", "year": "Y"}[freq]).dt.start_time
    counts = days["n"].groupby(period.values).sum().sort_index()
    return pd.DataFrame({"period": counts.index, "events": counts.values.astype(int)})


def filtered_events(events: pd.DataFrame, state: FilterState, store: EventStore | None = None) -> pd.DataFrame:
    """The rows of `events` matching `state`: pandas below DUCKDB_THRESHOLD rows, else DuckDB over `store`."""
    if store is None or len(events) < DUCKDB_THRESHOLD:
        return apply_filters(events, state)
    wanted = set(store.event_ids(state))
    return events[events["event_id"].isin(wanted)]
