"""The audit log. Rows are append-only: the database refuses UPDATE and DELETE (migration 002)."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.consumers import Consumer


class AuditEvent(BaseModel):
    at = pw.DateTimeField(default=utcnow, index=True)
    actor = pw.ForeignKeyField(User, null=True, backref="+")
    actor_role = pw.CharField(max_length=20)
    # Indexed with `at` and with the action (Meta, migration 014).
    on_behalf_of = pw.ForeignKeyField(Consumer, null=True, backref="audit_events", index=False)
    action = pw.CharField(max_length=60, index=True)
    object_type = pw.CharField(max_length=40, null=True)
    object_id = pw.CharField(max_length=40, null=True)
    ip = pw.CharField(max_length=45, null=True)
    user_agent = pw.CharField(max_length=300, null=True)
    detail = pw.TextField(default="")

    class Meta:
        # A client's story on Client Details (its timeline actions, newest first) and "Who acted
        # on my behalf" (every action, newest first): each a walk of one consumer's entries,
        # never of the whole log, however often the client's details were looked at.
        indexes = (
            (("on_behalf_of", "at"), False),
            (("on_behalf_of", "action", "at"), False),
        )
