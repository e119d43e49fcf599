"""Assisters: certified brokers, navigators and CACs, each with a permanent Reference Number."""

from db import database
from db.assisters import Assister
from portal import places
from portal.errors import DomainError
from portal.services import records, reference_numbers, standing

UNIQUE = {"email": "Another assister already uses this email address."}


def create_assister(actor, values):
    """Record a certified assister and give them a Reference Number that no one else has."""
    _check(values)
    number = reference_numbers.new()
    while Assister.select().where(Assister.reference_number == number).exists():
        number = reference_numbers.new()
    return records.create(
        actor,
        Assister,
        {**values, **places.point(values), "reference_number": number},
        UNIQUE,
    )


def update_assister(actor, assister, values):
    """Change the record; a change to the assister's standing (made inactive or active, a
    certification expiry date, another agency) ends or gives back their access with it."""
    _check(values)
    with database.atomic():
        assister = records.update(actor, assister, {**values, **places.point(values)}, UNIQUE)
        standing.review(actor, assister)
    return assister


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
