"""Requests from Find local help ("Request this assister", S13): a consumer asks a listed
assister for help; the request is a pending association that gives the assister no access at
all. It ends one of four ways: the consumer confirms it on the Authorization / Agent of Record
screen (then it is exactly the association Manage Assister's Confirm makes), the consumer
withdraws it, the assister declines it, or the assister is found no longer in good standing.
A hand-over (S13, portal/services/handover.py) makes the same pending request on the
consumer's behalf, from their assister's agency, to be confirmed or refused the same way.

A consumer has at most one pending request of each assister type (a partial unique index), as
they may hold one assister of each type. Reference Numbers play no part: the directory never
shows them, so this path names assisters by their listing.
"""

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.assisters import Assister
from db.associations import AssisterRequest
from db.consumers import Consumer
from portal.display import assister_type_name
from portal.errors import DomainError, NotFound
from portal.services import associations, audit, consumers, directory, mail, standing

MESSAGE_MAX = AssisterRequest.message.max_length
REASON_MAX = associations.REASON_MAX
# Ended requests the consumer's Manage Assister page shows under the pending ones.
RECENT_SHOWN = 5
ENDED = _l("This request has already ended. Look at Manage Assister for what happened.")


class RequestEnded(DomainError):
    """The request is no longer pending: nothing is left to confirm, withdraw or decline."""

    def __init__(self, message=ENDED):
        super().__init__(str(message))


def listed_assister(assister_id):
    """The assister Find local help lists under this id, or NotFound: the directory's own rule
    (listed, not hidden by staff, in good standing (standing.lapse_of's terms), with an account
    to read the request). Only they can be asked."""
    directory.assister_listing(assister_id)
    return Assister.get_by_id(assister_id)


def refusal(consumer, assister):
    """Why `consumer` may not send `assister` (a listed one) a request now (a DomainError), or
    None."""
    if any(a.assister_id == assister.id for a in associations.current_for_consumer(consumer)):
        return DomainError(
            _(
                "%(name)s already helps you. See them under Manage Assister.",
                name=assister.full_name,
            )
        )
    pending = _pending_of_type(consumer, assister.assister_type)
    if pending is not None:
        return DomainError(
            _(
                "You already asked %(name)s to be your %(kind)s. Withdraw that request first to "
                "ask someone else.",
                name=pending.assister.full_name,
                kind=assister_type_name(pending.assister.assister_type).lower(),
            )
        )
    return None


def send(actor, consumer, assister, message=None):
    """The consumer asks `assister` for help: a pending request, and a mail telling the assister
    to sign in (the mail names nobody: the consumer's name is shown only once signed in)."""
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            _("Keep your message to %(max)d characters or fewer.", max=MESSAGE_MAX),
            field="message",
        )
    assister = listed_assister(assister.id)
    sent = _refuse_unless_sent(consumer, assister)
    if sent is not None:
        return sent
    try:
        with database.atomic():
            request = _pending(consumer, assister, message=message or None)
            audit.record(actor, "assister_request.sent", consumer, request)
            mail.send("assister_request", assister.email, "assister_request", assister=assister)
    except pw.IntegrityError as error:
        # Another request of this type was sent at the same moment (the partial unique index).
        sent = _refuse_unless_sent(consumer, assister)
        if sent is None:
            raise RequestEnded() from error
        return sent
    return request


def hand_over(actor, consumer, assister, handed_over_from):
    """The agency asks `assister` to take over the consumer from `handed_over_from`: a pending
    request the consumer confirms or refuses ("No thanks") as one they sent. Not through Find
    local help, so none of the directory's checks apply (the agency chose the assister, listed
    or not); its one rule for requests holds: a consumer who already has a pending request of
    this type is refused (a DomainError saying why), never given a second. Runs in the
    caller's transaction."""
    pending = _pending_of_type(consumer, assister.assister_type)
    if pending is not None:
        raise already_asked(consumer, pending)
    try:
        with database.atomic():
            request = _pending(consumer, assister, handed_over_from=handed_over_from)
            audit.record(
                actor,
                "assister_request.handed_over",
                consumer,
                request,
                detail=f"From {handed_over_from.full_name} to {assister.full_name}",
            )
    except pw.IntegrityError as error:
        # A request of this type was made at the same moment (the partial unique index).
        pending = _pending_of_type(consumer, assister.assister_type)
        raise already_asked(consumer, pending) from error
    return request


def already_asked(consumer, pending):
    """Why `consumer`, with the `pending` request, can't be handed over (a DomainError)."""
    whom = f" to {pending.assister.full_name}" if pending is not None else ""
    return DomainError(
        f"{consumer.full_name} already has a pending request{whom} for an assister of this "
        "type: they must confirm or withdraw it before they can be handed over."
    )


def withdraw(actor, request):
    """The consumer takes their request back (again, once withdrawn: nothing)."""
    _require_consumer(actor, request)
    with database.atomic():
        if _end(request, "withdrawn"):
            audit.record(actor, "assister_request.withdrawn", request.consumer, request)
    return AssisterRequest.get_by_id(request.id)


def decline(actor, request, reason=None):
    """The assister turns the request down ("either side can withdraw"); the consumer is told
    by mail, with the reason when one is given (again, once declined: nothing)."""
    if actor.user is None or request.assister.user_id != actor.user.id:
        raise NotFound("There is no such request.")
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason to {REASON_MAX} characters or fewer.", field="reason")
    with database.atomic():
        if not _end(request, "declined"):
            return AssisterRequest.get_by_id(request.id)
        audit.record(actor, "assister_request.declined", request.consumer, request, reason)
        mail.send(
            "assister_request_declined",
            request.consumer.email,
            "assister_request_declined",
            language=consumers.language_of(request.consumer_id),
            request=request,
            reason=reason,
        )
    return AssisterRequest.get_by_id(request.id)


def confirm(
    actor,
    request,
    scope=tuple(associations.SCOPES),
    expires_on=None,
    replace=False,
    text_id=None,
):
    """The consumer authorizes the assister they asked, on the same Authorization / Agent of
    Record screen as Manage Assister's: the association (`associations.associate`, its notice,
    mail and timeline) and the request marked confirmed with it, in one transaction. An
    assister no longer in good standing ends the request ("lapsed") instead."""
    _require_consumer(actor, request)
    if request.outcome == "confirmed":
        return request.association  # confirmed already (a double click)
    if not request.is_pending:
        raise RequestEnded()
    assister = request.assister
    if standing.lapse_of(assister) is not None:
        with database.atomic():
            if _end(request, "lapsed"):
                audit.record(actor, "assister_request.lapsed", request.consumer, request)
        raise RequestEnded(
            _(
                "%(name)s is no longer an active assister, so they can't be authorized. Your "
                "request has ended; find another assister through Find local help.",
                name=assister.full_name,
            )
        )
    with database.atomic():
        association = associations.associate(
            actor, request.consumer, assister, scope, expires_on, replace, text_id
        )
        if _end(request, "confirmed", association=association):
            audit.record(actor, "assister_request.confirmed", request.consumer, request)
    return association


def pending_for_consumer(consumer):
    return (
        AssisterRequest.select(AssisterRequest, Assister)
        .join(Assister)
        .where(AssisterRequest.consumer == consumer, AssisterRequest.ended_at.is_null())
        .order_by(AssisterRequest.requested_at, AssisterRequest.id)
    )


def recent_for_consumer(consumer, limit=RECENT_SHOWN):
    """The consumer's ended requests, newest first."""
    return (
        AssisterRequest.select(AssisterRequest, Assister)
        .join(Assister)
        .where(AssisterRequest.consumer == consumer, AssisterRequest.ended_at.is_null(False))
        .order_by(AssisterRequest.ended_at.desc(), AssisterRequest.id.desc())
        .limit(limit)
    )


def pending_for_assister(assister):
    """The assister's "Requests from the directory", newest first, with each consumer's name.
    Not audited as a look at private data: the name and the message are what the consumer chose
    to send this assister."""
    return (
        AssisterRequest.select(AssisterRequest, Consumer)
        .join(Consumer)
        .where(AssisterRequest.assister == assister, AssisterRequest.ended_at.is_null())
        .order_by(AssisterRequest.requested_at.desc(), AssisterRequest.id.desc())
    )


def consumer_request(consumer, request_id):
    """The consumer's own request with this id, pending or ended, or NotFound."""
    return _of(request_id, AssisterRequest.consumer == consumer)


def assister_request(assister, request_id):
    """A request sent to this assister with this id, pending or ended, or NotFound."""
    return _of(request_id, AssisterRequest.assister == assister)


def _of(request_id, whose):
    request = AssisterRequest.get_or_none(AssisterRequest.id == request_id, whose)
    if request is None:
        raise NotFound("There is no such request.")
    return request


def _refuse_unless_sent(consumer, assister):
    """The consumer's pending request to this very assister, when sending is a repeat (a double
    click: its answer is that request); otherwise raise why they may not send one, if they may
    not. Refusal is read first: a request another post commits in between is then found as
    sent, never refused as "already asked"."""
    refused = refusal(consumer, assister)
    pending = _pending_of_type(consumer, assister.assister_type)
    if pending is not None and pending.assister_id == assister.id:
        return pending
    if refused is not None:
        raise refused
    return None


def _pending(consumer, assister, **values):
    # The type is copied so the partial unique index keeps one pending request of each.
    return AssisterRequest.create(
        consumer=consumer, assister=assister, assister_type=assister.assister_type, **values
    )


def _pending_of_type(consumer, assister_type):
    return (
        pending_for_consumer(consumer).where(AssisterRequest.assister_type == assister_type).first()
    )


def _require_consumer(actor, request):
    if actor.user is None or request.consumer.user_id != actor.user.id:
        raise NotFound("There is no such request.")


def _end(request, outcome, association=None):
    """End the pending `request` as `outcome`: True. False when it had already ended so (a
    repeat, with nothing more to do); RequestEnded when it ended another way. Conditional, so
    of two people ending the same request at once only one does."""
    ended = (
        AssisterRequest.update(ended_at=utcnow(), outcome=outcome, association=association)
        .where(AssisterRequest.id == request.id, AssisterRequest.ended_at.is_null())
        .execute()
    )
    if ended:
        return True
    if AssisterRequest.get_by_id(request.id).outcome == outcome:
        return False
    raise RequestEnded()
