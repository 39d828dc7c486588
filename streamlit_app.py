"""Diplomatic Meetings Timeline: the dashboard's entry point.

Renders the shared filter sidebar (its widgets live here so their values survive page switches, and the URL
is rewritten from them after every run), runs the page the user chose, then opens the event named by
`?event=<id>` (any page).
"""

from __future__ import annotations

import streamlit as st

from meetings.offline import keep_server_local
from pages import shared

keep_server_local()  # no external-IP lookup (see meetings/offline.py); `make run` also applies it before start

# No page_icon and no st.Page icons: the browser fetches a Material/emoji favicon from a font CDN, while the
# default favicon is served locally (the browser test checks that no request leaves localhost).
st.set_page_config(page_title="Diplomatic Meetings Timeline", layout="wide")

page = st.navigation(shared.navigation_pages(), position="sidebar")
ctx = shared.prepare()
try:
    page.run()
finally:
    # ?event=<id> opens that event's detail on every page, also on a page that stopped early (st.stop).
    shared.show_event_detail_from_url(ctx)
