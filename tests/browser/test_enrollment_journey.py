"""Enroll in a plan in Debian chromium (issue 8). The demo broker opens the demo client ready to
enroll (consumer01), agrees to the Privacy Policy, narrows the plans to Silver sorted by
deductible, compares three side by side, chooses one, applies part of the tax credit, prints the
Plan Summary, signs and reaches Thank You; the consumer then finds the enrollment on their home
page. The same journey works without JavaScript. axe-core finds no violation on any step."""

import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from db.accounts import User
from db.assisters import Assister
from db.cases import Case, Determination
from db.consumers import Consumer
from db.enrollments import Enrollment
from portal import demo
from portal.actors import SYSTEM
from portal.rules import latest_plan_year
from portal.services import plan_data
from tests.browser.conftest import sign_in_with_mfa
from tests.browser.test_application_journey import browsing, sign_in_consumer, step_heading

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "shots"
PART_OF_THE_CREDIT = "Apply part of it each month"
FIGURE = "xpath=./following-sibling::dd[1]"  # a <dt>'s figure


@dataclass
class Journey:
    """Who enrolls whom, in which browser, and how each page is checked."""

    page: object
    base: str
    consumer: Consumer
    broker: Assister
    password: str
    check: object
    javascript: bool = True

    def next(self, name="Next"):
        self.page.get_by_role("button", name=name, exact=True).click()

    def screenshot(self, name):
        SHOTS.mkdir(exist_ok=True)
        suffix = "" if self.javascript else "_nojs"
        self.page.screenshot(path=SHOTS / f"{name}{suffix}.png", full_page=True)


def open_client(journey):
    """Client Requests: search the last name, Assist Client, Confirm → Client Details."""
    page, consumer = journey.page, journey.consumer
    sign_in_with_mfa(page, journey.base, journey.broker.user, journey.password)
    page.get_by_label("Search by first or last name").fill(consumer.last_name)
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name=re.compile(rf"^Assist Client\W+{consumer.full_name}$")).click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name=f"Client Details: {consumer.full_name}")
           ).to_be_visible()


def plan_names(page):
    return page.locator(".portal-plan-list .usa-card__heading").all_inner_texts()


def shown_money(page, label):
    """The dollar figures in the `label` row of every plan card, in list order."""
    figures = page.locator(".portal-plan-list dt", has_text=label).locator(FIGURE)
    return [Decimal(text.strip("$").replace(",", "")) for text in figures.all_inner_texts()]


def shop_silver_by_deductible(journey):
    """Narrow to Silver, sort by deductible: in place with htmx, with Show plans without it."""
    page = journey.page
    step_heading(page, "Choose a plan")
    journey.check(page)
    everything = plan_names(page)
    if journey.javascript:
        # A marker on the window survives only if the page is not reloaded.
        page.evaluate("() => { window.stillThisPage = true; }")
    page.get_by_label("Metal level").select_option(label="Silver")
    page.get_by_label("Sort by").select_option("deductible")
    if journey.javascript:
        expect(page).to_have_url(re.compile(r"metal=silver.*sort=deductible"))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.stillThisPage") is True
    else:
        page.get_by_role("button", name="Show plans").click()
    expect(page.locator(".portal-plan-list .portal-muted").first).to_contain_text("Silver")
    silver = plan_names(page)
    assert 3 <= len(silver) < len(everything)
    metals = page.locator(".portal-plan-list .usa-card__header .portal-muted").all_inner_texts()
    assert all(" · Silver · " in text for text in metals)
    expect(page.get_by_text(f"{len(silver)} plans.")).to_be_visible()
    deductibles = shown_money(page, "Deductible")
    assert deductibles == sorted(deductibles)
    return silver


def compare_three(journey, silver):
    """Tick three plans, Compare ticked plans, choose the second in the comparison."""
    page = journey.page
    ticked = silver[:3]
    for card in page.locator(".portal-plan-list > li").all()[:3]:
        card.locator(".usa-checkbox__label").click()
    page.get_by_role("button", name="Compare ticked plans").click()
    comparison = page.get_by_role("table", name="The plans you ticked, side by side")
    expect(comparison).to_be_visible()
    headers = comparison.locator("thead th[scope=col]").all_inner_texts()[1:]
    assert [header.split("\n")[0] for header in headers] == ticked
    for row in ("Deductible", "Out-of-pocket maximum", "Primary care visit", "Network"):
        expect(comparison.locator("tbody tr", has_text=row).locator("td")).to_have_count(3)
    # The filters survive the comparison.
    expect(page.get_by_label("Metal level")).to_have_value("silver")
    journey.check(page)
    journey.screenshot("plans_compared")
    chosen = ticked[1]
    # The visually hidden plan name is read as a block: "Choose this plan : <name>".
    comparison.get_by_role("button", name=re.compile(rf"^Choose this plan\W+{re.escape(chosen)}$")
                           ).click()
    return chosen


def apply_part_of_the_credit(journey, chosen, amount):
    """Tax Credit Options: part, a dollar amount; the monthly effect follows what is typed."""
    page = journey.page
    step_heading(page, "Tax Credit Options")
    expect(page.get_by_text(f"Plan: {chosen}")).to_be_visible()
    journey.check(page)
    page.get_by_text(PART_OF_THE_CREDIT, exact=True).click()
    page.get_by_text("A dollar amount each month", exact=True).click()
    effect = page.locator("#effect")
    if journey.javascript:
        expect(page.get_by_role("button", name="Show the monthly effect")).to_have_count(0)
        value = page.get_by_label("Amount or share")
        value.press_sequentially(str(amount), delay=50)
        expect(effect).to_contain_text(f"tax credit ${amount:,.2f}")
        value.press("Backspace")
        expect(effect).to_contain_text(f"tax credit ${amount // 10:,.2f}")
        value.press_sequentially(str(amount)[-1])
    else:
        page.get_by_label("Amount or share").fill(str(amount))
        page.get_by_role("button", name="Show the monthly effect").click()
        expect(page.get_by_label("Amount or share")).to_have_value(str(amount))
        expect(page.locator("#aptc_choice input[value=part]")).to_be_checked()
    expect(effect).to_contain_text(f"tax credit ${amount:,.2f}")
    journey.check(page)
    page.locator("label[for=statements_agreed]").click()
    page.get_by_label("Tax filer's signature").fill(journey.consumer.full_name)
    journey.next()


def summary_printed_then_sign(journey, chosen, amount):
    page = journey.page
    step_heading(page, "Plan Summary")
    journey.check(page)
    summary = page.locator(".portal-print-form")
    expect(summary.get_by_role("heading", name=chosen)).to_be_visible()
    expect(summary.locator("dt", has_text="Tax credit applied").locator(FIGURE)
           ).to_have_text(f"${amount:,.2f}")
    expect(page.get_by_role("button", name="Print")).to_be_visible(visible=journey.javascript)
    page.emulate_media(media="print")
    journey.screenshot("plan_summary_print")
    # What the print stylesheet leaves out: navigation, the steps and every button.
    for hidden in (page.get_by_role("navigation", name="Steps"), page.locator(".usa-header"),
                   page.get_by_role("button", name="Next: sign")):
        expect(hidden).to_be_hidden()
    expect(summary.get_by_role("heading", name=chosen)).to_be_visible()
    page.emulate_media(media="screen")
    journey.next("Next: sign")

    step_heading(page, "Confirmation and Signature")
    expect(page.get_by_text("You will be recorded as the Agent of Record")).to_be_visible()
    journey.check(page)
    page.get_by_label("Electronic signature").fill(journey.consumer.full_name.upper())
    journey.next("Confirm enrollment")


def enroll_on_behalf(journey, amount):
    """The broker's journey from Client Details to Thank You: the stored enrollment."""
    page = journey.page
    open_client(journey)
    page.get_by_role("button", name="Enroll in a plan").click()
    step_heading(page, "Privacy Policy")
    journey.check(page)
    journey.next("I agree: choose a plan")
    expect(page.get_by_role("alert")).to_contain_text("Agree to the Privacy Policy to continue.")
    page.locator("label[for=agree]").click()
    journey.next("I agree: choose a plan")

    chosen = compare_three(journey, shop_silver_by_deductible(journey))
    apply_part_of_the_credit(journey, chosen, amount)
    summary_printed_then_sign(journey, chosen, amount)

    step_heading(page, "Thank You")
    journey.check(page)
    journey.screenshot("thank_you")
    enrollment = Enrollment.get(Enrollment.consumer == journey.consumer)
    assert enrollment.status == "enrolled" and enrollment.plan.name == chosen
    assert enrollment.agent_of_record_id == journey.broker.id
    assert enrollment.signed_by_id == journey.broker.user_id
    assert enrollment.aptc_applied_monthly == min(Decimal(amount), enrollment.premium_monthly)
    assert enrollment.net_premium_monthly == (
        enrollment.premium_monthly - enrollment.aptc_applied_monthly)
    expect(page.get_by_role("status")).to_contain_text(
        f"Confirmation number {enrollment.confirmation_number}")
    expect(page.get_by_text(f"{chosen} ({enrollment.plan.carrier.name})")).to_be_visible()
    expect(page.locator("dd", has_text=journey.broker.full_name)).to_be_visible()
    return enrollment


def part_of(consumer):
    """A dollar amount under the household's maximum credit (a whole number, for typing)."""
    maximum = Determination.get(Determination.case == Case.get(Case.consumer == consumer)
                                ).max_aptc_monthly
    assert maximum > 50
    return int(maximum * 2 / 3)


def test_broker_enrolls_the_demo_client_who_then_sees_it(app, live_server, page, browser,
                                                          axe_check):
    with app.app_context():
        demo.seed()
    consumer = Consumer.get(Consumer.email == "consumer01@consumers.example")
    broker = Assister.get(Assister.user == User.get(User.username == "broker"))

    def check(p):
        assert axe_check(p) == []

    journey = Journey(page, live_server, consumer, broker, demo.PASSWORD, check)
    enrollment = enroll_on_behalf(journey, part_of(consumer))

    with browsing(browser) as at_home:
        sign_in_consumer(at_home, live_server, "consumer01", demo.PASSWORD)
        enrolled = at_home.locator("dt", has_text="Enrollment").locator(FIGURE)
        expect(enrolled).to_contain_text(enrollment.plan.name)
        expect(enrolled).to_contain_text(f"confirmation {enrollment.confirmation_number}")
        expect(enrolled).to_contain_text(f"Agent of Record {broker.full_name}")
        check(at_home)


def test_broker_enrolls_a_client_without_javascript(app, live_server, browser, factories):
    broker = factories.assister("broker", with_account=True)
    consumer = factories.consumer()
    with app.app_context():
        plan_data.load_plans(SYSTEM, latest_plan_year())
        # The demo's way to a submitted application eligible for a plan with tax credit.
        demo.ready_to_enroll(consumer, broker)
    with browsing(browser, java_script_enabled=False) as page:
        # axe-core cannot run without JavaScript; the same pages were checked above.
        journey = Journey(page, live_server, consumer, broker, factories.PASSWORD,
                          lambda p: None, javascript=False)
        enroll_on_behalf(journey, part_of(consumer))
