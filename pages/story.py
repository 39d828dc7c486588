"""Story: the filtered events told as a TimelineJS slide show, TimelineJS served by the app itself.

TimelineJS 3 (static/timelinejs/, see SOURCE.md there) runs in a component iframe. Offline by construction:
`script_path` points at the app's static folder (TimelineJS resolves locales and fonts against it), `font`
and `theme` are off (the font themes name web fonts), analytics are off, and slides carry no media.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from meetings import story
from pages import shared

ctx = shared.context()
shared.page_header("Story", ctx)

# Relative: an about:srcdoc iframe resolves URLs against the app page's address, so this also works under
# --server.baseUrlPath.
STATIC = "app/static/timelinejs/"
HEIGHT = 640

TEMPLATE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{static}css/timeline.css">
<style>
  html, body {{ margin: 0; height: 100%; font-family: "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; }}
  #story {{ width: 100%; height: {height}px; }}
  .tl-timeline h2, .tl-timeline h3, .tl-timeline p {{ font-family: inherit !important; }}
</style>
<script src="{static}js/timeline.js"></script>
</head><body><div id="story"></div>
<script>
  var doc = {data};
  var base = new URL("{static}js/", document.baseURI).href;
  window.timeline = new TL.Timeline("story", doc, {{
    script_path: base, font: null, theme: null, ga_property_id: null, ga_measurement_id: null,
    track_events: [], hash_bookmark: false, start_at_end: {start_at_end}, timenav_height_percentage: 35,
    language: "en"
  }});
</script></body></html>
"""

if ctx.events.empty:
    st.info("No events match the filters." if len(ctx.events_all) else "No events found yet: add articles on the "
            "Sources page.")
    shared.stop_page()

doc = story.story(ctx.events, ctx.articles)
if not doc["events"]:
    st.info("None of the filtered events has a date, so there is no story to tell.")
    shared.stop_page()
n_dated = int(pd.to_datetime(ctx.events["start"], errors="coerce").notna().sum())
if n_dated > len(doc["events"]):
    st.info(f"The story tells the latest {len(doc['events']):,} of {n_dated:,} dated events: narrow the filters "
            "(dates, participant, place) to tell the others.", icon=":material/info:")
start_at_end = st.toggle("Start at the latest event", value=True, key="story_latest")
st.caption("One slide per event, oldest to newest; the band below the slides is the timeline (drag it, or use "
           "the arrows). The first slide says how many events the filters keep.")
components.html(TEMPLATE.format(static=STATIC, height=HEIGHT, data=story.script_json(doc),
                                start_at_end="true" if start_at_end else "false"), height=HEIGHT + 10)
