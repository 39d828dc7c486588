"""Timeline: events in lanes over time; selecting one shows its full detail with evidence and sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from meetings import lanes, views
from meetings.event_list import readable_events
from meetings.filters import participant_label
from pages import charts, shared

ctx = shared.context()
shared.page_header("Timeline", ctx)

LANE_STEP = 12  # lanes added per "show more" click
LANE_MARK, OTHERS_MARK = 14, 8  # marker sizes (px) in a lane of its own and in Others

lane_by = st.segmented_control("Lanes", list(views.LANE_CHOICES), format_func=views.LANE_CHOICES.get,
                               default="pair", key="timeline_lanes") or "pair"
events = ctx.events
if len(events) > views.DENSITY_THRESHOLD:
    # Too many to draw one by one: show density and let the user zoom in with a window slider.
    st.info(f"{len(events):,} events: showing events per month. Narrow the window to see single events.")
    st.plotly_chart(charts.density_figure(views.density_frame(events)), config=charts.PLOT_CONFIG)
    start = pd.to_datetime(events["start"], errors="coerce").dropna()
    lo, hi = start.min().date(), start.max().date()
    window = st.slider("Window", min_value=lo, max_value=hi, value=(max(lo, hi - pd.Timedelta(days=90)), hi),
                       key="timeline_window")
    in_window = (pd.to_datetime(events["start"]) >= pd.Timestamp(window[0])) & (
        pd.to_datetime(events["start"]) <= pd.Timestamp(window[1]))
    events = events[in_window.fillna(False)]
    if len(events) > views.DENSITY_THRESHOLD:
        st.warning("Still too many events in this window: narrow it further.")
        shared.stop_page()

dated = events[pd.to_datetime(events["start"], errors="coerce").notna()]
all_lanes = lanes.event_lanes(dated, lane_by)
n_lanes = int(all_lanes.nunique())
top = st.session_state.setdefault("timeline_top", LANE_STEP)
shown_lanes, order = lanes.group_lanes(all_lanes, top)
frame = views.timeline_frame(dated, lane_by)
if not frame.empty:
    by_event = dict(zip(dated["event_id"].astype(str), shown_lanes.map(lanes.wrap_label), strict=True))
    full = dict(zip(dated["event_id"].astype(str), all_lanes, strict=True))
    in_others = dict(zip(dated["event_id"].astype(str), shown_lanes != all_lanes, strict=True))
    faded = dict(zip(dated["event_id"].astype(str), lanes.uncertain(dated), strict=True))
    frame = frame.assign(
        lane=frame["event_id"].map(by_event),
        uncertain=frame["event_id"].map(faded).fillna(False).astype(bool),
        # The Others lane mixes lanes: each mark's hover says which one it belongs to, and its marks are
        # small so that where they crowd still shows.
        hover=[f"{full[e]}\n{h}" if in_others[e] else h
               for e, h in zip(frame["event_id"], frame["hover"], strict=True)],
        mark_size=[OTHERS_MARK if in_others[e] else LANE_MARK for e in frame["event_id"]],
    )
window = lanes.default_window(dated["start"], dated["end"])
st.caption("● one-day event · ▬ multi-day · pale band = only the month or year is known · "
           "filled = held, hollow = planned, dashed/dotted = possible, faded = uncertain (to review). "
           "Click or box-select events for details.")
selection = st.plotly_chart(
    charts.timeline_figure(frame, lanes=[lanes.wrap_label(lane) for lane in order], x_range=window),
    config=charts.PLOT_CONFIG, key="timeline_chart", on_select="rerun", selection_mode=("points", "box"))
before, after = lanes.outside_window(dated["start"], window)
notes = []
if before or after:
    notes.append(views.outside_note(before, after, slider=True))
if len(order) < n_lanes:
    notes.append(f"Showing the {top} busiest of {n_lanes} lanes; the rest are in \"{lanes.OTHERS}\".")
    if (shown_lanes != all_lanes).mean() > 0.5:
        notes.append("Most events have a lane of their own: choose Country, Forum or Kind lanes, or pick a "
                     "participant in the sidebar, to see them apart.")
for note in notes:
    st.caption(note)
more, fewer, _ = st.columns([1, 1, 3])
if n_lanes > top + 1:
    more.button(f"Show {min(LANE_STEP, n_lanes - top)} more lanes", key="timeline_more",
                on_click=lambda: st.session_state.update(timeline_top=top + LANE_STEP))
if top > LANE_STEP:
    fewer.button("Show fewer lanes", key="timeline_fewer",
                 on_click=lambda: st.session_state.update(timeline_top=LANE_STEP))

no_date = lanes.undated(events)
if len(no_date):
    with st.expander(f"{len(no_date)} event(s) without a date (not drawn)"):
        st.dataframe(readable_events(no_date), hide_index=True)

chosen = charts.selected_values(selection)
if not chosen and not events.empty:
    # No selection yet: offer a picker so the detail is reachable without a mouse.
    ids = events["event_id"].astype(str).tolist()
    labels = {r["event_id"]: f"{views.date_text(r)} · {views.pair_label(r.get('participants'))} · "
              f"{views.where_text(r)}" for r in events.to_dict("records")}
    pick = st.selectbox("Event details", [""] + ids, format_func=lambda i: labels.get(i, "Choose an event…"),
                        key="timeline_pick")
    chosen = [pick] if pick else []

by_id = {str(r["event_id"]): r for r in events.to_dict("records")}
articles = {str(a["file"]): a for a in ctx.articles.to_dict("records")} if not ctx.articles.empty else {}
for event_id in chosen[:10]:
    row = by_id.get(event_id)
    if row is None:
        continue
    people = [str(p) for p in views.as_list(row.get("participants"))]
    roles = [str(r) for r in views.as_list(row.get("participant_roles"))]
    with st.container(border=True):
        st.subheader(views.escape_markdown(f"{views.date_text(row)} · {views.pair_label(people)}"))
        c1, c2, c3 = st.columns(3)
        c1.markdown(f"**Kind** {views.escape_markdown(str(row.get('kind', '')).replace('_', ' '))}  \n"
                    f"**Status** {views.escape_markdown(row.get('status', ''))}  \n"
                    f"**CAMEO** {views.escape_markdown(row.get('cameo_code', ''))}  \n"
                    f"**Prominence** {views.escape_markdown(row.get('prominence', ''))}")
        c2.markdown(f"**Where** {views.escape_markdown(views.where_text(row))} "
                    f"({views.escape_markdown(row.get('place_precision', ''))})  \n"
                    f"**Forum** {views.escape_markdown(row.get('forum') or '—')}  \n"
                    f"**Date** {views.escape_markdown(views.date_text(row))} "
                    f"({views.escape_markdown(row.get('date_precision', ''))}, "
                    f"{views.escape_markdown(row.get('date_method', '') or 'method unknown')})")
        topic_names = ", ".join(shared.topic_label(str(t)) for t in views.as_list(row.get("topics")))
        org_names = ", ".join(map(str, views.as_list(row.get("organizations"))))
        c3.markdown(f"**Topics** {views.escape_markdown(topic_names or '—')}  \n"
                    f"**Organisations** {views.escape_markdown(org_names or '—')}")
        st.markdown("**Participants**  \n" + "  \n".join(
            views.escape_markdown(participant_label(p, roles[i] if i < len(roles) else ""))
            for i, p in enumerate(people)) if people else "**Participants** unknown")
        if row.get("summary"):
            st.markdown("**Summary** " + views.escape_markdown(row["summary"]))
        if row.get("disagreements"):
            st.warning("Sources disagree: " + str(row["disagreements"]), icon=":material/balance:")
        st.markdown("**Evidence**")
        terms = views.event_terms(row)
        for sentence in views.as_list(row.get("evidence")):
            sentence = str(sentence)
            segments = views.evidence_segments(sentence, views.term_spans(sentence, terms))
            st.markdown("> " + views.highlighted_markdown(segments))
        st.markdown("**Sources**")
        for name in views.as_list(row.get("sources")):
            art = articles.get(str(name), {})
            url = views.safe_url(art.get("url"))
            line = " · ".join(x for x in [views.escape_markdown(art.get("outlet") or ""),
                                          views.escape_markdown(art.get("published") or "date unknown"),
                                          views.escape_markdown(art.get("title") or str(name))] if x)
            if url:
                st.markdown(f"- {line} · [link](<{url}>)")
            else:
                st.markdown(f"- {line}")
