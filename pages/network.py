"""Network: who met whom. People are nodes (size = meetings, colour = country), meetings between two people
are edges (width = how many); a time window narrows it; clicking a pair lists their meetings."""

from __future__ import annotations

import streamlit as st

from meetings import network
from meetings.filters import follow_span
from pages import charts, shared, table_cache
from pages.network_chart import network_figure

ctx = shared.context()
shared.page_header("Network", ctx)

events = ctx.events
span = network.date_window(events)
window_col, people_col = st.columns([3, 1])
window = None  # the whole span
if span is not None and span[0] < span[1]:
    # A window the user never narrowed follows the filtered data's span (see filters.follow_span).
    kept, old_span = st.session_state.get("network_window"), st.session_state.get("network_span") or span
    st.session_state["network_window"] = follow_span(tuple(kept), old_span, span) if kept else span
    st.session_state["network_span"] = span
    window = window_col.slider("Time window", min_value=span[0], max_value=span[1], format="YYYY-MM-DD",
                               key="network_window")
    events = network.in_window(events, *window)
people = table_cache.people_count(ctx.events_all, ctx.state, events, narrowed=(window,))
st.session_state["network_top"] = min(st.session_state.get("network_top", 40), max(2, people))
top = people_col.number_input("People shown (most meetings first)", min_value=2, max_value=max(2, people),
                              step=5, key="network_top") if people > 2 else people
# Once per (table, filter set, window, people shown): moving elsewhere on the page or opening a pair is free.
nodes, edges, positions = table_cache.network_graph(ctx.events_all, ctx.state, events, top,
                                                    narrowed=(window,))
st.caption(f"{len(nodes)} people, {len(edges):,} pairs in {len(events):,} events. Dot size = meetings, colour = "
           "country (hollow: not known), line width = meetings together; a name that would overprint another is "
           "in the hover text. Click a pair's middle (◆) or a person to list the meetings.")
selection = st.plotly_chart(network_figure(nodes, edges, positions),
                            config=charts.PLOT_CONFIG, key="network_chart", on_select="rerun",
                            selection_mode=("points",))

chosen = charts.selected_values(selection)
if not chosen and len(edges):
    labels = {k: f"{a} – {b} ({n})" for k, a, b, n in edges[["pair", "a", "b", "meetings"]].itertuples(index=False)}
    pick = st.selectbox("Meetings of a pair", [""] + edges["pair"].tolist(), key="network_pick",
                        format_func=lambda k: labels.get(k, "Choose a pair…"))
    chosen = [pick] if pick else []

for value in chosen[:3]:
    if network.PAIR_SEPARATOR in value:
        rows, title = network.events_of_pair(events, value), " – ".join(network.split_pair(value))
    else:
        rows, title = network.events_of_person(events, value), value
    st.subheader(f"{title}: {len(rows)} event(s)")
    st.caption("Select a row to open the event.")
    shared.event_list(rows, ctx, key=f"network_list_{value}")
