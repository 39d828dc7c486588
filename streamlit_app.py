"""Diplomatic Meetings Timeline: the dashboard's entry point.

Renders the shared filter sidebar (its widgets live here so their values survive page switches, and the URL
is rewritten from them after every run), then runs the page the user chose.
"""

from __future__ import annotations

import streamlit as st

from meetings.offline import keep_server_local
from pages import shared

keep_server_local()  # no external-IP lookup (see meetings/offline.py); `make run` also applies it before start

# No page_icon and no st.Page icons: the browser fetches a Material/emoji favicon from a font CDN, while the
# default favicon is served locally (the browser test checks that no request leaves localhost).
st.set_page_config(page_title="Diplomatic Meetings Timeline", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", default=True, url_path="overview"),
    st.Page("pages/timeline.py", title="Timeline", url_path="timeline"),
    st.Page("pages/map.py", title="Map", url_path="map"),
    st.Page("pages/topics.py", title="Topics", url_path="topics"),
    st.Page("pages/events.py", title="Events", url_path="events"),
    st.Page("pages/sources.py", title="Sources", url_path="sources"),
]

page = st.navigation(PAGES, position="sidebar")
shared.prepare()
page.run()
