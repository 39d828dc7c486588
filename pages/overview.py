"""Overview: headline counts, the latest meetings, a small timeline, and what ingest skipped."""

from __future__ import annotations

import streamlit as st

from meetings import views
from pages import charts, shared

ctx = shared.context()
shared.page_header("Overview", ctx)

counts = views.overview_counts(ctx.events, ctx.articles if ctx.state.is_empty() else None)
cols = st.columns(5)
cols[0].metric("Events", counts["events"])
cols[1].metric("Articles", counts["articles"])
cols[2].metric("Participants", counts["participants"])
cols[3].metric("Places", counts["places"])
cols[4].metric("Years", views.year_span_label(counts["first"], counts["last"]),
               help="Dates from " + views.date_span_label(counts["first"], counts["last"]))

left, right = st.columns([3, 2])
with left:
    st.subheader("Events over time")
    frame = views.timeline_frame(ctx.events, "kind")
    st.plotly_chart(charts.timeline_figure(frame, height=300, compact=True), config=charts.PLOT_CONFIG,
                    key="overview_timeline")
with right:
    st.subheader("Latest meetings")
    latest = views.latest_events(ctx.events, 8)
    if latest.empty:
        st.info("No events match the filters." if len(ctx.events_all) else "No events found yet: add articles "
                "on the Sources page.")
    for row in latest.to_dict("records"):
        people = ", ".join(str(p) for p in views.as_list(row.get("participants"))) or "participants unknown"
        kind = str(row.get("kind") or "").replace("_", " ")
        st.markdown(f"**{views.escape_markdown(views.date_text(row))}** · {views.escape_markdown(kind)} "
                    f"({views.escape_markdown(row.get('status') or '')})  \n"
                    f"{views.escape_markdown(people)} · {views.escape_markdown(views.where_text(row))}")

st.subheader("Ingest warnings")
if ctx.warnings.empty:
    st.caption("Every article was read without problems.")
else:
    st.dataframe(ctx.warnings, hide_index=True, column_config={
        "file": st.column_config.TextColumn("File"), "problem": st.column_config.TextColumn("Problem")})
