"""Certification periods (S8): confirming or refusing what an individual applied for, first or
renewed. Agency administrators confirm their navigators and CACs (through the roster), staff
confirm brokers. The assister's own `certified_on`, `certification_expires_on` and
`certification_status` follow the confirmed period that runs now."""

import re
from dataclasses import dataclass
from datetime import timedelta

import peewee as pw

from db import database, utcnow
from db.assisters import ASSISTER_TYPES, LANGUAGES, Agency, AgencyAdmin, Assister
from db.certifications import Certification
from portal import places
from portal.display import long_date
from portal.errors import DomainError
from portal.services import (
    assisters,
    audit,
    courses,
    listings,
    mail,
    registration,
    standing,
    training,
)

REASON_MAX = 1000
# Renewal opens this many days before the period ends (S8).
RENEWAL_OPENS_DAYS = 90
# The agency kind each agency staff type registers under.
AGENCY_KIND = {"navigator": "navigator", "cac": "cac"}
# Whom an assister calls about their certification, by type (the seed manual's help lines).
HELP_LINE = {"broker": "the Broker Line", "navigator": "the ARC", "cac": "the ARC"}
EMAIL_TAKEN = (
    "An assister is already registered with this email address. If it is yours, look for the "
    "email with your Training ID, or call the ARC (navigators and CACs) or the Broker Line "
    "(brokers)."
)


def period_from(first_day):
    """A certification period: one year from `first_day`, its last day the day before the
    anniversary (February 29 runs to February 28)."""
    try:
        anniversary = first_day.replace(year=first_day.year + 1)
    except ValueError:
        anniversary = first_day.replace(year=first_day.year + 1, day=28) + timedelta(days=1)
    return first_day, anniversary - timedelta(days=1)


def confirm(actor, certification, today=None):
    """Confirm a pending certification, in one transaction: a first one runs from today, a
    renewal from the day after the current period ends (today if that has passed). The
    assister's standing is reviewed (a renewal gives back access a lapse took) and the
    activation email goes out if nothing else holds it back. Confirming what was already
    decided changes nothing and returns it as it is (a double click shows the first result)."""
    today = today or standing.minnesota_today()
    with database.atomic():
        certification = Certification.get_by_id(certification.id)
        if certification.status != "pending":
            return certification
        assister = Assister.get_by_id(certification.assister_id)
        first_day = today
        if certification.kind == "renewal" and assister.certification_status == "confirmed":
            first_day = max(today, assister.certification_expires_on + timedelta(days=1))
        starts_on, expires_on = period_from(first_day)
        now = utcnow()
        claimed = (
            Certification.update(
                status="confirmed",
                starts_on=starts_on,
                expires_on=expires_on,
                decided_at=now,
                decided_by=actor.user,
            )
            .where(Certification.id == certification.id, Certification.status == "pending")
            .execute()
        )
        if claimed != 1:
            return Certification.get_by_id(certification.id)
        changes = {"certification_status": "confirmed", "certification_expires_on": expires_on}
        if certification.kind == "initial" or assister.certification_status != "confirmed":
            changes["certified_on"] = starts_on
        if certification.license_number:
            changes["license_number"] = certification.license_number
        Assister.update(**changes).where(Assister.id == assister.id).execute()
        audit.record(
            actor, "certification.confirmed", obj=assister,
            detail=f"{certification.kind}: {starts_on:%Y-%m-%d} to {expires_on:%Y-%m-%d}",
        )
        assister = Assister.get_by_id(assister.id)
        if assister.user_id is not None:
            standing.review(actor, assister)
        certification = Certification.get_by_id(certification.id)
        _mail_decision(certification)
        registration.send_activation_when_ready(actor, assister)
    return certification


def refuse(actor, certification, reason):
    """Refuse a pending certification with the reason the assister is told. A first
    certification refused leaves the assister uncertified; a refused renewal leaves the period
    that runs now as it is. Refusing what was already decided changes nothing."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("Say why the certification is refused.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason under {REASON_MAX} characters.", field="reason")
    with database.atomic():
        claimed = (
            Certification.update(
                status="refused", reason=reason, decided_at=utcnow(), decided_by=actor.user
            )
            .where(Certification.id == certification.id, Certification.status == "pending")
            .execute()
        )
        certification = Certification.get_by_id(certification.id)
        if claimed != 1:
            return certification
        if certification.kind == "initial":
            Assister.update(certification_status="refused").where(
                Assister.id == certification.assister_id,
                Assister.certification_status == "pending",
            ).execute()
        audit.record(
            actor, "certification.refused", obj=certification.assister,
            detail=f"{certification.kind}: {reason}",
        )
        _mail_decision(certification)
    return certification


def _mail_decision(certification):
    assister = Assister.get_by_id(certification.assister_id)
    mail.send(
        f"certification_{certification.status}",
        assister.email,
        f"certification_{certification.status}",
        assister=assister,
        certification=certification,
        help_line=HELP_LINE[assister.assister_type],
    )


# Registration ---------------------------------------------------------------------------------

ADDRESS = ("first_name", "last_name", "email", "phone", "street", "city", "zip_code", "county")


def register(actor, values, today=None):
    """An individual registers for certification (S8): the assister, waiting for confirmation,
    with a Reference Number and the period applied for (a year from today), its pending
    certification row, a Training ID by email for the course, and, for navigators and CACs, a
    mail to their agency's administrators to approve them on the roster. One transaction.

    `values`: assister_type, agency_id (navigators and CACs), license_number and
    license_expires_on (brokers), first_name, last_name, email, phone, street, city, zip_code,
    county, languages (a list). The same registration sent again (a double click) returns the
    assister the first one made, and writes nothing."""
    today = today or standing.minnesota_today()
    assister_values, license_expires_on = _registration(values, today)
    if _email_taken(assister_values["email"]):
        # Taken by this same registration sent a moment before (a double click) or by
        # someone else. Asked in this order, with no gap: the first registration may commit
        # between two questions, and a gap would refuse its own double click.
        first = _same_registration(assister_values)
        if first is not None:
            return first
        raise DomainError(EMAIL_TAKEN, field="email")
    try:
        with database.atomic():
            assister = assisters.create_assister(
                actor, assister_values, license_expires_on=license_expires_on
            )
            audit.record(actor, "certification.registered", obj=assister,
                         detail=assister.get_assister_type_display())
            training.issue_training_id(actor, assister)
            if assister.agency_id is not None:
                for admin in _active_admins(assister.agency_id):
                    mail.send("certification_registered", admin.email,
                              "certification_registered", admin=admin, assister=assister)
    except (DomainError, pw.IntegrityError):
        # The same registration, sent at the same moment, was made first (the unique email).
        first = _same_registration(assister_values)
        if first is None:
            raise
        return first
    return Assister.get_by_id(assister.id)


def _registration(values, today):
    assister_type = values.get("assister_type")
    if assister_type not in dict(ASSISTER_TYPES):
        raise DomainError("Choose the kind of assister you are.", field="assister_type")
    cleaned = {name: " ".join(str(values.get(name) or "").split()) for name in ADDRESS}
    for name, label in (("first_name", "first name"), ("last_name", "last name"),
                        ("email", "email address"), ("street", "street address"),
                        ("city", "city")):
        if not cleaned[name]:
            raise DomainError(f"Enter your {label}.", field=name)
    if not re.match(listings.PHONE_PATTERN, cleaned["phone"]):
        raise DomainError(listings.PHONE_MESSAGE, field="phone")
    try:
        places.locate(cleaned["zip_code"])
    except places.UnknownZip as unknown:
        raise DomainError(unknown.message, field="zip_code") from unknown
    if cleaned["county"] not in places.counties():
        raise DomainError("Choose your county in Minnesota from the list.", field="county")
    languages = list(values.get("languages") or ())
    if not languages or not set(languages) <= set(LANGUAGES):
        raise DomainError("Choose the languages you help consumers in, from the list.",
                          field="languages")
    agency = None
    license_number, license_expires_on = None, None
    if assister_type == "broker":
        license_number, license_expires_on = _license(values, today)
    else:
        agency = _agency(values.get("agency_id"), assister_type)
    certified_on, expires_on = period_from(today)
    return {
        **cleaned,
        "state": "MN",
        "assister_type": assister_type,
        "agency": agency,
        "license_number": license_number,
        "languages": ", ".join(name for name in LANGUAGES if name in languages),
        "certified_on": certified_on,
        "certification_expires_on": expires_on,
        "certification_status": "pending",
        "roster_status": "pending" if agency is not None else None,
        "is_active": True,
        "user": None,
    }, license_expires_on


def _license(values, today):
    """A broker's license number and expiry, as typed: both given, not expired."""
    number = " ".join(str(values.get("license_number") or "").split())
    if not number:
        raise DomainError("Enter your Minnesota insurance license number.",
                          field="license_number")
    if len(number) > Certification.license_number.max_length:
        raise DomainError("Keep the license number to 40 characters or fewer.",
                          field="license_number")
    expires_on = values.get("license_expires_on")
    if expires_on is None:
        raise DomainError("Enter the date your license expires.", field="license_expires_on")
    if expires_on < today:
        raise DomainError(
            f"Your license expired on {long_date(expires_on)}. Renew your license with the "
            "Minnesota Department of Commerce first.",
            field="license_expires_on",
        )
    return number, expires_on


def _agency(agency_id, assister_type):
    agency = None
    if agency_id is not None:
        agency = Agency.get_or_none(Agency.id == agency_id, Agency.is_active == True)  # noqa: E712
    if agency is None or agency.kind != AGENCY_KIND[assister_type]:
        kind = dict(ASSISTER_TYPES)[assister_type].lower()
        raise DomainError(
            f"Choose your agency from the list of {kind} agencies. If it is not there, it is "
            "not certified yet: ask it to apply.",
            field="agency_id",
        )
    return agency


def registering_agencies(assister_type):
    """The active agencies a navigator or CAC can register under, by name."""
    return (
        Agency.select(Agency.id, Agency.name)
        .where(Agency.is_active == True, Agency.kind == AGENCY_KIND[assister_type])  # noqa: E712
        .order_by(Agency.name)
    )


def _email_taken(email):
    return Assister.select().where(pw.fn.LOWER(Assister.email) == email.lower()).exists()


def _same_registration(values):
    """The assister an identical registration made, still waiting for confirmation, or None."""
    return (
        Assister.select()
        .where(
            pw.fn.LOWER(Assister.email) == values["email"].lower(),
            Assister.assister_type == values["assister_type"],
            Assister.first_name == values["first_name"],
            Assister.last_name == values["last_name"],
            Assister.agency == values["agency"],
            Assister.certification_status == "pending",
            Assister.user.is_null(),
        )
        .first()
    )


def _active_admins(agency_id):
    return AgencyAdmin.select().where(
        AgencyAdmin.agency == agency_id, AgencyAdmin.is_active == True  # noqa: E712
    ).order_by(AgencyAdmin.id)


# Renewal --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Renewal:
    """Where the assister's renewal stands: from when it can be asked for, whether it can be
    now, and the renewal already asked for (waiting for a decision), if any."""

    opens_on: object
    is_open: bool
    pending: Certification | None


def renewal_of(assister, today=None):
    today = today or standing.minnesota_today()
    expires_on = assister.certification_expires_on
    opens_on = expires_on - timedelta(days=RENEWAL_OPENS_DAYS)
    pending = (
        Certification.select()
        .where(Certification.assister == assister.id, Certification.status == "pending",
               Certification.kind == "renewal")
        .first()
    )
    is_open = assister.certification_status == "confirmed" and opens_on <= today <= expires_on
    return Renewal(opens_on, is_open, pending)


def renewal_due(assister, today=None):
    """Whether the assister can renew now and has not asked yet (the dashboard's notice): the
    dates first, so most days it asks the database nothing."""
    today = today or standing.minnesota_today()
    expires_on = assister.certification_expires_on
    if not (expires_on - timedelta(days=RENEWAL_OPENS_DAYS) <= today <= expires_on):
        return False
    renewal = renewal_of(assister, today)
    return renewal.is_open and renewal.pending is None


def history(assister):
    """Every certification period of the assister, the latest first."""
    return (
        Certification.select()
        .where(Certification.assister == assister.id)
        .order_by(Certification.starts_on.desc(), Certification.id.desc())
    )


def request_renewal(actor, assister, values, today=None):
    """The assister asks to renew: a pending renewal for the year after the current period,
    once renewal has opened (RENEWAL_OPENS_DAYS before it ends) and the current year's course
    is mastered; a broker gives their license again. Asked again while one is pending (a double
    click), the first is returned and nothing is written."""
    today = today or standing.minnesota_today()
    assister = Assister.get_by_id(assister.id)
    renewal = renewal_of(assister, today)
    if renewal.pending is not None:
        return renewal.pending
    if not renewal.is_open:
        raise DomainError(
            f"You can renew your certification from {long_date(renewal.opens_on)}, 90 days "
            "before it expires."
        )
    if not courses.has_mastered(assister, today):
        raise DomainError(
            "To renew, first complete this year's assister portal course and master its "
            "assessment."
        )
    license_number, license_expires_on = None, None
    if assister.assister_type == "broker":
        license_number, license_expires_on = _license(values, today)
    starts_on, expires_on = period_from(assister.certification_expires_on + timedelta(days=1))
    try:
        with database.atomic():
            certification = Certification.create(
                assister=assister, kind="renewal", starts_on=starts_on, expires_on=expires_on,
                status="pending", license_number=license_number,
                license_expires_on=license_expires_on,
            )
            audit.record(actor, "certification.renewal_requested", obj=assister,
                         detail=f"{starts_on:%Y-%m-%d} to {expires_on:%Y-%m-%d}")
            if assister.agency_id is not None:
                for admin in _active_admins(assister.agency_id):
                    mail.send("certification_renewal", admin.email, "certification_renewal",
                              admin=admin, assister=assister)
    except pw.IntegrityError:
        # Asked at the same moment by another request (one pending period per assister).
        pending = renewal_of(assister, today).pending
        if pending is None:
            raise
        return pending
    return certification
