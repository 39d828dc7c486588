"""Topics: chips that filter every page, a topic x month heatmap, counts and the participants per topic."""

from __future__ import annotations

import streamlit as st

from meetings import lanes, views
from meetings.topic_stats import NO_TOPIC
from pages import charts, shared, table_cache

ctx = shared.context()
shared.page_header("Topics", ctx)

CHIPS_KEY = "topic_chips"


def _chips_changed() -> None:
    """Chips write the sidebar's topic filter, so the choice holds on every page (and in the URL)."""
    shared.set_topics(st.session_state.get(CHIPS_KEY) or [])


# Mirror the sidebar into the chips before they render (the sidebar may have changed since last run).
st.session_state[CHIPS_KEY] = list(ctx.state.topics)
if ctx.options.topics:
    st.pills("Filter by topic (applies to every page)", ctx.options.topics, selection_mode="multi",
             key=CHIPS_KEY, format_func=shared.topic_label, on_change=_chips_changed)

labels = {t: shared.topic_label(t) for t in [*ctx.options.topics, NO_TOPIC]}
# Computed once per (table, filter set): a rerun that changes no filter (opening an event) is free.
summary = table_cache.topic_summary(ctx.events_all, ctx.state, ctx.events, 3)
st.subheader("Topics by month")
# Opens where most events are, as the Timeline does: a few old mentions must not squeeze the rest.
window = lanes.default_window(ctx.events["start"], ctx.events["end"])
st.plotly_chart(charts.heatmap_figure(summary.matrix, labels, x_range=window), config=charts.PLOT_CONFIG,
                key="topic_heatmap")
if note := views.outside_note(*lanes.outside_window(ctx.events["start"], window)):
    st.caption(note)

left, right = st.columns(2)
with left:
    st.subheader("Events per topic")
    st.plotly_chart(charts.topic_bar_figure(summary.counts, labels), config=charts.PLOT_CONFIG,
                    key="topic_bars")
with right:
    st.subheader("Who is most associated with each topic")
    people = summary.people.copy()
    if people.empty:
        st.caption("No participants in the filtered events.")
    else:
        people["topic"] = people["topic"].map(lambda t: labels.get(t, t))
        st.dataframe(people, hide_index=True, column_config={
            "topic": "Topic", "participant": "Participant", "events": st.column_config.NumberColumn("Events")})
