""""Who acted on my behalf" (S13): the audit log, for one consumer, in plain words."""

from itertools import groupby, islice

import peewee as pw

from db.accounts import User
from db.assisters import Agency, AgencyAdmin
from db.audit import AuditEvent
from portal.display import local_time
from portal.services.audit import VIEWED

# Each action an assister can take for a consumer, as the consumer reads it. Later features add
# their own (application steps, submission, enrollment, uploads, reported changes). A look at
# their information (VIEWED) says what was looked at: "viewed your application results".
WORDS = {
    "association.opened": "started helping you (opened your account for the first time)",
    "client.acknowledged": "confirmed your authorization and opened your private information",
    VIEWED: "looked at your details",
    "association.ended": "ended their authorization to act for you",
    "assister_request.declined": "declined your request for their help",
    "application.started": "started an application for you",
    "application.step_saved": "saved a step of your application",
    "application.rights_viewed": "confirmed reading the Notice of Rights and Responsibilities",
    "application.submitted": "signed and submitted your application",
    "application.rescinded": "rescinded your application",
    "enrollment.started": "started enrolling you in a health plan",
    "enrollment.step_saved": "saved a step of your enrollment",
    "enrollment.created": "enrolled you in a health plan",
    "document.uploaded": "uploaded a document for you",
    "document.uploaded_other": "uploaded a document for you (other, not for a request)",
    "consumer_account.invited": "sent you an email to create your own account",
    "change.started": "started reporting a change for you",
    "change.reported": "signed and reported a change for you",
}
# Who acts for a consumer: their assisters, and the administrators of those assisters' agencies,
# who look at their clients' statuses (S8's agency dashboard).
ACTING_ROLES = ("assister", "agency_admin")
# Rows read at a time, newest first, until enough entries are made: a consumer whose assister
# opened their pages thousands of times is not read whole for the ten newest entries.
BATCH = 200


def words(action, detail):
    if action == VIEWED and detail:
        return f"viewed your {detail}"
    return WORDS.get(action, "acted on your account")


def actor_name(event):
    """The actor as the consumer reads it: an agency administrator is not their assister, so
    the name says whose administrator they are."""
    admin = getattr(event.actor, "agency_admin", None)
    if event.actor_role == "agency_admin" and admin is not None and admin.id is not None:
        return f"{event.actor.full_name} (administrator of {admin.agency.name})"
    return event.actor.full_name


def for_consumer(consumer, limit=None):
    """What assisters (and their agencies' administrators) did for `consumer`, newest first:
    (when, who, what) rows.

    The same thing done again and again in a row by the same assister (a page opened ten times)
    is one entry that says how many times since when. The audit log keeps each one."""
    events = (
        (event.at, actor_name(event), words(event.action, event.detail))
        for event in _newest_first(consumer)
    )
    entries = []
    for (who, what), run in islice(groupby(events, key=lambda e: (e[1], e[2])), limit):
        run = list(run)
        if len(run) > 1:
            what = f"{what} ({len(run)} times since {local_time(run[-1][0])})"
        entries.append((run[0][0], who, what))
    return entries


def _newest_first(consumer):
    """The consumer's rows by those acting for them, newest first, read a batch at a time
    (keyset pages), each with its actor and, for an agency administrator, their agency."""
    query = (
        AuditEvent.select(AuditEvent, User, AgencyAdmin, Agency)
        .join(User, on=(AuditEvent.actor == User.id))
        .join(AgencyAdmin, pw.JOIN.LEFT_OUTER, on=(AgencyAdmin.user == User.id),
              attr="agency_admin")
        .join(Agency, pw.JOIN.LEFT_OUTER)
        .where(AuditEvent.on_behalf_of == consumer, AuditEvent.actor_role.in_(ACTING_ROLES))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    last = None
    while True:
        page = query
        if last is not None:
            page = page.where(
                (AuditEvent.at < last.at) | ((AuditEvent.at == last.at) & (AuditEvent.id < last.id))
            )
        batch = list(page.limit(BATCH))
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1]
