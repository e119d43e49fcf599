"""The accounts journey in Debian chromium: staff enrol an assister, the assister activates the
account from the emailed link, signs in with the emailed code and lands on their home page.
axe-core finds no violation on any page of the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_newest_mail, session_state

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long passphrase for Nora 2026"
ACTIVATION = "Action required: Activate your Assister Portal account"


def _sign_in_with_emailed_code(page, live_server, axe_check, username, password, email):
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/sign-in/mfa/register")
    assert axe_check(page) == []
    page.get_by_label("Email address").fill(email)
    page.locator("label[for=agree]").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Registration Successful")).to_be_visible()
    assert axe_check(page) == []
    open_newest_mail(page, live_server, "One Time Password")
    code = re.search(r"\b(\d{6})\b", page.locator("main").inner_text()).group(1)
    page.goto(f"{live_server}/sign-in/mfa/code")
    assert axe_check(page) == []
    page.get_by_label("One time access code").fill(code)
    page.get_by_role("button", name="Submit").click()


def test_staff_enrol_then_the_assister_activates_and_signs_in(
    app, live_server, page, axe_check, factories
):
    staff = factories.staff()
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")

    _sign_in_with_emailed_code(
        page, live_server, axe_check, staff.username, factories.PASSWORD, staff.email
    )
    page.wait_for_url(f"{live_server}/admin/")
    page.goto(f"{live_server}/admin/admin_assister/")
    # axe runs on the page the click leads to, so wait for that navigation to finish.
    with page.expect_navigation():
        page.get_by_title("Send or re-send the activation email").first.click()
    assert axe_check(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Send activation email").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Sign out").click()

    # The assister opens the email: Reference Number near the top, Registration Number below.
    open_newest_mail(page, live_server, ACTIVATION)
    assert axe_check(page) == []
    body = page.locator("main").inner_text()
    assert body.index("Reference Number") < body.index("Registration Number")
    registration_number = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b", body).group(1)
    page.locator('main a[href$="/register"]').first.click()

    expect(page.get_by_role("heading", name="Register for an Account")).to_be_visible()
    assert axe_check(page) == []
    page.get_by_role("link", name="Next").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Accept").click()

    page.get_by_label("First name").fill("Nora")
    page.get_by_label("Last name").fill("Vang")
    page.get_by_label("Phone number").fill(assister.phone)
    page.get_by_label("Email address", exact=True).fill(assister.email)
    page.get_by_label("Confirm email address").fill(assister.email)
    page.locator("label[for=no_ssn]").click()
    page.get_by_label("Registration Number").fill(assister.reference_number)
    page.get_by_label("Numbers in the CAPTCHA image").fill(
        session_state(page, "activation")["captcha"]
    )
    page.get_by_role("button", name="Next").click()
    # The manual's common mistake gets its own message, and what was typed stays.
    expect(page.get_by_text("Reference Number", exact=False).first).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Nora")
    assert axe_check(page) == []
    page.get_by_label("Registration Number").fill(registration_number)
    page.get_by_label("Numbers in the CAPTCHA image").fill(
        session_state(page, "activation")["captcha"]
    )
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Account Information")).to_be_visible()
    assert axe_check(page) == []
    page.get_by_label("Username").fill("nora.vang")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    for n, answer in ((1, "Duluth"), (2, "Rex"), (3, "Blue")):
        page.get_by_label(f"Security question {n}").select_option(index=n)
        page.get_by_label(f"Answer {n}").fill(answer)
    page.get_by_role("button", name="Next").click()
    assert axe_check(page) == []

    open_newest_mail(page, live_server, "Successful User Creation")
    expect(page.locator("main")).to_contain_text("nora.vang")
    assert NEW_PASSWORD not in page.locator("main").inner_text()

    _sign_in_with_emailed_code(
        page, live_server, axe_check, "nora.vang", NEW_PASSWORD, assister.email
    )
    page.wait_for_url(f"{live_server}/assister/")
    expect(page.get_by_role("heading", name="Welcome, Nora")).to_be_visible()
    assert axe_check(page) == []
