"""Browser-test fixtures: a Streamlit server on a free port and headless Debian Chromium via Playwright.

Playwright cannot download its own browser here, so Debian's /usr/bin/chromium is used; without it the tests
skip with a message (`make test` installs it when running as root).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--headless",
    # No calls home: updates, safe browsing, sync, field trials, translate, metrics.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--no-first-run", "--disable-domain-reliability",
    "--disable-client-side-phishing-detection", "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} missing: run `make test` as root or apt-get install chromium")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def upload_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@contextlib.contextmanager
def running_dashboard(env: dict[str, str], log_path: Path, host: str = "localhost"):
    """The dashboard started as `make run` starts it (`python -m meetings.dashboard`) on a free port with `env`;
    yields its base URL and stops it afterwards. Its output goes to `log_path`."""
    port = _free_port()
    log = open(log_path, "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [sys.executable, "-m", "meetings.dashboard", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://{host}:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not start: see {log_path}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(upload_folder):
    """A Streamlit server on a free port reading seeds/ plus an empty upload folder; yields its base URL."""
    env = {**os.environ, "MEETINGS_DATA_DIR": str(upload_folder)}
    with running_dashboard(env, upload_folder.parent / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh tall page (Streamlit scrolls inside its own container) recording every request's URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()
