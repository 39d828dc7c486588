"""Diplomatic Meetings Timeline: the dashboard's entry point.

Renders the shared filter sidebar (its widgets live here so their values survive page switches, and the URL
is rewritten from them after every run), then runs the page the user chose.
"""

from __future__ import annotations

import streamlit as st

from pages import shared

st.set_page_config(page_title="Diplomatic Meetings Timeline", page_icon="🤝", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="📊", default=True, url_path="overview"),
    st.Page("pages/timeline.py", title="Timeline", icon="📅", url_path="timeline"),
    st.Page("pages/map.py", title="Map", icon="🗺️", url_path="map"),
    st.Page("pages/topics.py", title="Topics", icon="🏷️", url_path="topics"),
    st.Page("pages/events.py", title="Events", icon="📋", url_path="events"),
    st.Page("pages/sources.py", title="Sources", icon="📰", url_path="sources"),
]

page = st.navigation(PAGES, position="sidebar")
shared.prepare()
page.run()
