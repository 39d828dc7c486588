"""The one place that keeps the dashboard's server from asking the internet for its address.

Streamlit (1.67) checks the Origin of every WebSocket against localhost, the configured server address, the
machine's internal IP and then its *external* IP, which it finds by fetching http(s)://checkip.amazonaws.com
(`streamlit.net_util.get_external_ip`, called from `streamlit.web.server.server_util.is_url_from_allowed_origins`;
the internal IP comes from a UDP `connect` to 8.8.8.8). Any web page the user visits can open a WebSocket to
localhost:8501 from its own origin, and the server then made a request off the machine (and stalled 1.8 s).
No setting turns the lookup off (only `server.enableCORS = false`, which would let every origin in), so the two
public functions of `streamlit.net_util` are replaced: the dashboard listens on localhost only, which has no
external address, and its internal address is 127.0.0.1. Same-origin connections and localhost are still
accepted; other origins are refused without any lookup.

`keep_server_local()` is called by the launcher (`python -m meetings.dashboard`, used by `make run` and the
browser tests) before the server starts, and again at the top of streamlit_app.py for a server started with a
plain `streamlit run` (there it takes effect from the first page view on).
"""

from __future__ import annotations

LOOPBACK = "127.0.0.1"


def no_external_ip() -> None:
    """The dashboard has no external address (it listens on localhost): nothing to look up."""
    return None


def loopback_ip() -> str:
    """The internal address the dashboard serves on, found without opening a socket."""
    return LOOPBACK


def keep_server_local() -> None:
    """Stop Streamlit from looking up the machine's external and internal IP over the network (idempotent)."""
    from streamlit import net_util

    net_util.get_external_ip = no_external_ip
    net_util.get_internal_ip = loopback_ip
