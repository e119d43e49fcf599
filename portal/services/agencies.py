"""Agencies: the navigator/CAC organizations and broker agencies assisters work for."""

from db import database
from db.assisters import Agency, Assister
from portal import places
from portal.services import records, standing

UNIQUE = {"name": "An agency with this name already exists."}


def create_agency(actor, values):
    return records.create(actor, Agency, {**values, **places.point(values)}, UNIQUE)


def update_agency(actor, agency, values):
    """Change the record; an agency made inactive ends its assisters' access with it, and made
    active again gives it back to those otherwise in good standing."""
    with database.atomic():
        agency = records.update(actor, agency, {**values, **places.point(values)}, UNIQUE)
        for assister in Assister.select().where(Assister.agency == agency).order_by(Assister.id):
            assister.agency = agency
            standing.review(actor, assister)
    return agency
