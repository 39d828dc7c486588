"""Events table: the filtered rows in words (no raw codes), the columns the user chooses, paged at full
height; selecting a row opens the event. Downloads of exactly these rows (CSV, JSON, TimelineJS) carry the
sources' outlets, titles and URLs and are named after the filters."""

from __future__ import annotations

import streamlit as st

from meetings import export, views
from pages import shared

ctx = shared.context()
shared.page_header("Events", ctx)

COLUMNS_KEY = "events_columns"
PAGE_SIZES = [25, 50, 100, 200]
ROW_HEIGHT = 35  # st.dataframe's default row height in pixels

events = ctx.events
table = views.readable_values(events, ctx.articles, shared.topic_label).reset_index(drop=True)
choosable = [c for c in views.COLUMN_LABELS if c in table.columns]
st.session_state.setdefault(COLUMNS_KEY, [c for c in views.DEFAULT_COLUMNS if c in choosable])
left, mid, right = st.columns([6, 1, 1])
columns = left.multiselect("Columns", choosable, key=COLUMNS_KEY, format_func=views.COLUMN_LABELS.get,
                           placeholder="Choose the columns to show") or ["start_date", "participants"]
size = mid.selectbox("Rows per page", PAGE_SIZES, index=1, key="events_page_size")
shown, pages, number = views.page_of(table, size, st.session_state.get("events_page", 1))
st.session_state["events_page"] = number  # fewer rows after a filter change: the last page that exists
if pages > 1:
    right.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="events_page")
st.caption(f"Rows {min(len(table), (number - 1) * size + 1)}–{(number - 1) * size + len(shown)} of {len(table)}. "
           "Select a row to open the event with its evidence.")
selection = st.dataframe(
    shown, hide_index=True, key=f"events_table_{number}", column_order=columns,
    column_config=shared.table_column_config(), on_select="rerun", selection_mode="single-row",
    height=ROW_HEIGHT * (len(shown) + 1) + 3,  # the whole page of rows, no inner scrolling
)
rows = selection.selection.rows if selection is not None else []
shared.open_on_new_selection(f"events_table_{number}", [str(shown.iloc[i]["event_id"]) for i in rows
                                                         if i < len(shown)])

st.subheader(f"Download these {len(events)} events")
with_sources = export.add_source_details(events, ctx.articles)
c1, c2, c3 = st.columns(3)
c1.download_button("CSV", export.to_csv_bytes(with_sources), file_name=export.download_name(ctx.state, events, "csv"),
                   mime="text/csv", key="download_csv", on_click="ignore", icon=":material/download:")
c2.download_button("JSON", export.to_json_bytes(with_sources), mime="application/json",
                   file_name=export.download_name(ctx.state, events, "json"), key="download_json",
                   on_click="ignore", icon=":material/download:")
c3.download_button("TimelineJS JSON", export.to_timelinejs_bytes(events), mime="application/json",
                   file_name=export.download_name(ctx.state, events, "json", stem="meetings_timelinejs"),
                   key="download_timelinejs", on_click="ignore", icon=":material/download:")
st.caption("CSV columns follow the engine's contract, then each source's outlet, title and URL "
           "(in the order of `sources`); lists are joined with \"; \"; cells that a spreadsheet would run as a "
           "formula are prefixed with '.")
