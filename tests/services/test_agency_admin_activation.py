"""An agency administrator's Registration Number and account (S8): the same activation as an
assister's, with the role "agency_admin" and an email that says what the account is for."""

import re

import pytest

from db.accounts import User
from db.assisters import AgencyAdmin, RegistrationNumber
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import agencies, registration, registration_numbers
from tests.services.test_registration import PAIRS, STRONG


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def staff_actor(factories):
    return factories.actor(factories.staff())


@pytest.fixture
def agency_admin(factories):
    agency = factories.agency(name="Lakes Navigators")
    return factories.agency_admin(agency, with_account=False, first_name="Ingrid",
                                  last_name="Olsen", phone="218-555-0111")


def mails_to(person):
    return list(OutgoingMail.select().where(OutgoingMail.to_address == person.email)
                .order_by(OutgoingMail.id))


def number_in(mail):
    return re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", mail.body).group(1)


def test_the_email_says_what_the_account_is_for_and_has_no_reference_number(
    staff_actor, agency_admin
):
    sent = registration.send_activation(staff_actor, agency_admin)
    (mail,) = mails_to(agency_admin)
    assert mail.kind == "activation"
    assert mail.subject == "Action required: Activate your Assister Portal account"
    body = " ".join(mail.body.split())
    assert "Hello Ingrid Olsen" in body
    assert "You are an agency administrator of Lakes Navigators" in body
    assert "approve your navigators and certified application counselors" in body
    assert "Reference Number" not in body and "REFERENCE" not in body
    assert "Enter the Registration Number below and the CAPTCHA" in body
    assert "218-555-0111" in body and f"({agency_admin.email}) twice" in body
    assert number_in(mail) == registration_numbers.display(sent.number)
    row = RegistrationNumber.get(RegistrationNumber.agency_admin == agency_admin)
    assert row.assister_id is None
    assert row.number_hash == registration_numbers.hash_number(sent.number)
    event = AuditEvent.get(AuditEvent.action == "agency_admin.activation_sent")
    assert event.object_id == str(agency_admin.id)
    assert sent.number not in event.detail and number_in(mail) not in event.detail


def test_re_sending_voids_the_earlier_number(staff_actor, agency_admin):
    first = registration.send_activation(staff_actor, agency_admin)
    registration.send_activation(staff_actor, agency_admin)
    assert RegistrationNumber.get_by_id(first.id).voided_at is not None
    assert registration.latest(agency_admin).id != first.id
    with pytest.raises(DomainError, match="replaced by a newer one"):
        registration.check_registration(first.number, agency_admin.email)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"email": "someone@example.org"}, "email"),
        ({"first_name": "Inga"}, "first_name"),
        ({"last_name": "Olson"}, "last_name"),
        ({"phone": "218-555-0199"}, "phone"),
    ],
)
def test_the_details_are_checked_against_the_agency_administrator(
    staff_actor, agency_admin, typed, field
):
    sent = registration.send_activation(staff_actor, agency_admin)
    details = {"email": agency_admin.email, "first_name": "ingrid", "last_name": "OLSEN",
               "phone": "(218) 555-0111", **typed}
    with pytest.raises(DomainError) as refused:
        registration.check_registration(sent.number, details.pop("email"), **details)
    assert refused.value.field == field


def test_activate_creates_an_agency_admin_account(staff_actor, factories, agency_admin):
    sent = registration.send_activation(staff_actor, agency_admin)
    user = registration.activate(factories.actor(None), sent.number, agency_admin.email,
                                 "ingrid.o", STRONG, PAIRS)
    assert (user.role, user.email, user.full_name) == (
        "agency_admin", agency_admin.email, "Ingrid Olsen")
    assert AgencyAdmin.get_by_id(agency_admin.id).user_id == user.id
    assert RegistrationNumber.get_by_id(sent.id).used_at is not None
    assert AuditEvent.get(AuditEvent.action == "agency_admin.activated").object_id == str(
        agency_admin.id)
    assert "ingrid.o" in mails_to(agency_admin)[-1].body
    with pytest.raises(DomainError, match="already been used"):
        registration.activate(factories.actor(None), sent.number, agency_admin.email,
                              "ingrid.again", STRONG, PAIRS)
    assert User.select().where(User.username == "ingrid.again").count() == 0
    assert "already has a portal account" in registration.activation_blocker(
        AgencyAdmin.get_by_id(agency_admin.id))


def test_no_email_for_an_inactive_administrator_or_agency(staff_actor, agency_admin):
    agency_admin.is_active = False
    assert "agency administrator is inactive" in registration.activation_blocker(agency_admin)
    agency_admin.is_active = True
    agencies.update_agency(staff_actor, agency_admin.agency, {"is_active": False})
    admin = AgencyAdmin.get_by_id(agency_admin.id)
    assert "Lakes Navigators is inactive" in registration.activation_blocker(admin)
    with pytest.raises(DomainError, match="inactive"):
        registration.send_activation(staff_actor, admin)
    assert mails_to(admin) == []


def test_an_administrator_made_inactive_after_the_email_cannot_activate(
    staff_actor, factories, agency_admin
):
    sent = registration.send_activation(staff_actor, agency_admin)
    AgencyAdmin.update(is_active=False).where(AgencyAdmin.id == agency_admin.id).execute()
    with pytest.raises(DomainError, match="agency administrator record is not active"):
        registration.activate(factories.actor(None), sent.number, agency_admin.email,
                              "ingrid.o", STRONG, PAIRS)
    assert User.select().where(User.username == "ingrid.o").count() == 0
