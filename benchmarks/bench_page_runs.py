"""The server's share of a page's render: each page's script run with a big event table, no browser.

`bench_render.py` times what a user waits for in Chromium; on this shared machine most of that is the
floor of Streamlit, Chromium and plotly.js (seconds at 200 events). This times what the pages compute:
Streamlit's own test runner (`AppTest`) runs the app with N synthetic events (the same table as
`bench_render.py`), the table loaded and its filter options counted first; then, per page, a new session's
first run (its aggregates computed) and a rerun of the same page (served from the per-filter-set caches).

Usage: .venv/bin/python benchmarks/bench_page_runs.py [--events N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench_render import PAGES  # noqa: E402
from bench_tables import synthetic_events  # noqa: E402

import meetings  # noqa: E402
from meetings.pipeline import EventTables  # noqa: E402
from meetings.schema import ARTICLE_COLUMNS, WARNING_COLUMNS  # noqa: E402

APP = str(PROJECT / "streamlit_app.py")


def page_run_seconds(page: str) -> tuple[float, float]:
    """(first run of `page` in a new session, a rerun of it), in seconds."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.run()  # the entry page (Overview) first, as a browser opening the app
    start = time.perf_counter()
    at.switch_page(f"pages/{page}.py").run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    start = time.perf_counter()
    at.run()
    return first, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    from streamlit.testing.v1 import AppTest

    tables = EventTables(synthetic_events(args.events), pd.DataFrame(columns=ARTICLE_COLUMNS),
                         pd.DataFrame(columns=WARNING_COLUMNS))
    meetings.load_events = lambda *a, **k: tables  # the app reads this table instead of the seeds
    label = f"{args.events // 1000}k"
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        os.environ["MEETINGS_DATA_DIR"] = tmp
        start = time.perf_counter()
        AppTest.from_file(APP, default_timeout=300).run()
        results[f"page_run_s_{label}_table_loaded"] = time.perf_counter() - start
        print(f"{args.events:,} events: first run of the app (table loaded, options counted) "
              f"{results[f'page_run_s_{label}_table_loaded']:.2f} s")
        for page in PAGES:
            first, again = page_run_seconds(page)
            results[f"page_run_s_{label}_{page}"] = first
            results[f"page_rerun_s_{label}_{page}"] = again
            print(f"  {page:<10} server run {first:.2f} s, rerun {again:.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
