"""The dashboard's filter state: options from the data, URL query parameters both ways, and the filter itself.

Plain functions and one dataclass, no Streamlit: the sidebar widgets read and write a `FilterState`, the URL
carries `to_query_params(state)`, and a shared link comes back through `parse_query_params`, which never raises:
unknown or malformed values are dropped and reported as notices the page shows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import pandas as pd

from meetings.schema import KINDS, STATUSES

# URL parameter name for each list-valued filter field (short, readable links).
LIST_PARAMS: dict[str, str] = {
    "participants": "who",
    "countries": "country",
    "organizations": "org",
    "topics": "topic",
    "kinds": "kind",
    "statuses": "status",
    "places": "place",
    "forums": "forum",
}
DATE_PARAMS: dict[str, str] = {"date_from": "from", "date_to": "to"}
TEXT_PARAM = "q"
MODE_PARAM = "who_mode"  # "all": every chosen participant took part (default "any")
CONFIDENCE_PARAM = "conf"  # minimum confidence, 0-1
EVENT_PARAM = "event"  # the event whose detail is open (not a filter, but a known parameter of a link)
KNOWN_PARAMS: set[str] = (set(LIST_PARAMS.values()) | set(DATE_PARAMS.values())
                          | {TEXT_PARAM, MODE_PARAM, CONFIDENCE_PARAM, EVENT_PARAM})
PARTICIPANT_MODES: tuple[str, ...] = ("any", "all")
MAX_TEXT = 200  # a search box longer than this is a pasted article, not a query

COUNTRY_ONLY_SUFFIX = " (no city known)"
COMMA_SPLIT_PARAMS = {"topic", "kind", "status"}


@dataclass
class FilterState:
    """What the user filtered on; empty lists and None mean "no restriction"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    participants: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    forums: list[str] = field(default_factory=list)
    text: str = ""
    participant_mode: str = "any"  # "any": one of the chosen people took part; "all": every one did
    min_confidence: float | None = None

    def is_empty(self) -> bool:
        """True when no filter is set (every event shows); the participant mode alone filters nothing."""
        return all(not getattr(self, f.name) for f in fields(self) if f.name != "participant_mode")


@dataclass
class FilterOptions:
    """The values each filter can take, read from the events table (so the sidebar never offers nothing)."""

    participants: dict[str, str] = field(default_factory=dict)  # name -> label with role and country
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=lambda: list(KINDS))
    statuses: list[str] = field(default_factory=lambda: list(STATUSES))
    places: list[str] = field(default_factory=list)
    forums: list[str] = field(default_factory=list)
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    # filter field -> value -> number of events having it (shown beside each option)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def allowed(self) -> dict[str, list[str]]:
        """The values each list filter accepts, by `FilterState` field name."""
        return {
            "participants": list(self.participants), "countries": self.countries,
            "organizations": self.organizations, "topics": self.topics, "kinds": self.kinds,
            "statuses": self.statuses, "places": self.places, "forums": self.forums,
        }


def as_list(value) -> list:
    """A list cell as a list (lists, tuples, arrays); missing or scalar NaN cells become []."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, float) and pd.isna(value):
        return []
    try:
        return list(value)
    except TypeError:
        return [value]


def _text(value) -> str:
    """A scalar cell as stripped text ('' for None/NaN)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def participant_label(name: str, role: str = "") -> str:
    """ "Sergey Lavrov - Foreign Minister, Russia", or just the name when the role is unknown."""
    role = _text(role)
    return f"{name} - {role}" if role else name


def place_label(city, country) -> str:
    """The place filter's value: "Goa, India", "China (no city known)" for a country-only event, or ""."""
    city, country = _text(city), _text(country)
    if city:
        return f"{city}, {country}" if country else city
    if country:
        return country + COUNTRY_ONLY_SUFFIX
    return ""


def place_labels(events: pd.DataFrame) -> pd.Series:
    """`place_label` for every row (aligned with the events' index)."""
    if events.empty:
        return pd.Series([], index=events.index, dtype=object)
    labels: dict = {}  # per distinct (city, country): a table has far fewer places than events
    return pd.Series(
        [_memo_label(labels, c, k) for c, k in zip(events["city"].tolist(), events["country"].tolist(),
                                                   strict=True)],
        index=events.index, dtype=object,
    )


def _memo_text(memo: dict, value) -> str:
    """`_text(value)`, remembered in `memo` for hashable values."""
    try:
        text = memo.get(value)
    except TypeError:  # an unhashable cell (a list): not remembered
        return _text(value)
    if text is None:
        text = memo[value] = _text(value)
    return text


def _memo_label(memo: dict, city, country) -> str:
    """`place_label(city, country)`, remembered in `memo`."""
    key = (city, country)
    try:
        label = memo.get(key)
    except TypeError:
        return place_label(city, country)
    if label is None:
        label = memo[key] = place_label(city, country)
    return label


def options_from_events(events: pd.DataFrame) -> FilterOptions:
    """Every value the filters can take in this table; participants labelled with their most common role."""
    options = FilterOptions()
    if events.empty:
        return options
    roles: dict[str, dict[str, int]] = {}
    texts: dict = {}  # a role cell's text, worked out once per distinct cell (a few hundred in 100,000 events)
    for names, cell_roles in zip(events["participants"].tolist(), events["participant_roles"].tolist(),
                                 strict=True):
        names, cell_roles = as_list(names), as_list(cell_roles)
        for i, name in enumerate(names):
            counts = roles.setdefault(str(name), {})
            if i < len(cell_roles):
                role = _memo_text(texts, cell_roles[i])
                if role:
                    counts[role] = counts.get(role, 0) + 1
    options.participants = {
        name: participant_label(name, max(counts, key=counts.get) if counts else "")
        for name, counts in sorted(roles.items(), key=lambda kv: kv[0].casefold())
    }
    options.counts = option_counts(events)
    # each list holds the values counted: distinct, non-empty, stripped, sorted case-insensitively
    options.countries = sorted(options.counts["countries"], key=str.casefold)
    options.organizations = sorted(options.counts["organizations"], key=str.casefold)
    options.topics = sorted(options.counts["topics"], key=str.casefold)
    present_kinds = set(events["kind"].dropna().astype(str))
    options.kinds = [k for k in KINDS if k in present_kinds] + sorted(present_kinds - set(KINDS))
    present_status = set(events["status"].dropna().astype(str))
    options.statuses = [s for s in STATUSES if s in present_status] + sorted(present_status - set(STATUSES))
    options.places = sorted(options.counts["places"], key=str.casefold)
    options.forums = sorted(options.counts["forums"], key=str.casefold)
    starts = pd.to_datetime(events["start"], errors="coerce").dropna()
    ends = pd.to_datetime(events["end"], errors="coerce").dropna()
    if not starts.empty:
        options.date_min = starts.min().date()
        options.date_max = max(ends.max(), starts.max()).date() if not ends.empty else starts.max().date()
    return options


def _cell_counts(values: pd.Series) -> dict[str, int]:
    """How many rows hold each value (a value counted once per row); `values` has one value per entry and
    the row it came from as its index (an exploded list column, or several concatenated)."""
    values = values.dropna()
    text = values.astype(str).str.strip()
    keep = (text != "").to_numpy()
    pairs = pd.DataFrame({"row": values.index[keep], "value": text.to_numpy()[keep]}).drop_duplicates()
    return {str(k): int(v) for k, v in pairs["value"].value_counts(sort=False).items()}


def option_counts(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """For each filter field, how many events have each value (an event counts once per value).

    Column-wise (explode, drop duplicates per row, count): a 100,000-event table is counted in well under a
    second, where a loop over its rows took seconds on every run of the dashboard.
    """
    rows = events.reset_index(drop=True)

    def column(name: str) -> pd.Series:
        return rows[name] if name in rows else pd.Series([None] * len(rows), dtype=object)

    def listed(name: str) -> pd.Series:
        return column(name).explode()  # a list-like cell gives its items, a bare string itself (as as_list)

    return {
        "participants": _cell_counts(listed("participants")),
        "countries": _cell_counts(pd.concat([column("country"), listed("participant_countries")])),
        "organizations": _cell_counts(listed("organizations")),
        "topics": _cell_counts(listed("topics")),
        "kinds": _cell_counts(column("kind")),
        "statuses": _cell_counts(column("status")),
        "places": _cell_counts(place_labels(rows)) if len(rows) else {},
        "forums": _cell_counts(column("forum")),
    }


def follow_span(chosen: tuple[dt.date, dt.date], old_span: tuple[dt.date, dt.date],
                new_span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The date range to show after the data's span changed from `old_span` to `new_span`.

    A bound left at the data's edge was never set by the user, so it follows the data (an upload with a later
    meeting extends the range instead of hiding it); a bound the user moved inside the span stays, clipped
    to the new span.
    """
    lo, hi = chosen
    lo = new_span[0] if lo <= old_span[0] else lo
    hi = new_span[1] if hi >= old_span[1] else hi
    if hi < new_span[0] or lo > new_span[1] or lo > hi:  # nothing of the range is left: show everything
        return new_span
    return max(lo, new_span[0]), min(hi, new_span[1])


def _param_values(params: Mapping, key: str) -> list[str]:
    """All values of one parameter, whether the mapping holds strings or lists (st.query_params / dict)."""
    getter = getattr(params, "get_all", None)
    if callable(getter):
        values = getter(key)
    else:
        values = params.get(key, [])
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values or []:
        value = str(value).strip()
        # Accept comma-separated values for code-like filters ("topic=ukraine,security"); names and places
        # can contain commas themselves ("Goa, India"), so they are only ever repeated parameters.
        if key in COMMA_SPLIT_PARAMS:
            out.extend(part.strip() for part in value.split(","))
        else:
            out.append(value)
    return [v for v in out if v]


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_query_params(params: Mapping, options: FilterOptions) -> tuple[FilterState, list[str]]:
    """A `FilterState` from URL parameters, keeping only values the data offers; notices say what was dropped.

    Never raises: a link from another day's data, a typo or a hand-edited URL yields a usable state.
    """
    state = FilterState()
    notices: list[str] = []
    allowed = options.allowed()
    for attr, key in LIST_PARAMS.items():
        lookup = {v.casefold(): v for v in allowed[attr]}
        kept: list[str] = []
        for value in _param_values(params, key):
            match = lookup.get(value.casefold())
            if match is None:
                notices.append(f"Ignored {key}={value[:60]!r}: no such value in the current data.")
            elif match not in kept:
                kept.append(match)
        setattr(state, attr, kept)
    for attr, key in DATE_PARAMS.items():
        values = _param_values(params, key)
        if not values:
            continue
        parsed = _parse_date(values[0])
        if parsed is None:
            notices.append(f"Ignored {key}={values[0][:40]!r}: dates are written YYYY-MM-DD.")
        else:
            setattr(state, attr, parsed)
    if state.date_from and state.date_to and state.date_from > state.date_to:
        notices.append("Ignored the date range: 'from' is after 'to'.")
        state.date_from = state.date_to = None
    text = " ".join(_param_values(params, TEXT_PARAM)) if TEXT_PARAM in _keys(params) else ""
    if len(text) > MAX_TEXT:
        notices.append(f"Search text cut to {MAX_TEXT} characters.")
        text = text[:MAX_TEXT]
    state.text = text
    _parse_mode_and_confidence(params, state, notices)
    unknown = sorted(k for k in _keys(params) if k not in KNOWN_PARAMS)
    if unknown:
        notices.append("Ignored unknown URL parameter(s): " + ", ".join(k[:30] for k in unknown) + ".")
    return state, notices


def _parse_mode_and_confidence(params: Mapping, state: FilterState, notices: list[str]) -> None:
    """Read `who_mode` ("any"/"all") and `conf` (0-1) into `state`, noting values that make no sense."""
    modes = _param_values(params, MODE_PARAM)
    if modes:
        if modes[0].casefold() in PARTICIPANT_MODES:
            state.participant_mode = modes[0].casefold()
        else:
            notices.append(f"Ignored {MODE_PARAM}={modes[0][:20]!r}: use 'any' or 'all'.")
    values = _param_values(params, CONFIDENCE_PARAM)
    if values:
        try:
            value = float(values[0])
        except ValueError:
            value = math.nan
        if 0 <= value <= 1:
            state.min_confidence = value or None
        else:
            notices.append(f"Ignored {CONFIDENCE_PARAM}={values[0][:20]!r}: a confidence is a number from 0 to 1.")


def _keys(params: Mapping) -> list[str]:
    try:
        return [str(k) for k in params.keys()]
    except AttributeError:
        return []


def to_query_params(state: FilterState) -> dict[str, list[str] | str]:
    """The URL parameters for `state`: only what is set, lists as repeated parameters, dates ISO."""
    out: dict[str, list[str] | str] = {}
    for attr, key in LIST_PARAMS.items():
        values = getattr(state, attr)
        if values:
            out[key] = list(values)
    for attr, key in DATE_PARAMS.items():
        value = getattr(state, attr)
        if value is not None:
            out[key] = value.isoformat()
    if state.text.strip():
        out[TEXT_PARAM] = state.text.strip()
    if state.participant_mode == "all":
        out[MODE_PARAM] = "all"
    if state.min_confidence:
        out[CONFIDENCE_PARAM] = f"{state.min_confidence:g}"
    return out


def _any_in(column: pd.Series, wanted: set[str]) -> pd.Series:
    """Rows whose list cell shares at least one value with `wanted` (case-insensitive)."""
    wanted_cf = {w.casefold() for w in wanted}
    return pd.Series([any(str(x).casefold() in wanted_cf for x in as_list(cell)) for cell in column.tolist()],
                     index=column.index, dtype=bool)


def _all_in(column: pd.Series, wanted: set[str]) -> pd.Series:
    """Rows whose list cell holds every value of `wanted` (case-insensitive): "who met whom"."""
    wanted_cf = {w.casefold() for w in wanted}
    return pd.Series([wanted_cf <= {str(x).casefold() for x in as_list(cell)} for cell in column.tolist()],
                     index=column.index, dtype=bool)


def _search_blob(row: dict) -> str:
    parts = [row.get("summary"), row.get("forum"), row.get("city"), row.get("country"), row.get("kind")]
    for column in ("participants", "participant_roles", "organizations", "topics", "evidence", "sources"):
        parts.extend(as_list(row.get(column)))
    return " ".join(_text(p) for p in parts).casefold()


def apply_filters(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The rows of `events` matching every set filter (AND across filters, OR within one filter, except
    participants in "all" mode: every chosen person took part).

    Dates: an event shows when the days it may cover overlap the range, so "2024-04" (a month) is kept by a
    filter on 10-20 April; undated events drop out as soon as a date filter is set. Country matches the place's
    country or any participant's country. Place matches `place_label`.
    """
    if events.empty:
        return events
    mask = pd.Series(True, index=events.index)
    if state.participants:
        match = _all_in if state.participant_mode == "all" else _any_in
        mask &= match(events["participants"], set(state.participants))
    if state.forums:
        mask &= events["forum"].map(_text).isin(state.forums)
    if state.min_confidence:
        confidence = pd.to_numeric(events["confidence"], errors="coerce") if "confidence" in events else None
        if confidence is not None:
            mask &= (confidence >= state.min_confidence).fillna(False).astype(bool)
    if state.organizations:
        mask &= _any_in(events["organizations"], set(state.organizations))
    if state.topics:
        mask &= _any_in(events["topics"], set(state.topics))
    if state.countries:
        wanted = {c.casefold() for c in state.countries}
        place_country = events["country"].map(lambda c: _text(c).casefold() in wanted)
        mask &= place_country.astype(bool) | _any_in(events["participant_countries"], set(state.countries))
    if state.kinds:
        mask &= events["kind"].astype(str).isin(state.kinds)
    if state.statuses:
        mask &= events["status"].astype(str).isin(state.statuses)
    if state.places:
        mask &= place_labels(events).isin(state.places)
    if state.date_from is not None or state.date_to is not None:
        start = pd.to_datetime(events["start"], errors="coerce")
        end = pd.to_datetime(events["end"], errors="coerce").fillna(start)
        dated = start.notna()
        if state.date_to is not None:
            dated &= start <= pd.Timestamp(state.date_to)
        if state.date_from is not None:
            dated &= end >= pd.Timestamp(state.date_from)
        mask &= dated.fillna(False).astype(bool)
    if state.text.strip():
        needles = state.text.casefold().split()
        blobs = [_search_blob(r) for r in events.to_dict("records")]
        mask &= pd.Series([all(n in b for n in needles) for b in blobs], index=events.index, dtype=bool)
    return events[mask]
