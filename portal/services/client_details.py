"""One client as their assister sees them on Client Details: household, timeline, and the
audit rows every look at a client's private information leaves (S10)."""

from itertools import groupby, islice

from db.audit import NOT_A_VIEW, AuditEvent
from db.consumers import HouseholdMember
from portal import languages
from portal.services import associations, audit, consumers, invoices, notices, submission

# What the timeline says for each audited event; later features add theirs. Events not listed
# (sign-ins, staff look-ups, each "viewed") stay in the audit log only.
TIMELINE = {
    "association.started": "Authorized you as their assister",
    "association.opened": "You opened this client for the first time (New → In Progress)",
    "association.renewed": "Renewed the authorization",
    "association.expiry_notice": "Told that the authorization ends within 30 days",
    "association.ended": "Association ended",
    "client.acknowledged": "Acknowledged the assister authorization",
    "application.started": "Application started",
    "application.step_saved": "Application step saved",
    "application.submitted": "Application submitted: case created and eligibility determined",
    "application.rescinded": "Application rescinded",
    "enrollment.started": "Enrollment in a plan started",
    "enrollment.created": "Enrolled in a health plan",
    "verification.requested": "Documents requested to verify the application",
    "verification.verified": "Verified from documents",
    "document.uploaded": "Document uploaded for verification",
    "document.uploaded_other": "Document uploaded (other, not for a verification request)",
    "document.accepted": "Document accepted",
    "document.rejected": "Document not accepted",
    "consumer_account.invited": "Emailed the client to create their own account",
    "change.started": "Change report started",
    "change.reported": "Change reported: new version of the case determined",
    "premium_invoice.issued": "MinnesotaCare premium invoice issued",
    "premium_invoice.paid": "MinnesotaCare premium payment recorded",
    "premium_invoice.unpaid": "MinnesotaCare premium marked unpaid",
    notices.ISSUED: "Notice sent",
}
# (The premium invoice events show without their detail, the invoice: an assister reads
# invoices only with the consent to read notices, views/invoices.)
# Events on the consumer's applications show on every association's timeline; the
# association's own events only on its own.
SHARED_OBJECTS = (
    "Application", "Enrollment", "VerificationRequest", "Document", "Consumer", "PremiumInvoice",
    "Notice",
)
TIMELINE_LIMIT = 100
DETAILED = (
    "association.renewed",
    "application.step_saved",
    "application.submitted",
    "application.rescinded",
    "enrollment.created",
    "change.reported",
    "verification.requested",
    "verification.verified",
    "document.uploaded",
    "document.uploaded_other",
    "document.accepted",
    "document.rejected",
    notices.ISSUED,
)


def acknowledge(actor, association):
    """The assister confirmed the Acknowledgement of Assister Authorization / Agent of Record.

    Recorded every time (who, when, which client); the first one moves New to In Progress.
    """
    audit.record(actor, "client.acknowledged", association.consumer, association)
    return associations.record_first_opening(actor, association)


def details(actor, association):
    """What Client Details shows, and the audit row for this read of private information."""
    consumer = association.consumer
    audit.viewed(actor, consumer, association, "details")
    household = list(
        HouseholdMember.select()
        .where(HouseholdMember.consumer == consumer)
        .order_by(HouseholdMember.id)
    )
    return {
        "consumer": consumer,
        # Their account's; English for a record without an account (what their notices use).
        "language": languages.NAMES[consumers.language_of(consumer.id)],
        "household": household,
        "timeline": timeline(association),
        "overview": submission.overview(consumer),
        "authorization_text": association.authorization_text,
        # Part of the consent to read notices and invoices (views/invoices).
        "invoices": invoices.for_consumer(consumer) if association.may_see_documents else None,
        # None when the consent does not cover reading notices: no link, no count.
        "unread_notices": notices.unread_count(consumer, actor.user)
        if association.may_see_documents
        else None,
    }


def timeline(association):
    """The client's story as far as this association can see it, newest first.

    An event repeated in a row (every Confirm of Assist Client, a step saved again and again) is
    one entry with how many times and since when: otherwise a client helped for months shows a
    page of acknowledgements and the limit pushes their application off it. Every one of them
    stays in the audit log."""
    # Sorted here, not by the statement: given ORDER BY at and a LIMIT, SQLite walked the
    # client's entries (or the whole log) newest first through every "client.viewed" one; without
    # them, it reads the client's entries other than views from their index (migration 017).
    events = sorted(
        timeline_events(association),
        key=lambda event: (event[1], event[0]),
        reverse=True,
    )
    runs = groupby(
        events, key=lambda event: (event[2], event[3], event[4] if event[2] in DETAILED else "")
    )
    entries = []
    for (action, actor_role, detail), run in islice(runs, TIMELINE_LIMIT):
        run = list(run)  # newest first
        entries.append(
            {
                "action": action,
                "at": run[0][1],
                "since": run[-1][1],
                "times": len(run),
                "what": TIMELINE[action],
                "by": actor_role,
                # A notice's title can tell what the consent to read notices withholds.
                "detail": detail
                if action != notices.ISSUED or association.may_see_documents
                else "",
            }
        )
    return entries


def timeline_events(association):
    """(id, at, action, actor role, detail) of the client's timeline entries this association
    may see."""
    return (
        AuditEvent.select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.action,
            AuditEvent.actor_role,
            AuditEvent.detail,
        )
        .where(
            (AuditEvent.on_behalf_of == association.consumer_id)
            # The index's condition as written there: it is what lets a planner use it.
            & NOT_A_VIEW
            & AuditEvent.action.in_(list(TIMELINE))
            # This association's own events, not other assisters' consents or looks.
            & (
                (
                    (AuditEvent.object_type == "Association")
                    & (AuditEvent.object_id == str(association.id))
                )
                | AuditEvent.object_type.in_(SHARED_OBJECTS)
            )
        )
        .tuples()
    )
