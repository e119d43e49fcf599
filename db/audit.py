"""The audit log. Rows are append-only: the database refuses UPDATE and DELETE (migration 002)."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.consumers import Consumer


class AuditEvent(BaseModel):
    at = pw.DateTimeField(default=utcnow, index=True)
    actor = pw.ForeignKeyField(User, null=True, backref="+")
    actor_role = pw.CharField(max_length=20)
    on_behalf_of = pw.ForeignKeyField(Consumer, null=True, backref="audit_events")
    action = pw.CharField(max_length=60, index=True)
    object_type = pw.CharField(max_length=40, null=True)
    object_id = pw.CharField(max_length=40, null=True)
    ip = pw.CharField(max_length=45, null=True)
    user_agent = pw.CharField(max_length=300, null=True)
    detail = pw.TextField(default="")
