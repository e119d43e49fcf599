"""Registration Numbers and activation (S2.1, S2.2): sent, re-sent, checked and used once."""

import re
from datetime import date, timedelta

import pytest

from db.accounts import SecurityAnswer, User
from db.assisters import Assister, RegistrationNumber
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import (
    reference_numbers,
    registration,
    registration_numbers,
    security_questions,
)

STRONG = "a long enough passphrase for the portal"
PAIRS = [
    (security_questions.QUESTIONS[0], "Rex"),
    (security_questions.QUESTIONS[1], "Sam"),
    (security_questions.QUESTIONS[2], "Elm Street"),
]


@pytest.fixture(autouse=True)
def app_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def staff_actor(factories):
    return factories.actor(factories.staff())


@pytest.fixture
def visitor(factories):
    return factories.actor(None)


def activation_mails(assister):
    return list(
        OutgoingMail.select()
        .where(OutgoingMail.kind == "activation", OutgoingMail.to_address == assister.email)
        .order_by(OutgoingMail.id)
    )


def number_in(mail):
    return re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", mail.body).group(1)


def test_number_format_is_not_a_reference_number():
    number = registration_numbers.new_number()
    assert len(number) == 12 and set(number) <= set(registration_numbers.ALPHABET)
    assert not set(number) & set("IO01")
    shown = registration_numbers.display(number)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", shown)
    typed = shown.lower().replace("-", " ")
    assert registration_numbers.hash_number(typed) == registration_numbers.hash_number(number)
    assert not reference_numbers.is_valid(number)


def test_send_stores_only_a_hash_and_mails_the_number(staff_actor, factories):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    row = RegistrationNumber.get(RegistrationNumber.assister == assister)
    (mail,) = activation_mails(assister)
    number = number_in(mail)
    assert number == registration_numbers.display(sent.number)
    assert row.number_hash == registration_numbers.hash_number(number) != number
    assert number.replace("-", "") not in row.number_hash
    assert (row.expires_at - row.created_at) == timedelta(days=30)
    event = AuditEvent.get(AuditEvent.action == "assister.activation_sent")
    assert event.object_id == str(assister.id) and event.actor_id == staff_actor.user.id
    assert number not in event.detail and number.replace("-", "") not in event.detail


def test_activation_mail_text(staff_actor, factories):
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")
    registration.send_activation(staff_actor, assister)
    (mail,) = activation_mails(assister)
    assert mail.subject == "Action required: Activate your Assister Portal account"
    body = mail.body
    reference = reference_numbers.display(assister.reference_number)
    number = number_in(mail)
    # The Reference Number near the top, the Registration Number near the bottom.
    assert body.index(reference) < len(body) / 4
    assert body.rindex(number) > len(body) * 3 / 4
    assert body.index(reference) < body.index(number)
    for shown in ("Nora Vang", assister.agency.name, assister.street, assister.phone):
        assert shown in body
    words = " ".join(body.split())
    assert "contact the ARC (navigators and CACs) or the Broker Line (brokers) to correct" in words
    assert "http://127.0.0.1:5000/register" in body
    assert "expires on" in body


def test_resend_voids_the_old_number(staff_actor, factories, visitor):
    assister = factories.assister("broker")
    first = registration.send_activation(staff_actor, assister)
    second = registration.send_activation(staff_actor, assister)
    assert RegistrationNumber.get_by_id(first.id).voided_at is not None
    assert RegistrationNumber.get_by_id(second.id).voided_at is None
    assert len(activation_mails(assister)) == 2
    with pytest.raises(DomainError) as error:
        registration.check_registration(first.number, assister.email)
    assert error.value.field == "registration_number" and "replaced" in error.value.message
    assert registration.check_registration(second.number, assister.email).id == second.id


@pytest.mark.parametrize(
    "change, message",
    [
        ({"is_active": False}, "inactive"),
        ({"certification_expires_on": date.today() - timedelta(days=1)}, "expired"),
    ],
)
def test_send_refuses_inactive_or_expired(staff_actor, factories, change, message):
    assister = factories.assister("broker")
    Assister.update(**change).where(Assister.id == assister.id).execute()
    with pytest.raises(DomainError, match=message):
        registration.send_activation(staff_actor, assister)
    assert RegistrationNumber.select().count() == 0 and OutgoingMail.select().count() == 0


def test_send_refuses_an_assister_with_an_account(staff_actor, factories):
    assister = factories.assister("broker", with_account=True)
    with pytest.raises(DomainError, match="already has a portal account"):
        registration.send_activation(staff_actor, assister)
    assert RegistrationNumber.select().count() == 0


def test_expired_number_is_refused(app, staff_actor, factories):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    RegistrationNumber.update(expires_at=sent.created_at - timedelta(seconds=1)).execute()
    with pytest.raises(DomainError, match="expired") as error:
        registration.check_registration(sent.number, assister.email)
    assert error.value.field == "registration_number"


def test_expiry_follows_the_setting(app, staff_actor, factories):
    app.config["REGISTRATION_NUMBER_DAYS"] = 5
    sent = registration.send_activation(staff_actor, factories.assister("broker"))
    assert sent.expires_at - sent.created_at == timedelta(days=5)


@pytest.mark.parametrize(
    "typed, field, words",
    [
        ("", "registration_number", "Enter the Registration Number"),
        ("ABCD-1234", "registration_number", "not a Registration Number"),
        ("ABCD-EFGH-JKLM", "registration_number", "could not find"),
    ],
)
def test_unknown_or_malformed_numbers(staff_actor, factories, typed, field, words):
    assister = factories.assister("broker")
    registration.send_activation(staff_actor, assister)
    with pytest.raises(DomainError, match=words) as error:
        registration.check_registration(typed, assister.email)
    assert error.value.field == field


def test_reference_number_typed_in_the_registration_field(staff_actor, factories):
    assister = factories.assister("broker")
    registration.send_activation(staff_actor, assister)
    typed = reference_numbers.display(assister.reference_number)
    with pytest.raises(DomainError, match="This is your Reference Number") as error:
        registration.check_registration(typed, assister.email)
    assert error.value.field == "registration_number"
    assert "bottom of the email" in error.value.message


def test_wrong_email_is_named(staff_actor, factories):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    with pytest.raises(DomainError, match="does not match the one your activation") as error:
        registration.check_registration(sent.number, "someone.else@example.org")
    assert error.value.field == "email"
    # Case and surrounding spaces don't matter.
    found = registration.check_registration(sent.number.lower(), f" {assister.email.upper()} ")
    assert found.id == sent.id


def test_names_and_phone_must_match_the_email(staff_actor, factories):
    assister = factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    sent = registration.send_activation(staff_actor, assister)
    check = registration.check_registration
    assert check(
        sent.number, assister.email, first_name="grace", last_name="LINDQVIST", phone="6125550101"
    )
    for kwargs, field in (
        ({"first_name": "Gracie"}, "first_name"),
        ({"last_name": "Lind"}, "last_name"),
        ({"phone": "651-555-0000"}, "phone"),
    ):
        with pytest.raises(DomainError, match="ARC") as error:
            check(sent.number, assister.email, **kwargs)
        assert error.value.field == field


def test_activation_creates_one_user_and_links_the_assister(staff_actor, factories, visitor):
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")
    sent = registration.send_activation(staff_actor, assister)
    users_before = User.select().count()
    user = registration.activate(visitor, sent.number, assister.email, "nora.vang", STRONG, PAIRS)
    assert User.select().count() == users_before + 1
    user = User.get_by_id(user.id)
    assert (user.username, user.role, user.email) == ("nora.vang", "assister", assister.email)
    assert user.full_name == "Nora Vang" and user.email_verified_at is not None
    assert STRONG not in user.password_hash
    assert Assister.get_by_id(assister.id).user_id == user.id
    assert RegistrationNumber.get_by_id(sent.id).used_at is not None
    assert SecurityAnswer.select().where(SecurityAnswer.user == user).count() == 3
    assert security_questions.answers_match(user, ["rex", "SAM", "elm  street"])
    actions = {e.action for e in AuditEvent.select()}
    assert {"user.created", "assister.activated"} <= actions
    for event in AuditEvent.select():
        assert STRONG not in event.detail and "Rex" not in event.detail


def test_account_created_mail(staff_actor, factories, visitor):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    registration.activate(visitor, sent.number, assister.email, "grace-l", STRONG, PAIRS)
    mail = OutgoingMail.get(OutgoingMail.kind == "account_created")
    assert mail.subject == "Successful User Creation"
    assert mail.to_address == assister.email
    assert "grace-l" in mail.body and "http://127.0.0.1:5000/sign-in" in mail.body
    assert STRONG not in mail.body and sent.number not in mail.body


def test_a_number_works_once(staff_actor, factories, visitor):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    registration.activate(visitor, sent.number, assister.email, "first-one", STRONG, PAIRS)
    with pytest.raises(DomainError, match="already been used") as error:
        registration.activate(visitor, sent.number, assister.email, "second-one", STRONG, PAIRS)
    assert error.value.field == "registration_number"
    assert not User.select().where(User.username == "second-one").exists()


def test_already_activated_assister_is_refused(staff_actor, factories, visitor):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    # An account linked some other way (by staff, say) makes the number useless too.
    Assister.update(user=factories.user("assister")).where(Assister.id == assister.id).execute()
    with pytest.raises(DomainError, match="already been used"):
        registration.check_registration(sent.number, assister.email)


@pytest.mark.parametrize(
    "username, password, pairs, field",
    [
        ("no spaces allowed", STRONG, PAIRS, "username"),
        ("ab", STRONG, PAIRS, "username"),
        ("good-name", "short", PAIRS, "password"),
        ("good-name", STRONG, PAIRS[:2], "question_3"),
        ("good-name", STRONG, [PAIRS[0], PAIRS[0], PAIRS[2]], "question_2"),
    ],
)
def test_bad_account_information_writes_nothing(
    staff_actor, factories, visitor, username, password, pairs, field
):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    before = (User.select().count(), AuditEvent.select().count(), OutgoingMail.select().count())
    with pytest.raises(DomainError) as error:
        registration.activate(visitor, sent.number, assister.email, username, password, pairs)
    assert error.value.field == field
    after = (User.select().count(), AuditEvent.select().count(), OutgoingMail.select().count())
    assert after == before
    assert RegistrationNumber.get_by_id(sent.id).used_at is None
    assert Assister.get_by_id(assister.id).user_id is None


def test_a_late_failure_leaves_nothing_half_written(staff_actor, factories, visitor, monkeypatch):
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    before = (User.select().count(), AuditEvent.select().count(), OutgoingMail.select().count())

    def broken(user, pairs):
        raise DomainError("The answers could not be saved.", field="answer_1")

    # The very last writes fail: the user, the link and the used mark must all roll back.
    monkeypatch.setattr(security_questions, "set_answers", broken)
    with pytest.raises(DomainError):
        registration.activate(visitor, sent.number, assister.email, "late-fail", STRONG, PAIRS)
    after = (User.select().count(), AuditEvent.select().count(), OutgoingMail.select().count())
    assert after == before
    assert RegistrationNumber.get_by_id(sent.id).used_at is None
    assert Assister.get_by_id(assister.id).user_id is None
    assert SecurityAnswer.select().count() == 0


def test_a_taken_username_writes_nothing(staff_actor, factories, visitor):
    factories.user("consumer", username="taken.name")
    assister = factories.assister("broker")
    sent = registration.send_activation(staff_actor, assister)
    with pytest.raises(DomainError, match="taken") as error:
        registration.activate(visitor, sent.number, assister.email, "TAKEN.name", STRONG, PAIRS)
    assert error.value.field == "username"
    assert RegistrationNumber.get_by_id(sent.id).used_at is None
    assert Assister.get_by_id(assister.id).user_id is None
