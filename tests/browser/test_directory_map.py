"""Find local help's map (S7): results as markers over Minnesota's counties, from the portal's own
files only, under the portal's CSP, keyboard-usable and axe-core clean, redrawn after a search.

The search page's results markup (its contract with static/js/directory-map.js) is served here
on the live server's origin with the portal's headers, so the map is tested apart from the
search behind it."""

from html import escape

import pytest
from playwright.sync_api import expect

from portal import places, security

pytestmark = pytest.mark.browser

COUNTIES_MN = 87


def result(name, href, place):
    return (
        f'<li class="directory-result" data-lat="{place.latitude}" data-lon="{place.longitude}" '
        f'data-name="{escape(name)}" data-href="{href}"><a href="{href}">{escape(name)}</a></li>'
    )


def results(items, center=None, miles=None):
    circle = (
        f' data-center-lat="{center.latitude}" data-center-lon="{center.longitude}" '
        f'data-radius-miles="{miles}"'
        if center
        else ""
    )
    return (
        f'<ul class="usa-list usa-list--unstyled">{"".join(items)}</ul>'
        '<div id="directory-map" class="directory-map" role="region" '
        'aria-label="Map of the search results" '
        'data-counties-url="/static/vendor/us-atlas/counties-10m.json" data-tile-url=""'
        f"{circle}></div>"
    )


def page_with(fragment):
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Find local help</title>'
        '<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">'
        '<link rel="stylesheet" href="/static/css/portal.css"></head>'
        f'<body><main><h1>Find local help</h1><div id="directory-results">{fragment}</div></main>'
        '<script src="/static/vendor/leaflet/leaflet.js"></script>'
        '<script src="/static/vendor/topojson-client/topojson-client.min.js"></script>'
        '<script src="/static/js/directory-map.js"></script></body></html>'
    )


def test_the_map_shows_the_results_offline_and_follows_a_new_search(live_server, page, axe_check):
    saint_paul, minneapolis = places.find("55101"), places.find("55401")
    first = results(
        [
            result("Ana Lopez", "/find-help/assisters/1", saint_paul),
            result("Hmong Health Navigators", "/find-help/agencies/2", saint_paul),
            result("Bo Vang", "/find-help/assisters/3", minneapolis),
        ],
        center=saint_paul,
        miles=25,
    )
    page.route(
        f"{live_server}/map",
        lambda route: route.fulfill(
            content_type="text/html",
            body=page_with(first),
            headers={"Content-Security-Policy": security.content_security_policy()},
        ),
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/map")

    # One marker a place (two listings share Saint Paul's ZIP), over the counties and the circle.
    markers = page.locator("#directory-map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    outlines = page.locator("#directory-map .leaflet-overlay-pane path")
    expect(outlines).to_have_count(COUNTIES_MN + 1)
    together = page.get_by_role(
        "button", name="2 listings here: Ana Lopez, Hmong Health Navigators"
    )
    together.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup.get_by_role("link", name="Hmong Health Navigators")).to_have_attribute(
        "href", "/find-help/agencies/2"
    )
    assert axe_check(page) == []

    # A new search swaps the results (htmx), and the map follows: no circle without a ZIP.
    page.evaluate(
        """fragment => {
            document.getElementById("directory-results").innerHTML = fragment;
            document.body.dispatchEvent(new CustomEvent("htmx:afterSettle", {bubbles: true}));
        }""",
        results([result("Bo Vang", "/find-help/assisters/3", minneapolis)]),
    )
    expect(markers).to_have_count(1)
    expect(markers).to_have_attribute("alt", "Bo Vang")
    expect(outlines).to_have_count(COUNTIES_MN)
    assert [url for url in requested if not url.startswith(f"{live_server}/")] == []
    assert f"{live_server}/static/vendor/us-atlas/counties-10m.json" in requested
