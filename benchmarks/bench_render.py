"""First render of the dashboard with a big event table, in headless Chromium (run by `bench_pipeline.py`).

The dashboard is started as users start it (`make run`: `python -m meetings.dashboard`, which begins reading the
table in a background thread while the server starts), except that its event table is
N synthetic events instead of the seeds: a `sitecustomize` module on the server's PYTHONPATH (this benchmark's
own, in a temporary folder) makes `meetings.load_events` return them. Nothing in the app is changed.
Timed: from opening the Overview page until its heading and chart are drawn and Streamlit's run is over; first
on a fresh server (the table is loaded then), then again (the table cached). Then every page's first render, each
in a new browser session on the same server (the table loaded, the page's own aggregates not yet computed): until
its heading and what it draws (a chart, the table, the story) are there and the run is over.

Usage: .venv/bin/python benchmarks/bench_render.py [--events N] [--pages overview events ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench_tables import synthetic_events  # noqa: E402

from meetings.pipeline import EventTables  # noqa: E402
from meetings.schema import ARTICLE_COLUMNS, WARNING_COLUMNS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SITECUSTOMIZE = '''
import os, pickle
if os.environ.get("MEETINGS_BENCH_TABLES"):
    import meetings

    def _bench_tables(*args, **kwargs):
        with open(os.environ["MEETINGS_BENCH_TABLES"], "rb") as fh:
            return pickle.load(fh)

    meetings.load_events = _bench_tables
'''
# What shows each page is drawn, beyond its heading: an element and how many of it (None: the heading alone).
PAGES: dict[str, tuple[str, int] | None] = {
    # the Overview's month bars are plain HTML beyond a few thousand events, a plotly chart below
    "overview": (".js-plotly-plot, .month-bars", 1), "timeline": (".js-plotly-plot", 1), "map": (".js-plotly-plot", 1),
    "network": (".js-plotly-plot", 1), "topics": (".js-plotly-plot", 2), "story": ("iframe", 1),
    "events": ('[data-testid="stDownloadButton"]', 3), "sources": None,
}

SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]'


def done_condition(drawn: tuple[str, int] | None) -> str:
    """JavaScript that is true once the heading (and `drawn`) are there and Streamlit's run is over.

    While a script runs, Streamlit's status widget shows a Stop button ("Running..." in older versions). A widget
    whose code is still loading shows a grey placeholder (a skeleton): the render is full once none is left.
    """
    element = f" && document.querySelectorAll('{drawn[0]}').length >= {drawn[1]}" if drawn else ""
    return ("() => document.querySelector('h1')" + element + " && !/Stop|Running/.test((document.querySelector("
            "'[data-testid=\"stStatusWidget\"]') || {innerText: ''}).innerText) && !document.querySelector("
            f"'{SKELETONS}')")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path, tables: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{folder}{os.pathsep}{PROJECT}", "MEETINGS_BENCH_TABLES": str(tables),
           "MEETINGS_DATA_DIR": str(folder / "uploads")}
    # started as `make run` starts it: the launcher begins reading the table while the server starts
    proc = subprocess.Popen([sys.executable, "-m", "meetings.dashboard", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none"], cwd=PROJECT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not start")


def render_seconds(browser, url: str, cap: float,  # noqa: ANN001 - a Playwright browser
                   drawn: tuple[str, int] | None = PAGES["overview"], screenshot: Path | None = None) -> float | None:
    """Seconds from opening `url` until the page's heading (and `drawn`) are there and the run is over
    (None: > cap); `screenshot`: where to save what was drawn then (outside the timing)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    try:
        page.goto(url, timeout=cap * 1000)
        page.wait_for_function(done_condition(drawn), timeout=cap * 1000, polling=100)
        seconds = time.perf_counter() - start
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
    except PlaywrightTimeout:
        return None
    finally:
        context.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--json")
    parser.add_argument("--cap", type=float, default=90, help="give up on a render after this many seconds")
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES),
                        help="pages whose first render is timed (default: every page)")
    parser.add_argument("--screenshots", type=Path, help="save a screenshot of each timed render in this folder")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing: first render not measured")
        return 1
    from playwright.sync_api import sync_playwright

    label = f"{args.events // 1000}k"
    load = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        folder = Path(tmp)
        (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        tables = EventTables(synthetic_events(args.events), pd.DataFrame(columns=ARTICLE_COLUMNS),
                             pd.DataFrame(columns=WARNING_COLUMNS))
        (folder / "tables.pkl").write_bytes(pickle.dumps(tables))
        proc, base = start_server(folder, folder / "tables.pkl")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                shots = args.screenshots
                if shots:
                    shots.mkdir(parents=True, exist_ok=True)
                first = render_seconds(browser, f"{base}/overview", args.cap,
                                       screenshot=shots / f"first_{label}.png" if shots else None)
                # a second render only when the first left time for it (the bench stays under ten minutes)
                again = render_seconds(browser, f"{base}/overview", args.cap) if first and first < 60 else None
                pages = {name: render_seconds(browser, f"{base}/{name}", args.cap, PAGES[name],
                                              shots / f"{name}_{label}.png" if shots else None)
                         for name in args.pages} if first else {}
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    results = render_results(label, first, again, pages, args.cap, load)
    print_renders(args.events, first, again, pages, args.cap)
    if args.json:
        Path(args.json).write_text(json.dumps(results), encoding="utf-8")
    return 0


def render_results(label: str, first: float | None, again: float | None, pages: dict[str, float | None],
                   cap: float, load: float) -> dict[str, float]:
    """results.json's keys: a render that did not finish is recorded as the cap, with a flag saying so
    (results hold numbers only); `load` is the machine's load average when the run started (it is shared)."""
    results = {f"first_render_s_{label}": first or cap, f"first_render_timed_out_{label}": int(first is None),
               f"render_load_avg_1m_{label}": load}
    if again is not None:
        results[f"second_render_s_{label}"] = again
    for name, seconds in pages.items():
        results[f"page_render_s_{label}_{name}"] = seconds or cap
        if seconds is None:
            results[f"page_render_timed_out_{label}_{name}"] = 1
    return results


def print_renders(events: int, first: float | None, again: float | None, pages: dict[str, float | None],
                  cap: float) -> None:
    def shown(seconds: float | None) -> str:
        return f"{seconds:.1f} s" if seconds is not None else f"not finished after {cap:.0f} s"

    print(f"{events:,} events: first render of Overview {shown(first)} (table loaded on the server)"
          + (f", again {again:.1f} s (table cached)" if again is not None else ""))
    for name, seconds in pages.items():
        print(f"  {name:<10} first render in a new session: {shown(seconds)}")


if __name__ == "__main__":
    sys.exit(main())
