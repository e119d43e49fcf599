"""Certification, training and agencies in Debian chromium (S8, S13): an organization applies,
staff approve it, its agency administrator activates their account, a navigator registers and is
approved by a roster CSV, fails the assessment with 60 % and masters it with 70 %, is emailed the
activation and signs in; the agency administrator hands a departing navigator's clients over and
a consumer confirms the new one. axe-core finds nothing on any page of the way. The roster and
the assessment are also used with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from db.accounts import User
from db.assisters import AgencyAdmin, Assister, RegistrationNumber
from db.associations import Association
from db.training import AssessmentAttempt, AssessmentQuestion
from portal.actors import SYSTEM
from portal.services import courses, training
from tests.browser.conftest import open_newest_mail, session_state, sign_in_with_mfa

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b")
PASSWORD = "a long passphrase for the agency 2026"


def _tick(page, name, value):
    """Choose a USWDS checkbox or radio button as a person does: by its label (the input itself
    is drawn off screen)."""
    input_id = page.locator(f"input[name={name}][value='{value}']").get_attribute("id")
    page.locator(f"label[for='{input_id}']").click()






def _activate(page, live_server, axe_check, person, username):
    """Create the account from the newest activation email, as the manual's steps say."""
    body = open_newest_mail(
        page, live_server, "Action required: Activate your Assister Portal account")
    number = NUMBER.findall(body)[-1]
    page.goto(f"{live_server}/register")
    page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Accept").click()
    page.get_by_label("First name").fill(person.first_name)
    page.get_by_label("Last name").fill(person.last_name)
    page.get_by_label("Phone number").fill(person.phone)
    page.get_by_label("Email address", exact=True).fill(person.email)
    page.get_by_label("Confirm email address").fill(person.email)
    page.locator("label[for=no_ssn]").click()
    page.get_by_label("Registration Number").fill(number)
    page.get_by_label("Numbers in the CAPTCHA image").fill(
        session_state(page, "activation")["captcha"]
    )
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Account Information")).to_be_visible()
    assert axe_check(page) == []
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    for n, answer in ((1, "Duluth"), (2, "Rex"), (3, "Blue")):
        page.get_by_label(f"Security question {n}").select_option(index=n)
        page.get_by_label(f"Answer {n}").fill(answer)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("main")).to_contain_text(username)
    return User.get(User.username == username)


def _apply_for_the_agency(page, live_server, axe_check):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Become a certified assister").click()
    assert axe_check(page) == []
    page.get_by_role("link", name="Apply to be a certified agency").click()
    assert axe_check(page) == []
    page.fill("#legal_name", "Riverbend Navigators")
    _tick(page, "kind", "navigator")
    page.fill("#street", "20 W Main St")
    page.fill("#city", "Saint Paul")
    page.fill("#zip_code", "55102")
    page.select_option("#county", "Ramsey")
    page.fill("#phone", "651-555-0150")
    _tick(page, "counties_served", "Ramsey")
    _tick(page, "languages", "English")
    page.fill("#contact_first_name", "Ruth")
    page.fill("#contact_last_name", "Okonkwo")
    page.fill("#contact_email", "ruth@riverbend.example")
    page.fill("#contact_phone", "651-555-0151")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name=re.compile("received", re.I))).to_be_visible()
    assert axe_check(page) == []


def _staff_approve(page, live_server, axe_check, staff):
    sign_in_with_mfa(page, live_server, staff, "correct horse battery staple",
                     lands_on="/admin/")
    page.goto(f"{live_server}/admin/admin_agency_application/")
    with page.expect_navigation():
        page.get_by_title("Approve").first.click()
    assert axe_check(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Sign out").click()


def _register_a_navigator(page, live_server, axe_check, agency):
    page.goto(f"{live_server}/certification/register")
    assert axe_check(page) == []
    _tick(page, "assister_type", "navigator")
    page.select_option("#agency_id", str(agency.id))
    page.fill("#first_name", "Sam")
    page.fill("#last_name", "Vue")
    page.fill("#email", "sam.vue@riverbend.example")
    page.fill("#phone", "651-555-0152")
    page.fill("#street", "20 W Main St")
    page.fill("#city", "Saint Paul")
    page.fill("#zip_code", "55102")
    page.select_option("#county", "Ramsey")
    _tick(page, "languages", "English")
    _tick(page, "languages", "Hmong")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name=re.compile("registered", re.I))).to_be_visible()
    assert axe_check(page) == []
    return Assister.get(Assister.email == "sam.vue@riverbend.example")


def _approve_by_csv(page, live_server, axe_check, tmp_path):
    page.goto(f"{live_server}/agency/roster")
    assert axe_check(page) == []
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "email,first_name,last_name,type,action\r\n"
        "sam.vue@riverbend.example,Sam,Vue,navigator,approve\r\n",
        encoding="utf-8",
    )
    page.set_input_files("input[type=file]", str(roster))
    page.get_by_role("button", name="Upload and apply").click()
    expect(page.locator("main")).to_contain_text("sam.vue@riverbend.example")
    assert axe_check(page) == []


def _answer(page, attempt_id, right):
    """Answer the attempt's questions, the first `right` of them rightly."""
    attempt = AssessmentAttempt.get_by_id(attempt_id)
    for n, question_id in enumerate(int(i) for i in attempt.question_ids.split(",")):
        question = AssessmentQuestion.get_by_id(question_id)
        choice = question.correct_choice if n < right else (
            "b" if question.correct_choice == "a" else "a")
        _tick(page, f"q{question_id}", choice)
    page.get_by_role("button", name="Submit answers").click()


def _take_the_course(page, live_server, axe_check, navigator, app):
    """Sign in to the course with the Training ID, every module, fail with 60 %, then master."""
    training_id = NUMBER.findall(
        open_newest_mail(page, live_server, "Your Training ID for the Assister Portal course"))[-1]
    page.goto(f"{live_server}/training/sign-in")
    assert axe_check(page) == []
    page.fill("#email", navigator.email)
    page.fill("#training_id", training_id)
    page.get_by_role("button", name="Sign in to the course").click()
    assert axe_check(page) == []
    modules = list(courses.current_course().modules)
    page.goto(f"{live_server}/training/modules/{modules[0].id}")
    assert axe_check(page) == []
    for _ in modules:
        page.get_by_role("button", name="Mark as complete and continue").click()
    page.goto(f"{live_server}/training/")
    page.get_by_role("button", name="Start the assessment").click()
    assert axe_check(page) == []
    first = AssessmentAttempt.select().order_by(AssessmentAttempt.id.desc()).get()
    _answer(page, first.id, right=6)
    expect(page.locator("main")).to_contain_text("60")
    assert axe_check(page) == []
    app.config["ASSESSMENT_RETRY_HOURS"] = 0
    page.goto(f"{live_server}/training/")
    page.get_by_role("button", name="Start the assessment").click()
    second = AssessmentAttempt.select().order_by(AssessmentAttempt.id.desc()).get()
    assert second.id != first.id
    _answer(page, second.id, right=7)
    expect(page.locator("main")).to_contain_text("70")
    assert axe_check(page) == []
    assert Assister.get_by_id(navigator.id).mastered_course_year == courses.current_course().year


def test_an_agency_is_certified_and_trains_a_navigator(
    app, live_server, page, axe_check, factories, tmp_path
):
    app.config["ASSESSMENT_QUESTIONS"] = 10
    staff = factories.staff()
    _apply_for_the_agency(page, live_server, axe_check)
    _staff_approve(page, live_server, axe_check, staff)

    admin = AgencyAdmin.get(AgencyAdmin.email == "ruth@riverbend.example")
    user = _activate(page, live_server, axe_check, admin, "ruth.okonkwo")
    sign_in_with_mfa(page, live_server, user, PASSWORD, lands_on="/agency/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Sign out").click()

    navigator = _register_a_navigator(page, live_server, axe_check, admin.agency)
    sign_in_with_mfa(page, live_server, user, PASSWORD, lands_on="/agency/")
    _approve_by_csv(page, live_server, axe_check, tmp_path)
    navigator = Assister.get_by_id(navigator.id)
    assert (navigator.roster_status, navigator.certification_status) == ("approved", "confirmed")
    page.get_by_role("button", name="Sign out").click()

    _take_the_course(page, live_server, axe_check, navigator, app)
    page.get_by_role("button", name="Leave the course").click()
    sam = _activate(page, live_server, axe_check, navigator, "sam.vue")
    sign_in_with_mfa(page, live_server, sam, PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Sam")).to_be_visible()
    assert axe_check(page) == []
    page.get_by_role("button", name="Sign out").click()

    _hand_over_a_departing_navigators_client(page, live_server, axe_check, factories, user, sam)


def _hand_over_a_departing_navigators_client(page, live_server, axe_check, factories, user, sam):
    """Lee leaves Riverbend: Ruth marks him inactive and hands his client over to Sam, and the
    client authorizes Sam on Manage Assister."""
    navigator = Assister.get(Assister.user == sam.id)
    lee = factories.assister("navigator", with_account=True, agency=navigator.agency_id,
                             first_name="Lee", last_name="Moua")
    client = factories.consumer(first_name="Hana", last_name="Berg")
    factories.association(client, lee)
    sign_in_with_mfa(page, live_server, user, PASSWORD, lands_on="/agency/")
    page.get_by_role("link", name="Roster").click()
    page.get_by_role("button", name=re.compile(r"Mark inactive\W+Lee Moua")).click()
    page.get_by_role("link", name="Hand over clients").click()
    assert axe_check(page) == []
    page.get_by_role("link", name=re.compile("Hand over.*Lee Moua")).click()
    assert axe_check(page) == []
    page.get_by_label("Who takes over").select_option(str(navigator.id))
    page.get_by_role("button", name="Continue").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Hand over 1 client").click()
    assert axe_check(page) == []
    # Nobody has access in between: Lee's association has ended, Sam's waits for Hana.
    assert Association.get(Association.assister == lee.id).ended_at is not None
    assert not Association.select().where(Association.assister == navigator.id).exists()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Username").fill(client.user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Manage Assister").first.click()
    expect(page.locator("main")).to_contain_text("asked Sam Vue to take over from Lee Moua")
    assert axe_check(page) == []
    page.get_by_role("link", name=re.compile("Review and authorize")).first.click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Confirm").click()
    assert axe_check(page) == []
    association = Association.get(Association.assister == navigator.id)
    assert association.consumer_id == client.id and association.ended_at is None


def test_the_roster_and_the_assessment_work_without_javascript(
    app, live_server, browser, factories
):
    app.config["ASSESSMENT_QUESTIONS"] = 10
    admin = factories.agency_admin()
    waiting = factories.assister(
        "navigator", agency=admin.agency, first_name="Mai", last_name="Xiong",
        roster_status="pending", certification_status="pending", mastered_course_year=None,
    )
    with app.app_context():
        training_id = training.issue_training_id(SYSTEM, waiting)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    sign_in_with_mfa(page, live_server, admin.user, factories.PASSWORD, lands_on="/agency/")
    page.goto(f"{live_server}/agency/roster")
    page.get_by_role("button", name=re.compile(r"Approve for portal access\W+Mai Xiong")).click()
    expect(page.locator("main")).to_contain_text("Mai Xiong")
    waiting = Assister.get_by_id(waiting.id)
    assert (waiting.roster_status, waiting.certification_status) == ("approved", "confirmed")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server}/training/sign-in")
    page.fill("#email", waiting.email)
    page.fill("#training_id", training_id)
    page.get_by_role("button", name="Sign in to the course").click()
    for module in courses.current_course().modules:
        page.goto(f"{live_server}/training/modules/{module.id}")
        page.get_by_role("button", name="Mark as complete and continue").click()
    page.goto(f"{live_server}/training/")
    page.get_by_role("button", name="Start the assessment").click()
    attempt = AssessmentAttempt.select().order_by(AssessmentAttempt.id.desc()).get()
    _answer(page, attempt.id, right=10)
    expect(page.locator("main")).to_contain_text("100")
    assert Assister.get_by_id(waiting.id).mastered_course_year == courses.current_course().year
    # Certified, approved and trained: the activation email went out by itself.
    assert RegistrationNumber.select().where(RegistrationNumber.assister == waiting.id).exists()
    context.close()
