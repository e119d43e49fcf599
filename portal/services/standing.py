"""An assister's standing (S10): whether they may act for consumers at all.

In good standing means active, certified (confirmed, and not expired by Minnesota's date), for
agency staff approved on the agency's roster (not pending, not marked inactive by the agency),
and, for an assister who works for an agency, the agency active. Every request of an
assister checks it (the assister pages' guard, and `associations.require_access`, which every
client page goes through), and so does sign-in: a lapse is acted on the moment it is seen,
whether staff made it or the calendar did. A daily job (`flask assisters end-lapsed-access`)
finds the assisters who never come back.

A lapse ends the assister's sessions and suspends their associations: kept as the consumers'
history, marked why, giving no access. Reactivation or renewal gives access back only where the
consumer's consent still runs; each consumer is told of both.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee as pw
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.accounts import UserSession
from db.assisters import Agency, Assister
from db.associations import Association
from db.certifications import Certification
from db.consumers import Consumer
from db.notices import Notice
from portal.actors import SYSTEM
from portal.display import LOCAL_ZONE, assister_type_name, long_date
from portal.errors import DomainError
from portal.services import audit, mail, notices

CONTACT = "call the ARC (navigators and CACs) or the Broker Line (brokers)"
NO_LONGER = "so you can no longer sign in or act for consumers"
# With the hand-over's (portal/services/handover.py): the assister can no longer act either.
NOTICE_KINDS = ("assister_suspended", "assister_restored", "assister_handed_over")
NOTICES_SHOWN = 5
# The consumer's notice titles: "Your navigator, Nora Vang, can no longer act for you".
CAN_NO_LONGER = _l("Your %(kind)s, %(name)s, can no longer act for you")
CAN_AGAIN = _l("Your %(kind)s, %(name)s, can act for you again")


@dataclass(frozen=True)
class Lapse:
    """Why an assister is not in good standing: `reason` in the words consumers and staff read
    (stored on each suspended association), `message` in the assister's own, with whom to call."""

    reason: str
    message: str


class Lapsed(DomainError):
    """The assister is not in good standing; their sessions have ended."""


def minnesota_today():
    """The date in Minnesota, where a certification's last day ends at local midnight."""
    return datetime.now(LOCAL_ZONE).date()


def expiring_within(days, today=None):
    """The confirmed certification periods that run today and end within `days` of Minnesota's
    today, unless a confirmed renewal already follows them (that assister does not lapse): the
    admin's lists of those expiring in 30, 60 or 90 days and the report that counts them."""
    today = today or minnesota_today()
    renewed = Certification.alias()
    followed = renewed.select().where(
        renewed.assister == Certification.assister,
        renewed.status == "confirmed",
        renewed.starts_on > Certification.expires_on,
    )
    return (
        (Certification.status == "confirmed")
        & (Certification.starts_on <= today)
        & (Certification.expires_on >= today)
        & (Certification.expires_on <= today + timedelta(days=days))
        & ~pw.fn.EXISTS(followed)
    )


def lapse_of(assister, today=None, agency=None):
    """Why `assister` is not in good standing, or None when they are. Reads whether the agency
    is active only for an assister who has one; a caller that read the agency with the
    assister (a list joining it) gives it as `agency`, and nothing is read again."""
    if assister.roster_status == "inactive":
        return Lapse(
            _("Their agency has marked them inactive."),
            f"Your agency has marked you inactive on its roster, {NO_LONGER}. "
            f"If you think this is a mistake, ask your agency administrator.",
        )
    if not assister.is_active:
        return Lapse(
            _("Marketplace staff have made them inactive."),
            f"Marketplace staff have made your assister record inactive, {NO_LONGER}. "
            f"If you think this is a mistake, {CONTACT}.",
        )
    if assister.certification_status != "confirmed":
        return Lapse(
            _("They are not certified."),
            f"Your certification has not been confirmed, {NO_LONGER}. {CONTACT.capitalize()}.",
        )
    if assister.roster_status == "pending":
        return Lapse(
            _("Their agency has not approved them for portal access."),
            f"Your agency has not approved you for portal access, {NO_LONGER}. "
            "Ask your agency administrator.",
        )
    expires_on = assister.certification_expires_on
    if expires_on < (today or minnesota_today()):
        return Lapse(
            _("Their certification expired on %(date)s.", date=long_date(expires_on)),
            f"Your certification expired on {long_date(expires_on)}, {NO_LONGER}. "
            f"To renew it, {CONTACT}.",
        )
    if assister.agency_id is not None and not _agency_active(assister.agency_id, agency):
        return Lapse(
            _(
                "Their agency, %(agency)s, is no longer active with the marketplace.",
                agency=assister.agency.name,
            ),
            f"Your agency, {assister.agency.name}, is no longer active with the marketplace, "
            f"{NO_LONGER}. Ask your agency, or {CONTACT}.",
        )
    return None


def _agency_active(agency_id, agency=None):
    if agency is not None:
        return agency.is_active
    # Only the flag: this runs on every assister request, and building the whole agency row
    # cost more than the rest of the check.
    return Agency.select(Agency.is_active).where(Agency.id == agency_id).scalar()


def require(assister):
    """Return when `assister` is in good standing; otherwise end their access (once) and raise
    Lapsed with the message to show them. Asked again of the same `assister` (the assister
    pages' guard, then `associations.require_access`, on one request), it does not read again."""
    if getattr(assister, "found_in_good_standing", False):
        return
    lapse = lapse_of(assister)
    if lapse is not None:
        end_access(SYSTEM, assister, lapse)
        raise Lapsed(lapse.message)
    assister.found_in_good_standing = True


def review(actor, assister):
    """After staff change an assister or their agency: end the assister's access if the change
    made them lapse, give it back if it restored their standing. Returns the associations
    suspended or given back."""
    lapse = lapse_of(assister)
    if lapse is not None:
        return end_access(actor, assister, lapse)
    return give_back_access(actor, assister)


def end_access(actor, assister, lapse):
    """The lapse, in one transaction: every session of the assister ends, and each of their
    associations that has not ended is suspended with the reason (not ended: it stays the
    consumer's history, and can be given back); each consumer gets a notice and a mail. Run
    again, it changes nothing. Returns the associations suspended now."""
    now = utcnow()
    suspended = []
    with database.atomic():
        sessions = 0
        if assister.user_id is not None:
            sessions = UserSession.delete().where(UserSession.user == assister.user_id).execute()
        for association in _with_consumers(assister).where(Association.suspended_at.is_null()):
            # Conditional, so two requests seeing the same lapse suspend (and tell) once.
            claimed = (
                Association.update(suspended_at=now, suspended_reason=lapse.reason)
                .where(
                    Association.id == association.id,
                    Association.ended_at.is_null(),
                    Association.suspended_at.is_null(),
                )
                .execute()
            )
            if claimed:
                association.suspended_at, association.suspended_reason = now, lapse.reason
                audit.record(
                    actor,
                    "association.suspended",
                    association.consumer,
                    association,
                    detail=lapse.reason,
                )
                _tell(association, assister, "assister_suspended", CAN_NO_LONGER)
                suspended.append(association)
        if sessions or suspended:
            audit.record(
                actor,
                "assister.lapsed",
                obj=assister,
                detail=f"{lapse.reason} Ended {sessions} session(s), "
                f"suspended {len(suspended)} association(s).",
            )
    return suspended


def give_back_access(actor, assister):
    """The assister is in good standing again: each suspended association still within its
    consent period (not ended, not expired) gives access again, and its consumer is told.
    Those whose consent ran out meanwhile stay suspended, as history. Returns those given back."""
    today = utcnow().date()  # the consent's expiry, as `associations.require_access` reads it
    restored = []
    with database.atomic():
        query = _with_consumers(assister).where(
            Association.suspended_at.is_null(False), Association.expires_on >= today
        )
        for association in query:
            claimed = (
                Association.update(suspended_at=None, suspended_reason=None)
                .where(
                    Association.id == association.id,
                    Association.ended_at.is_null(),
                    Association.suspended_at.is_null(False),
                )
                .execute()
            )
            if claimed:
                association.suspended_at = association.suspended_reason = None
                audit.record(actor, "association.restored", association.consumer, association)
                _tell(association, assister, "assister_restored", CAN_AGAIN)
                restored.append(association)
        if restored:
            audit.record(
                actor,
                "assister.restored",
                obj=assister,
                detail=f"Gave back {len(restored)} association(s).",
            )
    return restored


def end_lapsed_access(actor, today=None):
    """The daily job: end the access of every assister not in good standing who still has a
    session or an association that is not suspended (those who never came back after their
    certification expired). Returns how many assisters it ended access for."""
    today = today or minnesota_today()
    open_association = Association.select().where(
        Association.assister == Assister.id,
        Association.ended_at.is_null(),
        Association.suspended_at.is_null(),
    )
    signed_in = UserSession.select().where(UserSession.user == Assister.user)
    lapsed = (
        Assister.select(Assister, Agency)
        .join(Agency, pw.JOIN.LEFT_OUTER)
        .where(
            (Assister.is_active == False)  # noqa: E712
            | (Assister.certification_status != "confirmed")
            | (Assister.roster_status.in_(("pending", "inactive")))
            | (Assister.certification_expires_on < today)
            | (Agency.is_active == False),  # noqa: E712
            pw.fn.EXISTS(open_association) | pw.fn.EXISTS(signed_in),
        )
        .order_by(Assister.id)
    )
    ended = 0
    for assister in lapsed:
        lapse = lapse_of(assister, today)
        if lapse is not None:
            end_access(actor, assister, lapse)
            ended += 1
    return ended


def notices_for(consumer, limit=NOTICES_SHOWN):
    """The consumer's latest notices that an assister can no longer, or can again, act for them
    (their standing changed, or their agency handed the consumer over)."""
    return (
        Notice.select()
        .where(Notice.consumer == consumer, Notice.kind.in_(NOTICE_KINDS))
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(limit)
    )


def _with_consumers(assister):
    # Not ended; with the consumer each notice goes to.
    return (
        Association.select(Association, Consumer)
        .join(Consumer)
        .where(Association.assister == assister.id, Association.ended_at.is_null())
        .order_by(Association.id)
    )


def _tell(association, assister, kind, title):
    consumer = association.consumer
    notice = notices.issue(
        consumer.id,
        None,
        kind,
        # Written in the consumer's language (notices.issue reads it there).
        LazyString(
            lambda: str(title)
            % {
                "kind": assister_type_name(assister.assister_type).lower(),
                "name": assister.full_name,
            }
        ),
        consumer=consumer,
        assister=assister,
        association=association,
        reason=LazyString(lambda: consumer_reason(association, assister)),
    )
    mail.send(kind, consumer.email, "assister_standing", language=notice.language, notice=notice)


def consumer_reason(association, assister):
    """Why a suspended association gives no access, in the reader's language: the assister's
    lapse as it is now, else the reason stored when it was suspended (English)."""
    lapse = lapse_of(assister)
    if lapse is not None:
        return lapse.reason
    return association.suspended_reason or ""
