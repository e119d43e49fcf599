"""Agencies' applications (S8): submitted, approved once into an agency and its administrator,
or rejected with a reason; a refusal half way writes nothing."""

import re

import pytest

from db.assisters import Agency, AgencyAdmin, RegistrationNumber
from db.audit import AuditEvent
from db.certifications import AgencyApplication
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import agency_applications


@pytest.fixture(autouse=True)
def request_context(app):
    # Mail templates build links: a request context, as in the admin.
    with app.test_request_context():
        yield


def application_values(**overrides):
    return {
        "legal_name": "Northwoods Health Navigators",
        "kind": "navigator",
        "street": "12 Lake Ave",
        "city": "Duluth",
        "zip_code": "55802",
        "county": "St. Louis",
        "counties_served": ["St. Louis", "Carlton"],
        "languages": ["Spanish", "English"],
        "phone": "218-555-0110",
        "website": "https://northwoods.example.org",
        "contact_first_name": "Ingrid",
        "contact_last_name": "Olsen",
        "contact_email": "ingrid@northwoods.example.org",
        "contact_phone": "218-555-0111",
        **overrides,
    }


@pytest.fixture
def visitor(factories):
    return factories.actor(None)


@pytest.fixture
def staff_actor(factories):
    return factories.actor(factories.staff())


@pytest.fixture
def application(visitor):
    return agency_applications.submit(visitor, application_values())


def written():
    return {
        model.__name__: model.select().count()
        for model in (Agency, AgencyAdmin, AgencyApplication, RegistrationNumber, OutgoingMail)
    }


def test_submit_stores_the_application_and_mails_the_contact(application):
    stored = AgencyApplication.get_by_id(application.id)
    assert stored.status == "pending" and stored.state == "MN"
    # Lists are kept in the order of their lists, whatever order they came in.
    assert stored.counties_served == "Carlton, St. Louis"
    assert stored.languages == "English, Spanish"
    (mail,) = OutgoingMail.select().where(OutgoingMail.to_address == stored.contact_email)
    assert mail.subject == "We received your application to be a certified agency"
    assert "Northwoods Health Navigators" in mail.body and "navigator organization" in mail.body
    assert "Carlton, St. Louis" in mail.body
    assert AuditEvent.get(AuditEvent.action == "agency_application.submitted").object_id == str(
        stored.id
    )


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"zip_code": "90210"}, "zip_code", "not a Minnesota ZIP code"),
        ({"zip_code": "5510"}, "zip_code", "5-digit ZIP code"),
        ({"county": "Atlantis"}, "county", "county from the list"),
        ({"counties_served": []}, "counties_served", "at least one county"),
        ({"counties_served": ["Ramsey", "Narnia"]}, "counties_served", "from the list"),
        ({"languages": []}, "languages", "at least one language"),
        ({"languages": ["Klingon"]}, "languages", "from the list"),
        ({"kind": "broker"}, "kind", "type of agency"),
        ({"website": "javascript:alert(1)"}, "website", "https://"),
        ({"website": "ftp://example.org"}, "website", "https://"),
        ({"phone": "12"}, "phone", "10-digit"),
        ({"contact_phone": "call me"}, "contact_phone", "10-digit"),
        ({"legal_name": "   "}, "legal_name", "Fill in"),
    ],
)
def test_submit_refuses_what_cannot_be_used(visitor, overrides, field, words):
    before = written()
    with pytest.raises(DomainError) as refused:
        agency_applications.submit(visitor, application_values(**overrides))
    assert refused.value.field == field and words in refused.value.message
    assert written() == before


def test_a_name_already_certified_or_waiting_is_refused(visitor, factories, application):
    factories.agency(name="Lakes Navigators")
    with pytest.raises(DomainError, match="already certified") as refused:
        agency_applications.submit(
            visitor, application_values(legal_name="LAKES navigators", contact_email="a@x.org")
        )
    assert refused.value.field == "legal_name"
    with pytest.raises(DomainError, match="already waiting for review"):
        agency_applications.submit(
            visitor,
            application_values(legal_name="northwoods health navigators", contact_email="b@x.org"),
        )


def test_a_contact_who_administers_an_agency_already_is_refused(visitor, factories):
    factories.agency_admin(email="taken@example.org")
    with pytest.raises(DomainError) as refused:
        agency_applications.submit(visitor, application_values(contact_email="Taken@example.org"))
    assert refused.value.field == "contact_email"


def test_the_same_application_sent_twice_is_recorded_once(visitor, application):
    before = written()
    again = agency_applications.submit(visitor, application_values())
    assert again.id == application.id
    assert written() == before


def test_approve_makes_the_agency_its_administrator_and_sends_the_activation(
    staff_actor, application
):
    since = AuditEvent.select().count()
    approved = agency_applications.approve(staff_actor, application)
    assert approved.status == "approved" and approved.decided_by_id == staff_actor.user.id
    agency = Agency.get(Agency.name == "Northwoods Health Navigators")
    assert approved.agency_id == agency.id
    assert (agency.kind, agency.zip_code, agency.county) == ("navigator", "55802", "St. Louis")
    assert agency.listed and agency.is_active and agency.latitude is not None
    assert agency.languages == "English, Spanish"
    admin = AgencyAdmin.get(AgencyAdmin.agency == agency)
    assert (admin.full_name, admin.email, admin.phone, admin.user_id) == (
        "Ingrid Olsen", "ingrid@northwoods.example.org", "218-555-0111", None)
    registration = RegistrationNumber.get(RegistrationNumber.agency_admin == admin)
    assert registration.assister_id is None and registration.used_at is None
    mail = OutgoingMail.get(OutgoingMail.kind == "activation")
    assert mail.to_address == admin.email
    assert mail.subject == "Action required: Activate your Assister Portal account"
    assert "agency administrator of Northwoods Health Navigators" in mail.body
    assert "Reference Number" not in mail.body and "REFERENCE" not in mail.body
    number = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", mail.body).group(1)
    actions = [event.action for event in AuditEvent.select().order_by(AuditEvent.id)][since:]
    assert actions == [
        "agency.created",
        "agency_admin.created",
        "agency_admin.activation_sent",
        "agency_application.approved",
    ]
    # No secret in the audit log.
    for event in AuditEvent.select():
        assert number not in (event.detail or "")
        assert number.replace("-", "") not in (event.detail or "")


def test_approving_twice_makes_one_agency(staff_actor, factories, application):
    agency_applications.approve(staff_actor, application)
    before = written()
    other = factories.actor(factories.staff())
    again = agency_applications.approve(other, application)
    assert again.status == "approved" and again.decided_by_id == staff_actor.user.id
    assert written() == before
    # Rejecting an approved application changes nothing either.
    rejected = agency_applications.reject(other, application, "Too late")
    assert rejected.status == "approved" and rejected.reason is None
    assert written() == before


def test_a_clash_half_way_through_approval_writes_nothing(staff_actor, factories, application):
    # Another agency took the name after the application was sent.
    factories.agency(name="Northwoods Health Navigators")
    before = written()
    events = AuditEvent.select().count()
    with pytest.raises(DomainError, match="already exists"):
        agency_applications.approve(staff_actor, application)
    assert written() == before
    assert AuditEvent.select().count() == events
    stored = AgencyApplication.get_by_id(application.id)
    assert (stored.status, stored.agency_id, stored.decided_at) == ("pending", None, None)


def test_a_contact_taken_meanwhile_fails_the_approval_whole(staff_actor, factories, application):
    factories.agency_admin(email="ingrid@northwoods.example.org")
    agencies = Agency.select().count()
    with pytest.raises(DomainError, match="already uses this email"):
        agency_applications.approve(staff_actor, application)
    assert Agency.select().count() == agencies
    assert AgencyApplication.get_by_id(application.id).status == "pending"


def test_reject_needs_a_reason_and_mails_it(staff_actor, application):
    for reason, words in (("  ", "Give the reason"), ("x" * 1001, "1000 characters")):
        with pytest.raises(DomainError, match=words):
            agency_applications.reject(staff_actor, application, reason)
    assert AgencyApplication.get_by_id(application.id).status == "pending"
    rejected = agency_applications.reject(
        staff_actor, application, "We could not confirm the\norganization's registration."
    )
    assert rejected.status == "rejected"
    assert rejected.reason == "We could not confirm the organization's registration."
    mail = OutgoingMail.select().order_by(OutgoingMail.id.desc()).first()
    assert mail.to_address == application.contact_email
    assert mail.subject == "Your application to be a certified agency was not approved"
    assert "could not confirm the organization's registration" in mail.body
    event = AuditEvent.get(AuditEvent.action == "agency_application.rejected")
    assert event.object_id == str(application.id)
    assert Agency.select().where(Agency.name == application.legal_name).count() == 0


def test_rejecting_twice_keeps_the_first_reason(staff_actor, application):
    agency_applications.reject(staff_actor, application, "First reason")
    before = written()
    again = agency_applications.reject(staff_actor, application, "Second reason")
    assert again.reason == "First reason"
    assert agency_applications.approve(staff_actor, application).status == "rejected"
    assert written() == before


def test_a_rejected_name_may_apply_again(visitor, staff_actor, application):
    agency_applications.reject(staff_actor, application, "Missing documents")
    again = agency_applications.submit(visitor, application_values())
    assert again.id != application.id and again.status == "pending"
