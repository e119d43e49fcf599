"""Report a change (S6.5) through the test client: the same screens prefilled from the case, the
date of the change, a new baby or new income, the case's next version with what changed per
person, its notice, the earlier version kept, and the refusals."""

import re
from datetime import date, timedelta

import pytest
from playhouse.shortcuts import model_to_dict

from db import utcnow
from db.applications import AnswerProvenance, Application, ApplicationMember
from db.associations import Association
from db.cases import Case, CaseChange, Determination, MemberDetermination
from db.enrollments import Enrollment, EnrollmentPremium
from db.notices import Notice
from db.verifications import VerificationRequest
from portal.actors import SYSTEM
from portal.services import changes, determinations, plan_data
from tests.conftest import csrf_token_from
from tests.views.test_enrollment import enroll_start, through_summary
from tests.views.wizard import (
    CONTACT,
    page,
    per_member,
    post_step,
    read_rights,
    submitted,
    version_of,
)

BABY = {"new_member-first_name": "Maya", "new_member-last_name": "Consumer",
        "new_member-relationship": "child", "new_member-applying": "yes",
        "new_member-tax_filing": "dependent", "new_member-immigration_status": "citizen",
        "new_member-american_indian": "no", "new_member-incarcerated": "no",
        "new_member-former_foster_care": "no"}
NO_COVERAGE = {"has_medicare": "no", "has_other_public_coverage": "no", "employer_offer": "no"}


@pytest.fixture
def consumer(factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return consumer


def report_change(client, post_form, consumer_id, page_url="/consumer/"):
    response = post_form(f"/applications/change/{consumer_id}", {}, page=page_url)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[0]


def contact_answers(changed_on):
    """The contact step as prefilled from the case (the wizard's CONTACT), and the date."""
    return {**CONTACT, "changed_on": changed_on}


def sign(client, url, name="Carl Consumer"):
    read_rights(client, url)
    response = post_step(client, f"{url}/signature", {"attested": "y", "signed_name": name},
                         action="submit")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def test_a_new_baby_makes_the_next_version_of_the_case(client, post_form, consumer):
    first_url = submitted(client, post_form, consumer.id, "/consumer/")
    case = Case.get()
    home = page(client, "/consumer/")
    assert "Report a change" in home
    url = report_change(client, post_form, consumer.id)
    assert url != first_url
    contact = page(client, f"{url}/contact")
    assert "Report a change" in contact and "Date of the change" in contact
    assert 'value="12 Elm St"' in contact  # prefilled from the case
    # The date is required, and not in the future: refused with what was typed kept.
    answers = contact_answers("")
    response = post_step(client, f"{url}/contact", {**answers, "street": "9 Oak Ave"})
    assert response.status_code == 422
    assert "Enter the date the change happened." in response.get_data(as_text=True)
    assert 'value="9 Oak Ave"' in response.get_data(as_text=True)
    tomorrow = (utcnow().date() + timedelta(days=1)).isoformat()
    response = post_step(client, f"{url}/contact", {**answers, "changed_on": tomorrow})
    assert response.status_code == 422
    assert "can&#39;t be in the future" in response.get_data(as_text=True)
    assert CaseChange.get().changed_on is None
    born = utcnow().date().replace(day=1)
    response = post_step(client, f"{url}/contact", {**answers, "changed_on": born.isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert CaseChange.get().changed_on == born
    # The baby joins the household; income and coverage are asked again for everyone.
    household = page(client, f"{url}/household")
    primary = {"applying": "yes", "tax_filing": "filer", "immigration_status": "citizen",
               "american_indian": "no", "incarcerated": "no"}
    data = {**per_member(household, [primary]), **BABY,
            "new_member-date_of_birth": born.isoformat()}
    assert post_step(client, f"{url}/household", data).status_code == 302
    income = page(client, f"{url}/income")
    assert post_step(client, f"{url}/income", per_member(income, [
        {"income_amount": "3300", "income_frequency": "monthly"},
        {"income_amount": "0", "income_frequency": "monthly"},
    ])).status_code == 302
    coverage = page(client, f"{url}/coverage")
    assert post_step(client, f"{url}/coverage",
                     per_member(coverage, [NO_COVERAGE])).status_code == 302
    summary = page(client, f"{url}/summary")
    assert "<strong>Maya Consumer</strong>: added to the application" in summary
    assert post_step(client, f"{url}/summary", {}).status_code == 302
    response = sign(client, url)
    assert response.headers["Location"].endswith(f"{url}/results")

    # One case, two versions; the first kept as it was.
    assert Case.select().count() == 1
    case = Case.get()
    assert case.application_id == int(url.rsplit("/", 1)[1])
    assert [d.version for d in Determination.select().order_by(Determination.version)] == [1, 2]
    assert Application.get_by_id(int(first_url.rsplit("/", 1)[1])).status == "replaced"
    baby = ApplicationMember.get(ApplicationMember.first_name == "Maya")
    assert baby.same_as is None
    carl = ApplicationMember.get((ApplicationMember.application == case.application_id)
                                 & ApplicationMember.is_primary)
    assert carl.same_as.application_id == int(first_url.rsplit("/", 1)[1])
    results = page(client, f"{url}/results")
    assert "version 2" in results and "What changed" in results
    assert re.search(r"Maya Consumer</th>\s*<td data-label=\"Before\">Not on the application</td>"
                     r"\s*<td data-label=\"Now\"><strong>Medical Assistance", results)
    # The change's notice says what changed, person by person.
    notice = Notice.get(Notice.kind == "change")
    assert "Maya Consumer: added to the application: Medical Assistance." in notice.body
    assert f"a change on {born:%B %-d, %Y}" in notice.body
    # The earlier version stays viewable, marked as history; its steps are closed.
    earlier = page(client, f"{first_url}/results")
    assert "kept as history" in earlier and "Maya" not in earlier
    assert client.get(f"{first_url}/contact").status_code == 302
    # Carried-over answers keep who entered them.
    assert AnswerProvenance.select().where(
        AnswerProvenance.application == case.application_id
    ).count() > 5


def test_lower_income_moves_a_person_to_medical_assistance(client, post_form, consumer):
    submitted(client, post_form, consumer.id, "/consumer/")
    url = report_change(client, post_form, consumer.id)
    assert post_step(client, f"{url}/contact", contact_answers(
        utcnow().date().replace(day=1).isoformat())).status_code == 302
    income = page(client, f"{url}/income")
    assert post_step(client, f"{url}/income", per_member(
        income, [{"income_amount": "1200", "income_frequency": "monthly"}])).status_code == 302
    assert post_step(client, f"{url}/summary", {}).status_code == 302
    sign(client, url)
    programs = [row.program for row in MemberDetermination.select().join(Determination)
                .order_by(Determination.version)]
    assert programs == ["qhp_with_aptc", "medical_assistance"]
    body = Notice.get(Notice.kind == "change").body
    assert ("Carl Consumer: Qualified Health Plan with premium tax credit → Medical Assistance."
            in body)
    assert "Premium tax credit, the household's most a month: $" in body
    assert "→ $0.00" in body


def test_reporting_twice_resumes_the_one_report(client, post_form, consumer):
    submitted(client, post_form, consumer.id, "/consumer/")
    url = report_change(client, post_form, consumer.id)
    assert report_change(client, post_form, consumer.id) == url
    assert CaseChange.select().count() == 1
    home = page(client, "/consumer/")
    assert "Resume change report" in home and "a change report is in progress" in home


def test_a_change_needs_a_submitted_application(client, post_form, consumer):
    response = post_form(f"/applications/change/{consumer.id}", {}, page="/consumer/")
    assert response.status_code == 302
    assert "once an application is submitted" in page(client, "/consumer/")
    assert CaseChange.select().count() == 0


def test_rescinding_waits_for_the_change_report(client, post_form, consumer):
    first_url = submitted(client, post_form, consumer.id, "/consumer/")
    report_change(client, post_form, consumer.id)
    response = post_form(f"{first_url}/rescind", {"reason": "Moving away"},
                         page=f"{first_url}/rescind")
    assert response.status_code == 422
    assert "change report is in progress" in response.get_data(as_text=True)
    assert Case.get().status == "open"


def test_a_change_date_before_the_plan_year_is_refused(client, post_form, consumer):
    submitted(client, post_form, consumer.id, "/consumer/")
    url = report_change(client, post_form, consumer.id)
    plan_year = Application.get_by_id(int(url.rsplit("/", 1)[1])).plan_year
    response = post_step(client, f"{url}/contact",
                         contact_answers(date(plan_year - 1, 12, 31).isoformat()))
    assert response.status_code == 422
    assert f"this case is for {plan_year}" in response.get_data(as_text=True)


@pytest.mark.parametrize("reported_on, starts", [
    (date(2026, 6, 15), date(2026, 7, 1)),
    (date(2025, 12, 20), date(2026, 1, 1)),
    (date(2026, 12, 4), None),  # no month left in the plan year
])
def test_a_change_moves_the_credit_from_the_next_month(reported_on, starts):
    assert changes.effective_from(2026, reported_on) == starts


@pytest.mark.parametrize("income, may_have_credit", [
    ("3000", True),  # from $3,300 a month: still a plan, a larger credit
    ("2400", False),  # MinnesotaCare now: no credit for the plan
])
def test_an_enrollment_takes_the_new_credit(client, post_form, consumer, income,
                                            may_have_credit):
    plan_data.load_plans(SYSTEM, 2026)
    first_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{first_url}/results")
    through_summary(client, url, choice="all")
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    enrollment = Enrollment.get()
    assert enrollment.status == "enrolled"
    change_url = report_change(client, post_form, consumer.id)
    assert post_step(client, f"{change_url}/contact", contact_answers(
        utcnow().date().replace(day=1).isoformat())).status_code == 302
    income_html = page(client, f"{change_url}/income")
    assert post_step(client, f"{change_url}/income", per_member(
        income_html, [{"income_amount": income, "income_frequency": "monthly"}]
    )).status_code == 302
    assert post_step(client, f"{change_url}/summary", {}).status_code == 302
    sign(client, change_url)
    case = Case.get()
    determination = determinations.current(case)
    # Reported today, the next month may be past the plan year: take a June report instead.
    EnrollmentPremium.delete().execute()
    premium = changes.follow_enrollment(case, determination, date(2026, 6, 15))
    assert premium.effective_from == date(2026, 7, 1) and premium.case_version == 2
    if may_have_credit:
        # All of the new, larger credit, up to the premium.
        changed = changes.compare(case, determination)
        assert changed.aptc_after > changed.aptc_before
        assert premium.aptc_applied_monthly == min(changed.aptc_after, premium.premium_monthly)
    else:
        assert premium.aptc_applied_monthly == 0
    assert premium.net_premium_monthly == premium.premium_monthly - premium.aptc_applied_monthly
    assert premium.premium_monthly == enrollment.premium_monthly  # the same plan and people
    # What was confirmed at signing stays; the household sees the new figures and their date.
    assert Enrollment.get().aptc_applied_monthly == enrollment.aptc_applied_monthly
    home = page(client, "/consumer/")
    assert "From July 1, 2026" in home
    assert f"${premium.net_premium_monthly:,.2f} a month after" in home


def test_documents_asked_for_are_not_asked_for_again(client, post_form, consumer):
    submitted(client, post_form, consumer.id, "/consumer/", immigration_status="lawfully_present")
    assert VerificationRequest.select().count() == 1
    url = report_change(client, post_form, consumer.id)
    # Nothing changed yet: the Summary says so, and signing is refused.
    assert post_step(client, f"{url}/contact", contact_answers(
        utcnow().date().replace(day=1).isoformat())).status_code == 302
    summary = page(client, f"{url}/summary")
    assert "Nothing yet: every answer is as the case has it now" in summary
    assert post_step(client, f"{url}/summary", {}).status_code == 302
    read_rights(client, url)
    response = post_step(client, f"{url}/signature",
                         {"attested": "y", "signed_name": "Carl Consumer"}, action="submit")
    assert response.status_code == 422
    assert "Every answer on this report is as the case has it now" in response.get_data(
        as_text=True)
    assert Determination.select().count() == 1
    # A new phone number is a change.
    assert post_step(client, f"{url}/contact", {**contact_answers(
        utcnow().date().replace(day=1).isoformat()), "phone": "651 555 0199"}).status_code == 302
    assert "<strong>The household</strong>: phone number" in page(client, f"{url}/summary")
    assert post_step(client, f"{url}/summary", {}).status_code == 302
    sign(client, url)
    request = VerificationRequest.get()
    assert VerificationRequest.select().count() == 1
    # It follows the person to the case's current version.
    assert request.member.application_id == Case.get().application_id
    assert Notice.select().where(Notice.kind == "verification").count() == 1


def test_an_assister_reports_a_change_within_the_consent(
    client, post_form, sign_in, factories
):
    navigator = factories.assister("navigator", with_account=True)
    client_of = factories.consumer()
    factories.association(for_consumer=client_of, for_assister=navigator)
    sign_in(navigator.user)
    assert post_form(f"/assister/clients/{client_of.id}/assist", {}).status_code == 302
    details_url = f"/assister/clients/{client_of.id}"
    submitted(client, post_form, client_of.id, details_url)
    # Without the consent to report changes: no button, and a forged post is refused.
    Association.update(may_report_changes=False).execute()
    details = page(client, details_url)
    assert "Report a change" not in details
    assert "has not authorized you to report changes for them" in details
    response = post_form(f"/applications/change/{client_of.id}", {}, page=details_url)
    assert response.status_code == 403 and CaseChange.select().count() == 0
    # With it, though not the consent to apply: the change report opens, the application not.
    Association.update(may_report_changes=True, may_apply=False).execute()
    assert "Report a change" in page(client, details_url)
    url = report_change(client, post_form, client_of.id, details_url)
    assert "Date of the change" in page(client, f"{url}/contact")
    assert client.get(f"/applications/{Case.get().application_id}/results").status_code == 403
    details = page(client, details_url)
    assert "Resume change report" in details and "Change report started" in details


def test_a_change_saved_from_a_stale_page_is_refused(client, post_form, consumer):
    submitted(client, post_form, consumer.id, "/consumer/")
    url = report_change(client, post_form, consumer.id)
    stale = page(client, f"{url}/contact")  # a second tab, drawn before the first one saves
    answers = contact_answers(utcnow().date().replace(day=1).isoformat())
    assert post_step(client, f"{url}/contact", answers).status_code == 302
    response = client.post(f"{url}/contact", data={
        **answers, "street": "5 Stale Rd", "csrf_token": csrf_token_from(stale),
        "version": version_of(stale), "action": "next",
    })
    assert response.status_code == 409
    assert 'value="5 Stale Rd"' in response.get_data(as_text=True)
    assert Application.get_by_id(int(url.rsplit("/", 1)[1])).street == CONTACT["street"]


def test_every_answer_about_a_person_is_named_when_it_changes():
    # An answer missing from CHANGED_ANSWERS would make a report changing only it look empty.
    asked = model_to_dict(ApplicationMember(), recurse=False, exclude=changes.NOT_ANSWERS)
    assert set(asked) - {"is_primary"} == set(changes.PERSON_ANSWERS)
