"""English and Spanish (S13), in a browser: a visitor opens the home page in English, switches
to Español, finds a navigator in Find local help, asks for their help, signs in on the way and
authorizes them on the Authorization screen, then applies for coverage and reads the Results,
all in Spanish: every page says `lang="es"`, no English sentence is left, and axe-core finds no
violation, as on the English page the journey starts from.

The words the test looks for are the catalog's own Spanish (translations/), so the test reads
what a Spanish speaker reads; tests/test_catalog.py checks that every entry has its Spanish."""

from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from db.accounts import User
from db.applications import Application
from db.associations import Association
from tests.browser.test_application_journey import person
from tests.spanish import english_left

pytestmark = pytest.mark.browser

CATALOG = Translations.load(str(Path(__file__).resolve().parents[2] / "translations"), ["es"])


def es(text, **values):
    """The catalog's Spanish for `text`."""
    translated = CATALOG.gettext(text)
    return translated % values if values else translated


def answer(scope, question, choice):
    # USWDS draws its own radio: the label is what a user clicks.
    scope.get_by_role("group", name=question).get_by_text(choice, exact=True).click()


@pytest.fixture
def people(factories):
    agency = factories.agency(name="Capitol Navigators", zip_code="55101")
    navigator = factories.assister(
        "navigator", with_account=True, first_name="Nia", last_name="Vang", agency=agency,
        zip_code="55101", languages="English, Spanish",
    )
    return factories.consumer(first_name="Rosa", last_name="Quist"), navigator


def test_a_consumer_does_it_all_in_spanish(live_server, page, axe_check, factories, people):
    consumer, navigator = people
    # Names: the people, the agency and a county (in the county list).
    allowed = (consumer.full_name, navigator.full_name, "Capitol Navigators", "Lake of the Woods")

    def spanish(p):
        expect(p.locator("html")).to_have_attribute("lang", "es")
        assert axe_check(p) == []
        assert english_left(p.content(), allowed) == []

    page.goto(f"{live_server}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert axe_check(page) == []
    page.get_by_role("link", name="Español").click()
    expect(page.get_by_role("link", name="English")).to_be_visible()
    spanish(page)

    page.get_by_role("main").get_by_role("link", name=es("Find local help")).click()
    page.get_by_label(es("ZIP code")).fill("55101")
    page.get_by_role("button", name=es("Search"), exact=True).click()
    results = page.locator("#directory-results")
    expect(results.locator(".directory-result")).to_have_count(2)
    expect(results).to_contain_text("inglés, español")
    spanish(page)
    results.get_by_role("link", name=navigator.full_name).click()
    spanish(page)
    page.get_by_role("link", name=es("Request this assister")).click()

    # Signing in on the way: the page, and then the account, keep the Spanish.
    spanish(page)
    page.get_by_label(es("Username")).fill(consumer.user.username)
    page.get_by_label(es("Password")).fill(factories.PASSWORD)
    page.get_by_role("button", name=es("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        es("Ask %(name)s to help you", name=navigator.full_name)
    )
    assert User.get_by_id(consumer.user.id).language == "es"
    spanish(page)
    page.get_by_role("button", name=es("Send request")).click()
    expect(page.get_by_role("heading", name=es("Requests you sent from Find local help"))
           ).to_be_visible()
    spanish(page)

    page.get_by_role("link", name=es("Review and authorize")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        es("Assister Authorization / Agent of Record")
    )
    spanish(page)
    page.get_by_role("button", name=es("Confirm")).click()
    expect(page.get_by_role("heading", name=es("Your assisters now"))).to_be_visible()
    spanish(page)
    # The consumer agreed to the Spanish text, and their record says so.
    text = Association.get().authorization_text
    assert (text.language, text.version) == ("es", 1)

    page.goto(f"{live_server}/consumer/")
    spanish(page)
    page.get_by_role("button", name=es("Apply for assistance with Health Care")).click()
    spanish(page)
    page.get_by_label(es("Street address")).fill("12 Elm St")
    page.get_by_label(es("City")).fill("Saint Paul")
    page.get_by_label(es("ZIP code")).fill("55101")
    page.get_by_label(es("County")).select_option("Ramsey")
    page.get_by_role("button", name=es("Next"), exact=True).click()
    spanish(page)
    primary = person(page, es("%(name)s (primary applicant)", name=consumer.full_name))
    answer(primary, es("Applying for health coverage?"), es("Yes"))
    primary.get_by_label(es("Federal tax filing for the coverage year")).select_option("filer")
    primary.get_by_label(es("Citizenship or immigration status")).select_option("citizen")
    answer(primary, es("American Indian or Alaska Native?"), es("No"))
    answer(primary, es("Serving a sentence in jail or prison?"), es("No"))
    page.get_by_role("button", name=es("Next"), exact=True).click()
    spanish(page)
    person(page, consumer.full_name).get_by_label(es("Income before taxes")).fill("1500")
    person(page, consumer.full_name).get_by_label(es("How often")).select_option("monthly")
    page.get_by_role("button", name=es("Next"), exact=True).click()
    spanish(page)
    for question in (
        "Enrolled in Medicare?",
        "Enrolled in other public coverage (for example TRICARE, VA, Peace Corps)?",
        "Offered health coverage through their own job?",
    ):
        answer(person(page, consumer.full_name), es(question), es("No"))
    page.get_by_role("button", name=es("Next"), exact=True).click()
    spanish(page)
    page.get_by_role("button", name=es("Next: sign")).click()
    spanish(page)
    page.get_by_role("link", name=es("Read the Notice of Rights and Responsibilities")).click()
    spanish(page)
    page.get_by_role("button", name=es("I have read my rights and responsibilities")).click()
    page.locator("label[for=attested]").click()
    page.get_by_label(es("Type the primary applicant's full name to sign")).fill(
        consumer.full_name
    )
    page.get_by_role("button", name=es("Submit application")).click()
    expect(page.get_by_role("heading", level=2, name=es("Your Health Care Results"))
           ).to_be_visible()
    spanish(page)
    assert Application.get().status == "submitted"
