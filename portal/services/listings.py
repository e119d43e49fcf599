"""How agencies and assisters appear in Find local help (S7): what an assister chooses to show,
and marketplace staff hiding a listing (with the reason) or showing it again.

Being listed is not enough to be found: the directory shows only those in good standing, so an
assister who lapses, is made inactive by staff or marked inactive by their agency, or whose
certification is not confirmed leaves it at once whatever their listing says
(portal/services/directory_query.py's ASSISTER_LISTED).
"""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from db import database
from db.assisters import LANGUAGES, Agency, Assister
from portal.errors import DomainError, required_text
from portal.services import audit, mail
from portal.services.standing import CONTACT

PHONE_PATTERN = r"^\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}$"
PHONE_MESSAGE = "Enter a 10-digit phone number, like 651-555-0140."
HOURS_MAX = Assister.hours.max_length
REASON_MAX = Agency.hidden_reason.max_length
LANGUAGE_SEPARATOR = ", "


@dataclass(frozen=True)
class Shown:
    """An assister's listing as consumers read it: never the Reference Number."""

    name: str
    organization: str
    assister_type: str
    languages: tuple
    address: str
    phone: str
    hours: str | None


def languages_of(listing):
    """The languages a listing names, in the order it stores them."""
    return [name.strip() for name in (listing.languages or "").split(",") if name.strip()]


def shown(assister):
    """What Find local help shows of `assister`: the street only when they chose to show it,
    their listing phone or else the phone on record."""
    street = f"{assister.street}, " if assister.listing_shows_street else ""
    return Shown(
        name=assister.full_name,
        organization=assister.organization,
        assister_type=assister.get_assister_type_display(),
        languages=tuple(languages_of(assister)),
        address=f"{street}{assister.city}, {assister.state} {assister.zip_code}",
        phone=assister.listing_phone or assister.phone,
        hours=assister.hours,
    )


def hidden_message(listing):
    """What the assister reads when staff have hidden their listing, with whom to call."""
    return (
        "Marketplace staff have hidden your listing from Find local help. "
        f"Reason: {listing.hidden_reason} To ask about it, {CONTACT}."
    )


def update_assister_listing(actor, assister, values):
    """The assister's own choices: `listed` and `listing_shows_street` (booleans),
    `listing_phone` (blank for the phone on record), `hours` and `languages` (names from
    LANGUAGES, at least one). A bad value raises a DomainError beside its field; nothing is
    saved. Audited as a change of the assister record, naming the fields changed."""
    cleaned = {
        "listed": bool(values["listed"]),
        "listing_shows_street": bool(values["listing_shows_street"]),
        "listing_phone": _phone(values.get("listing_phone")),
        "hours": _hours(values.get("hours")),
        "languages": _languages(values.get("languages")),
    }
    changed = sorted(name for name, value in cleaned.items() if getattr(assister, name) != value)
    with database.atomic():
        # Conditional: of the same choices sent twice at once (a double click), one saves them
        # and is audited, the other finds them saved.
        saved = reduce(operator.and_, (_is(getattr(Assister, n), v) for n, v in cleaned.items()))
        if Assister.update(cleaned).where(Assister.id == assister.id, ~saved).execute():
            audit.record(
                actor, "assister.updated", obj=assister, detail="changed: " + ", ".join(changed)
            )
    for name, value in cleaned.items():
        setattr(assister, name, value)
    return assister


def hide(actor, listing, reason):
    """Staff take an agency's or an assister's listing out of Find local help, with the reason
    (required: it is what the assister is told). An assister is told by mail."""
    reason = required_text(
        reason, "reason", "Give the reason for hiding this listing.", REASON_MAX
    )
    with database.atomic():
        _claim(listing, hidden=False, reason=reason)
        audit.record(actor, f"{_kind(listing)}.listing_hidden", obj=listing, detail=reason)
        _tell(listing)
    return listing


def show(actor, listing):
    """Staff put a listing they hid back in Find local help (when its owner still chooses to be
    listed); an assister is told by mail."""
    with database.atomic():
        _claim(listing, hidden=True, reason=None)
        audit.record(actor, f"{_kind(listing)}.listing_shown", obj=listing)
        _tell(listing)
    return listing


def _claim(listing, hidden, reason):
    # Conditional, so that two staff members (or a double submit) change it, and tell, once.
    model = type(listing)
    claimed = (
        model.update(hidden_by_staff=not hidden, hidden_reason=reason)
        .where(model.id == listing.id, model.hidden_by_staff == hidden)
        .execute()
    )
    if not claimed:
        raise DomainError(
            "This listing is already hidden from Find local help."
            if not hidden
            else "This listing is not hidden: it is already shown as its owner chose."
        )
    listing.hidden_by_staff, listing.hidden_reason = not hidden, reason


def _tell(listing):
    if isinstance(listing, Assister):
        mail.send(
            "listing_hidden" if listing.hidden_by_staff else "listing_shown",
            listing.email,
            "assister_listing",
            assister=listing,
            contact=CONTACT,
        )


def _kind(listing):
    return type(listing)._meta.table_name


def _is(column, value):
    # Never NULL itself: NOT of a NULL comparison would leave an empty column unchanged.
    return column.is_null() if value is None else (column == value) & column.is_null(False)


def _phone(text):
    phone = " ".join((text or "").split())
    if phone and not re.match(PHONE_PATTERN, phone):
        raise DomainError(PHONE_MESSAGE, field="listing_phone")
    return phone or None


def _hours(text):
    hours = " ".join((text or "").split())
    if len(hours) > HOURS_MAX:
        raise DomainError(
            f"Keep the office hours to {HOURS_MAX} characters or fewer.", field="hours"
        )
    return hours or None


def _languages(names):
    chosen = set(names or ())
    unknown = chosen - set(LANGUAGES)
    if unknown:
        raise DomainError("Choose the languages from the list.", field="languages")
    if not chosen:
        raise DomainError("Choose at least one language you help consumers in.", field="languages")
    # In the list's order, whatever order they were sent in.
    return LANGUAGE_SEPARATOR.join(name for name in LANGUAGES if name in chosen)
