"""Events table: the filtered rows, sortable, and downloads of exactly those rows (CSV, JSON, TimelineJS)."""

from __future__ import annotations

import streamlit as st

from meetings import export, views
from pages import shared

ctx = shared.context()
shared.page_header("Events", ctx)

events = ctx.events
urls = {}
if not ctx.articles.empty:
    urls = {str(a["file"]): views.safe_url(a.get("url")) for a in ctx.articles.to_dict("records")}
table = events.copy()
# One link per row (st.dataframe links one url a cell): the first source article with an http(s) url.
table["link"] = [next((urls.get(str(s)) for s in views.as_list(cell) if urls.get(str(s))), None)
                 for cell in table["sources"].tolist()] if len(table) else []

COLUMNS = ["event_id", "start_date", "end_date", "date_precision", "kind", "status", "confidence", "review",
           "participants",
           "participant_countries", "city", "country", "place_precision", "forum", "organizations", "topics",
           "prominence", "n_sources", "sources", "link", "summary", "evidence", "lat", "lon", "cameo_code"]
st.dataframe(
    table[[c for c in COLUMNS if c in table.columns]],
    hide_index=True,
    key="events_table",
    column_config={
        "event_id": st.column_config.TextColumn("ID"),
        "kind": "Kind", "status": "Status", "city": "City", "country": "Country", "forum": "Forum",
        "place_precision": "Place precision", "prominence": "Prominence", "summary": "Summary",
        "cameo_code": "CAMEO",
        "confidence": st.column_config.NumberColumn(
            "Confidence", format="%.2f", help="0-1: lower when the engine had reasons to doubt the event"),
        "review": st.column_config.TextColumn(
            "Why uncertain", help="one participant, date unresolved, place unknown, ..."),
        "start_date": st.column_config.TextColumn("Start", help="ISO date at its precision"),
        "end_date": st.column_config.TextColumn("End"),
        "date_precision": st.column_config.TextColumn("Precision"),
        "participants": st.column_config.ListColumn("Participants"),
        "participant_countries": st.column_config.ListColumn("Countries"),
        "organizations": st.column_config.ListColumn("Organisations"),
        "topics": st.column_config.ListColumn("Topics"),
        "sources": st.column_config.ListColumn("Sources"),
        "evidence": st.column_config.ListColumn("Evidence"),
        "n_sources": st.column_config.NumberColumn("# sources", format="%d"),
        "link": st.column_config.LinkColumn("Article", display_text="open"),
        "lat": st.column_config.NumberColumn("Lat", format="%.3f"),
        "lon": st.column_config.NumberColumn("Lon", format="%.3f"),
    },
)

st.subheader(f"Download these {len(events)} events")
c1, c2, c3 = st.columns(3)
c1.download_button("CSV", export.to_csv_bytes(events), file_name="meetings.csv", mime="text/csv",
                   key="download_csv", on_click="ignore", icon=":material/download:")
c2.download_button("JSON", export.to_json_bytes(events), file_name="meetings.json", mime="application/json",
                   key="download_json", on_click="ignore", icon=":material/download:")
c3.download_button("TimelineJS JSON", export.to_timelinejs_bytes(events), file_name="meetings_timelinejs.json",
                   mime="application/json", key="download_timelinejs", on_click="ignore", icon=":material/download:")
st.caption("CSV columns follow the engine's contract; lists are joined with \"; \"; cells that a spreadsheet "
           "would run as a formula are prefixed with '.")
