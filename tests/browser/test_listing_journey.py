"""The assister's listing in Find local help, in Debian chromium: from the side navigation,
a language left out is a message on the form, then saved with only the city, the preview shows
what consumers see. axe-core finds no violation on the form, with its errors or saved."""

import pytest
from playwright.sync_api import expect

from db.assisters import Assister
from tests.browser.conftest import sign_in_with_mfa

pytestmark = pytest.mark.browser


def test_an_assister_chooses_how_consumers_see_them(page, live_server, axe_check, factories):
    assister = factories.assister("navigator", with_account=True, street="77 Como Ave")
    sign_in_with_mfa(page, live_server, assister.user, factories.PASSWORD)
    page.get_by_role("link", name="Your listing in Find local help").first.click()
    expect(page.get_by_role("heading", name="Your listing in Find local help")).to_be_visible()
    assert axe_check(page) == []

    # USWDS draws the box on the label: a person clicks that.
    page.locator("label[for=languages-0]").click()  # English
    page.locator("label[for=address-1]").click()  # Only my city
    page.get_by_label("Office hours").fill("Tue and Thu 10:00–19:00")
    page.get_by_role("button", name="Save your listing").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one language")
    expect(page.get_by_label("Office hours")).to_have_value("Tue and Thu 10:00–19:00")
    assert axe_check(page) == []

    page.locator("label[for=languages-2]").click()  # Hmong
    page.get_by_role("button", name="Save your listing").click()
    expect(page.get_by_text("Your listing in Find local help is saved.")).to_be_visible()
    preview = page.locator("dl.portal-details")
    expect(preview).to_contain_text("Minneapolis, MN 55401")
    expect(preview).not_to_contain_text("77 Como Ave")
    expect(preview).to_contain_text("Hmong")
    assert axe_check(page) == []
    saved = Assister.get_by_id(assister.id)
    assert (saved.languages, saved.listing_shows_street) == ("Hmong", False)
