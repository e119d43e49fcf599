"""Organizations' applications to be certified as navigator or CAC agencies (S8).

Anyone may apply online; marketplace staff approve or reject each application once. Approval
makes the agency, its first agency administrator (the contact named in the application) and
sends that person the activation email, all in one transaction: a refusal half way (the name
taken meanwhile) leaves the application waiting, with nothing made. A decision is taken by a
conditional update on the status, so a second click, or a second staff member, finds the first
decision standing.
"""

import re
from urllib.parse import urlsplit

import peewee as pw

from db import database, utcnow
from db.assisters import LANGUAGES, Agency, AgencyAdmin
from db.certifications import APPLYING_KINDS, AgencyApplication
from portal import places
from portal.errors import DomainError, required_text
from portal.services import agencies, agency_admins, audit, listings, mail, registration

REASON_MAX = AgencyApplication.reason.max_length
SEPARATOR = listings.LANGUAGE_SEPARATOR
TEXT_FIELDS = (
    "legal_name",
    "street",
    "city",
    "phone",
    "website",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_phone",
)
# What an application form sends, lists as lists of names.
FORM_FIELDS = (*TEXT_FIELDS, "kind", "zip_code", "county", "counties_served", "languages")
# A phone's shape is the listings' (a 10-digit number); a field name says which phone.
PHONES = ("phone", "contact_phone")


WEBSITE_MESSAGE = (
    "Enter the website's full address, starting with https:// or http://, like "
    "https://www.example.org."
)


def is_web_address(text):
    """An address a browser opens as a web page: never javascript:, data: or a file."""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # an unclosed [IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(host) and " " not in text


def kind_name(application):
    return dict(APPLYING_KINDS)[application.kind]


def names_of(stored):
    """A comma-separated list (counties served, languages) as the names it holds."""
    return [name.strip() for name in (stored or "").split(",") if name.strip()]


def submit(actor, values):
    """Record an organization's application and email its contact that it arrived.

    `values` has the AgencyApplication's fields, with `counties_served` and `languages` as
    lists of names. The same application sent again while it waits (the same legal name and
    contact email: a double click) returns the first one, writing nothing.
    """
    values = _checked(values)
    with database.atomic():
        same = _pending_named(values["legal_name"]).where(
            pw.fn.LOWER(AgencyApplication.contact_email) == values["contact_email"].lower()
        ).first()
        if same is not None:
            return same
        _refuse_clashes(values)
        application = AgencyApplication.create(**values)
        mail.send(
            "agency_application",
            application.contact_email,
            "agency_application_received",
            application=application,
            agency_type=kind_name(application),
        )
        audit.record(actor, "agency_application.submitted", obj=application)
    return application


def approve(actor, application):
    """Certify the agency: make it (listed in Find local help as agencies are), make its contact
    its agency administrator and send them the activation email. Returns the application as it
    now stands; one already decided is returned unchanged."""
    with database.atomic():
        application, decided = _decide(actor, application, "approved")
        if not decided:
            return application
        agency = agencies.create_agency(actor, agency_values(application))
        agency_admin = agency_admins.create_agency_admin(
            actor, _agency_admin_values(application, agency)
        )
        application.agency = agency
        application.save(only=[AgencyApplication.agency])
        registration.send_activation(actor, agency_admin)
        audit.record(
            actor, "agency_application.approved", obj=application, detail=f"agency {agency.id}"
        )
    return application


def reject(actor, application, reason):
    """Refuse the application with a reason, which is emailed to its contact. Returns the
    application as it now stands; one already decided is returned unchanged."""
    reason = required_text(
        reason, "reason", "Give the reason for rejecting this application.", REASON_MAX
    )
    with database.atomic():
        application, decided = _decide(actor, application, "rejected", reason=reason)
        if not decided:
            return application
        mail.send(
            "agency_application",
            application.contact_email,
            "agency_application_rejected",
            application=application,
            agency_type=kind_name(application),
        )
        audit.record(actor, "agency_application.rejected", obj=application)
    return application


def agency_values(application):
    """The agency an approved application makes."""
    return {
        "name": application.legal_name,
        "kind": application.kind,
        "street": application.street,
        "city": application.city,
        "state": application.state,
        "zip_code": application.zip_code,
        "county": application.county,
        "phone": application.phone,
        "email": None,
        "website": application.website,
        "hours": None,
        "languages": application.languages,
        "is_active": True,
    }


def _agency_admin_values(application, agency):
    """The agency administrator an approved application makes: its contact."""
    return {
        "agency": agency,
        "user": None,
        "first_name": application.contact_first_name,
        "last_name": application.contact_last_name,
        "email": application.contact_email,
        "phone": application.contact_phone,
    }


def _decide(actor, application, status, reason=None):
    """The application as it now stands, and whether this call decided it (a waiting one)."""
    decided = (
        AgencyApplication.update(
            status=status,
            decided_at=utcnow(),
            decided_by=actor.user,
            reason=reason,
        )
        .where(AgencyApplication.id == application.id, AgencyApplication.status == "pending")
        .execute()
    )
    return AgencyApplication.get_by_id(application.id), decided == 1


def _pending_named(legal_name):
    return AgencyApplication.select().where(
        pw.fn.LOWER(AgencyApplication.legal_name) == legal_name.lower(),
        AgencyApplication.status == "pending",
    )


def _checked(values):
    """The values as stored, or a DomainError beside the first field that can't be used."""
    values = dict(values)
    for name in TEXT_FIELDS:
        values[name] = " ".join((values.get(name) or "").split()) or None
    for name in TEXT_FIELDS:
        if values[name] is None and name != "website":
            raise DomainError("Fill in this field.", field=name)
    if values.get("kind") not in dict(APPLYING_KINDS):
        raise DomainError("Choose the type of agency.", field="kind")
    for name in PHONES:
        if not re.match(listings.PHONE_PATTERN, values[name]):
            raise DomainError(listings.PHONE_MESSAGE, field=name)
    try:
        place = places.locate(values.get("zip_code"))
    except places.UnknownZip as error:
        raise DomainError(error.message, field="zip_code") from error
    values["zip_code"] = place.zip_code
    values["state"] = places.STATE
    if values.get("county") not in places.counties():
        raise DomainError("Choose the county from the list.", field="county")
    values["counties_served"] = _chosen(
        values.get("counties_served"), places.counties(), "counties_served",
        "Choose at least one county the agency serves.",
    )
    values["languages"] = _chosen(
        values.get("languages"), LANGUAGES, "languages",
        "Choose at least one language the agency helps consumers in.",
    )
    if values["website"] and not is_web_address(values["website"]):
        raise DomainError(WEBSITE_MESSAGE, field="website")
    return values


def _chosen(names, allowed, field, missing):
    """Names from `allowed`, stored in its order, whatever order they were sent in."""
    chosen = set(names or ())
    if not chosen:
        raise DomainError(missing, field=field)
    if not chosen <= set(allowed):
        raise DomainError("Choose from the list.", field=field)
    return SEPARATOR.join(name for name in allowed if name in chosen)


def _refuse_clashes(values):
    name = values["legal_name"]
    if Agency.select().where(pw.fn.LOWER(Agency.name) == name.lower()).exists():
        raise DomainError(
            f"An agency named {name} is already certified. If you work for it, ask its agency "
            "administrator to add you.",
            field="legal_name",
        )
    if _pending_named(name).exists():
        raise DomainError(
            f"An application for {name} is already waiting for review. We will email its "
            "contact when staff decide.",
            field="legal_name",
        )
    email = values["contact_email"].lower()
    if AgencyAdmin.select().where(pw.fn.LOWER(AgencyAdmin.email) == email).exists():
        raise DomainError(
            "This email address already belongs to an agency administrator. Give the address "
            "of the person who will administer this agency.",
            field="contact_email",
        )
    if AgencyApplication.select().where(
        pw.fn.LOWER(AgencyApplication.contact_email) == email,
        AgencyApplication.status == "pending",
    ).exists():
        raise DomainError(
            "This email address is the contact of another application waiting for review. "
            "Give the address of the person who will administer this agency.",
            field="contact_email",
        )
