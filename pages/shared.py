"""What every page shares: the cached event tables and the one filter sidebar, kept in the URL.

The entry file (streamlit_app.py) calls `prepare()` before running the chosen page and `filter_sidebar()`
after it, so the sidebar widgets live in the entry script: Streamlit then keeps their values across page
switches, and `prepare()` writes the filter state back to the URL after every run (a page switch clears the
query string; this restores it). Pages call `context()` to get the filtered events, and `stop_page()` to end
early.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st

from meetings import views
from meetings.filters import (
    EVENT_PARAM,
    PARTICIPANT_MODES,
    FilterOptions,
    FilterState,
    follow_span,
    parse_query_params,
    to_query_params,
)
from meetings.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, WARNING_COLUMNS
from meetings.topic_stats import NO_TOPIC
from meetings.uploads import upload_dir
from pages import ingest_job, table_cache

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CTX_KEY = "_dashboard_context"
INIT_KEY = "_filters_from_url"
NOTICE_KEY = "_url_notices"
NOTICE_STATE_KEY = "_url_notices_state"  # the filters the notices were about; they clear once these change
SPAN_KEY = "_date_span"  # the data's date span the date widget was last set for
ENTRY_KEY = "_run_through_entry"  # set by the entry script each run, taken by the page
RESYNC_KEY = "_filters_redrawn"  # the page was drawn again because the widgets held other filters

# Sidebar widget keys, one per filter field.
KEYS = {
    "participants": "f_who", "countries": "f_country", "organizations": "f_org", "forums": "f_forum",
    "topics": "f_topic", "kinds": "f_kind", "statuses": "f_status", "places": "f_place",
}
DATES_KEY = "f_dates"
TEXT_KEY = "f_q"
MODE_KEY = "f_who_mode"
CONF_KEY = "f_conf"

# The dashboard's pages: (file in pages/, title, URL path). Overview is also what the root URL opens.
PAGE_FILES: list[tuple[str, str, str]] = [
    ("overview.py", "Overview", "overview"),
    ("timeline.py", "Timeline", "timeline"),
    ("map.py", "Map", "map"),
    ("network.py", "Network", "network"),
    ("topics.py", "Topics", "topics"),
    ("story.py", "Story", "story"),
    ("events.py", "Events", "events"),
    ("sources.py", "Sources", "sources"),
]

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


def existing_folders(folders: list[Path]) -> tuple[str, ...]:
    """The folders that exist, as the table store's key."""
    return tuple(str(f) for f in folders if f.is_dir())


def load_tables(folders: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """The last good tables for the existing folders (pages/ingest_job.py), plus an error message when the
    engine failed."""
    existing = existing_folders(folders)
    try:
        snap = ingest_job.snapshot(existing)  # last good tables; changed folders are read in the background
        return (*snap.tables, snap.error)
    except Exception as exc:  # the page must still render and say what went wrong
        empty = (pd.DataFrame(columns=EVENT_COLUMNS), pd.DataFrame(columns=ARTICLE_COLUMNS),
                 pd.DataFrame(columns=WARNING_COLUMNS))
        return (*empty, f"{type(exc).__name__}: {exc}")


def warm_up() -> threading.Thread:
    """Start reading the tables and counting the filter options in a background thread, before the first
    visitor: the launcher (`python -m meetings.dashboard`) calls this as the server starts, so the first page
    is drawn from ready tables (a visitor who comes sooner waits for this read, not for a second one)."""
    started = ingest_job.start_store()
    folders = existing_folders(data_folders())

    def fill() -> None:
        try:
            events, articles, _ = started.snapshot(folders).tables
            table_cache.filter_options(events)
            # what the landing page (the Overview, unfiltered) computes on its first run: its counts, the
            # import of plotly (half a second) and its first figure
            table_cache.overview_counts(events, FilterState(), events, articles=articles)
            importlib.import_module("pages.charts").warm_up(events)
        except Exception:  # noqa: BLE001 - the first visitor's own read shows what went wrong
            return

    thread = threading.Thread(target=fill, name="meetings-warm-up", daemon=True)
    thread.start()
    return thread


def _seed_from_url(options: FilterOptions) -> None:
    """On a session's first run, set the sidebar widgets from the URL (a shared link) and keep the notices."""
    state, notices = parse_query_params(st.query_params, options)
    for attr, key in KEYS.items():
        st.session_state[key] = list(getattr(state, attr))
    st.session_state[MODE_KEY] = state.participant_mode
    st.session_state[CONF_KEY] = float(state.min_confidence or 0.0)
    if options.date_min is not None:
        lo = max(state.date_from or options.date_min, options.date_min)
        hi = min(state.date_to or options.date_max, options.date_max)
        if state.date_from and state.date_from < options.date_min or state.date_to and state.date_to > options.date_max:
            notices.append(f"Dates clipped to the data's span {options.date_min} – {options.date_max}.")
        st.session_state[DATES_KEY] = (lo, hi) if lo <= hi else (options.date_min, options.date_max)
        st.session_state[SPAN_KEY] = (options.date_min, options.date_max)
    st.session_state[TEXT_KEY] = state.text
    st.session_state[NOTICE_KEY] = notices
    st.session_state[INIT_KEY] = True


def _keep_valid(options: FilterOptions) -> None:
    """Before widgets render: drop selections the data no longer offers, and let the date bounds the user
    never set follow the data's span (after an upload the new meeting shows instead of being cut off)."""
    allowed = options.allowed()
    for attr, key in KEYS.items():
        if key in st.session_state:
            st.session_state[key] = [v for v in st.session_state[key] if v in allowed[attr]]
    dates = st.session_state.get(DATES_KEY)
    if options.date_min is None:
        st.session_state.pop(DATES_KEY, None)
        st.session_state.pop(SPAN_KEY, None)
        return
    span = (options.date_min, options.date_max)
    if not dates or not isinstance(dates, (tuple, list)):
        st.session_state[DATES_KEY] = span
    else:
        old_span = st.session_state.get(SPAN_KEY) or span
        st.session_state[DATES_KEY] = follow_span((dates[0], dates[-1]), old_span, span)
    st.session_state[SPAN_KEY] = span


def clear_filters() -> None:
    """Clear-all button callback (runs before the script, so widget values may be set)."""
    for key in KEYS.values():
        st.session_state[key] = []
    st.session_state[TEXT_KEY] = ""
    st.session_state[MODE_KEY] = "any"
    st.session_state[CONF_KEY] = 0.0
    st.session_state.pop(DATES_KEY, None)
    st.session_state[NOTICE_KEY] = []


def set_topics(topics: list[str]) -> None:
    """Set the sidebar's topic filter from another page (used in callbacks only)."""
    st.session_state[KEYS["topics"]] = list(topics)


def _counted(options: FilterOptions, attr: str, label=None):
    """A format_func showing each option with its number of events: "Sergey Lavrov - ... (12)"."""
    counts = options.counts.get(attr, {})

    def fmt(value) -> str:
        text = label(value) if label else str(value)
        n = counts.get(str(value))
        return f"{text} ({n})" if n is not None else text
    return fmt


def _date_widget(options: FilterOptions, state: FilterState) -> None:
    """The date range; a bound at the data's edge is no filter (so it follows new data)."""
    sb = st.sidebar
    if options.date_min is None:
        sb.caption("No dated events yet.")
        return
    st.session_state.setdefault(DATES_KEY, (options.date_min, options.date_max))
    chosen = sb.date_input("Date range", min_value=options.date_min, max_value=options.date_max,
                           key=DATES_KEY, format="YYYY-MM-DD")
    _set_dates(options, chosen, state)


def _set_dates(options: FilterOptions, chosen, state: FilterState) -> None:
    """Set `state`'s dates from the date widget's value (a range, or one date while the user picks)."""
    chosen = list(chosen) if isinstance(chosen, (tuple, list)) else [chosen]
    if chosen and chosen[0] and chosen[0] > options.date_min:
        state.date_from = chosen[0]
    if len(chosen) > 1 and chosen[-1] and chosen[-1] < options.date_max:
        state.date_to = chosen[-1]


def _held_state(options: FilterOptions) -> FilterState:
    """The filter state the sidebar's widgets hold at the start of this run (the last run's values, a
    change the user just made, or what the link set), read before the widgets are drawn: the page is drawn
    first, so its chart and table reach the browser before the sidebar's widgets (see `filter_sidebar`)."""
    held = st.session_state
    state = FilterState()
    for attr, key in KEYS.items():
        setattr(state, attr, list(held.get(key) or []))
    state.participant_mode = held.get(MODE_KEY) or "any"
    state.min_confidence = held.get(CONF_KEY) or None
    state.text = str(held.get(TEXT_KEY) or "").strip()
    if options.date_min is not None:
        _set_dates(options, held.get(DATES_KEY) or (options.date_min, options.date_max), state)
    return state


def _sidebar(options: FilterOptions) -> FilterState:
    """Render the filter widgets and return the state they hold."""
    sb = st.sidebar
    sb.header("Filters")
    state = FilterState()
    _date_widget(options, state)
    state.participants = sb.multiselect(
        "Minister / participant", list(options.participants), key=KEYS["participants"],
        format_func=_counted(options, "participants", lambda name: options.participants.get(name, name)),
        placeholder="Anyone")
    st.session_state.setdefault(MODE_KEY, "any")
    state.participant_mode = sb.radio(
        "Events with", PARTICIPANT_MODES, key=MODE_KEY, horizontal=True,
        format_func={"any": "any of them", "all": "all of them"}.get,
        help="'all of them': only meetings where every chosen person took part (who met whom)") or "any"
    state.countries = sb.multiselect("Country", options.countries, key=KEYS["countries"], placeholder="Any",
                                     format_func=_counted(options, "countries"))
    state.forums = sb.multiselect("Forum (held at)", options.forums, key=KEYS["forums"], placeholder="Any",
                                  format_func=_counted(options, "forums"),
                                  help="the summit or meeting series the event took place at")
    state.organizations = sb.multiselect(
        "Organisation mentioned", options.organizations, key=KEYS["organizations"], placeholder="Any",
        format_func=_counted(options, "organizations"))
    state.topics = sb.multiselect("Topic", options.topics, key=KEYS["topics"], placeholder="Any",
                                  format_func=_counted(options, "topics", topic_label))
    state.kinds = sb.multiselect("Kind", options.kinds, key=KEYS["kinds"], placeholder="Any",
                                 format_func=_counted(options, "kinds", kind_label))
    state.statuses = sb.multiselect("Status", options.statuses, key=KEYS["statuses"], placeholder="Any",
                                    format_func=_counted(options, "statuses"))
    state.places = sb.multiselect("Place", options.places, key=KEYS["places"], placeholder="Anywhere",
                                  format_func=_counted(options, "places"))
    st.session_state.setdefault(CONF_KEY, 0.0)
    state.min_confidence = sb.slider(
        "Minimum confidence", 0.0, 1.0, step=0.05, key=CONF_KEY,
        help="hide events the engine is less sure of (0 shows all)") or None
    state.text = sb.text_input("Search text", key=TEXT_KEY, max_chars=200,
                               placeholder="words in summary, evidence, names…").strip()
    sb.button("Clear all filters", on_click=clear_filters, width="stretch")
    return state


def kind_label(kind: str) -> str:
    """ "phone_call" -> "Phone call"."""
    return str(kind).replace("_", " ").capitalize()


def topic_label(topic: str) -> str:
    """ "asia_pacific" -> "Asia-Pacific"-ish readable label; the events with none count under "No topic"."""
    special = {"us_relations": "US relations", "asia_pacific": "Asia-Pacific", "economy_trade": "Economy & trade",
               "middle_east": "Middle East", NO_TOPIC: "No topic"}
    return special.get(topic, topic.replace("_", " ").capitalize())


def _sync_url(state: FilterState) -> None:
    """Write the filter state (and the open event, if any) to the URL when it differs from what it holds."""
    wanted = to_query_params(state)
    if EVENT_PARAM in st.query_params:
        wanted[EVENT_PARAM] = st.query_params[EVENT_PARAM]
    wanted_lists = {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()}
    current = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    if wanted_lists != current:
        st.query_params.from_dict(wanted)


def _clear_stale_notices(state: FilterState) -> None:
    """Notices about a link describe the filters it set; once the user changes the filters they go."""
    params = to_query_params(state)
    if NOTICE_STATE_KEY not in st.session_state:
        st.session_state[NOTICE_STATE_KEY] = params
    elif params != st.session_state[NOTICE_STATE_KEY]:
        st.session_state[NOTICE_KEY] = []


def prepare() -> Context:
    """Load (cached) tables, read the filters the sidebar holds, filter, sync the URL; store and return the
    run's context. The entry script draws the sidebar after the page (`filter_sidebar`)."""
    folders = data_folders()
    events, articles, warnings, error = load_tables(folders)
    options = table_cache.filter_options(events)  # counted once per table, not on every run
    if not st.session_state.get(INIT_KEY):
        _seed_from_url(options)
    _keep_valid(options)
    state = _held_state(options)
    _clear_stale_notices(state)
    _sync_url(state)
    filtered = table_cache.filter_events(events, state)
    ctx = Context(events_all=events, articles=articles, warnings=warnings, state=state, options=options,
                  events=filtered, folders=folders, load_error=error)
    st.session_state[CTX_KEY] = ctx
    st.session_state[ENTRY_KEY] = True
    return ctx


def filter_sidebar(ctx: Context) -> None:
    """Draw the filter widgets, after the page: its chart is then the first thing the browser loads (the
    widgets' scripts queued before the chart's and delayed it by half a second). The widgets show the values
    `prepare` filtered by; should they hold others, the page is drawn again with them."""
    drawn = _sidebar(ctx.options)
    if repr(drawn) != repr(ctx.state) and not st.session_state.pop(RESYNC_KEY, False):
        st.session_state[RESYNC_KEY] = True
        st.rerun()
    st.session_state.pop(RESYNC_KEY, None)


class PageStopped(Exception):
    """Raised by `stop_page`; the entry script catches it."""


def stop_page() -> NoReturn:
    """End the page here (what `st.stop()` does), while the entry script still draws the filter sidebar and an
    opened event after it (after `st.stop()` nothing more is drawn)."""
    raise PageStopped


def _home() -> None:
    """The root URL: open the Overview at its own path (/overview), keeping the link's parameters."""
    st.switch_page(ROOT / "pages" / "overview.py", query_params=st.query_params.to_dict())


def navigation_pages() -> list:
    """The app's pages as st.Page objects: a hidden root page that opens the Overview, then one per file."""
    pages = [st.Page(_home, title="Overview", default=True, visibility="hidden", url_path="home")]
    for file, title, path in PAGE_FILES:
        if not (ROOT / "pages" / file).is_file():  # a page another branch adds (story.py) joins when it lands
            continue
        pages.append(st.Page(ROOT / "pages" / file, title=title, url_path=path))
    return pages


def _run_through_entry() -> None:
    """Send a page that runs without the entry script through it.

    With a `pages/` folder beside the entry script, Streamlit's first run in a fresh server may run a page
    file on its own when the link names a page (/events?who=...): no shared sidebar. Calling the public
    `st.navigation` with the app's pages switches the server to the entry script's navigation, and the rerun
    opens the same page (same URL path) through streamlit_app.py.
    """
    st.navigation(navigation_pages(), position="hidden")
    st.rerun()


def context() -> Context:
    """The context `prepare()` built for this run (pages call this)."""
    if not st.session_state.pop(ENTRY_KEY, False):
        _run_through_entry()
    return st.session_state[CTX_KEY]


def page_header(title: str, ctx: Context) -> None:
    """Title, notices from the URL, a load error, and how many events the filters keep."""
    st.title(title)
    for notice in st.session_state.get(NOTICE_KEY, []):
        st.warning(notice, icon=":material/warning:")
    if ctx.load_error:
        st.error("Could not read the articles: " + ctx.load_error)
    linked = _linked_events(ctx)
    if linked is not None and linked.empty:
        st.warning(f"No event {st.query_params.get(EVENT_PARAM, '')[:40]!r} in the current data: the link may be "
                   "from other articles.", icon=":material/warning:")
    total, shown = len(ctx.events_all), len(ctx.events)
    if ctx.state.is_empty():
        st.caption(f"{total:,} events from {len(ctx.articles):,} articles.")
    else:
        st.caption(f"Filters keep {shown:,} of {total:,} events.")


def escape_hover(text: str) -> str:
    """Plain text to plotly hover text: HTML-escaped (plotly renders a few tags), newlines as <br>."""
    return html.escape(str(text), quote=False).replace("\n", "<br>")


def today() -> dt.date:
    return dt.date.today()


def open_event(event_id: str) -> None:
    """Open an event's detail (on this run and in the URL, so the link can be shared)."""
    if event_id:
        st.query_params[EVENT_PARAM] = str(event_id)


def open_on_new_selection(key: str, event_ids: list[str]) -> None:
    """Open the first of `event_ids` when the selection of widget `key` changed since the last run.

    A selection stays in the widget after its detail is closed; opening only on a change keeps a closed
    detail closed.
    """
    seen_key = f"_seen_selection_{key}"
    if st.session_state.get(seen_key) != event_ids:
        st.session_state[seen_key] = list(event_ids)
        if event_ids:
            open_event(event_ids[0])


def _close_event() -> None:
    """Dialog dismissed: the event leaves the URL."""
    if EVENT_PARAM in st.query_params:
        del st.query_params[EVENT_PARAM]


@st.dialog("Event detail", width="large", on_dismiss=_close_event)
def _event_dialog(rows: list[dict], articles: dict[str, dict]) -> None:
    from pages import detail  # imported here: detail uses this module's labels

    for n, row in enumerate(rows):
        if n:  # the engine gave two events one id: show both rather than hide one
            st.divider()
        detail.render(row, articles, topic_label)


def _linked_events(ctx: Context) -> pd.DataFrame | None:
    """The events `?event=<id>` names (normally one), None without the parameter."""
    event_id = st.query_params.get(EVENT_PARAM, "")
    if not event_id:
        return None
    if ctx.events_all.empty:
        return ctx.events_all
    return ctx.events_all[ctx.events_all["event_id"].astype(str) == event_id]


def show_event_detail_from_url(ctx: Context) -> None:
    """Every page ends with this: `?event=<id>` in the URL opens that event's detail (from all events, so a
    shared link works whatever the filters); an unknown id says so."""
    match = _linked_events(ctx)
    if match is None or match.empty:
        return  # no link, or an unknown id (page_header says so at the top of the page)
    articles = {str(a["file"]): a for a in ctx.articles.to_dict("records")} if not ctx.articles.empty else {}
    _event_dialog(match.to_dict("records"), articles)


def table_column_config() -> dict:
    """Readable headers and formats for event tables (values come from `views.readable_values`)."""
    labels = views.COLUMN_LABELS
    lists = ["participants", "participant_countries", "organizations", "topics", "outlets", "evidence"]
    config: dict = {c: st.column_config.ListColumn(labels[c]) for c in lists}
    config.update({c: labels[c] for c in labels if c not in config})
    config.update({
        "confidence": st.column_config.ProgressColumn(
            labels["confidence"], min_value=0.0, max_value=1.0, format="%.2f",
            help="0-1: lower when the engine had reasons to doubt the event"),
        "n_sources": st.column_config.NumberColumn(labels["n_sources"], format="%d"),
        "link": st.column_config.LinkColumn(labels["link"], display_text="open"),
        "lat": st.column_config.NumberColumn(labels["lat"], format="%.3f"),
        "lon": st.column_config.NumberColumn(labels["lon"], format="%.3f"),
        "kind": st.column_config.TextColumn(labels["kind"], width=150),  # "multilateral meeting" in full
        "summary": st.column_config.TextColumn(labels["summary"], width="large"),
    })
    return config


LIST_COLUMNS = ["start_date", "kind", "status", "participants", "city", "country", "forum", "outlets"]


def event_list(events: pd.DataFrame, ctx: Context, key: str, columns: list[str] | None = None) -> None:
    """A compact table of events in readable words; selecting a row opens that event's detail."""
    table = views.readable_values(events, ctx.articles, topic_label).reset_index(drop=True)
    selection = st.dataframe(table, hide_index=True, key=key, column_order=columns or LIST_COLUMNS,
                             column_config=table_column_config(), on_select="rerun", selection_mode="single-row")
    rows = selection.selection.rows if selection is not None else []
    open_on_new_selection(key, [str(table.iloc[i]["event_id"]) for i in rows if i < len(table)])
