"""Associations: a consumer's recorded authorization of an assister (S3, S13 "consent as data"),
from Confirm through renewal to its end, and the one check every client page goes through.
"""


import peewee as pw
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.associations import Association
from db.consumers import Consumer
from portal.display import assister_type_name
from portal.errors import DomainError, NotFound, required_text
from portal.services import audit, authorization_texts, consent_expiry, mail, notices, standing
from portal.services.client_names import sort_name
from portal.services.consumers import language_of

# What the consumer can allow, as stored, and in the words the screens use (in the language
# of the page, mail or notice that shows them).
SCOPES = {
    "may_apply": _l("Apply for coverage for me, and see and change my application"),
    "may_enroll": _l("Enroll me in a health plan"),
    "may_see_documents": _l("Read my notices and invoices, and upload documents for me"),
    "may_report_changes": _l("Report changes in my household, income or address"),
}
# The same permissions as the assister reads them when one is missing.
SCOPES_FOR_ASSISTER = {
    "may_apply": "apply for coverage for them",
    "may_enroll": "enroll them in a health plan",
    "may_see_documents": "read their notices or handle their documents",
    "may_report_changes": "report changes for them",
}
# Each action an assister takes, and the part of the consent it needs (None: any active consent).
ACTIONS = {
    "view": None,
    "apply": "may_apply",
    "enroll": "may_enroll",
    "documents": "may_see_documents",
    "notices": "may_see_documents",
    "report_change": "may_report_changes",
}
REASON_MAX = 500
# Who ended an association, as the consumer's notice says it (%(name)s: the assister's).
ENDED_BY_WORDS = {
    "consumer": _l("You ended it"),
    "assister": _l("%(name)s ended it"),
    "staff": _l("Marketplace staff ended it"),
    "agency_admin": _l("The assister's agency ended it"),
    "system": _l("It ended on its own"),
}
# The reasons the portal writes when the consumer gave none, stored in English (the audit log's
# words) and read in the consumer's language.
END_REASONS = {
    "Removed by consumer": _l("Removed by consumer"),
    "Replaced by consumer": _l("Replaced by consumer"),
    "Authorization expired": _l("Authorization expired"),
}


class ScopeRefused(DomainError):
    """The consent exists but does not cover this action (shown as 403 with the reason)."""


class AlreadyEnded(DomainError):
    """Someone else ended the association first (two people ending it, two Confirms replacing
    the same one)."""

    def __init__(self):
        super().__init__(_("This association has already ended."))


class ReplacementNeeded(DomainError):
    """The consumer already has an assister of this type: they must confirm the replacement."""

    def __init__(self, held):
        super().__init__(
            _(
                "You already have a %(kind)s, %(name)s. Confirming will replace them.",
                kind=assister_type_name(held.assister.assister_type).lower(),
                name=held.assister.full_name,
            )
        )
        self.held = held


def end_reason(association):
    """Why the association ended, in the reader's language when the portal wrote it."""
    reason = association.end_reason or ""
    return END_REASONS.get(reason, reason)


def is_current(association, today=None):
    today = today or utcnow().date()
    return association.ended_at is None and association.expires_on >= today


def current_for_consumer(consumer):
    return (
        Association.select()
        .where(
            Association.consumer == consumer,
            Association.ended_at.is_null(),
            Association.expires_on >= utcnow().date(),
        )
        .order_by(Association.assister_type)
    )


def past_for_consumer(consumer):
    """Ended associations, and those whose consent ran out, newest first."""
    return (
        Association.select()
        .where(
            Association.consumer == consumer,
            Association.ended_at.is_null(False) | (Association.expires_on < utcnow().date()),
        )
        .order_by(pw.fn.COALESCE(Association.ended_at, Association.expires_on).desc())
    )


def associate(
    actor,
    consumer,
    assister,
    scope=tuple(SCOPES),
    expires_on=None,
    replace=False,
    text_id=None,
):
    """Record the consumer's Confirm: a New association with the consent's scope and expiry.

    An assister of the same type already held is replaced only when `replace` says the
    consumer confirmed it. Confirming the same assister again (a double click, a replayed
    post, even while the first is being written) changes nothing and returns the association
    already made. `text_id` is the authorization text the consumer's screen showed
    (authorization_texts.agreed_text; without one, the current text in their language).
    """
    now = utcnow()
    today = now.date()
    expires_on = expires_on or consent_expiry.default_expiry(today)
    consent_expiry.check_expiry(expires_on, today)
    if standing.lapse_of(assister) is not None:
        raise DomainError(_("This assister is no longer active. Choose another assister."))
    try:
        with database.atomic():
            return _confirm(actor, consumer, assister, scope, expires_on, replace, now, text_id)
    except (pw.IntegrityError, AlreadyEnded) as error:
        # Another Confirm for the same type won the race (the partial unique index, or the
        # association it replaces was ended by it): the same assister's is this one's result.
        confirmed = _held(consumer, assister.assister_type)
        if confirmed is not None and confirmed.assister_id == assister.id:
            return confirmed
        raise DomainError(
            _("Your assister changed while you were confirming. Look at Assister Details.")
        ) from error


def _held(consumer, assister_type):
    return Association.get_or_none(
        Association.consumer == consumer,
        Association.assister_type == assister_type,
        Association.ended_at.is_null(),
    )


def _confirm(actor, consumer, assister, scope, expires_on, replace, now, text_id):
    today = now.date()
    held = _held(consumer, assister.assister_type)
    held_now = held is not None and is_current(held, today)
    if held_now and held.assister_id == assister.id:
        return held
    if held_now and not replace:
        raise ReplacementNeeded(held)
    # Refused (TextChanged) before anything is written or ended.
    text = authorization_texts.agreed_text(
        assister.assister_type, text_id, language_of(consumer.id)
    )
    if held_now:
        _end(actor, held, "consumer", "Replaced by consumer")
    elif held is not None:
        _end(actor, held, "system", "Authorization expired")
    association = Association.create(
        consumer=consumer,
        assister=assister,
        assister_type=assister.assister_type,
        consumer_sort_name=sort_name(consumer),
        requested_at=now,
        confirmed_at=now,
        confirmed_by=actor.user,
        confirmed_ip=actor.ip,
        authorization_text=text,
        expires_on=expires_on,
        **{name: name in scope for name in SCOPES},
    )
    audit.record(actor, "association.started", consumer, association)
    allowed = [SCOPES[name] for name in SCOPES if name in scope]
    mail.send(
        "association_started",
        consumer.email,
        "association_started",
        language=language_of(consumer.id),
        consumer=consumer,
        association=association,
        scopes=allowed,
    )
    notices.issue(
        consumer.id,
        None,
        "association_started",
        _l("You authorized %(name)s to help you", name=assister.full_name),
        consumer=consumer,
        assister=assister,
        association=association,
        scopes=allowed,
    )
    # The new assister starts with every notice of the consumer unread (see notices.unread_for).
    notices.recount(association)
    return association


def renew(actor, association, scope=tuple(SCOPES), expires_on=None, text_id=None):
    """The consumer renews the consent: a new expiry, the current text (the one their screen
    showed: agreed_text), the scope chosen now."""
    today = utcnow().date()
    expires_on = expires_on or consent_expiry.default_expiry(today)
    consent_expiry.check_expiry(expires_on, today)
    if association.is_suspended:
        raise DomainError(
            _(
                "%(name)s can't act for you now, so this authorization can't be renewed. "
                "Choose another assister instead.",
                name=association.assister.full_name,
            )
        )
    text = authorization_texts.agreed_text(
        association.assister_type, text_id, language_of(association.consumer_id)
    )
    with database.atomic():
        updated = (
            Association.update(
                expires_on=expires_on,
                renewed_at=utcnow(),
                authorization_text=text,
                confirmed_ip=actor.ip,
                **{name: name in scope for name in SCOPES},
            )
            .where(Association.id == association.id, Association.ended_at.is_null())
            .execute()
        )
        if not updated:
            raise DomainError(
                _("This association has ended: choose the assister again instead.")
            )
        # The scope may now cover reading notices, or no longer: the unread count follows it.
        notices.recount(Association.get_by_id(association.id))
        audit.record(
            actor,
            "association.renewed",
            association.consumer,
            association,
            detail=f"until {expires_on.isoformat()}",
        )
    return Association.get_by_id(association.id)


def require_access(assister, consumer_id, action="view"):
    """The current association through which `assister` may do `action` for the consumer.

    Raises standing.Lapsed when the assister is not in good standing (their access ends
    there and then), NotFound (a 404: the assister may not even learn the consumer exists)
    without an active, unexpired, unsuspended association, and ScopeRefused (403, with the
    reason) when the consumer's consent does not cover the action. Every client page and
    fragment calls this first.
    """
    standing.require(assister)
    try:
        consumer_id = int(consumer_id)
    except (TypeError, ValueError):
        raise NotFound("There is no such client.") from None
    # With its consumer, whom every caller shows or acts for: one statement, not two.
    association = (
        Association.select(Association, Consumer)
        .join(Consumer)
        .where(
            Association.assister == assister,
            Association.consumer == consumer_id,
            Association.ended_at.is_null(),
            Association.suspended_at.is_null(),
            Association.expires_on >= utcnow().date(),
        )
        .first()
    )
    if association is None:
        raise NotFound("There is no such client.")
    needed = ACTIONS[action]
    if needed and not getattr(association, needed):
        raise ScopeRefused(
            f"{association.consumer.full_name} has not authorized you to "
            f"{SCOPES_FOR_ASSISTER[needed]}. Only they can add it, by renewing your "
            "authorization from Manage Assister with that permission ticked."
        )
    return association


def record_first_opening(actor, association):
    """The assister opened the client for the first time: New becomes In Progress."""
    with database.atomic():
        updated = (
            Association.update(status="in_progress", first_opened_at=utcnow())
            .where(Association.id == association.id, Association.status == "new")
            .execute()
        )
        if updated:
            audit.record(actor, "association.opened", association.consumer, association)
    return Association.get_by_id(association.id)


def end_association(actor, association, reason):
    """End the association now, by the acting consumer, assister, staff member or the system."""
    reason = required_text(
        reason, "reason", "Give the reason for ending this association.", REASON_MAX
    )
    with database.atomic():
        _end(actor, association, actor.role, reason)
    return Association.get_by_id(association.id)


def end_for_hand_over(actor, association, reason):
    """End the association at once, inside the caller's transaction, because the assister's
    agency administrator hands the consumer over to another assister (portal/services/
    handover.py, which tells the consumer of both in one notice). True when it ended now;
    False when it had already ended (someone else ended it first)."""
    return _close(actor, association, actor.role, reason)


def _close(actor, association, ended_by_role, reason):
    # A conditional UPDATE, so two people ending the same association at once can't both succeed.
    ended = (
        Association.update(
            status="ended",
            ended_at=utcnow(),
            ended_by_role=ended_by_role,
            ended_by=actor.user,
            end_reason=reason,
        )
        .where(Association.id == association.id, Association.ended_at.is_null())
        .execute()
    )
    if ended:
        audit.record(actor, "association.ended", association.consumer, association, detail=reason)
    return bool(ended)


def _end(actor, association, ended_by_role, reason):
    if not _close(actor, association, ended_by_role, reason):
        raise AlreadyEnded()
    ended = Association.get_by_id(association.id)
    # The consumer's mail and notice in their language, a reason the portal wrote too.
    language = language_of(association.consumer_id)
    mail.send(
        "association_ended",
        association.consumer.email,
        "association_ended",
        language=language,
        association=association,
        reason=END_REASONS.get(reason, reason),
    )
    mail.send(
        "association_ended_assister",
        association.assister.email,
        "association_ended_assister",
        association=association,
        reason=reason,
    )
    assister = association.assister
    notices.issue(
        association.consumer_id,
        None,
        "association_ended",
        LazyString(
            lambda: _(
                "Your %(kind)s, %(name)s, can no longer act for you",
                kind=assister_type_name(assister.assister_type).lower(),
                name=assister.full_name,
            )
        ),
        consumer=association.consumer,
        assister=assister,
        association=ended,
        ended_by=LazyString(
            lambda: str(ENDED_BY_WORDS.get(ended_by_role, ENDED_BY_WORDS["system"]))
            % {"name": assister.full_name}
        ),
        reason=END_REASONS.get(reason, reason),
    )
