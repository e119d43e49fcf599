"""The assister's Client Requests journey in Debian chromium, with htmx and again without
JavaScript: sort by Date Requested, search a name, page forward, Back brings the previous state,
Assist Client → Confirm → Client Details, the Verification deadlines queue. axe-core finds no
violation on any page."""

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from db.associations import Association
from db.consumers import Consumer
from tests.browser.conftest import sign_in_with_mfa

pytestmark = pytest.mark.browser

FIRST_NAMES = [
    "Aaron",
    "Beatrice",
    "Carlos",
    "Dagny",
    "Elif",
    "Farah",
    "Gunnar",
    "Hana",
    "Ivan",
    "Jamila",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tamar",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zora",
    "Anika",
]
ROWS = "#client-table tbody th[scope=row]"
DOCUMENTS_DUE = date(2027, 3, 5)


@pytest.fixture
def assister_with_clients(factories):
    """An assister with 30 clients: 27 Andersons (two pages of a search) and three others."""
    assister = factories.assister("navigator", with_account=True, first_name="Nora")
    people = [(first, "Anderson") for first in FIRST_NAMES] + [
        ("Bea", "Young"),
        ("Cy", "Moua"),
        ("Dee", "Xiong"),
    ]
    start = datetime(2026, 2, 1, 15, 0)
    for n, (first, last) in enumerate(people):
        consumer = factories.consumer(with_account=False, first_name=first, last_name=last)
        association = factories.association(for_consumer=consumer, for_assister=assister)
        requested = start + timedelta(days=n)
        Association.update(requested_at=requested).where(Association.id == association.id).execute()
        if last in ("Young", "Moua"):  # documents due: the Verification deadlines queue
            Consumer.update(verification_due_on=DOCUMENTS_DUE).where(
                Consumer.id == consumer.id
            ).execute()
    return assister


def _names(page):
    return page.locator(ROWS).all_inner_texts()


def _journey(page, live_server, axe_check):
    expect(page.get_by_role("heading", name="Client Requests")).to_be_visible()
    expect(page.locator("#result-count")).to_have_text("Showing 1–25 of 30 clients.")
    assert _names(page)[0] == "Dee Xiong"  # newest request first
    assert axe_check(page) == []

    page.get_by_role("link", name=re.compile(r"^Date Requested")).click()
    page.wait_for_url(re.compile(r"/assister/\?sort=requested$"))
    expect(page.locator(ROWS).first).to_have_text("Aaron Anderson")
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Date Requested")
    assert axe_check(page) == []

    page.get_by_label("Search by first or last name").fill("anderson")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"q=anderson"))
    expect(page.locator("#result-count")).to_contain_text("of 27 clients")
    expect(page.locator(ROWS)).to_have_count(25)
    assert _names(page)[:2] == ["Aaron Anderson", "Beatrice Anderson"]
    assert axe_check(page) == []

    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(ROWS)).to_have_count(2)
    assert _names(page) == ["Zora Anderson", "Anika Anderson"]
    expect(page.locator("#result-count")).to_have_text(
        "Showing 26–27 of 27 clients matching “anderson”."
    )
    assert axe_check(page) == []

    page.go_back()
    page.wait_for_url(re.compile(r"q=anderson(?!.*page=2)"))
    expect(page.locator(ROWS)).to_have_count(25)
    expect(page.locator(ROWS).first).to_have_text("Aaron Anderson")
    expect(page.get_by_label("Search by first or last name")).to_have_value("anderson")

    page.get_by_role("link", name=re.compile(r"^Assist Client\W+Beatrice Anderson$")).click()
    expect(
        page.get_by_role("heading", name="Acknowledgement of Assister Authorization")
    ).to_be_visible()
    assert axe_check(page) == []
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Client Details: Beatrice Anderson")).to_be_visible()
    expect(page.get_by_text("No application yet")).to_be_visible()
    assert axe_check(page) == []

    page.get_by_role("link", name="Back to Client Requests").click()
    expect(page.get_by_role("link", name="In progress: 1")).to_be_visible()
    page.get_by_role("button", name="Turn on privacy screen").click()
    expect(page.locator(ROWS).first).to_have_text("D.X.")
    assert axe_check(page) == []
    page.get_by_role("button", name="Turn off privacy screen").click()
    expect(page.locator(ROWS).first).to_have_text("Dee Xiong")

    page.get_by_role("link", name="Verification deadlines: 2").click()
    page.wait_for_url(re.compile(r"status=verification"))
    expect(page.locator("#result-count")).to_have_text(
        "Showing 1–2 of 2 clients (with verification deadlines)."
    )
    assert _names(page) == ["Cy Moua", "Bea Young"]
    expect(page.get_by_text("Documents due March 5, 2027")).to_have_count(2)
    assert axe_check(page) == []


def test_dashboard_journey_with_htmx(
    app, live_server, page, axe_check, factories, assister_with_clients
):
    sign_in_with_mfa(page, live_server, assister_with_clients.user, factories.PASSWORD)
    _journey(page, live_server, axe_check)


def test_dashboard_journey_without_javascript(
    app, live_server, browser, factories, assister_with_clients
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_with_mfa(page, live_server, assister_with_clients.user, factories.PASSWORD)
        # axe-core cannot run in a page without JavaScript; the same pages were checked above.
        _journey(page, live_server, lambda p: [])
    finally:
        context.close()
