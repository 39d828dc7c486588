"""Events table: the filtered rows in words (no raw codes), the columns the user chooses, paged at full
height (only the shown page goes to the browser), sorted over every row by a chosen column; selecting a row
opens the event. Downloads of exactly these rows (CSV, JSON, TimelineJS) carry the
sources' outlets, titles and URLs and are named after the filters."""

from __future__ import annotations

import functools

import streamlit as st

from meetings import export, table_order, views
from pages import shared, table_cache

ctx = shared.context()
shared.page_header("Events", ctx)

COLUMNS_KEY = "events_columns"
PAGE_SIZES = [25, 50, 100, 200]
ROW_HEIGHT = 35  # st.dataframe's default row height in pixels

events = ctx.events
readable = functools.partial(views.readable_values, articles=ctx.articles, topic_label=shared.topic_label)
# The column list is that of the readable table (it adds outlets and link); an empty frame has them too.
choosable = [c for c in views.COLUMN_LABELS if c in readable(events.iloc[:0]).columns]
st.session_state.setdefault(COLUMNS_KEY, [c for c in views.DEFAULT_COLUMNS if c in choosable])
left, sort_col, order_col, mid, right = st.columns([4.5, 2, 1.5, 1, 1])
columns = left.multiselect("Columns", choosable, key=COLUMNS_KEY, format_func=views.COLUMN_LABELS.get,
                           placeholder="Choose the columns to show") or ["start_date", "participants"]
sortable = [c for c in choosable if c in events.columns and c not in table_order.DERIVED]
sort_by = sort_col.selectbox("Sort all rows by", [""] + sortable, key="events_sort",
                             format_func=lambda c: views.COLUMN_LABELS.get(c, "as found"))
descending = order_col.toggle("Descending", key="events_descending", disabled=not sort_by)
size = mid.selectbox("Rows per page", PAGE_SIZES, index=1, key="events_page_size")
# Sorted once per (table, filter set, column, direction); a page is a slice of that order.
order = table_cache.events_order(ctx.events_all, ctx.state, events, sort_by, descending) if sort_by else None
page_rows, pages, number = views.page_of(events, size, st.session_state.get("events_page", 1), order)
st.session_state["events_page"] = number  # fewer rows after a filter change: the last page that exists
if pages > 1:
    right.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="events_page")
# Only this page's rows are put into words and sent to the browser, however many events match.
shown = readable(page_rows).reset_index(drop=True)
st.caption(f"Rows {min(len(events), (number - 1) * size + 1)}–{(number - 1) * size + len(shown)} of "
           f"{len(events):,}. Select a row to open the event with its evidence; a column header sorts this page.")
selection = st.dataframe(
    shown, hide_index=True, key=f"events_table_{number}", column_order=columns,
    column_config=shared.table_column_config(), on_select="rerun", selection_mode="single-row",
    height=ROW_HEIGHT * (len(shown) + 1) + 3,  # the whole page of rows, no inner scrolling
)
rows = selection.selection.rows if selection is not None else []
shared.open_on_new_selection(f"events_table_{number}", [str(shown.iloc[i]["event_id"]) for i in rows
                                                         if i < len(shown)])


def _with_sources_as(to_bytes, rows, articles) -> bytes:
    """A download file of `rows` with their sources' outlets, titles and URLs."""
    return to_bytes(export.add_source_details(rows, articles))


# Each file is made when its button is clicked (Streamlit then calls the function), not on every run: at
# 100,000 events the three took ~18 s per run. Bound to this run's rows, so a file holds exactly these events.
st.subheader(f"Download these {len(events)} events")
c1, c2, c3 = st.columns(3)
c1.download_button("CSV", functools.partial(_with_sources_as, export.to_csv_bytes, events, ctx.articles),
                   file_name=export.download_name(ctx.state, events, "csv"), mime="text/csv", key="download_csv",
                   on_click="ignore", icon=":material/download:")
c2.download_button("JSON", functools.partial(_with_sources_as, export.to_json_bytes, events, ctx.articles),
                   mime="application/json", file_name=export.download_name(ctx.state, events, "json"),
                   key="download_json", on_click="ignore", icon=":material/download:")
c3.download_button("TimelineJS JSON", functools.partial(export.to_timelinejs_bytes, events), mime="application/json",
                   file_name=export.download_name(ctx.state, events, "json", stem="meetings_timelinejs"),
                   key="download_timelinejs", on_click="ignore", icon=":material/download:")
st.caption("CSV columns follow the engine's contract, then each source's outlet, title and URL "
           "(in the order of `sources`); lists are joined with \"; \"; cells that a spreadsheet would run as a "
           "formula are prefixed with '.")
