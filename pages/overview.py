"""Overview: headline counts, the latest meetings (each opens its event), a small timeline (events per month
beyond a few thousand events), and what ingest skipped."""

from __future__ import annotations

import streamlit as st

from meetings import lanes, views
from pages import charts, month_bars, shared, table_cache

ctx = shared.context()
shared.page_header("Overview", ctx)

# Counted once per (table, filter set); the articles only count when nothing is filtered.
counts = table_cache.overview_counts(ctx.events_all, ctx.state, ctx.events,
                                     articles=ctx.articles if ctx.state.is_empty() else None)
cols = st.columns(5)
cols[0].metric("Events", f"{counts['events']:,}")
cols[1].metric("Articles", f"{counts['articles']:,}")
cols[2].metric("Participants", f"{counts['participants']:,}")
cols[3].metric("Places", f"{counts['places']:,}")
cols[4].metric("Years", views.year_span_label(counts["first"], counts["last"]),
               help="Dates from " + views.date_span_label(counts["first"], counts["last"]))

left, right = st.columns([3, 2])
with left:
    st.subheader("Events over time")
    if len(ctx.events) > views.DENSITY_THRESHOLD:
        # Thousands of markers take seconds to build and draw: show how many events fall in each month.
        # Plain HTML bars, not plotly: a first visit then needs no 4.7 MB chart bundle (see pages/month_bars.py).
        if bars := month_bars.month_bars_html(views.density_frame(ctx.events)):
            st.html(bars)
        else:
            st.info("No dated events match the filters.")
        st.caption(f"{len(ctx.events):,} events, counted per month; the Timeline page zooms in to single events.")
    else:
        frame = views.timeline_frame(ctx.events, "kind")
        frame = frame.assign(mark_size=views.mark_size(frame["lane"].value_counts().max() if len(frame) else 0))
        # Opens where most events are, as the Timeline does: a few old mentions must not squeeze the rest.
        window = lanes.default_window(ctx.events["start"], ctx.events["end"])
        st.plotly_chart(charts.timeline_figure(frame, height=300, compact=True, x_range=window),
                        config=charts.PLOT_CONFIG, key="overview_timeline")
        if note := views.outside_note(*lanes.outside_window(ctx.events["start"], window)):
            st.caption(note)
with right:
    st.subheader("Latest meetings")
    latest = views.latest_events(ctx.events, 8)
    if latest.empty:
        st.info("No events match the filters." if len(ctx.events_all) else "No events found yet: add articles "
                "on the Sources page.")
    for i, row in enumerate(latest.to_dict("records")):
        esc = views.escape_markdown
        uncertain = " · :orange[uncertain]" if views.is_uncertain(row) else ""
        with st.container(border=True, gap="small"):
            st.markdown(f"**{esc(views.date_text(row))}** · {esc(views.kind_text(row.get('kind')))} "
                        f"({esc(row.get('status') or '')}){uncertain}")
            st.button(esc(f"{views.people_text(row)} · {views.where_text(row)}"),
                      key=f"latest_{i}_{row['event_id']}", on_click=shared.open_event, args=(str(row["event_id"]),),
                      type="tertiary", width="content", help="Open this event with its evidence")

st.subheader("Ingest warnings")
if ctx.warnings.empty:
    st.caption("Every article was read without problems.")
else:
    st.dataframe(ctx.warnings, hide_index=True, column_config={
        "file": st.column_config.TextColumn("File"), "problem": st.column_config.TextColumn("Problem")})
