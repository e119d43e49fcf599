"""The audit log. Rows are append-only: the database refuses UPDATE and DELETE (migration 002)."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.consumers import Consumer


class AuditEvent(BaseModel):
    # Indexed for the admin's audit log below (migration 042), as actor, action and role are.
    at = pw.DateTimeField(default=utcnow)
    actor = pw.ForeignKeyField(User, null=True, backref="+", index=False)
    actor_role = pw.CharField(max_length=20)
    # Indexed with `at`, and with `at` leaving out the views (below, migrations 014 and 017).
    on_behalf_of = pw.ForeignKeyField(Consumer, null=True, backref="audit_events", index=False)
    action = pw.CharField(max_length=60)
    object_type = pw.CharField(max_length=40, null=True)
    object_id = pw.CharField(max_length=40, null=True)
    ip = pw.CharField(max_length=45, null=True)
    user_agent = pw.CharField(max_length=300, null=True)
    detail = pw.TextField(default="")

    class Meta:
        # The admin's audit log, newest first (migration 042): by when, and filtered by actor,
        # consumer ("who acted on my behalf": a walk of one consumer's entries, never of the
        # whole log), action or role, each then by when and id (a page continues from a row).
        indexes = (
            (("at", "id"), False),
            (("actor", "at", "id"), False),
            (("on_behalf_of", "at", "id"), False),
            (("action", "at", "id"), False),
            (("actor_role", "at", "id"), False),
        )


# A client's story on Client Details: their entries without the "client.viewed" ones, which
# every look at the page adds (migration 017), so however often a client was looked at, and
# whatever a planner's statistics say, the timeline never walks the views; keyed by action
# too (migration 045), so it answers the timeline's actions from its keys.
NOT_A_VIEW = AuditEvent.action != pw.SQL("'client.viewed'")
AuditEvent.add_index(
    AuditEvent.index(
        AuditEvent.on_behalf_of, AuditEvent.action, AuditEvent.at, name="audit_event_timeline"
    ).where(NOT_A_VIEW)
)
