"""What every page shares: the cached event tables and the one filter sidebar, kept in the URL.

The entry file (streamlit_app.py) calls `prepare()` before running the chosen page, so the sidebar widgets
live in the entry script: Streamlit then keeps their values across page switches, and `prepare()` writes the
filter state back to the URL after every run (a page switch clears the query string; this restores it).
Pages call `context()` to get the filtered events.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

import meetings
from meetings.cache import cache_dir
from meetings.filters import (
    FilterOptions,
    FilterState,
    apply_filters,
    options_from_events,
    parse_query_params,
    to_query_params,
)
from meetings.pipeline import IngestOptions
from meetings.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, WARNING_COLUMNS
from meetings.uploads import folder_fingerprint, upload_dir

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CTX_KEY = "_dashboard_context"
INIT_KEY = "_filters_from_url"
NOTICE_KEY = "_url_notices"

# Sidebar widget keys, one per filter field.
KEYS = {
    "participants": "f_who", "countries": "f_country", "organizations": "f_org", "topics": "f_topic",
    "kinds": "f_kind", "statuses": "f_status", "places": "f_place",
}
DATES_KEY = "f_dates"
TEXT_KEY = "f_q"

KIND_COLORS = {
    "meeting": "#1f77b4", "visit": "#2ca02c", "phone_call": "#ff7f0e", "multilateral_meeting": "#9467bd",
}


@dataclass
class Context:
    """One run's data: all tables, the filter state and options, and the filtered events."""

    events_all: pd.DataFrame
    articles: pd.DataFrame
    warnings: pd.DataFrame
    state: FilterState
    options: FilterOptions
    events: pd.DataFrame
    folders: list[Path] = field(default_factory=list)
    load_error: str = ""


def data_folders() -> list[Path]:
    """Seeds plus the upload folder ($MEETINGS_DATA_DIR or data/articles)."""
    uploads = upload_dir(root=ROOT)
    if not uploads.is_absolute():
        uploads = ROOT / uploads
    return [SEEDS, uploads]


@st.cache_data(show_spinner="Reading articles…", max_entries=4)
def _load(fingerprint: str, folders: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The engine's tables for `folders`; `fingerprint` changes whenever an article does (cache key)."""
    del fingerprint  # only part of the cache key
    # through the per-article cache: a start re-reads only new or edited articles (one process: a server)
    tables = meetings.load_events([Path(f) for f in folders], ingest=IngestOptions(cache_dir=cache_dir()))
    return tables.events, tables.articles, tables.warnings


def load_tables(folders: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """Cached tables for the existing folders, plus an error message when the engine failed."""
    existing = tuple(str(f) for f in folders if f.is_dir())
    try:
        events, articles, warnings = _load(folder_fingerprint(existing), existing)
        return events, articles, warnings, ""
    except Exception as exc:  # the page must still render and say what went wrong
        empty = (pd.DataFrame(columns=EVENT_COLUMNS), pd.DataFrame(columns=ARTICLE_COLUMNS),
                 pd.DataFrame(columns=WARNING_COLUMNS))
        return (*empty, f"{type(exc).__name__}: {exc}")


def _seed_from_url(options: FilterOptions) -> None:
    """On a session's first run, set the sidebar widgets from the URL (a shared link) and keep the notices."""
    state, notices = parse_query_params(st.query_params, options)
    for attr, key in KEYS.items():
        st.session_state[key] = list(getattr(state, attr))
    if options.date_min is not None:
        lo = max(state.date_from or options.date_min, options.date_min)
        hi = min(state.date_to or options.date_max, options.date_max)
        if state.date_from and state.date_from < options.date_min or state.date_to and state.date_to > options.date_max:
            notices.append(f"Dates clipped to the data's span {options.date_min} – {options.date_max}.")
        st.session_state[DATES_KEY] = (lo, hi) if lo <= hi else (options.date_min, options.date_max)
    st.session_state[TEXT_KEY] = state.text
    st.session_state[NOTICE_KEY] = notices
    st.session_state[INIT_KEY] = True


def _keep_valid(options: FilterOptions) -> None:
    """Drop selections the data no longer offers (data changed after an upload) before widgets render."""
    allowed = {
        "participants": list(options.participants), "countries": options.countries,
        "organizations": options.organizations, "topics": options.topics, "kinds": options.kinds,
        "statuses": options.statuses, "places": options.places,
    }
    for attr, key in KEYS.items():
        if key in st.session_state:
            st.session_state[key] = [v for v in st.session_state[key] if v in allowed[attr]]
    dates = st.session_state.get(DATES_KEY)
    if options.date_min is None:
        st.session_state.pop(DATES_KEY, None)
    elif not dates or not isinstance(dates, (tuple, list)) or len(dates) == 0:
        st.session_state[DATES_KEY] = (options.date_min, options.date_max)
    else:
        lo = min(max(dates[0], options.date_min), options.date_max)
        hi = min(max(dates[-1], options.date_min), options.date_max)
        st.session_state[DATES_KEY] = (lo, hi)


def clear_filters() -> None:
    """Clear-all button callback (runs before the script, so widget values may be set)."""
    for key in KEYS.values():
        st.session_state[key] = []
    st.session_state[TEXT_KEY] = ""
    st.session_state.pop(DATES_KEY, None)
    st.session_state[NOTICE_KEY] = []


def set_topics(topics: list[str]) -> None:
    """Set the sidebar's topic filter from another page (used in callbacks only)."""
    st.session_state[KEYS["topics"]] = list(topics)


def _sidebar(options: FilterOptions) -> FilterState:
    """Render the filter widgets and return the state they hold."""
    sb = st.sidebar
    sb.header("Filters")
    state = FilterState()
    if options.date_min is not None:
        st.session_state.setdefault(DATES_KEY, (options.date_min, options.date_max))
        chosen = sb.date_input("Date range", min_value=options.date_min, max_value=options.date_max,
                               key=DATES_KEY, format="YYYY-MM-DD")
        chosen = list(chosen) if isinstance(chosen, (tuple, list)) else [chosen]
        if chosen and chosen[0] and chosen[0] > options.date_min:
            state.date_from = chosen[0]
        if len(chosen) > 1 and chosen[-1] and chosen[-1] < options.date_max:
            state.date_to = chosen[-1]
    else:
        sb.caption("No dated events yet.")
    state.participants = sb.multiselect(
        "Minister / participant", list(options.participants), key=KEYS["participants"],
        format_func=lambda name: options.participants.get(name, name), placeholder="Anyone")
    state.countries = sb.multiselect("Country", options.countries, key=KEYS["countries"], placeholder="Any")
    state.organizations = sb.multiselect("Organisation", options.organizations, key=KEYS["organizations"],
                                         placeholder="Any")
    state.topics = sb.multiselect("Topic", options.topics, key=KEYS["topics"], placeholder="Any",
                                  format_func=topic_label)
    state.kinds = sb.multiselect("Kind", options.kinds, key=KEYS["kinds"], placeholder="Any",
                                 format_func=lambda k: k.replace("_", " "))
    state.statuses = sb.multiselect("Status", options.statuses, key=KEYS["statuses"], placeholder="Any")
    state.places = sb.multiselect("Place", options.places, key=KEYS["places"], placeholder="Anywhere")
    state.text = sb.text_input("Search text", key=TEXT_KEY, max_chars=200,
                               placeholder="words in summary, evidence, names…").strip()
    sb.button("Clear all filters", on_click=clear_filters, width="stretch")
    return state


def topic_label(topic: str) -> str:
    """ "asia_pacific" -> "Asia-Pacific"-ish readable label."""
    special = {"us_relations": "US relations", "asia_pacific": "Asia-Pacific", "economy_trade": "Economy & trade",
               "middle_east": "Middle East"}
    return special.get(topic, topic.replace("_", " ").capitalize())


def _sync_url(state: FilterState) -> None:
    """Write the filter state to the URL when it differs (a no-op write would still cost a browser update)."""
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in to_query_params(state).items()}
    current = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    if wanted != current:
        st.query_params.from_dict(to_query_params(state))


def prepare() -> Context:
    """Load (cached) tables, render the sidebar, filter, sync the URL; store and return the run's context."""
    folders = data_folders()
    events, articles, warnings, error = load_tables(folders)
    options = options_from_events(events)
    if not st.session_state.get(INIT_KEY):
        _seed_from_url(options)
    _keep_valid(options)
    state = _sidebar(options)
    _sync_url(state)
    filtered = apply_filters(events, state)
    ctx = Context(events_all=events, articles=articles, warnings=warnings, state=state, options=options,
                  events=filtered, folders=folders, load_error=error)
    st.session_state[CTX_KEY] = ctx
    return ctx


def _leave_legacy_multipage_mode() -> None:
    """Make sure the entry script (st.navigation) runs, even when the first request names a page.

    Streamlit 1.67 starts in its legacy multipage mode whenever a folder called `pages/` sits next to the
    entry script, and only leaves it once `st.navigation` has run. Until then, opening a shared link such as
    /events?who=... runs pages/events.py on its own: no shared sidebar, and a nav listing every module in
    pages/. The flag is process-wide; clearing it and rerunning sends this and every later run through
    streamlit_app.py.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without this internal: nothing to fix
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> Context:
    """The context `prepare()` built for this run (pages call this)."""
    _leave_legacy_multipage_mode()
    ctx = st.session_state.get(CTX_KEY)
    if ctx is None:  # a page run on its own (tests): build it here
        ctx = prepare()
    return ctx


def page_header(title: str, ctx: Context) -> None:
    """Title, notices from the URL, a load error, and how many events the filters keep."""
    st.title(title)
    for notice in st.session_state.get(NOTICE_KEY, []):
        st.warning(notice, icon=":material/warning:")
    if ctx.load_error:
        st.error("Could not read the articles: " + ctx.load_error)
    total, shown = len(ctx.events_all), len(ctx.events)
    if ctx.state.is_empty():
        st.caption(f"{total} events from {len(ctx.articles)} articles.")
    else:
        st.caption(f"Filters keep {shown} of {total} events.")


def escape_hover(text: str) -> str:
    """Plain text to plotly hover text: HTML-escaped (plotly renders a few tags), newlines as <br>."""
    return html.escape(str(text), quote=False).replace("\n", "<br>")


def today() -> dt.date:
    return dt.date.today()
