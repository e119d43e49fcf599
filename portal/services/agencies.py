"""Agencies: the navigator/CAC organizations and broker agencies assisters work for."""

from db.assisters import Agency
from portal.services import records

UNIQUE = {"name": "An agency with this name already exists."}


def create_agency(actor, values):
    return records.create(actor, Agency, values, UNIQUE)


def update_agency(actor, agency, values):
    return records.update(actor, agency, values, UNIQUE)
