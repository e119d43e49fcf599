""""Who acted on my behalf" (S13): the audit log, for one consumer, in plain words."""

from db.accounts import User
from db.audit import AuditEvent

# Each action an assister can take for a consumer, as the consumer reads it. Later features add
# their own (application steps, submission, enrollment, uploads, reported changes).
WORDS = {
    "association.opened": "started helping you (opened your account for the first time)",
    "client.acknowledged": "confirmed your authorization and opened your private information",
    "client.viewed": "looked at your details",
    "association.ended": "ended their authorization to act for you",
    "application.started": "started an application for you",
    "application.step_saved": "saved a step of your application",
    "application.rights_viewed": "opened the Notice of Rights and Responsibilities",
    "application.submitted": "signed and submitted your application",
    "application.rescinded": "rescinded your application",
    "enrollment.started": "started enrolling you in a health plan",
    "enrollment.step_saved": "saved a step of your enrollment",
    "enrollment.created": "enrolled you in a health plan",
    "document.uploaded": "uploaded a document for you",
    "change.reported": "reported a change for you",
}


def for_consumer(consumer, limit=None):
    """What assisters did for `consumer`, newest first: (when, who, what) rows."""
    query = (
        AuditEvent.select(AuditEvent, User)
        .join(User, on=(AuditEvent.actor == User.id))
        .where(AuditEvent.on_behalf_of == consumer, AuditEvent.actor_role == "assister")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return [
        (event.at, event.actor.full_name, WORDS.get(event.action, "acted on your account"))
        for event in query
    ]
