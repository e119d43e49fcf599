"""Registration Numbers and activation: how an enrolled assister or an agency administrator gets
a portal account (S2.1, S2.2, S8).

Staff send the activation email; an assister's carries their permanent Reference Number near the
top, and every one a secret, single-use Registration Number near the bottom. The person types the
Registration Number into the "Register for an Account" wizard, which creates their account in one
transaction. Both kinds of person go through the same code: a `Holder` says what differs. The
number's own form (and the Training ID's) is in registration_numbers.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from db import database, utcnow
from db.assisters import AgencyAdmin, Assister, RegistrationNumber
from portal.errors import DomainError
from portal.services import (
    accounts,
    audit,
    courses,
    mail,
    passwords,
    reference_numbers,
    security_questions,
)
from portal.services.registration_numbers import (
    display,
    hash_number,
    looks_like_number,
    new_number,
    normalize,
)

HELP_LINE = "the ARC (navigators and CACs) or the Broker Line (brokers)"

# Field names match the activation forms, so each message lands beside the right box.
NUMBER_FIELD = "registration_number"


def _assister_blocker(assister, today):
    if assister.certification_status != "confirmed":
        return "This assister's certification has not been confirmed."
    if assister.roster_status in ("pending", "inactive"):
        return "This assister's agency has not approved them for portal access on its roster."
    if assister.certification_expires_on < today:
        return (
            f"This assister's certification expired on "
            f"{assister.certification_expires_on:%B %-d, %Y}. Renew it first."
        )
    if not courses.has_mastered(assister, today):
        return "This assister has not mastered the current year's assister portal assessment."
    return None


def _agency_admin_blocker(agency_admin, today):
    if not agency_admin.agency.is_active:
        return (
            f"{agency_admin.agency.name} is inactive. Make the agency active before sending "
            "the activation email."
        )
    return None


def _assister_mail(assister):
    return {
        "assister": assister,
        "reference_number": reference_numbers.display(assister.reference_number),
    }


@dataclass(frozen=True)
class Holder:
    """Who a Registration Number can belong to, and what differs between them: the account's
    role, the RegistrationNumber column naming them, the activation mail and what else must
    hold before it is sent."""

    model: type
    role: str
    noun: str
    mail_template: str
    mail_context: Callable
    blocker: Callable

    @property
    def column(self):
        return getattr(RegistrationNumber, self.role)


HOLDERS = (
    Holder(Assister, "assister", "assister", "activation", _assister_mail, _assister_blocker),
    Holder(
        AgencyAdmin,
        "agency_admin",
        "agency administrator",
        "agency_admin_activation",
        lambda agency_admin: {"agency_admin": agency_admin},
        _agency_admin_blocker,
    ),
)


def holder_of(person):
    return next(holder for holder in HOLDERS if isinstance(person, holder.model))


def person_of(registration):
    """The assister or agency administrator a Registration Number was sent to."""
    return registration.assister if registration.assister_id else registration.agency_admin


def activation_blocker(person, today=None):
    """Why an activation email can't be sent to this assister or agency administrator now,
    or None."""
    holder = holder_of(person)
    if person.user_id is not None:
        return f"This {holder.noun} already has a portal account: there is nothing to activate."
    if not person.is_active:
        return (
            f"This {holder.noun} is inactive. Make them active before sending the activation "
            "email."
        )
    return holder.blocker(person, today or date.today())


def latest(person):
    """The most recent Registration Number sent to this person (its dates only), or None."""
    return (
        RegistrationNumber.select()
        .where(holder_of(person).column == person)
        .order_by(RegistrationNumber.created_at.desc(), RegistrationNumber.id.desc())
        .first()
    )


def send_activation(actor, person):
    """Send (or re-send) the activation email with a new Registration Number to an assister or
    an agency administrator.

    Any earlier unused number is voided. Returns the new RegistrationNumber row; its plain
    `number` attribute lives only in memory for the caller and is never stored.
    """
    holder = holder_of(person)
    with database.atomic():
        person = holder.model.get_by_id(person.id)
        blocker = activation_blocker(person)
        if blocker:
            raise DomainError(blocker)
        now = utcnow()
        voided = (
            RegistrationNumber.update(voided_at=now)
            .where(
                holder.column == person,
                RegistrationNumber.used_at.is_null(),
                RegistrationNumber.voided_at.is_null(),
            )
            .execute()
        )
        number = new_number()
        days = current_app.config["REGISTRATION_NUMBER_DAYS"]
        registration = RegistrationNumber.create(
            **{holder.role: person},
            number_hash=hash_number(number),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        mail.send(
            "activation",
            person.email,
            holder.mail_template,
            person=person,
            registration_number=display(number),
            expires_at=registration.expires_at,
            **holder.mail_context(person),
        )
        audit.record(
            actor,
            f"{holder.role}.activation_sent",
            obj=person,
            detail=f"expires {registration.expires_at:%Y-%m-%d}"
            + (f"; {voided} earlier number voided" if voided else ""),
        )
    registration.number = number
    return registration


def send_activation_when_ready(actor, assister):
    """S8: the activation email goes out by itself the moment nothing blocks it (certification
    confirmed, approved on the agency's roster, the current course mastered), unless the assister
    already has an account or a number that can still be used. Called after each of those steps;
    returns the new RegistrationNumber row, or None."""
    assister = Assister.get_by_id(assister.id)
    if activation_blocker(assister) is not None:
        return None
    live = (
        RegistrationNumber.select()
        .where(
            RegistrationNumber.assister == assister,
            RegistrationNumber.used_at.is_null(),
            RegistrationNumber.voided_at.is_null(),
            RegistrationNumber.expires_at > utcnow(),
        )
        .exists()
    )
    return None if live else send_activation(actor, assister)


def check_registration(number, email, *, first_name=None, last_name=None, phone=None):
    """The usable RegistrationNumber for what the person typed, or a DomainError saying why not.

    `number` is the typed Registration Number, or a RegistrationNumber row found by an earlier
    check in the same wizard (it is looked up again: it may have been used or voided since).
    Names and phone, when given, must match the record of the assister or agency administrator
    it was sent to, as the email showed them.
    """
    registration = _find(number)
    now = utcnow()
    if registration.voided_at is not None:
        raise DomainError(
            "This Registration Number was replaced by a newer one. Use the Registration Number "
            "in the most recent activation email you received.",
            field=NUMBER_FIELD,
        )
    person = person_of(registration)
    if registration.used_at is not None or person.user_id is not None:
        raise DomainError(
            "This Registration Number has already been used to create an account. Sign in with "
            "your username, or use \u201cForgot your username?\u201d on the sign-in page.",
            field=NUMBER_FIELD,
        )
    if registration.expires_at <= now:
        raise DomainError(
            f"This Registration Number expired on {registration.expires_at:%B %-d, %Y}. "
            f"Call {HELP_LINE} to have a new activation email sent.",
            field=NUMBER_FIELD,
        )
    if not person.is_active:
        raise DomainError(
            f"Your {holder_of(person).noun} record is not active, so an account can't be created. "
            f"Call {HELP_LINE}.",
            field=NUMBER_FIELD,
        )
    if _folded(email) != _folded(person.email):
        raise DomainError(
            "This email address does not match the one your activation instructions were sent "
            "to. Enter exactly the address where you received the activation email.",
            field="email",
        )
    for field, typed, expected in (
        ("first_name", first_name, person.first_name),
        ("last_name", last_name, person.last_name),
    ):
        if typed is not None and _folded(typed) != _folded(expected):
            raise DomainError(
                f"This does not match the name in your activation email. Enter it exactly as "
                f"the email shows it, or call {HELP_LINE} to correct it.",
                field=field,
            )
    if phone is not None and _digits(phone) != _digits(person.phone):
        raise DomainError(
            f"This does not match the phone number in your activation email. Enter it as the "
            f"email shows it, or call {HELP_LINE} to correct it.",
            field="phone",
        )
    return registration


def activate(actor, number, email, username, password, answers_pairs):
    """Create the account of the assister or agency administrator the number was sent to: all
    of it in one transaction, or nothing.

    The user gets the role "assister" or "agency_admin" with the email already verified (the
    Registration Number proves the address), the person's record is linked, the number is marked
    used, the security answers are saved, and the "Successful User Creation" email is stored.
    """
    username = accounts.checked_username(username)
    passwords.require_acceptable(password, username=username, email=email)
    answers_pairs = list(answers_pairs)
    found = security_questions.problems(answers_pairs)
    if found:
        field, message = next(iter(found.items()))
        raise DomainError(message, field=field)
    with database.atomic():
        registration = check_registration(number, email)
        person = person_of(registration)
        holder = holder_of(person)
        now = utcnow()
        # Claimed by a conditional update: of two simultaneous activations only one wins.
        claimed = (
            RegistrationNumber.update(used_at=now)
            .where(
                RegistrationNumber.id == registration.id,
                RegistrationNumber.used_at.is_null(),
                RegistrationNumber.voided_at.is_null(),
            )
            .execute()
        )
        if claimed != 1:
            raise DomainError(
                "This Registration Number has already been used to create an account.",
                field=NUMBER_FIELD,
            )
        user = accounts.create_user(
            actor, username, person.email, person.full_name, holder.role, password
        )
        model = holder.model
        linked = (
            model.update(user=user)
            .where(model.id == person.id, model.user.is_null())
            .execute()
        )
        if linked != 1:
            raise DomainError(
                f"This {holder.noun} already has a portal account. Sign in with your username.",
                field=NUMBER_FIELD,
            )
        security_questions.set_answers(user, answers_pairs)
        audit.record(
            actor, f"{holder.role}.activated", obj=person, detail=f"username: {username}"
        )
        mail.send(
            "account_created",
            person.email,
            "account_created",
            username=username,
            full_name=person.full_name,
        )
    return user


def _find(number):
    if isinstance(number, RegistrationNumber):
        registration = RegistrationNumber.get_or_none(RegistrationNumber.id == number.id)
        if registration is None:
            raise DomainError("Enter your Registration Number again.", field=NUMBER_FIELD)
        return registration
    if not normalize(number):
        raise DomainError(
            "Enter the Registration Number from the bottom of your activation email.",
            field=NUMBER_FIELD,
        )
    if reference_numbers.is_valid(number):
        raise DomainError(
            "This is your Reference Number, from the top of the email: it is the number you give "
            "consumers. Enter the Registration Number from the bottom of the email instead "
            "(12 letters and numbers, like ABCD-EFGH-JK23).",
            field=NUMBER_FIELD,
        )
    if not looks_like_number(number):
        raise DomainError(
            "This is not a Registration Number. It has 12 letters and numbers, like "
            "ABCD-EFGH-JK23, and is near the bottom of your activation email.",
            field=NUMBER_FIELD,
        )
    registration = RegistrationNumber.get_or_none(
        RegistrationNumber.number_hash == hash_number(number)
    )
    if registration is None:
        raise DomainError(
            "We could not find this Registration Number. Check it against the bottom of your "
            f"activation email, or call {HELP_LINE} to have a new one sent.",
            field=NUMBER_FIELD,
        )
    return registration


def _folded(text):
    return " ".join((text or "").split()).casefold()


def _digits(text):
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    # A leading country code 1 is the same number.
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
