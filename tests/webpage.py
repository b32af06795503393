"""Shared pieces of the browser tests: the server, Debian's chromium through Playwright, a page.

The server runs uvicorn in a thread on a free loopback port over the small hand-built database
of tests/test_api.py. Every request the browser makes to a host other than the test server is
recorded (and refused): the tests assert there are none. Set FRONTWATCH_SCREENSHOTS=docs to
save the screenshots the documentation shows.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from frontwatch import service
from frontwatch.api import STATIC_DIR, create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1400, "height": 860}
PHONE = {"width": 390, "height": 800}

MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(
        not (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").is_file(),
        reason="web vendor files missing: run scripts/build_web_assets.py (make test does)",
    ),
]

# what the page should show for the database test_api.populate builds
TOTAL_EVENTS = 8
OUTSIDE: list[str] = []  # requests to any other host, over the whole session


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn
    from test_api import populate

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    store = service.open_db(url)
    try:
        populate(store)
    finally:
        store.close()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url, token=""), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="frontwatch-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _guard(route: Any) -> None:
    host = urlsplit(route.request.url).hostname
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        OUTSIDE.append(route.request.url)
        route.abort()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh profile: no state between runs
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
            accept_downloads=True,
        )
        ctx.route("**/*", _guard)
        try:
            yield ctx
        finally:
            ctx.close()


class Page:
    """One browser tab on the page, collecting console errors and failed requests."""

    def __init__(self, ctx: Any, base_url: str, fragment: str = "", viewport: dict[str, int] | None = None) -> None:
        self.errors: list[str] = []
        self.base_url = base_url
        self.page = ctx.new_page()
        if viewport:
            self.page.set_viewport_size(viewport)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "requestfailed",
            # a newer view aborts the request it replaces: that is not a failure
            lambda r: None if "ERR_ABORTED" in (r.failure or "") else self.errors.append(f"request failed: {r.url}"),
        )
        self.page.goto(f"{base_url}/{fragment}")
        self.page.wait_for_selector("body[data-ready=true]", timeout=15_000)

    _COUNT_JS = """() => {
        let n = document.querySelectorAll('.fw-marker').length;
        for (const s of document.querySelectorAll('.fw-cluster .ring span')) n += Number(s.textContent);
        return n;
    }"""

    def markers(self) -> int:
        """Events on the map: lone markers plus the counts on cell markers."""
        return int(self.page.evaluate(self._COUNT_JS))

    _STATE_JS = """() => ({
        shown: document.querySelector('#map').dataset.shown,
        status: document.getElementById('status').textContent,
        grids: document.body.dataset.grids,
        pending: document.body.dataset.pending,
        hash: decodeURIComponent(location.hash),
    })"""

    def wait_markers(self, n: int) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function("n => document.querySelector('#map').dataset.shown === String(n)", arg=n)
            self.page.wait_for_function(f"n => ({self._COUNT_JS})() === n", arg=n, timeout=15_000)
        except PlaywrightTimeout:
            # say what the page showed instead, so a failure on a loaded CI machine explains itself
            state = self.page.evaluate(self._STATE_JS)
            raise AssertionError(
                f"waited for {n} events on the map; the page: {state}; errors: {self.errors}"
            ) from None

    def wait_status(self, prefix: str) -> None:
        self.page.wait_for_function(
            "p => document.getElementById('status').textContent.startsWith(p)", arg=prefix, timeout=15_000
        )

    def hash(self) -> str:
        return str(self.page.evaluate("() => decodeURIComponent(location.hash)"))

    def shot(self, name: str) -> None:
        folder = os.environ.get("FRONTWATCH_SCREENSHOTS")
        if folder:
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=str(Path(folder) / f"web-{name}.png"))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def page(browser_context: Any, base_url: str) -> Iterator[Page]:
    p = Page(browser_context, base_url)
    yield p
    p.close()
