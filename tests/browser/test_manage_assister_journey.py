"""A consumer chooses an assister by Reference Number, authorizes them, sees them on Assister
Details, then removes them — with axe-core on every page, and again without JavaScript."""

import pytest
from playwright.sync_api import expect

from db.associations import Association

pytestmark = pytest.mark.browser


def _journey(page, base, check, consumer, assister, password):
    page.goto(f"{base}/sign-in")
    page.get_by_label("Username").fill(consumer.user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Manage Assister").first.click()
    expect(page.get_by_role("heading", name="Assister Details", exact=True)).to_be_visible()
    check(page)
    page.get_by_role("link", name="Add or change my assister").click()
    check(page)
    number = assister.reference_number
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    page.get_by_label("Reference Number").fill(typo)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("This is not a valid Reference Number").first).to_be_visible()
    expect(page.get_by_label("Reference Number")).to_have_value(typo)
    check(page)
    page.get_by_label("Reference Number").fill(f"{number[:3]}-{number[3:6]}-{number[6:]}")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=assister.full_name)).to_be_visible()
    check(page)
    page.get_by_role("link", name="Next").click()
    expect(
        page.get_by_role("heading", name="Assister Authorization / Agent of Record")
    ).to_be_visible()
    check(page)
    assert Association.select().count() == 0
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your assisters now")).to_be_visible()
    expect(page.get_by_role("heading", name=assister.full_name)).to_be_visible()
    check(page)
    assert Association.get().status == "new"

    page.get_by_role("link", name=f"Remove {assister.full_name}").click()
    check(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("No assister is helping you at the moment.")).to_be_visible()
    check(page)
    assert Association.get().ended_by_role == "consumer"


def test_consumer_chooses_and_removes_an_assister(app, live_server, page, axe_check, factories):
    def no_violations(p):
        assert axe_check(p) == []

    consumer = factories.consumer()
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")
    _journey(page, live_server, no_violations, consumer, assister, factories.PASSWORD)


def test_the_same_without_javascript(app, live_server, browser, factories):
    consumer = factories.consumer()
    assister = factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    context = browser.new_context(java_script_enabled=False)
    try:
        _journey(
            context.new_page(), live_server, lambda p: None, consumer, assister, factories.PASSWORD
        )
    finally:
        context.close()
