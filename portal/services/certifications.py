"""Certification periods (S8): confirming or refusing what an individual applied for, first or
renewed. Agency administrators confirm their navigators and CACs (through the roster), staff
confirm brokers. The assister's own `certified_on`, `certification_expires_on` and
`certification_status` follow the confirmed period that runs now."""

from datetime import timedelta

from db import database, utcnow
from db.assisters import Assister
from db.certifications import Certification
from portal.errors import DomainError
from portal.services import audit, registration, standing

REASON_MAX = 1000


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
        registration.send_activation_when_ready(actor, assister)
    return Certification.get_by_id(certification.id)


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
    return certification
