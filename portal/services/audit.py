"""The one way anything is written to the append-only audit log."""

from db.audit import AuditEvent


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
