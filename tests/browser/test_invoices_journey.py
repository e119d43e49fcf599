"""MinnesotaCare premium invoices in Debian chromium, on the demo's household (consumer36): the
consumer sees last month's invoice overdue on their home page and prints it; the demo navigator
finds them under the work queue's Premiums overdue and sees the invoices on Client Details;
staff record the payment from Premiums overdue in the admin and the count drops. With
JavaScript off as well; axe-core finds no violation on any of these pages."""

import re

import pytest
from playwright.sync_api import expect

from db.accounts import User
from db.consumers import Consumer
from portal import demo
from tests.browser.conftest import sign_in_with_mfa
from tests.browser.test_application_journey import browsing, sign_in_consumer
from tests.browser.test_documents_journey import staff_signs_in

pytestmark = pytest.mark.browser


@pytest.fixture
def household(app):
    with app.app_context():
        demo.seed()
    consumer = Consumer.get(Consumer.email == "consumer36@consumers.example")
    if consumer.premium_due_on is None:
        pytest.skip("in January and February the demo household has no invoice overdue yet")
    return consumer


def premiums_overdue(page):
    """The work queue's "Premiums overdue: N", as a number."""
    entry = page.locator(".portal-work-queue").get_by_text(re.compile("Premiums overdue"))
    return int(entry.inner_text().rsplit(":", 1)[1].replace(",", ""))


def consumer_prints_the_overdue_invoice(page, base, consumer, check):
    sign_in_consumer(page, base, "consumer36", demo.PASSWORD)
    expect(page.get_by_role("heading", name="Your MinnesotaCare premiums")).to_be_visible()
    overdue = page.locator("tr", has=page.locator(".usa-tag", has_text="overdue"))
    expect(overdue).to_have_count(1)
    check(page)
    overdue.get_by_role("link", name=re.compile("^View and print")).click()
    expect(page.get_by_role("heading", name="MinnesotaCare premium invoice")).to_be_visible()
    expect(page.get_by_text("$88.00")).to_be_visible()
    expect(page.get_by_role("heading", name="How to pay")).to_be_visible()
    check(page)


def navigator_finds_the_household(page, base, consumer, check):
    sign_in_with_mfa(page, base, User.get(User.username == "navigator"), demo.PASSWORD)
    assert premiums_overdue(page) >= 1
    page.locator(".portal-work-queue").get_by_role(
        "link", name=re.compile("Premiums overdue")).click()
    row = page.locator("tr", has_text=consumer.full_name)
    expect(row).to_contain_text("Premium overdue, due")
    check(page)
    row.get_by_role("link", name=re.compile("^Assist Client")).click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="MinnesotaCare premiums")).to_be_visible()
    expect(page.locator(".usa-tag", has_text="overdue")).to_have_count(1)
    check(page)


def test_the_household_the_navigator_and_staff(app, live_server, page, browser, axe_check,
                                               household):
    def check(p):
        assert axe_check(p) == []

    consumer_prints_the_overdue_invoice(page, live_server, household, check)
    with browsing(browser) as assister:
        navigator_finds_the_household(assister, live_server, household, check)
        assister.goto(f"{live_server}/assister/")
        before = premiums_overdue(assister)
        with browsing(browser) as admin:
            staff_signs_in(admin, live_server, User.get(User.username == "staff"))
            admin.get_by_role("link", name="Premiums overdue").click()
            check(admin)
            admin.locator("tr", has_text=household.full_name).get_by_title(
                "Record payment").click()
            check(admin)
            # No date: refused on the form (a browser's date input sends no impossible date).
            admin.get_by_role("button", name="Record payment").click()
            expect(admin.get_by_text("Enter the date the payment was received.")).to_be_visible()
            check(admin)
            admin.get_by_label("Date the payment was received").fill(
                f"{household.premium_due_on}")
            admin.get_by_role("button", name="Record payment").click()
            expect(admin.get_by_text("Payment recorded.")).to_be_visible()
        assister.goto(f"{live_server}/assister/")
        assert premiums_overdue(assister) == before - 1
    page.goto(f"{live_server}/consumer/")
    expect(page.locator(".usa-tag", has_text="overdue")).to_have_count(0)


def test_without_javascript(app, live_server, browser, household):
    with browsing(browser, java_script_enabled=False) as page:
        consumer_prints_the_overdue_invoice(page, live_server, household, lambda p: None)
    with browsing(browser, java_script_enabled=False) as page:
        navigator_finds_the_household(page, live_server, household, lambda p: None)
