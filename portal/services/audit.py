"""The one way anything is written to the append-only audit log."""

from db.audit import AuditEvent

# Every look by an assister or staff member at a client's private information (S10) is this
# action: the Client Details timeline's index leaves these rows out (migration 017), however many.
VIEWED = "client.viewed"


def record(actor, action, consumer=None, obj=None, detail=""):
    """Append one audit row: who (`actor`), for whom (`consumer`), did what (`action`) to `obj`."""
    return AuditEvent.create(
        actor=actor.user,
        actor_role=actor.role,
        on_behalf_of=consumer,
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=str(obj.get_id()) if obj is not None else None,
        ip=actor.ip,
        user_agent=(actor.user_agent or "")[:300] or None,
        detail=detail,
    )


def viewed(actor, consumer, obj, what):
    """An assister or staff member looked at `what` of `consumer`'s (`obj`, the record shown).

    `what` names it as the consumer reads it after "Viewed your …" ("application results")."""
    return record(actor, VIEWED, consumer, obj, what)


def exported(actor, what):
    """Staff downloaded `what` (a list, its format and the search or filters it was cut by)."""
    return record(actor, "admin.exported", detail=what)
