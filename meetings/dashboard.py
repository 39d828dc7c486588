"""Start the dashboard with nothing leaving the machine: `python -m meetings.dashboard [streamlit options]`.

The same as `streamlit run streamlit_app.py [options]`, with `meetings.offline.keep_server_local()` applied
before the server starts, so that even the first WebSocket attempt from a foreign web page triggers no lookup.
"""

from __future__ import annotations

import sys
from pathlib import Path

from meetings.offline import keep_server_local

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def main(argv: list[str] | None = None) -> int:
    """Run Streamlit's own command line on the dashboard, in this process."""
    keep_server_local()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
