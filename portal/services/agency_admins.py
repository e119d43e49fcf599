"""Agency administrators (S8): the people who keep an agency's roster. Their account arrives
by activation, as an assister's does."""

from db.assisters import AgencyAdmin
from portal.services import records

UNIQUE = {"email": "Another agency administrator already uses this email address."}


def create_agency_admin(actor, values):
    return records.create(actor, AgencyAdmin, values, UNIQUE)


def update_agency_admin(actor, agency_admin, values):
    """Change the record; one made inactive opens none of the agency's pages from its next
    request (views/agency checks it on every one)."""
    return records.update(actor, agency_admin, values, UNIQUE)
