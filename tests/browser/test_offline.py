"""Zero outbound requests: a dashboard server whose every socket connection and name lookup off the machine is
recorded and blocked (tests/browser/netrecorder/sitecustomize.py) serves foreign-origin WebSocket attempts, an
upload and every page, and records nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, running_dashboard

pytestmark = pytest.mark.browser

RECORDER = Path(__file__).resolve().parent / "netrecorder"
PAGES = ["overview", "timeline", "map", "topics", "events", "sources"]
LOAD_TIMEOUT = 120_000
ARTICLE = ("Lavrov meets Wang Yi in Vientiane\n\nVIENTIANE, July 25, 2024 - Russian Foreign Minister Sergey Lavrov "
           "met Chinese Foreign Minister Wang Yi in Vientiane on Thursday.\n")


def _recorder_env(log: Path, **extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(RECORDER), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "NET_RECORD_FILE": str(log), **extra}


@pytest.fixture(scope="module")
def recorded_server(tmp_path_factory):
    """The dashboard started as `make run` starts it, under the network recorder; yields (base URL, log file)."""
    tmp = tmp_path_factory.mktemp("offline")
    log, uploads = tmp / "network.log", tmp / "uploads"
    uploads.mkdir()
    log.write_text("", encoding="utf-8")
    env = _recorder_env(log, MEETINGS_DATA_DIR=str(uploads))
    with running_dashboard(env, tmp / "streamlit.log", host="127.0.0.1") as base:
        yield base, log


def _websocket_attempt(base: str, origin: str) -> str:
    """Open the app's WebSocket with a foreign Origin header; the server's status line."""
    host, port = base.removeprefix("http://").split(":")
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode(errors="replace").split("\r\n")[0]


def test_the_recorder_sees_a_request_leaving(tmp_path):
    log = tmp_path / "network.log"
    code = ("import urllib.request\ntry: urllib.request.urlopen('http://checkip.amazonaws.com', timeout=2)\n"
            "except OSError: pass")
    subprocess.run([sys.executable, "-c", code], env=_recorder_env(log), check=True, timeout=60)
    assert "checkip.amazonaws.com" in log.read_text(encoding="utf-8")


def test_no_request_leaves_under_foreign_websockets_an_upload_and_every_page(recorded_server, browser, tmp_path):
    base, log = recorded_server
    for origin in ("http://evil.example", "https://attacker.test:8443", "null"):
        status = _websocket_attempt(base, origin)
        assert " 101 " not in status, (origin, status)  # a foreign origin never gets the app's socket
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    try:
        for name in PAGES:
            page.goto(f"{base}/{name}")
            page.wait_for_selector("h1", timeout=LOAD_TIMEOUT)
        article = tmp_path / "vientiane.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        page.get_by_text("Add articles").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(article)])
        page.get_by_role("button", name="Add these articles").click()
        page.wait_for_selector("text=Upload results", timeout=LOAD_TIMEOUT)
    finally:
        context.close()
    assert _websocket_attempt(base, "http://evil.example")  # and once more after sessions ran
    assert log.read_text(encoding="utf-8") == ""
