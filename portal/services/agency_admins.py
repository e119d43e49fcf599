"""Agency administrators (S8): the people who keep an agency's roster. Their account arrives
by activation, as an assister's does."""

from db.assisters import AgencyAdmin
from portal.services import records

UNIQUE = {"email": "Another agency administrator already uses this email address."}


def create_agency_admin(actor, values):
    return records.create(actor, AgencyAdmin, values, UNIQUE)
