"""Staff deactivating a sign-in account, an assister or an agency, with the reason, and making
it active again: the history shown on its admin page (S9). The record's own `is_active` is what
every check reads; these rows say who changed it, when and why."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.assisters import Agency, Assister


class Deactivation(BaseModel):
    # Exactly one of the three: the record made inactive or active again.
    user = pw.ForeignKeyField(User, null=True, backref="deactivations")
    assister = pw.ForeignKeyField(Assister, null=True, backref="deactivations")
    agency = pw.ForeignKeyField(Agency, null=True, backref="deactivations")
    # What the record was made: False deactivated, True active again.
    active = pw.BooleanField()
    # Required to deactivate (portal/services/deactivation.py); none to reactivate.
    reason = pw.CharField(max_length=500, null=True)
    by = pw.ForeignKeyField(User, backref="+", index=False)
    at = pw.DateTimeField(default=utcnow)
