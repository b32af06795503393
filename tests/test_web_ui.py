"""The web page's table, downloads, keyboard use, phone layout and contrast, in a real browser."""

# ruff: noqa: F811 - the fixtures are imported from tests/webpage.py, and tests take them by name
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from webpage import MARKS, PHONE, TOTAL_EVENTS, Page, base_url, browser_context, page  # noqa: F401

pytestmark = MARKS


def _rows(page: Page) -> list[str]:
    return [
        str(x) for x in page.page.locator("table.events tbody tr").evaluate_all("rs => rs.map(r => r.dataset.event)")
    ]


def test_table_sorts_and_opens_events(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    page.page.wait_for_selector("table.events tbody tr")
    assert len(_rows(page)) == TOTAL_EVENTS
    assert _rows(page)[0] == "UA-protest0305"  # newest first
    assert page.page.locator(".pager .page-info").inner_text() == f"1–{TOTAL_EVENTS} of {TOTAL_EVENTS}"
    page.page.click("button.sort[data-sort=fatalities]")
    page.page.wait_for_function(
        "() => document.querySelector('th[aria-sort=descending]')?.textContent.startsWith('Deaths')"
    )
    assert _rows(page)[0] == "UA-shell0301"
    assert "sort=fatalities:desc" in page.hash()
    page.page.click("button.sort[data-sort=fatalities]")
    page.page.wait_for_selector("th[aria-sort=ascending]")
    assert _rows(page)[-1] == "UA-shell0301"
    # the table follows the map view: zoomed on Kyiv it lists the one protest
    page.page.evaluate("() => { FW.map.map.setView([50.45, 30.52], 10, {animate: false}); }")
    page.page.wait_for_function("() => document.querySelectorAll('table.events tbody tr').length === 1")
    page.page.uncheck("#in-view")
    page.page.wait_for_function(
        "n => document.querySelectorAll('table.events tbody tr').length === n", arg=TOTAL_EVENTS
    )
    page.page.locator("table.events a.event-link").first.click()
    page.page.wait_for_selector("h2.event-title")
    page.page.click("[role=tab][data-tab=table]")
    page.shot("table")
    assert page.errors == []


def test_download_this_view(page: Page, tmp_path: Path) -> None:
    page.wait_markers(TOTAL_EVENTS)
    page.page.select_option("select[name=event_type]", "Battles")
    page.wait_markers(6)
    page.page.uncheck("#in-view")
    href = page.page.locator("#dl-csv").get_attribute("href") or ""
    assert href.startswith("/api/export.csv?") and "event_type=Battles" in href and "bbox" not in href
    with page.page.expect_download() as info:
        page.page.click("#dl-csv")
    path = tmp_path / "view.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 6 and {r["event_type"] for r in rows} == {"Battles"}
    # the GeoJSON and Parquet links carry the same filters, and the brush
    page.page.goto(page.base_url + "/#event_type=Battles&brush=2024-01-10..2024-01-11&view=all")
    page.page.wait_for_selector("body[data-ready=true]")
    page.page.wait_for_function("() => document.getElementById('dl-geojson').href.includes('date_to=2024-01-11')")
    geo = page.page.evaluate("async () => (await fetch(document.getElementById('dl-geojson').href)).text()")
    assert [f["id"] for f in json.loads(geo)["features"]] == ["UA-filler0", "UA-filler1"]
    parquet = page.page.locator("#dl-parquet").get_attribute("href") or ""
    assert "date_from=2024-01-10" in parquet and "event_type=Battles" in parquet
    page.shot("download")
    assert page.errors == []


def _focused(page: Page) -> dict[str, Any]:
    return dict(
        page.page.evaluate(
            """() => { const a = document.activeElement;
                return {cls: a.className && a.className.baseVal !== undefined ? a.className.baseVal : a.className,
                        id: a.id, tag: a.tagName, text: (a.textContent || '').slice(0, 40)}; }"""
        )
    )


def test_keyboard_reaches_markers_table_and_timeline(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    # Tab from the map reaches the markers; Enter opens one
    page.page.focus("#map")
    for _ in range(12):
        page.page.keyboard.press("Tab")
        if "fw-marker-icon" in str(_focused(page)["cls"]):
            break
    assert "fw-marker-icon" in str(_focused(page)["cls"])
    page.page.keyboard.press("Enter")
    page.page.wait_for_selector("h2.event-title")
    assert _focused(page)["tag"] == "H2"  # focus follows to the opened event
    # the table's sort buttons and rows work from the keyboard
    page.page.click("[role=tab][data-tab=table]")
    # the table is drawn after its page of rows arrives: focus its button only once it is there
    page.page.wait_for_selector("table.events tbody tr")
    page.page.wait_for_selector("body[data-ready=true]")
    # the table may still be redrawn once (the facet counts arrive last) and take the focused button
    # with it: press Enter on the button as it is now, again if the redraw swallowed the key
    sorted_desc = "th[aria-sort=descending] button[data-sort=fatalities]"
    for _ in range(5):
        page.page.locator("button.sort[data-sort=fatalities]").press("Enter")
        try:
            page.page.wait_for_selector(sorted_desc, timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    page.page.wait_for_selector(sorted_desc)
    first = _rows(page)[0]
    page.page.focus("table.events a.event-link")
    page.page.keyboard.press("Enter")
    page.page.wait_for_function("id => location.hash.includes('event=' + id)", arg=first)
    # the timeline: arrows pick a period, Shift widens it, Escape clears it
    page.page.goto(page.base_url + "/")
    page.page.wait_for_selector("body[data-ready=true]")
    page.wait_markers(TOTAL_EVENTS)
    page.page.focus("#timeline")
    page.page.keyboard.press("Home")
    page.page.wait_for_function("() => location.hash.includes('brush=2024-01-10..2024-01-10')")
    page.wait_markers(1)
    page.page.keyboard.press("Shift+ArrowRight")
    page.page.keyboard.press("Shift+ArrowRight")
    page.wait_markers(3)
    assert "3 events" in page.page.locator("#timeline-live").inner_text()
    page.page.keyboard.press("Escape")
    page.wait_markers(TOTAL_EVENTS)
    # the legend and the tabs are buttons
    # the legend is redrawn when its counts arrive with the facets and may take the focused row with it:
    # press Enter on the row as it is now, again if the redraw swallowed the key (as for the sort button)
    for _ in range(5):
        page.page.locator("#legend button.legend-row").first.press("Enter")
        try:
            page.page.wait_for_function("() => location.hash.includes('event_type=')", timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_markers(6)
    page.page.focus("[role=tab][aria-selected=true]")
    page.page.keyboard.press("ArrowRight")
    assert _focused(page)["text"] in ("Details", "Control", "Events")
    page.page.focus("#timeline")
    page.page.keyboard.press("End")
    page.wait_markers(1)
    page.shot("keyboard")
    assert page.errors == []


def test_phone_layout_panels_open_and_close_over_the_map(browser_context: Any, base_url: str) -> None:
    p = Page(browser_context, base_url, viewport=PHONE)
    try:
        p.wait_markers(TOTAL_EVENTS)
        assert not p.page.locator("#panel").is_visible()
        assert not p.page.locator("#filters").is_visible()
        timeline = p.page.locator("#timeline-wrap").bounding_box()
        assert timeline is not None and timeline["y"] + timeline["height"] <= PHONE["height"] + 1
        p.page.click("#filters-toggle")
        assert p.page.locator("select[name=event_type]").is_visible()
        p.page.click("#filters-toggle")
        p.page.locator(".fw-marker.fw-type-explosions-remote-violence").first.click()
        p.page.wait_for_selector("h2.event-title")
        panel = p.page.locator("#panel").bounding_box()
        assert panel is not None
        # the panel covers the map, never the timeline
        assert panel["y"] + panel["height"] <= timeline["y"] + 1
        p.shot("phone")
        p.page.click("#panel-close")
        assert not p.page.locator("#panel").is_visible()
        p.page.click("#panel-open")
        assert p.page.locator("#panel").is_visible()
        p.page.keyboard.press("Escape")
        assert not p.page.locator("#panel").is_visible()
        assert p.errors == []
    finally:
        p.close()


CONTRAST_JS = """() => {
  const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const out = [];
  for (const s of ['contested', 'unconfirmed', 'government', 'Wagner Group', 'Rebels of Ruritania']) document.body.append(FW.statusChip(s));
  for (const node of document.querySelectorAll('.chip, .ev-label, .ev-btn, mark.ev, #status, .muted, th, td, label, button')) {
    if (!node.offsetParent && node.tagName !== 'SPAN') continue;
    let bg = null;
    for (let n = node; n && !bg; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') bg = c;
    }
    const a = lum(rgb(getComputedStyle(node).color)), b = lum(rgb(bg || 'rgb(255,255,255)'));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    out.push([node.className || node.tagName, node.textContent.trim().slice(0, 30), Math.round(ratio * 100) / 100]);
  }
  return out;
}"""


def test_text_meets_wcag_aa_contrast(browser_context: Any, base_url: str) -> None:
    p = Page(browser_context, base_url, "#event=UA-shell0301")
    try:
        p.page.wait_for_selector(".ev-label")
        checked = p.page.evaluate(CONTRAST_JS)
        assert len(checked) > 20
        low = [c for c in checked if c[2] < 4.5]
        assert low == []
        chips = {c[1]: c[2] for c in checked if "status-chip" in str(c[0])}
        assert chips["contested"] >= 4.5 and chips["unconfirmed"] >= 4.5
    finally:
        p.close()
