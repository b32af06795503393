"""The web page in a real browser: Debian's chromium driven by Playwright over the real server.

The server runs uvicorn in a thread on a free loopback port over a small hand-built database
(the same one tests/test_api.py uses). Set FRONTWATCH_SCREENSHOT=docs/screenshot.png to save
a screenshot of the page with an event open (done by hand for the README).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(
        not (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").is_file(),
        reason="web vendor files missing: run scripts/build_web_assets.py (make test does)",
    ),
]

# what the page should show for the database test_api.populate builds
TOTAL_EVENTS = 8


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
            viewport={"width": 1400, "height": 860},
        )
        try:
            yield ctx
        finally:
            ctx.close()


class Page:
    """One browser tab on the page, collecting console errors and failed requests."""

    def __init__(self, ctx: Any, base_url: str, fragment: str = "") -> None:
        self.errors: list[str] = []
        self.page = ctx.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        self.page.goto(f"{base_url}/{fragment}")
        self.page.wait_for_selector("body[data-ready=true]", timeout=15_000)

    _COUNT_JS = """() => {
        let n = document.querySelectorAll('.fw-marker').length;
        for (const s of document.querySelectorAll('.fw-cluster span')) n += Number(s.textContent);
        return n;
    }"""

    def markers(self) -> int:
        """Events on the map: lone markers plus the counts on cluster icons."""
        return int(self.page.evaluate(self._COUNT_JS))

    def wait_markers(self, n: int) -> None:
        """Wait until the map shows ``n`` events (cluster icons fade in and out over a few frames)."""
        self.page.wait_for_function("n => document.querySelector('#map').dataset.shown === String(n)", arg=n)
        self.page.wait_for_function(f"n => ({self._COUNT_JS})() === n", arg=n, timeout=5_000)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def page(browser_context: Any, base_url: str) -> Iterator[Page]:
    p = Page(browser_context, base_url)
    yield p
    p.close()


def test_page_loads_with_markers_and_no_console_errors(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    assert page.page.locator("#status").inner_text().startswith(f"{TOTAL_EVENTS} of {TOTAL_EVENTS} events")
    # the offline basemap drew country borders (a canvas in the borders pane)
    assert page.page.locator(".leaflet-borders-pane canvas").count() == 1
    # ... and the province lines (Natural Earth admin-1, built by scripts/build_web_assets.py)
    page.page.wait_for_selector("#map[data-provinces='loaded']", timeout=15_000)
    footer = page.page.locator("footer").inner_text()
    assert "GeoNames" in footer and "CC BY 4.0" in footer and "Natural Earth" in footer and "world-atlas" in footer
    assert page.page.locator("#timeline rect.tl-bar").count() >= 5
    assert page.errors == []


def test_clicking_a_marker_opens_its_evidence(page: Page) -> None:
    from test_api import SHELL_SENT, SHELL_SENT_B

    page.page.locator(".fw-marker.fw-type-explosions-remote-violence").first.click()
    page.page.wait_for_selector("h2.event-title")
    assert "Shelling/artillery/missile attack in Kharkiv" in page.page.locator("h2.event-title").inner_text()
    marks = page.page.locator("mark.ev", has_text=SHELL_SENT)
    marks.first.wait_for(state="visible")
    assert page.page.locator("mark.ev", has_text=SHELL_SENT_B).first.is_visible()
    # disagreements side by side, and both reports that joined the event
    sides = page.page.locator(".conflicts .side-value").all_inner_texts()
    assert sides == ["5", "7"]
    assert page.page.locator("table.reports tbody tr").count() == 2
    shot = os.environ.get("FRONTWATCH_SCREENSHOT")
    if shot:
        page.page.wait_for_timeout(800)  # let the zoom animation settle
        page.page.screenshot(path=shot)
    # a field's evidence button highlights its sentence in the article text
    page.page.locator(".field[data-field=fatalities] .ev-btn").click()
    assert page.page.locator("mark.ev.active").count() >= 2
    assert "null" not in page.page.locator("#panel").inner_text().split()
    assert page.errors == []


def test_filters_change_the_markers(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    page.page.select_option("#f-type", "Protests")
    page.wait_markers(1)
    page.page.select_option("#f-type", "")
    page.wait_markers(TOTAL_EVENTS)
    page.page.check("#f-disputed")
    page.wait_markers(1)
    assert page.page.locator(".fw-marker.disputed").count() == 1
    page.page.click("#f-reset")
    page.wait_markers(TOTAL_EVENTS)
    assert page.errors == []


def test_brushing_the_timeline_filters_the_map(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    box = page.page.locator("#timeline").bounding_box()
    assert box is not None
    # the five January fights sit at the left end of the time axis, the February/March events at the right
    y = box["y"] + box["height"] / 2
    page.page.mouse.move(box["x"] + 2, y)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.page.mouse.up()
    page.wait_markers(5)
    page.page.click("#brush-clear")
    page.wait_markers(TOTAL_EVENTS)
    assert page.errors == []


def test_place_view_shows_the_control_timeline(page: Page) -> None:
    page.page.locator("a.place-link", has_text="Avdiivka").click()
    page.page.wait_for_selector("h2.place-title")
    assert page.page.locator("h2.place-title").inner_text() == "Avdiivka"
    change = page.page.locator("li.control-change").first
    assert "2024-02-17" in change.inner_text() and "unconfirmed" in change.inner_text()
    assert "the defence ministry in Moscow" in change.inner_text()
    assert page.page.locator(".control-seg").count() == 1
    # the event behind the change opens from the timeline
    change.locator("a.event-link").click()
    page.page.wait_for_selector("h2.event-title")
    assert "Avdiivka" in page.page.locator("h2.event-title").inner_text()
    assert page.errors == []


def test_a_link_to_an_event_opens_it(browser_context: Any, base_url: str) -> None:
    p = Page(browser_context, base_url, "#event=UA-protest0305")
    try:
        p.page.wait_for_selector("h2.event-title")
        assert "Peaceful protest in Kyiv" in p.page.locator("h2.event-title").inner_text()
        assert p.errors == []
    finally:
        p.close()
