"""The application wizard through the test client: save and resume, one editor at a time, stale
saves refused, provenance, signature rules, submission, results and rescind."""

from decimal import Decimal

import pytest

from db.applications import AnswerProvenance, Application, ApplicationMember
from db.audit import AuditEvent
from db.cases import Case, MemberDetermination
from db.consumers import Consumer
from db.notices import Notice
from tests.views.wizard import (
    CONTACT,
    complete_to_signature,
    page,
    post_step,
    read_rights,
    start,
)


@pytest.fixture
def consumer(factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return consumer


def test_consumer_applies_saves_and_resumes(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    assert url.startswith("/applications/")
    html = page(client, f"{url}/contact")
    assert "Primary applicant and contact" in html and 'aria-current="step"' in html
    response = post_step(client, f"{url}/contact", CONTACT, action="exit")
    assert response.status_code == 302 and response.headers["Location"] == "/consumer/"
    application = Application.get()
    assert application.street == "12 Elm St" and application.county == "Ramsey"
    assert application.phone == "651-555-0100" and application.held_by is None
    assert application.current_step == "household" and "contact" in application.completed
    assert Consumer.get_by_id(consumer.id).application_status == "in_progress"
    home = page(client, "/consumer/")
    assert "Resume application" in home
    # Resume goes on from where the user left off; what was saved stays editable.
    response = post_form(f"/applications/start/{consumer.id}", {}, page="/consumer/")
    assert response.headers["Location"] == f"{url}/household"
    assert 'value="12 Elm St"' in page(client, f"{url}/contact")


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    bad = {**CONTACT, "date_of_birth": "2999-01-01", "county": "", "zip_code": "1234",
           "street": "99 Typed Ave"}
    response = post_step(client, f"{url}/contact", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A date of birth can&#39;t be in the future." in html
    assert "Choose the county you live in." in html and "Minnesota ZIP code" in html
    assert 'value="99 Typed Ave"' in html
    application = Application.get()
    assert application.street is None and application.version == 1
    assert AnswerProvenance.select().count() == 0


def test_a_later_step_cannot_be_opened_or_posted_first(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    response = client.get(f"{url}/income")
    assert response.status_code == 302 and response.headers["Location"].endswith("/contact")
    response = client.post(f"{url}/income", data={"csrf_token": "x", "version": "1"})
    assert response.status_code in (302, 400)
    assert Application.get().completed == set()


def test_a_stale_save_is_refused_and_overwrites_nothing(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    first_tab = page(client, f"{url}/contact")
    assert post_step(client, f"{url}/contact", CONTACT).status_code == 302
    # The first tab still carries version 1: its save must not overwrite the newer answers.
    from tests.conftest import csrf_token_from
    from tests.views.wizard import version_of

    response = client.post(
        f"{url}/contact",
        data={**CONTACT, "street": "1 Old Tab Rd", "csrf_token": csrf_token_from(first_tab),
              "version": version_of(first_tab), "action": "next"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "changed somewhere else" in html
    assert 'value="1 Old Tab Rd"' in html
    assert Application.get().street == "12 Elm St"


def test_household_adds_removes_and_refuses_forged_members(client, post_form, consumer, factories):
    url = start(client, post_form, consumer.id, "/consumer/")
    post_step(client, f"{url}/contact", CONTACT)
    primary = ApplicationMember.get()
    base = {"members-0-id": str(primary.id), "members-0-applying": "yes",
            "members-0-tax_filing": "filer", "members-0-immigration_status": "citizen",
            "members-0-american_indian": "no", "members-0-incarcerated": "no"}
    child = {"new_member-first_name": "Kim", "new_member-last_name": "Consumer",
             "new_member-date_of_birth": "2015-02-03", "new_member-relationship": "child",
             "new_member-applying": "yes", "new_member-tax_filing": "dependent",
             "new_member-immigration_status": "citizen", "new_member-american_indian": "no",
             "new_member-incarcerated": "no", "new_member-former_foster_care": "no"}
    response = post_step(client, f"{url}/household", {**base, **child}, action="add")
    assert response.status_code == 302 and response.headers["Location"].endswith("/household")
    assert ApplicationMember.select().count() == 2
    kim = ApplicationMember.get(ApplicationMember.first_name == "Kim")
    # A member id from someone else's application is refused; nothing changes.
    other = factories.consumer()
    from portal.services import applications
    from tests.factories import actor

    with client.application.app_context():
        foreign = applications.members(applications.start(actor(other.user), other))[0]
    forged = {**base, "members-1-id": str(foreign.id), "members-1-first_name": "Evil",
              "members-1-last_name": "X", "members-1-date_of_birth": "2000-01-01",
              "members-1-relationship": "other", "members-1-applying": "yes",
              "members-1-tax_filing": "filer", "members-1-immigration_status": "citizen",
              "members-1-american_indian": "no", "members-1-incarcerated": "no"}
    response = post_step(client, f"{url}/household", forged)
    assert response.status_code == 422
    assert "no longer matches the household" in response.get_data(as_text=True)
    assert ApplicationMember.get_by_id(foreign.id).first_name != "Evil"
    # Nobody applying: refused with a message.
    kim_fields = {"members-1-id": str(kim.id), "members-1-first_name": "Kim",
                  "members-1-last_name": "Consumer", "members-1-date_of_birth": "2015-02-03",
                  "members-1-relationship": "child", "members-1-applying": "no",
                  "members-1-tax_filing": "dependent", "members-1-immigration_status": "citizen",
                  "members-1-american_indian": "no", "members-1-incarcerated": "no",
                  "members-1-former_foster_care": "no"}
    response = post_step(
        client, f"{url}/household", {**base, "members-0-applying": "no", **kim_fields}
    )
    assert response.status_code == 422
    assert "At least one person in the household must be applying" in response.get_data(
        as_text=True
    )
    assert ApplicationMember.get_by_id(primary.id).applying is True
    # Remove Kim.
    response = post_step(
        client, f"{url}/household", {**base, **kim_fields, "members-1-remove": "y"}
    )
    assert response.status_code == 302
    assert ApplicationMember.select().where(ApplicationMember.application == primary.application
                                            ).count() == 1


def test_submit_makes_a_case_determination_and_notice(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url, income="1500", frequency="monthly")
    signature = page(client, f"{url}/signature")
    assert "Notice of Rights and Responsibilities" in signature
    # Not yet opened: refused.
    response = post_step(client, f"{url}/signature",
                         {"attested": "y", "signed_name": "Carl Consumer"}, action="submit")
    assert response.status_code == 422 and "Open and read the Notice" in response.get_data(
        as_text=True)
    read_rights(client, url)
    response = post_step(client, f"{url}/signature",
                         {"attested": "y", "signed_name": "Karl Consumer"}, action="submit")
    assert response.status_code == 422 and "exactly as on the application" in response.get_data(
        as_text=True)
    assert Case.select().count() == 0
    response = post_step(client, f"{url}/signature",
                         {"attested": "y", "signed_name": "  carl   CONSUMER "}, action="submit")
    assert response.status_code == 302 and response.headers["Location"].endswith("/results")
    case = Case.get()
    application = Application.get()
    assert application.status == "submitted" and application.signed_name == "carl   CONSUMER"
    # $18,000 a year for one adult is 112.77% of the 2026 guideline: Medical Assistance.
    outcome = MemberDetermination.get()
    assert outcome.program == "medical_assistance"
    assert Notice.get().case_id == case.id
    results = page(client, f"{url}/results")
    assert "Your Health Care Results" in results and case.case_number in results
    assert "Medical Assistance" in results and "notice by mail" in results
    consumer_row = Consumer.get_by_id(consumer.id)
    assert consumer_row.application_status == "submitted"
    assert consumer_row.home_address == "12 Elm St, Saint Paul, MN 55101"
    # A second Submit writes nothing more; the application is read-only.
    response = client.post(f"{url}/signature", data={"signed_name": "Carl Consumer"})
    assert response.status_code in (302, 400) and Case.select().count() == 1
    assert client.get(f"{url}/contact").status_code == 302
    assert AuditEvent.select().where(AuditEvent.action == "application.submitted").count() == 1


def test_rescind_keeps_history(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url)
    read_rights(client, url)
    post_step(client, f"{url}/signature", {"attested": "y", "signed_name": "Carl Consumer"},
              action="submit")
    response = post_form(f"{url}/rescind", {"reason": ""})
    assert response.status_code == 422
    response = post_form(f"{url}/rescind", {"reason": "Got coverage through a new job"})
    assert response.status_code == 302
    application = Application.get()
    assert application.status == "rescinded" and Case.get().status == "rescinded"
    assert "rescinded" in page(client, f"{url}/results")
    assert "Apply for assistance with Health Care" in page(client, "/consumer/")


def test_impossible_dates_and_negative_or_absurd_incomes_are_refused(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    response = post_step(client, f"{url}/contact", {**CONTACT, "date_of_birth": "1980-02-31"})
    assert response.status_code == 422 and "Enter a real date" in response.get_data(as_text=True)
    assert post_step(client, f"{url}/contact", CONTACT).status_code == 302
    household = page(client, f"{url}/household")
    from tests.views.wizard import PRIMARY_HOUSEHOLD, per_member

    post_step(client, f"{url}/household", per_member(household, [PRIMARY_HOUSEHOLD]))
    income = page(client, f"{url}/income")
    for amount in ("-100", "99999999999", "lots"):
        response = post_step(client, f"{url}/income", per_member(
            income, [{"income_amount": amount, "income_frequency": "monthly"}]))
        html = response.get_data(as_text=True)
        assert response.status_code == 422, amount
        assert "Enter an amount" in html
        assert ApplicationMember.get().income_amount is None
    response = post_step(client, f"{url}/income", per_member(
        income, [{"income_amount": "$2,400.50", "income_frequency": "monthly"}]))
    assert response.status_code == 302
    assert ApplicationMember.get().income_amount == Decimal("2400.50")
