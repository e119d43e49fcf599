"""A consumer creates an account, confirms the email from the link, and signs in — with
JavaScript and axe-core, and again with JavaScript turned off."""

import pytest
from playwright.sync_api import expect

from portal.services import security_questions

pytestmark = pytest.mark.browser

PASSWORD = "my own long passphrase 2026"


def _journey(page, base, check):
    page.goto(f"{base}/sign-in")
    page.get_by_role("link", name="Create an account").click()
    check(page)
    page.get_by_label("First name").fill("Olivia")
    page.get_by_label("Last name").fill("Olson")
    page.get_by_label("Email address", exact=True).fill("olivia@example.org")
    page.get_by_label("Confirm email address").fill("olivia@example.org")
    page.get_by_label("Username").fill("olivia.olson")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Confirm password").fill("short")
    page.get_by_role("button", name="Create account").click()
    # Bad input: a clear message, what was typed kept (the password aside).
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("olivia.olson")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    check(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    for n, answer in ((1, "Duluth"), (2, "Rex"), (3, "Blue")):
        page.get_by_label(f"Security question {n}").select_option(security_questions.QUESTIONS[n])
        page.get_by_label(f"Answer {n}").fill(answer)
    page.get_by_role("button", name="Create account").click()
    check(page)

    page.goto(f"{base}/dev/mailbox")
    page.get_by_role("link", name="Confirm your email address").first.click()
    page.locator("main a[href*='/verify-email/']").first.click()
    check(page)
    page.get_by_role("button", name="Confirm my email address").click()
    check(page)

    page.goto(f"{base}/sign-in")
    page.get_by_label("Username").fill("olivia.olson")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/consumer/")
    expect(page.get_by_role("heading", name="Welcome, Olivia")).to_be_visible()
    check(page)


def test_consumer_creates_an_account_and_signs_in(app, live_server, page, axe_check):
    def no_violations(p):
        assert axe_check(p) == []

    _journey(page, live_server, no_violations)


def test_the_same_without_javascript(app, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        _journey(context.new_page(), live_server, lambda p: None)
    finally:
        context.close()
