"""Assisters: certified brokers, navigators and CACs, each with a permanent Reference Number."""

from db import database, utcnow
from db.assisters import Assister
from db.certifications import Certification
from portal import places
from portal.errors import DomainError
from portal.services import records, reference_numbers, standing

UNIQUE = {"email": "Another assister already uses this email address."}
# The assister types that work for an agency and stand on its roster.
AGENCY_STAFF = ("navigator", "cac")


def create_assister(actor, values, license_expires_on=None):
    """Record an assister, give them a Reference Number that no one else has, and record their
    first certification period (`certified_on` to `certification_expires_on`) with the status
    in `values` (confirmed unless said: staff enrol assisters already certified; an individual's
    own registration waits for confirmation). A broker's `license_expires_on` goes with it."""
    _check(values)
    if values["assister_type"] in AGENCY_STAFF and "roster_status" not in values:
        # Staff enrol agency staff the agency has approved (the manual's roster comes first);
        # someone who registered themselves waits for the agency.
        confirmed = values.get("certification_status", "confirmed") == "confirmed"
        values = {**values, "roster_status": "approved" if confirmed else "pending"}
    number = reference_numbers.new()
    while Assister.select().where(Assister.reference_number == number).exists():
        number = reference_numbers.new()
    with database.atomic():
        assister = records.create(
            actor,
            Assister,
            {**values, **places.point(values), "reference_number": number},
            UNIQUE,
        )
        confirmed = assister.certification_status == "confirmed"
        Certification.create(
            assister=assister,
            kind="initial",
            starts_on=assister.certified_on,
            expires_on=assister.certification_expires_on,
            status=assister.certification_status,
            license_number=assister.license_number,
            license_expires_on=license_expires_on,
            decided_at=utcnow() if confirmed else None,
            decided_by=actor.user if confirmed else None,
        )
    return assister


def update_assister(actor, assister, values):
    """Change the record; a change to the assister's standing (made inactive or active, a
    certification expiry date, another agency) ends or gives back their access with it.

    Dates typed here correct the period the assister holds, they do not make a new one (a
    renewal does): the certification row of that period follows them, so the history shows
    what the assister's record says."""
    _check(values)
    with database.atomic():
        assister = records.update(actor, assister, {**values, **places.point(values)}, UNIQUE)
        _keep_period_in_step(assister)
        standing.review(actor, assister)
    return assister


def current_certification(assister):
    """The certification row of the period the assister's record holds: the latest of their
    status (the one applied for while pending, the latest confirmed once confirmed), or None."""
    return (
        Certification.select()
        .where(
            Certification.assister == assister.id,
            Certification.status == assister.certification_status,
        )
        .order_by(Certification.starts_on.desc(), Certification.id.desc())
        .first()
    )


def _keep_period_in_step(assister):
    # The record's `certified_on` is when the assister's certification began: the first
    # period's start, kept across renewals (certifications.confirm), so only an initial row
    # takes it; every row takes the expiry.
    row = current_certification(assister)
    if row is None:
        return
    changes = {"expires_on": assister.certification_expires_on}
    if row.kind == "initial":
        changes["starts_on"] = assister.certified_on
    if changes["expires_on"] <= changes.get("starts_on", row.starts_on):
        raise DomainError(
            f"The certification period that runs now began on {row.starts_on:%B %-d, %Y}: "
            "it must expire after that.",
            field="certification_expires_on",
        )
    if any(getattr(row, name) != value for name, value in changes.items()):
        Certification.update(**changes).where(Certification.id == row.id).execute()


def _check(values):
    if values["certification_expires_on"] <= values["certified_on"]:
        raise DomainError(
            "The certification must expire after the date it was granted.",
            field="certification_expires_on",
        )
    if values["assister_type"] == "broker" and not (values.get("license_number") or "").strip():
        raise DomainError("A broker needs a license number.", field="license_number")
    if values["assister_type"] in ("navigator", "cac") and values.get("agency") is None:
        raise DomainError(
            "Navigators and certified application counselors work for an agency: choose it.",
            field="agency",
        )
