"""Request this assister (S13), in a browser: a consumer finds a navigator near them in Find local
help, sees the map and the list, asks for their help, signs in on the way, and authorizes them on
the Authorization screen; the navigator then has a new client. Without JavaScript the same
journey works from the list alone. axe-core finds no violation on the way."""

import re

import pytest
from playwright.sync_api import expect

from db.associations import AssisterRequest, Association
from tests.browser.conftest import sign_in_with_mfa

pytestmark = pytest.mark.browser


def _journey(page, base, check, consumer, navigator, password, with_map):
    page.goto(f"{base}/")
    page.get_by_role("main").get_by_role("link", name="Find local help").click()
    page.get_by_label("ZIP code").fill("55101")
    page.get_by_label("Distance").select_option("10")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#directory-results")
    expect(results.get_by_role("heading", level=2)).to_contain_text("within 10 miles of 55101")
    expect(results.locator(".directory-result")).to_have_count(2)
    if with_map:
        expect(page.locator("#directory-map .leaflet-marker-icon")).to_have_count(1)
    else:
        expect(page.locator("#directory-map .leaflet-marker-icon")).to_have_count(0)
    assert navigator.reference_number not in page.content()
    check(page)

    results.get_by_role("link", name=navigator.full_name).click()
    page.get_by_role("link", name="Request this assister").click()
    # Signing in on the way brings the consumer back to the request.
    page.get_by_label("Username").fill(consumer.user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Ask {navigator.full_name} to help you"
    )
    check(page)
    page.get_by_label("Message to the assister (optional)").fill("Mornings are best for me.")
    page.get_by_role("button", name="Send request").click()
    sent = page.get_by_role("heading", name="Requests you sent from Find local help")
    expect(sent).to_be_visible()
    request = AssisterRequest.get()
    assert request.ended_at is None and Association.select().count() == 0
    check(page)

    page.get_by_role("link", name=re.compile("^Review and authorize")).click()
    expect(
        page.get_by_role("heading", name="Assister Authorization / Agent of Record")
    ).to_be_visible()
    check(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your assisters now")).to_be_visible()
    expect(page.get_by_role("heading", name=navigator.full_name)).to_be_visible()
    association = Association.get()
    assert AssisterRequest.get().association_id == association.id

    page.context.clear_cookies()
    sign_in_with_mfa(page, base, navigator.user, password)
    expect(page.locator("#client-table")).to_contain_text(consumer.last_name)
    check(page)


@pytest.fixture
def people(factories):
    agency = factories.agency(name="Capitol Navigators", zip_code="55101")
    navigator = factories.assister(
        "navigator", with_account=True, first_name="Nia", last_name="Vang", agency=agency,
        zip_code="55101",
    )
    # Listed, but farther than 10 miles from Saint Paul.
    factories.assister("broker", with_account=True, first_name="Ole", zip_code="55901")
    return factories.consumer(first_name="Rosa", last_name="Quist"), navigator


def test_a_consumer_requests_and_authorizes_an_assister(
    live_server, page, axe_check, factories, people
):
    def no_violations(p):
        assert axe_check(p) == []

    consumer, navigator = people
    _journey(page, live_server, no_violations, consumer, navigator, factories.PASSWORD, True)


def test_the_same_without_javascript_from_the_list(live_server, browser, factories, people):
    consumer, navigator = people
    context = browser.new_context(java_script_enabled=False)
    try:
        _journey(
            context.new_page(), live_server, lambda p: None, consumer, navigator,
            factories.PASSWORD, False,
        )
    finally:
        context.close()
