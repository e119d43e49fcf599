"""The application wizard in Debian chromium (issue 7). The demo navigator resumes the demo
consumer's draft at Income, completes it (only the child is asked whether income is from work),
reads the Notice of Rights and Responsibilities, signs with the Assister section and submits;
the consumer, who meanwhile found the application being edited and read-only, then sees the
same case and who entered each answer. A consumer also applies from scratch, with JavaScript and
without, as a permanent resident (a status date in the future is refused). axe-core finds no
violation on any step."""

import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from db.accounts import User
from db.applications import AnswerProvenance, Application
from db.assisters import Assister
from db.cases import Case, MemberDetermination
from db.consumers import Consumer
from portal import demo, rules
from tests.browser.conftest import sign_in_with_mfa

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "shots"
ENTERED_BY = "Entered by {} ({})"


@contextmanager
def browsing(browser, java_script_enabled=True):
    """A page in a context of its own (a second person, or no JavaScript), CSP-checked like the
    `page` fixture's."""
    context = browser.new_context(java_script_enabled=java_script_enabled)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    try:
        yield page
    finally:
        context.close()
    assert violations == []


@pytest.fixture
def demo_data(app):
    """The demo seed: its consumer's draft (left at Income, with a child, Maya) and the demo
    navigator it is associated with."""
    with app.app_context():
        demo.seed()
    consumer = Consumer.get(Consumer.email == "consumer@consumers.example")
    navigator = Assister.get(Assister.user == User.get(User.username == "navigator"))
    return consumer, navigator


def sign_in_consumer(page, base, username, password):
    page.goto(f"{base}/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/consumer/")


def person(page, name):
    """One person's fieldset on a per-person step, found by its legend."""
    return page.get_by_role("group", name=name, exact=True)


def answer(scope, question, choice):
    # USWDS draws its own radio: the label is what a user clicks.
    scope.get_by_role("group", name=question).get_by_text(choice, exact=True).click()


def step_heading(page, name):
    expect(page.get_by_role("heading", level=2, name=name, exact=True)).to_be_visible()


def income_and_coverage(page, check, incomes, dependents=()):
    """Income for each person (monthly), Next; no other coverage for anyone, Next. Only the
    `dependents` are asked whether their income is from work (not required at $0)."""
    step_heading(page, "Income")
    check(page)
    for name in incomes:
        expect(person(page, name).get_by_role("group", name="Is this income mostly from work")
               ).to_have_count(1 if name in dependents else 0)
    for name, amount in incomes.items():
        person(page, name).get_by_label("Income before taxes").fill(amount)
        person(page, name).get_by_label("How often").select_option("monthly")
    page.get_by_role("button", name="Next", exact=True).click()
    step_heading(page, "Other health coverage")
    check(page)
    for name in incomes:
        for question in ("Enrolled in Medicare?", "Enrolled in other public coverage",
                         "Offered health coverage through their own job"):
            answer(person(page, name), question, "No")
    page.get_by_role("button", name="Next", exact=True).click()
    step_heading(page, "Summary")
    check(page)


def read_rights(page, check):
    step_heading(page, "Signature")
    check(page)
    expect(page.get_by_text("Open the notice, read it and choose")).to_be_visible()
    page.get_by_role("link", name="Read the Notice of Rights and Responsibilities").click()
    step_heading(page, "Notice of Rights and Responsibilities")
    check(page)
    page.get_by_role("button", name="I have read my rights and responsibilities").click()
    step_heading(page, "Signature")
    expect(page.get_by_text("You confirmed that you read the notice.")).to_be_visible()


def sign_and_submit(page, check, signer, button="Submit application"):
    page.locator("label[for=attested]").click()
    page.get_by_label("Type the primary applicant's full name to sign").fill(signer)
    page.get_by_role("button", name=button).click()
    step_heading(page, "Your Health Care Results")
    check(page)


def shown_results(page):
    """{person: result} as the Results table shows them."""
    rows = page.locator("table").filter(has_text="What each person qualifies for").locator(
        "tbody tr"
    )
    return {
        row.locator("th").inner_text(): row.locator("td").first.inner_text().split("\n")[0]
        for row in rows.all()
    }


def stored_results(application):
    case = Case.get(Case.application == application)
    rows = case.determinations.get().members
    return case, {row.member.full_name: rules.PROGRAMS[row.program] for row in rows}


def test_navigator_resumes_signs_and_submits_then_the_consumer_sees_it(
    app, live_server, page, browser, axe_check, demo_data
):
    consumer, navigator = demo_data
    maya = f"Maya {consumer.last_name}"

    def check(p):
        assert axe_check(p) == []

    sign_in_with_mfa(page, live_server, navigator.user, demo.PASSWORD)
    reference_number = page.locator(".portal-reference-summary strong").inner_text()
    page.get_by_label("Search by first or last name").fill(consumer.last_name)
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name=re.compile(rf"^Assist Client\W+{consumer.full_name}$")).click()
    page.get_by_role("button", name="Confirm").click()
    client_details = page.get_by_role("heading", name=f"Client Details: {consumer.full_name}")
    expect(client_details).to_be_visible()
    page.get_by_role("button", name="Resume application").click()
    page.wait_for_url(re.compile(r"/applications/\d+/income$"))
    application_url = page.url.rsplit("/", 1)[0]

    with browsing(browser) as at_home:
        sign_in_consumer(at_home, live_server, "consumer", demo.PASSWORD)
        income_and_coverage(page, check, {consumer.full_name: "2500", maya: "0"}, [maya])
        # One editor at a time: once the navigator has saved a step (opening one holds
        # nothing), the consumer only reads.
        at_home.get_by_role("button", name="Resume application").click()
        expect(at_home.get_by_role("heading", name=re.compile(
            rf"^Being edited by {navigator.full_name} \(assister\) since"
        ))).to_be_visible()
        expect(at_home.get_by_text("This is the application as it was last saved.")).to_be_visible()
        expect(at_home.locator("main form")).to_have_count(0)
        expect(at_home.get_by_role("textbox")).to_have_count(0)

        expect(page.get_by_text(ENTERED_BY.format(consumer.full_name, "the consumer")).first
               ).to_be_visible()
        expect(page.get_by_text(ENTERED_BY.format(navigator.full_name, "assister")).first
               ).to_be_visible()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / "summary.png", full_page=True)
        page.get_by_role("button", name="Next: sign").click()

        read_rights(page, check)
        section = page.get_by_role("group", name="Assister section")
        answer(section, "Did you, a navigator or certified application counselor", "Yes")
        section.get_by_label("Assister ID").fill(reference_number)
        section.get_by_label("Full organization name").fill(navigator.organization)
        sign_and_submit(page, check, consumer.full_name)
        page.screenshot(path=SHOTS / "results.png", full_page=True)

        application = Application.get(Application.consumer == consumer)
        case, stored = stored_results(application)
        assert application.status == "submitted" and application.signed_by_id == navigator.user_id
        assert application.assisted_by.assister_id == navigator.id
        assert case.association_id == application.assisted_by_id
        assert set(stored) == {consumer.full_name, maya}
        expect(page.get_by_text(f"Case number {case.case_number}")).to_be_visible()
        assert shown_results(page) == stored
        income_by = {
            row.answer: row.entered_by_id
            for row in AnswerProvenance.select().where(
                (AnswerProvenance.application == application)
                & AnswerProvenance.answer.endswith(".income_amount")
            )
        }
        assert list(income_by.values()) == [navigator.user_id] * 2

        # The consumer, at home, sees the same application, case and provenance.
        at_home.goto(f"{live_server}/consumer/")
        expect(at_home.get_by_text(f"Case {case.case_number}")).to_be_visible()
        at_home.get_by_role("link", name="Your Health Care Results").click()
        assert at_home.url == f"{application_url}/results"
        expect(at_home.get_by_text(f"Case number {case.case_number}")).to_be_visible()
        assert shown_results(at_home) == stored
        at_home.get_by_text("The answers on this application").click()
        expect(at_home.get_by_text(ENTERED_BY.format(navigator.full_name, "assister")).first
               ).to_be_visible()
        check(at_home)


def apply_from_scratch(page, base, check, consumer, password):
    """Apply for assistance with Health Care → every step → signature → Results."""
    sign_in_consumer(page, base, consumer.user.username, password)
    page.get_by_role("button", name="Apply for assistance with Health Care").click()
    step_heading(page, "Primary applicant and contact")
    check(page)
    page.get_by_label("Street address").fill("12 Elm St")
    page.get_by_label("City").fill("Saint Paul")
    page.get_by_label("ZIP code").fill("55101")
    page.get_by_role("button", name="Next", exact=True).click()
    # Bad input: a clear message, what was typed kept, nothing saved.
    expect(page.get_by_role("alert")).to_contain_text("Choose the county you live in.")
    expect(page.get_by_label("Street address")).to_have_value("12 Elm St")
    assert Application.get(Application.consumer == consumer).street is None
    check(page)
    page.get_by_label("County").select_option("Ramsey")
    page.get_by_role("button", name="Next", exact=True).click()

    step_heading(page, "Household members")
    check(page)
    primary = person(page, f"{consumer.full_name} (primary applicant)")
    answer(primary, "Applying for health coverage?", "Yes")
    primary.get_by_label("Federal tax filing").select_option("filer")
    primary.get_by_label("Citizenship or immigration status").select_option("permanent_resident")
    status_since = primary.get_by_label("Date the permanent resident status was granted")
    status_since.fill("2099-01-01")
    answer(primary, "American Indian or Alaska Native?", "No")
    answer(primary, "Serving a sentence in jail or prison?", "No")
    # Under 26 only: the primary applicant (born 1980) is not asked.
    expect(primary.get_by_role("group", name="in foster care")).to_have_count(0)
    page.get_by_role("button", name="Next", exact=True).click()
    # The date asked of a permanent resident: a future one is refused, what was typed kept.
    expect(page.get_by_role("alert")).to_contain_text(
        "The date the status was granted can't be in the future.")
    expect(status_since).to_have_value("2099-01-01")
    assert Application.get(Application.consumer == consumer).completed == {"contact"}
    check(page)
    status_since.fill("2019-05-01")
    page.get_by_role("button", name="Next", exact=True).click()

    income_and_coverage(page, check, {consumer.full_name: "1500"})
    expect(page.get_by_text(ENTERED_BY.format(consumer.full_name, "the consumer")).first
           ).to_be_visible()
    page.get_by_role("button", name="Next: sign").click()
    read_rights(page, check)
    expect(page.get_by_role("group", name="Assister section")).to_have_count(0)
    sign_and_submit(page, check, consumer.full_name.lower())

    application = Application.get(Application.consumer == consumer)
    case, stored = stored_results(application)
    assert application.status == "submitted" and application.county == "Ramsey"
    # $18,000 a year for one adult is under 133% of the guideline: Medical Assistance (a
    # permanent resident for more than five years is not barred from it).
    assert stored == {consumer.full_name: "Medical Assistance"}
    assert shown_results(page) == stored
    # The rule that decided, as the determination stored it.
    rule = MemberDetermination.get(MemberDetermination.program == "medical_assistance").rule
    assert rule
    expect(page.get_by_text(f"Rule: {rule}", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Case number {case.case_number}")).to_be_visible()


def test_a_consumer_applies_from_scratch(app, live_server, page, axe_check, factories):
    def check(p):
        assert axe_check(p) == []

    apply_from_scratch(page, live_server, check, factories.consumer(), factories.PASSWORD)


def test_a_consumer_applies_without_javascript(app, live_server, browser, factories):
    with browsing(browser, java_script_enabled=False) as page:
        # axe-core cannot run without JavaScript; the same pages were checked above.
        apply_from_scratch(page, live_server, lambda p: None, factories.consumer(),
                           factories.PASSWORD)
