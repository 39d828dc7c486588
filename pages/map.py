"""Meeting map: one bubble per place (offline world map); selecting a place lists its meetings."""

from __future__ import annotations

import streamlit as st

from meetings import views
from pages import charts, shared

ctx = shared.context()
shared.page_header("Meeting map", ctx)

color_by = st.segmented_control("Colour by", ["kind", "country"], default="kind", key="map_color") or "kind"
bubbles = views.place_bubbles(ctx.events)
st.caption("Bubble size = number of events at the place. Hollow squares are events whose country is known but "
           "not the city, drawn at the country's centre. Click or box-select places to list their meetings.")
selection = st.plotly_chart(charts.map_figure(bubbles, color_by), config=charts.PLOT_CONFIG, key="map_chart",
                            on_select="rerun", selection_mode=("points", "box", "lasso"))

chosen = charts.selected_values(selection)
if not chosen and not bubbles.empty:
    pick = st.selectbox("Meetings at", [""] + bubbles["place"].tolist(), key="map_pick",
                        format_func=lambda p: p or "Choose a place…")
    chosen = [pick] if pick else []

COLUMNS = ["start_date", "end_date", "kind", "status", "participants", "city", "country", "forum", "n_sources"]


def _table(frame):
    """The listed meetings, lists shown as lists."""
    st.dataframe(frame[COLUMNS], hide_index=True, column_config={
        "participants": st.column_config.ListColumn("Participants"),
        "n_sources": st.column_config.NumberColumn("Sources"),
    })


if chosen:
    labels = views.place_labels_of(ctx.events)
    for place in chosen:
        rows = ctx.events[labels == place]
        st.subheader(f"{views.escape_markdown(place)}: {len(rows)} event(s)")
        _table(rows)

table = views.place_bubbles(ctx.events)[["place", "events", "country_only"]] if not bubbles.empty else None
if table is not None:
    with st.expander(f"All {len(table)} places"):
        st.dataframe(table, hide_index=True, column_config={
            "country_only": st.column_config.CheckboxColumn("No city known")})
unplaced = views.unplaced_events(ctx.events)
if len(unplaced):
    st.subheader(f"No place known: {len(unplaced)} event(s)")
    _table(unplaced)
