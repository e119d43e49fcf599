"""What an agency administrator's overview counts: their staff by where they stand, and the
clients their assisters help now."""

from dataclasses import dataclass

import peewee as pw

from db.assisters import Assister
from db.associations import Association


@dataclass(frozen=True)
class Overview:
    waiting_for_approval: int
    approved: int
    inactive: int
    active_clients: int


def of(agency):
    """The agency's overview: two statements."""
    counts = dict(
        Assister.select(Assister.roster_status, pw.fn.COUNT(Assister.id))
        .where(Assister.agency == agency)
        .group_by(Assister.roster_status)
        .tuples()
    )
    clients = (
        Association.select()
        .join(Assister)
        .where(Assister.agency == agency, Association.ended_at.is_null())
        .count()
    )
    return Overview(
        waiting_for_approval=counts.get("pending", 0),
        approved=counts.get("approved", 0),
        inactive=counts.get("inactive", 0),
        active_clients=clients,
    )
