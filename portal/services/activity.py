""""Who acted on my behalf" (S13): the audit log, for one consumer, in plain words."""

from itertools import groupby, islice

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db.accounts import User
from db.assisters import Agency, AgencyAdmin
from db.audit import AuditEvent
from portal.display import local_time
from portal.services.audit import VIEWED

# Each action an assister can take for a consumer, as the consumer reads it: what follows the
# assister's name in a sentence ("Nora Vang started helping you"), in the reader's language.
# Later features add their own (application steps, submission, enrollment, uploads, reported
# changes). A look at their information (VIEWED) says what was looked at: "viewed your
# application results".
WORDS = {
    "association.opened": _l("started helping you (opened your account for the first time)"),
    "client.acknowledged": _l("confirmed your authorization and opened your private information"),
    VIEWED: _l("looked at your details"),
    "association.ended": _l("ended their authorization to act for you"),
    "assister_request.declined": _l("declined your request for their help"),
    "application.started": _l("started an application for you"),
    "application.step_saved": _l("saved a step of your application"),
    "application.rights_viewed": _l("confirmed reading the Notice of Rights and Responsibilities"),
    "application.submitted": _l("signed and submitted your application"),
    "application.rescinded": _l("rescinded your application"),
    "enrollment.started": _l("started enrolling you in a health plan"),
    "enrollment.step_saved": _l("saved a step of your enrollment"),
    "enrollment.created": _l("enrolled you in a health plan"),
    "document.uploaded": _l("uploaded a document for you"),
    "document.uploaded_other": _l("uploaded a document for you (other, not for a request)"),
    "consumer_account.invited": _l("sent you an email to create your own account"),
    "change.started": _l("started reporting a change for you"),
    "change.reported": _l("signed and reported a change for you"),
}
# Who acts for a consumer: their assisters, and the administrators of those assisters' agencies,
# who look at their clients' statuses (S8's agency dashboard).
ACTING_ROLES = ("assister", "agency_admin")
# Rows read at a time, newest first, until enough entries are made: a consumer whose assister
# opened their pages thousands of times is not read whole for the ten newest entries.
BATCH = 200


# What a look showed (the audit row's detail, stored in English: views' `audits_reads`), as the
# consumer reads it. A detail with a record or a step after a colon ("application: Income") is
# read by its start, the rest kept as written.
VIEWED_WORDS = {
    "details": _l("viewed your details"),
    "email address": _l("viewed your email address"),
    "application and enrollment status": _l("viewed your application and enrollment status"),
    "application results": _l("viewed your application results"),
    "Next Steps and MinnesotaCare premium": _l(
        "viewed your Next Steps and MinnesotaCare premium"
    ),
    "enrollment confirmation": _l("viewed your enrollment confirmation"),
    "notices": _l("viewed your notices"),
    "documents": _l("viewed your documents"),
    "information": _l("viewed your information"),
}
VIEWED_PARTS = {
    "application": _l("viewed your application: %(part)s"),
    "enrollment in a health plan": _l("viewed your enrollment in a health plan: %(part)s"),
    "premium invoice": _l("viewed your premium invoice: %(part)s"),
    "verification request": _l("viewed your verification request: %(part)s"),
}


def words(action, detail):
    """What the assister did, as the end of a sentence that starts with their name."""
    if action == VIEWED and detail:
        return _viewed(detail)
    return str(WORDS.get(action, _l("acted on your account")))


def _viewed(detail):
    if detail in VIEWED_WORDS:
        return str(VIEWED_WORDS[detail])
    start, colon, part = detail.partition(": ")
    if colon and start in VIEWED_PARTS:
        # A step's title or a record's name: in the reader's language when the catalog has it.
        return str(VIEWED_PARTS[start]) % {"part": _(part) if part.strip() else part}
    if detail.startswith("notice “"):
        return _("viewed your notice %(title)s", title=detail.removeprefix("notice "))
    return _("viewed your %(what)s", what=detail)


def actor_name(event):
    """The actor as the consumer reads it: an agency administrator is not their assister, so
    the name says whose administrator they are."""
    admin = getattr(event.actor, "agency_admin", None)
    if event.actor_role == "agency_admin" and admin is not None and admin.id is not None:
        return _(
            "%(name)s (administrator of %(agency)s)",
            name=event.actor.full_name,
            agency=admin.agency.name,
        )
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
            what = _(
                "%(what)s (%(num)d times since %(since)s)",
                what=what,
                num=len(run),
                since=local_time(run[-1][0]),
            )
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
