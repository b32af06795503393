"""The web page in a real browser (Debian's chromium through Playwright): the map, the evidence,
filters, the brush, the control view and the view's URL (see tests/webpage.py for the set-up)."""

# ruff: noqa: F811 - the fixtures are imported from tests/webpage.py, and tests take them by name
from __future__ import annotations

from typing import Any

import pytest
from webpage import MARKS, OUTSIDE, TOTAL_EVENTS, Page, base_url, browser_context, page  # noqa: F401

pytestmark = MARKS


def test_page_loads_with_markers_and_no_console_errors(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    assert page.page.locator("#status").inner_text().startswith(f"{TOTAL_EVENTS} of {TOTAL_EVENTS} events")
    # the offline basemap drew country borders (a canvas in the borders pane) and province lines
    page.page.wait_for_selector(".leaflet-borders-pane canvas", state="attached", timeout=15_000)
    assert page.page.locator(".leaflet-borders-pane canvas").count() == 1
    page.page.wait_for_selector("#map[data-provinces='loaded']", timeout=15_000)
    footer = page.page.locator("footer").inner_text()
    assert "GeoNames" in footer and "CC BY 4.0" in footer and "Natural Earth" in footer and "world-atlas" in footer
    assert page.page.locator("#timeline rect.tl-bar").count() >= 5
    # place names on the map, counts beside the filter values and in the legend
    labels = page.page.locator(".place-label").all_inner_texts()
    assert "Bakhmut" in labels and "Kyiv" in labels
    assert "Battles (6)" in page.page.locator("select[name=event_type]").inner_text()
    assert "TASS (1)" in page.page.locator("select[name=outlet]").inner_text()
    assert page.errors == []


def test_clicking_a_marker_opens_its_evidence_labelled_by_field(page: Page) -> None:
    from test_api import SHELL_SENT, SHELL_SENT_B

    page.page.locator(".fw-marker.fw-type-explosions-remote-violence").first.click()
    page.page.wait_for_selector("h2.event-title")
    assert "Shelling/artillery/missile attack in Kharkiv" in page.page.locator("h2.event-title").inner_text()
    page.page.locator("mark.ev", has_text=SHELL_SENT).first.wait_for(state="visible")
    assert page.page.locator("mark.ev", has_text=SHELL_SENT_B).first.is_visible()
    # only the sentences behind a field are marked, each with its fields' names
    marks = page.page.locator("#tab-detail mark.ev").all_inner_texts()
    assert len(marks) == 2 and not any("Rescue work" in m or "KHARKIV, 1 March" in m for m in marks)
    assert page.page.locator(".ev-label").first.inner_text().upper().startswith("DATE · TYPE")
    # disagreements side by side, and both reports that joined the event
    assert page.page.locator(".conflicts .side-value").all_inner_texts() == ["5", "7"]
    assert page.page.locator("table.reports tbody tr").count() == 2
    # opening an event frames it at town-and-surroundings zoom, not a blank street
    zoom = page.page.evaluate("() => FW.map.map.getZoom()")
    assert 7 <= zoom <= 10
    assert "event=UA-shell0301" in page.hash()
    page.shot("event")
    page.page.locator(".field[data-field=fatalities] .ev-btn").click()
    assert page.page.locator("mark.ev.active").count() == 2
    assert "null" not in page.page.locator("#panel").inner_text().split()
    assert page.errors == []


def test_filters_change_the_markers_the_url_and_reframe_the_map(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    page.page.select_option("select[name=event_type]", "Protests")
    page.wait_markers(1)
    assert "event_type=Protests" in page.hash()
    # the map moved to the one protest in Kyiv
    centre = page.page.evaluate("() => FW.map.map.getCenter()")
    assert abs(centre["lat"] - 50.45) < 0.5 and abs(centre["lng"] - 30.52) < 0.5
    page.page.select_option("select[name=event_type]", "")
    page.wait_markers(TOTAL_EVENTS)
    page.page.check("input[name=disputed]")
    page.wait_markers(1)
    assert page.page.locator(".fw-marker.disputed").count() == 1
    page.page.click("button[type=reset]")
    page.wait_markers(TOTAL_EVENTS)
    page.page.fill("input[name=min_fatalities]", "3")
    page.wait_markers(1)
    page.page.fill("input[name=min_fatalities]", "")
    page.page.fill("input[name=q]", "bakhmut")
    page.wait_markers(5)
    assert page.errors == []


def test_legend_filters_by_type(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    page.page.locator("#legend button.legend-row", has_text="Protests").click()
    page.wait_markers(1)
    assert page.page.locator("#legend button[aria-pressed=true]").inner_text().startswith("Protests")
    page.page.locator("#legend button.legend-row", has_text="Protests").click()
    page.wait_markers(TOTAL_EVENTS)
    assert page.errors == []


def test_back_and_forward_walk_through_the_views(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    page.page.select_option("select[name=event_type]", "Battles")
    page.wait_markers(6)
    page.page.select_option("select[name=country]", "Ukraine")
    page.wait_status("6 of 6")
    # "6 of 6" held before the country too (all six battles are in Ukraine): wait until the
    # country's view is written and drawn, or the marker click may land on the earlier view
    page.page.wait_for_function(
        "() => location.hash.includes('country=Ukraine') && document.body.dataset.pending === '0'"
    )
    page.page.locator(".fw-marker").first.click()
    page.page.wait_for_selector("h2.event-title")
    page.page.go_back()
    page.page.wait_for_function("() => !location.hash.includes('event=')")
    assert page.page.locator("select[name=country]").input_value() == "Ukraine"
    page.page.go_back()
    page.page.wait_for_function("() => !location.hash.includes('country=')")
    page.page.go_back()
    page.wait_markers(TOTAL_EVENTS)
    assert page.page.locator("select[name=event_type]").input_value() == ""
    page.page.go_forward()
    page.wait_markers(6)
    assert page.page.locator("select[name=event_type]").input_value() == "Battles"
    assert page.errors == []


def test_a_shared_url_restores_the_whole_view(browser_context: Any, base_url: str) -> None:
    view = "#event_type=Battles&brush=2024-01-10..2024-01-12&event=UA-filler1&sort=fatalities:asc&map=36,47,40,50"
    p = Page(browser_context, base_url, view)
    try:
        p.page.wait_for_selector("h2.event-title")
        assert p.page.locator("select[name=event_type]").input_value() == "Battles"
        p.wait_status("3 of 3 events")  # the brush keeps 10-12 January
        assert "2024-01-10 – 2024-01-12" in p.page.locator("#status").inner_text()
        assert p.page.locator(".tl-brush").get_attribute("visibility") == "visible"
        assert "Armed clash in Bakhmut" in p.page.locator("h2.event-title").inner_text()
        bounds = p.page.evaluate("() => FW.map.map.getBounds().toBBoxString()").split(",")
        assert float(bounds[0]) <= 36.01 and float(bounds[2]) >= 39.99
        p.page.click("[role=tab][data-tab=table]")
        assert p.page.locator("th[aria-sort=ascending]").inner_text().startswith("Deaths")
        p.shot("url-state")
        assert p.errors == []
    finally:
        p.close()


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
    assert "brush=2024-01-" in page.hash()
    page.page.click("#brush-clear")
    page.wait_markers(TOTAL_EVENTS)
    assert page.errors == []


def test_place_view_and_control_view(page: Page) -> None:
    page.page.click("[role=tab][data-tab=control]")
    row = page.page.locator("li.control-row", has_text="Avdiivka")
    row.wait_for()
    assert row.locator("svg.control-axis rect").count() == 1
    assert page.page.locator(".control-legend .chip").inner_text() == "unconfirmed"
    row.locator("a.place-link").click()
    page.page.wait_for_selector("h2.place-title")
    assert page.page.locator("h2.place-title").inner_text() == "Avdiivka"
    change = page.page.locator("li.control-change").first
    assert "2024-02-17" in change.inner_text() and "unconfirmed" in change.inner_text()
    assert "the defence ministry in Moscow" in change.inner_text()
    # the control view is filtered with the page
    page.page.click("[role=tab][data-tab=control]")
    page.page.select_option("select[name=event_type]", "Protests")
    page.page.wait_for_selector("#tab-control >> text=No control changes")
    change_link = "#place=713174"
    page.page.goto(page.base_url + "/" + change_link)
    page.page.wait_for_selector("h2.place-title")
    page.page.locator("li.control-change a.event-link").first.click()
    page.page.wait_for_selector("h2.event-title")
    assert "Avdiivka" in page.page.locator("h2.event-title").inner_text()
    assert page.errors == []


def test_docs_and_the_page_ask_no_other_host(browser_context: Any, base_url: str) -> None:
    tab = browser_context.new_page()
    try:
        tab.goto(f"{base_url}/docs")
        tab.wait_for_selector(".swagger-ui .info", timeout=15_000)
        assert "frontwatch" in tab.locator(".swagger-ui .info").inner_text()
    finally:
        tab.close()
    # every page this module opened (the map, event views, /docs) stayed on the test server
    assert OUTSIDE == []


@pytest.mark.parametrize("fragment", ["#event=UA-protest0305", "#event=UA-protest0305&map=30,50,31,51"])
def test_a_link_to_an_event_opens_it(browser_context: Any, base_url: str, fragment: str) -> None:
    p = Page(browser_context, base_url, fragment)
    try:
        p.page.wait_for_selector("h2.event-title")
        assert "Peaceful protest in Kyiv" in p.page.locator("h2.event-title").inner_text()
        assert p.errors == []
    finally:
        p.close()


def test_a_failed_map_request_is_asked_again(page: Page) -> None:
    page.wait_markers(TOTAL_EVENTS)
    failed: list[str] = []

    def fail_once(route: Any) -> None:
        if not failed:
            failed.append(route.request.url)
            route.fulfill(status=503, content_type="application/json", body='{"error": "busy"}')
        else:
            route.continue_()

    page.page.route("**/api/web/grid?*", fail_once)
    page.page.select_option("select[name=event_type]", "Protests")
    # the first answer failed and the page said so; the map asked again and shows the protest
    page.wait_markers(1)
    assert len(failed) == 1 and "event_type=Protests" in failed[0]
    assert not page.page.locator("#status").evaluate("s => s.classList.contains('error')")
