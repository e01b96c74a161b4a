"""Helpers for end-to-end tests: the real dev server in a subprocess and headless Chromium."""
from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    """Skip (or fail, where CI demands the browser) when Chromium is not installed."""
    reason = f"end-to-end test needs Chromium at {CHROMIUM} (Debian package 'chromium')"
    try:
        import playwright  # noqa: F401
    except ImportError:
        reason = "end-to-end test needs the 'playwright' package (requirements-dev.txt)"
    else:
        if CHROMIUM.exists():
            return
    if os.environ.get("PENJELAS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + "; PENJELAS_REQUIRE_BROWSER=1 makes it mandatory")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DevServer:
    """`python build.py serve` on a free port, with its output lines readable as they come."""

    def __init__(self, root: Path, *args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(REPO / "build.py"), "serve", "--root", str(root),
             "--out", str(root / "output"), "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_line("Serving ")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = 30) -> str:
        """Wait until the server prints a line containing text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise AssertionError(f"server exited: {self.log}")
                continue
            self.log.append(line)
            if text in line:
                return line
        raise AssertionError(f"server never printed {text!r}; it printed: {self.log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def open_live(browser, url: str):
    """Open a page and wait until its live-reload connection is registered with the server.

    livereload.js connects after the page has loaded; a save made before the handshake
    would not reach this tab, so tests (and the benchmark) wait for it first.
    """
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function("window.LiveReload && window.LiveReload.connector"
                           " && window.LiveReload.connector.protocol === 7", timeout=20_000)
    time.sleep(0.3)  # the 'info' message that registers the tab follows the handshake
    return page


def require_tool(what: str, present: bool, how: str) -> None:
    """Skip (or fail where CI demands it) when a checking tool is not installed."""
    if present:
        return
    reason = f"{what} is not installed ({how})"
    if os.environ.get("PENJELAS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + "; CI (PENJELAS_REQUIRE_BROWSER=1) makes it mandatory")
    pytest.skip(reason)
