"""Start the dashboard with nothing leaving the machine: `python -m meetings.dashboard [streamlit options]`.

The same as `streamlit run streamlit_app.py [options]`, with `meetings.offline.keep_server_local()` applied
before the server starts, so that even the first WebSocket attempt from a foreign web page triggers no lookup,
and the articles read (and the filter options counted) in a background thread while the server starts, so
that the first visitor does not wait for them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from meetings.offline import keep_server_local

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def main(argv: list[str] | None = None) -> int:
    """Run Streamlit's own command line on the dashboard, in this process."""
    keep_server_local()
    warm_up()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def warm_up() -> None:
    """Begin reading the articles before the server takes requests (pages/shared.py's `warm_up`): at 100,000
    events the first visitor waited about two seconds more than the next one for the table and its options."""
    if str(APP.parent) not in sys.path:
        sys.path.insert(0, str(APP.parent))  # the app's own `pages` package, as Streamlit will import it
    try:
        from pages import shared

        shared.warm_up()
    except Exception as exc:  # the server still starts: its first page then reads, and shows any error
        print(f"Reading ahead of the first visitor skipped: {type(exc).__name__}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
