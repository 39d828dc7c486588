"""Meeting map: one bubble per place (offline world map); selecting a place lists its meetings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from meetings import views
from meetings.event_list import readable_events
from pages import charts, shared, table_cache

ctx = shared.context()
shared.page_header("Meeting map", ctx)

color_by = st.segmented_control("Colour by", ["kind", "country"], default="kind", key="map_color") or "kind"
bubbles = table_cache.place_bubbles(ctx.events_all, ctx.state, ctx.events)  # once per (table, filter set)
st.caption("Bubble size = number of events at the place; names that would overprint a busier place's are "
           "left to the hover text. Hollow squares are events whose country is known but "
           "not the city, drawn at the country's centre. Click or box-select places to list their meetings.")
selection = st.plotly_chart(charts.map_figure(bubbles, color_by), config=charts.PLOT_CONFIG, key="map_chart",
                            on_select="rerun", selection_mode=("points", "box", "lasso"), width="stretch")

chosen = charts.selected_values(selection)
if not chosen and not bubbles.empty:
    pick = st.selectbox("Meetings at", [""] + bubbles["place"].tolist(), key="map_pick",
                        format_func=lambda p: p or "Choose a place…")
    chosen = [pick] if pick else []


def _table(frame, drop: tuple[str, ...] = ()):
    """The listed meetings in plain words (no column names or codes)."""
    st.dataframe(readable_events(frame).drop(columns=list(drop)), hide_index=True, width="stretch", column_config={
        "Sources": st.column_config.NumberColumn("Sources", help="articles reporting the event")})


if chosen:
    labels = views.place_labels_of(ctx.events)
    for place in chosen:
        rows = ctx.events[labels == place]
        st.subheader(f"{views.escape_markdown(place)}: {len(rows)} event(s)")
        _table(rows)

if not bubbles.empty:
    places = pd.DataFrame({"Place": bubbles["place"], "Events": bubbles["events"],
                           "City known": ~bubbles["country_only"].astype(bool)})
    with st.expander(f"All {len(places)} places"):
        st.dataframe(places, hide_index=True, width="stretch")
unplaced = views.unplaced_events(ctx.events)
if len(unplaced):
    st.subheader(f"No place known: {len(unplaced)} event(s)")
    _table(unplaced, drop=("Place",))
