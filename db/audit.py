"""The audit log. Rows are append-only: the database refuses UPDATE and DELETE (migration 002)."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.consumers import Consumer


class AuditEvent(BaseModel):
    at = pw.DateTimeField(default=utcnow, index=True)
    actor = pw.ForeignKeyField(User, null=True, backref="+")
    actor_role = pw.CharField(max_length=20)
    # Indexed with `at`, and with `at` leaving out the views (below, migrations 014 and 017).
    on_behalf_of = pw.ForeignKeyField(Consumer, null=True, backref="audit_events", index=False)
    action = pw.CharField(max_length=60, index=True)
    object_type = pw.CharField(max_length=40, null=True)
    object_id = pw.CharField(max_length=40, null=True)
    ip = pw.CharField(max_length=45, null=True)
    user_agent = pw.CharField(max_length=300, null=True)
    detail = pw.TextField(default="")

    class Meta:
        # "Who acted on my behalf" (every action, newest first): a walk of one consumer's
        # entries, never of the whole log.
        indexes = ((("on_behalf_of", "at"), False),)


# A client's story on Client Details: their entries without the "client.viewed" ones, which
# every look at the page adds (migration 017), so however often a client was looked at, and
# whatever a planner's statistics say, the timeline never walks the views.
NOT_A_VIEW = AuditEvent.action != pw.SQL("'client.viewed'")
AuditEvent.add_index(
    AuditEvent.index(AuditEvent.on_behalf_of, AuditEvent.at, name="audit_event_timeline").where(
        NOT_A_VIEW
    )
)
