"""Diplomatic Meetings Timeline: the dashboard's entry point.

Reads the shared filters (their sidebar widgets live here so their values survive page switches, and the URL
is rewritten from them after every run), runs the page the user chose, draws the filter sidebar (after the
page, so that the page's chart is the first thing the browser loads), then opens the event named by
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
except shared.PageStopped:  # the page ended early (shared.stop_page)
    pass
finally:
    # After the page: its chart loads first. Also on a page that stopped early.
    shared.filter_sidebar(ctx)
    # ?event=<id> opens that event's detail on every page.
    shared.show_event_detail_from_url(ctx)
