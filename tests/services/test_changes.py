"""Report a change at the service level (portal/services/changes.py): starting one from the case's
current version, what it carries over, each refusal, what the Summary lists as changed, and the
signing of a report that changes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from db.applications import AnswerProvenance, Application
from db.cases import Case, CaseChange
from portal.demo.applications import ready_to_enroll
from portal.errors import DomainError
from portal.services import applications, changes, submission
from tests.factories import actor


@pytest.fixture
def household(app, factories):
    """A consumer with a submitted case: one adult at $3,300 a month (demo.ready_to_enroll)."""
    consumer = factories.consumer()
    ready_to_enroll(consumer, factories.assister("broker", with_account=True))
    return consumer


def test_a_report_copies_the_current_version(household):
    case = Case.get()
    copy = changes.start(actor(household.user), household)
    change = CaseChange.get()
    assert change.case_id == case.id and change.version == 2 and change.application_id == copy.id
    assert copy.status == "draft" and copy.street == case.application.street
    assert copy.completed == set(changes.PREFILLED_STEPS)
    [person] = applications.members(copy)
    [was] = applications.members(case.application)
    assert person.same_as_id == was.id and person.income_amount == was.income_amount
    # Who entered each answer is carried over with it.
    carried = AnswerProvenance.select().where(AnswerProvenance.application == copy).count()
    assert carried == AnswerProvenance.select().where(
        AnswerProvenance.application == case.application
    ).count() > 0
    # Starting again resumes the same report.
    assert changes.start(actor(household.user), household).id == copy.id
    assert CaseChange.select().count() == 1


def test_nothing_to_change_before_a_submission(app, factories):
    consumer = factories.consumer()
    with pytest.raises(DomainError, match="once an application is submitted"):
        changes.start(actor(consumer.user), consumer)
    applications.start(actor(consumer.user), consumer)
    with pytest.raises(DomainError, match="finish it"):
        changes.start(actor(consumer.user), consumer)
    assert CaseChange.select().count() == 0


def test_a_rescinded_case_takes_no_change(household):
    submission.rescind(actor(household.user), Case.get().application, "Moved out of state")
    with pytest.raises(DomainError, match="once an application is submitted"):
        changes.start(actor(household.user), household)


def test_the_summary_lists_what_changed_and_an_empty_report_is_not_signed(household):
    someone = actor(household.user)
    copy = changes.start(someone, household)
    change = CaseChange.get()
    assert changes.answers_changed(change) == []
    with pytest.raises(DomainError, match="as the case has it now"):
        changes.check_signable(change)
    [person] = applications.members(copy)
    copy = applications.save_step(someone, copy, "income", copy.version, applications.StepChanges(
        member_fields={person.id: {"income_amount": Decimal("2900.00")}}
    ))
    copy = applications.save_step(someone, copy, "contact", copy.version, applications.StepChanges(
        application_fields={"city": "Winona", "zip_code": "55987", "county": "Winona"},
        changed_on=date(copy.plan_year, 3, 1),
    ))
    assert changes.answers_changed(CaseChange.get()) == [
        ("The household", ["home address", "county"]),
        (person.full_name, ["income"]),
    ]
    changes.check_signable(CaseChange.get())
    assert CaseChange.get().changed_on == date(copy.plan_year, 3, 1)
    assert Application.get_by_id(copy.id).status == "draft"
