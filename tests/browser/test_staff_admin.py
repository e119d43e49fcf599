"""A staff member signs in and opens the assisters list; both pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.conftest import emailed_code

pytestmark = pytest.mark.browser


def test_staff_signs_in_and_lists_assisters(app, live_server, page, axe_check, factories):
    staff = factories.staff()
    assister = factories.assister("broker", first_name="Grace", last_name="Lindqvist")

    page.goto(f"{live_server}/sign-in")
    assert axe_check(page) == []
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # First sign-in: MFA registration, then the emailed one-time access code.
    page.wait_for_url(f"{live_server}/sign-in/mfa/register")
    assert axe_check(page) == []
    page.get_by_label("Email address").fill(staff.email)
    # USWDS draws the checkbox on its label; a person clicks the label.
    page.locator("label[for=agree]").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Registration Successful")).to_be_visible()
    page.get_by_role("link", name="Enter the access code").click()
    page.get_by_label("One time access code").fill(emailed_code(staff))
    assert axe_check(page) == []
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"{live_server}/admin/")
    assert axe_check(page) == []

    page.get_by_role("link", name="Assisters").first.click()
    page.wait_for_url(f"{live_server}/admin/admin_assister/")
    expect(page.get_by_text("Lindqvist")).to_be_visible()
    expect(page.get_by_text(f"{assister.reference_number[:3]}-")).to_be_visible()
    assert axe_check(page) == []


def test_wrong_password_is_announced_and_accessible(app, live_server, page, axe_check, factories):
    staff = factories.staff()
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_text("The username or password is not correct.")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value(staff.username)
    expect(page.get_by_label("Password")).to_have_value("")
    assert axe_check(page) == []
