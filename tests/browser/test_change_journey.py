"""Report a change in Debian chromium (issue 24). A demo consumer whose application was
submitted reports a new baby from their home page: the contact step comes filled in from the
case and asks the date of the change (refused when empty, what was typed kept); the baby is
added as anyone is, with the "add a person" fields and the button that adds; income and
coverage are confirmed, the rights read and the change signed. Results show What changed (the
baby: not on the application → a program), the case's version 2 and a link to version 1, kept
as history; the home page shows the new determination. The same journey works without
JavaScript. axe-core finds no violation on the change's pages."""

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from db import utcnow
from db.accounts import User
from db.applications import Application, ApplicationMember
from db.cases import Case, CaseChange, Determination
from db.consumers import Consumer
from portal import demo, rules
from portal.services import determinations
from tests import routes
from tests.browser.conftest import serving
from tests.browser.test_application_journey import (
    answer,
    browsing,
    income_and_coverage,
    person,
    read_rights,
    shown_results,
    sign_and_submit,
    sign_in_consumer,
    step_heading,
)
from tests.browser.test_enrollment_journey import FIGURE

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "shots"
# The narrowest screen the portal supports, and a laptop's.
WIDTHS = (320, 1280)
NEW_PHONE = "651-555-0199"
BABY_FIRST_NAME = "Noah"


@pytest.fixture(scope="module")
def demo_server(database_url, tmp_path_factory, compiled_templates):
    """The demo seeded once and served for the module: each journey takes a consumer of its own
    with a submitted application."""
    with routes.world_app(database_url, tmp_path_factory.mktemp("change"),
                          compiled_templates) as app:
        with app.app_context():
            demo.seed()
        with serving(app) as url:
            yield url


@dataclass
class Journey:
    """Whose browser, which server, and how each page is checked."""

    page: object
    base: str
    check: object
    javascript: bool = True

    def next(self):
        self.page.get_by_role("button", name="Next", exact=True).click()

    def screenshots(self, name):
        """Full-page shots at each width, for a person to look at; the viewport is put back."""
        SHOTS.mkdir(exist_ok=True)
        suffix = "" if self.javascript else "_nojs"
        viewport = self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": viewport["height"]})
            self.page.screenshot(path=SHOTS / f"change_{name}_{width}{suffix}.png",
                                 full_page=True)
        self.page.set_viewport_size(viewport)


def current_results(consumer):
    """The case, and {person: program} of its current determination, as stored."""
    case = Case.get(Case.consumer == consumer)
    rows = determinations.current(case).members
    return case, {row.member.full_name: rules.PROGRAMS[row.program] for row in rows}


def dated_change(journey, first, changed_on):
    """The contact step, filled in from the case: Next without the date of the change is
    refused with what was typed kept; with it, on to Household members."""
    page = journey.page
    step_heading(page, "Primary applicant and contact")
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Report a change"))
           ).to_be_visible()
    for label, stored in (("Street address", first.street), ("City", first.city),
                          ("ZIP code", first.zip_code), ("County", first.county),
                          ("Phone number", first.phone)):
        expect(page.get_by_label(label, exact=True)).to_have_value(stored)
    phone = page.get_by_label("Phone number")
    phone.fill(NEW_PHONE)
    journey.next()
    expect(page.get_by_role("alert")).to_contain_text("Enter the date the change happened.")
    expect(phone).to_have_value(NEW_PHONE)
    change = CaseChange.get(CaseChange.case == Case.get(Case.application == first))
    assert change.changed_on is None and change.application.phone == first.phone
    journey.check(page)
    journey.screenshots("contact")
    page.get_by_label("Date of the change").fill(changed_on.isoformat())
    journey.next()
    return change


def add_baby(journey, consumer, born):
    """Household members: the baby in the "add a person" fields, the button that adds, Next."""
    page = journey.page
    baby = f"{BABY_FIRST_NAME} {consumer.last_name}"
    step_heading(page, "Household members")
    expect(person(page, f"{consumer.full_name} (primary applicant)")).to_be_visible()
    journey.check(page)
    new = page.get_by_role("group", name=re.compile(r"^Add a person"))
    new.get_by_label("First name").fill(BABY_FIRST_NAME)
    new.get_by_label("Last name").fill(consumer.last_name)
    new.get_by_label("Date of birth").fill(born.isoformat())
    new.get_by_label("Relationship to the primary applicant").select_option("child")
    answer(new, "Applying for health coverage?", "Yes")
    new.get_by_label("Federal tax filing").select_option("dependent")
    new.get_by_label("Citizenship or immigration status").select_option("citizen")
    answer(new, "American Indian or Alaska Native?", "No")
    answer(new, "Was in foster care when they turned 18?", "No")
    answer(new, "Serving a sentence in jail or prison?", "No")
    new.get_by_role("button", name="Save and add another person").click()
    # Back on the same step, the baby now one of the household, the "add" fields empty again.
    expect(person(page, baby)).to_be_visible()
    expect(page.get_by_role("group", name=re.compile(r"^Add a person")).get_by_label(
        "First name")).to_have_value("")
    journey.screenshots("household")
    journey.next()
    return baby


def what_changed(page):
    """{person: [before, now]} as the What changed table shows them."""
    rows = page.locator("table").filter(has_text="What changed for each person").locator(
        "tbody tr"
    )
    return {row.locator("th").inner_text(): row.locator("td").all_inner_texts()
            for row in rows.all()}


def report_a_new_baby(journey, username):
    """The consumer's journey from their home page to Results and back home; the stored case."""
    page, base = journey.page, journey.base
    consumer = Consumer.get(Consumer.user == User.get(User.username == username))
    first = Case.get(Case.consumer == consumer).application
    _, before = current_results(consumer)
    sign_in_consumer(page, base, username, demo.PASSWORD)
    page.get_by_role("button", name="Report a change").click()
    # The baby, born on the first of this month: the date of the change.
    born = utcnow().date().replace(day=1)
    change = dated_change(journey, first, born)
    baby = add_baby(journey, consumer, born)

    # Income as the case has it, the baby's $0 added.
    adult = ApplicationMember.get((ApplicationMember.application == first)
                                  & ApplicationMember.is_primary)
    income = f"{adult.income_amount:.2f}"
    expect(person(page, consumer.full_name).get_by_label("Income before taxes")
           ).to_have_value(income)
    # The steps between are the application's own, axe-checked in its journey: skipped here
    # for the suite's time.
    income_and_coverage(page, skip, {consumer.full_name: income, baby: "0"}, [baby])
    page.get_by_role("button", name="Next: sign").click()
    read_rights(page, skip)
    sign_and_submit(page, journey.check, consumer.full_name, "Sign and report the change")

    case, now = current_results(consumer)
    assert case.application_id == change.application_id and baby in now
    assert Application.get_by_id(first.id).status == "replaced"
    assert CaseChange.get_by_id(change.id).changed_on == born
    assert Application.get_by_id(change.application_id).phone == NEW_PHONE
    expect(page.get_by_text(re.compile(
        rf"^Case number {case.case_number} · version 2 · change reported"))).to_be_visible()
    assert shown_results(page) == now
    assert what_changed(page)[baby] == ["Not on the application", now[baby]]
    journey.screenshots("results")

    page.get_by_role("link", name="Version 1", exact=True).click()
    step_heading(page, "Your Health Care Results")
    assert page.url == f"{base}/applications/{first.id}/results"
    expect(page.get_by_text("This is version 1 of the case, kept as history")).to_be_visible()
    assert shown_results(page) == before
    journey.check(page)
    journey.screenshots("version_1")

    # The page's own way back (the header's "Your account" is the account settings).
    page.get_by_role("main").get_by_role("link", name="Your account").click()
    page.wait_for_url(f"{base}/consumer/")
    expect(page.locator("dt", has_text=re.compile(r"^Case$")).locator(FIGURE)
           ).to_contain_text(f"Case {case.case_number} · version 2, changed")
    determination = page.locator("dt", has_text="Determination").locator(FIGURE).locator("li")
    expect(determination).to_have_text([f"{name}: {program}" for name, program in now.items()])
    journey.screenshots("home")
    return case


def skip(page):
    """No axe-core run on this page."""


def versions(case):
    return [d.version for d in Determination.select().where(Determination.case == case)
            .order_by(Determination.version)]


def test_a_consumer_reports_a_new_baby(demo_server, page, axe_check):
    def check(p):
        assert axe_check(p) == []

    case = report_a_new_baby(Journey(page, demo_server, check), "consumer01")
    assert versions(case) == [1, 2]


def test_a_consumer_reports_a_new_baby_without_javascript(demo_server, browser):
    with browsing(browser, java_script_enabled=False) as page:
        # axe-core cannot run without JavaScript; the same pages were checked above.
        journey = Journey(page, demo_server, skip, javascript=False)
        case = report_a_new_baby(journey, "consumer38")
    assert versions(case) == [1, 2]
