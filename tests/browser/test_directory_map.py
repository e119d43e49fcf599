"""Find local help's map (S7): a search's results as markers over Minnesota's counties, from the
portal's own files only (no request leaves it), keyboard-usable and axe-core clean, redrawn when
a new search swaps the results."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNTIES_MN = 87


def test_the_map_shows_the_results_offline_and_follows_a_new_search(
    live_server, page, axe_check, factories
):
    navigators = factories.agency(name="Hmong Health Navigators", zip_code="55101")
    factories.assister(
        with_account=True, first_name="Ana", last_name="Lopez", zip_code="55101", agency=navigators
    )
    factories.assister(
        "broker", with_account=True, first_name="Bo", last_name="Vang", zip_code="55401"
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/find-help?zip=55101&distance=25")

    # One marker a place (the agency and Ana share Saint Paul's ZIP), over the counties and the
    # search's circle.
    markers = page.locator("#directory-map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    outlines = page.locator("#directory-map .leaflet-overlay-pane path")
    expect(outlines).to_have_count(COUNTIES_MN + 1)
    # Named in the results' order (by distance, then name); Enter opens the links to them.
    together = page.get_by_role(
        "button", name="2 listings here: Ana Lopez, Hmong Health Navigators", exact=True
    )
    together.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup").get_by_role("link", name="Hmong Health Navigators")
    expect(link).to_have_attribute("href", f"/find-help/agencies/{navigators.id}")
    assert axe_check(page) == []

    # A new search swaps the results (htmx) and the map follows, its old one taken down first
    # (htmx would copy Leaflet's inline styles onto the new element: a CSP violation).
    page.get_by_label("ZIP code").fill("55401")
    page.get_by_label("Distance").select_option("5")
    page.get_by_role("button", name="Search").click()
    expect(markers).to_have_count(1)
    expect(markers).to_have_attribute("alt", "Bo Vang")
    expect(outlines).to_have_count(COUNTIES_MN + 1)
    assert axe_check(page) == []

    # Back (htmx's history) brings the first search's map again.
    page.go_back()
    expect(markers).to_have_count(2)
    expect(outlines).to_have_count(COUNTIES_MN + 1)
    assert [url for url in requested if not url.startswith(f"{live_server}/")] == []
    assert f"{live_server}/static/vendor/us-atlas/counties-10m.json" in requested
