"""Hand-over (S13): an assister leaves their agency or lapses, and the agency administrator
hands their clients over to another of the agency's assisters of the same type, in good
standing and with an account.

Each client's authorization of the departing assister ends at once, so nobody has access in
between, and becomes a pending request for the new assister (assister_requests.hand_over),
which the consumer confirms on the Authorization / Agent of Record screen or refuses: nothing
is authorized until they confirm. A consumer who already has a pending request of that type
keeps their authorization as it is and is reported, never half handed over. Brokers work for
themselves: an agency never hands a broker's clients over.
"""

from dataclasses import dataclass

import peewee as pw
from flask_babel import LazyString
from flask_babel import gettext as _

from db import database
from db.assisters import Assister
from db.associations import AssisterRequest, Association
from db.consumers import Consumer
from portal.errors import DomainError, NotFound
from portal.services import assister_requests, associations, audit, mail, notices, standing

NOTICE_KIND = "assister_handed_over"
BROKERS = (
    "Brokers work independently of agencies: their clients are never handed over by an "
    "agency. Each client can choose another broker from Manage Assister."
)
FIELD = "to_assister"


@dataclass(frozen=True)
class Departing:
    """An assister of the agency whose clients are still theirs: how many, and why they are not
    in good standing (None: they are, and may be about to leave)."""

    assister: Assister
    clients: int
    lapse: standing.Lapse | None


@dataclass(frozen=True)
class Client:
    """A client of the departing assister, and why they can't be handed over now (None: they
    can)."""

    association: Association
    refusal: str | None


@dataclass(frozen=True)
class Result:
    """What a hand-over did: the requests waiting for each consumer's confirmation (those of
    an earlier click too), and the clients not handed over, each with why."""

    handed_over: list
    not_handed_over: list


def departing(agency):
    """The agency's navigators and CACs who still have clients (associations not ended,
    suspended or not), with how many, by name: one statement."""
    rows = (
        Assister.select(Assister, pw.fn.COUNT(Association.id).alias("clients"))
        .join(Association, on=(Association.assister == Assister.id))
        .where(
            Assister.agency == agency,
            Assister.assister_type != "broker",
            Association.ended_at.is_null(),
        )
        .group_by(Assister.id)
        .order_by(Assister.last_name, Assister.first_name, Assister.id)
    )
    return [Departing(row, row.clients, standing.lapse_of(row)) for row in rows]


def departing_assister(agency, assister_id):
    """The agency's assister with this id, or NotFound: another agency's is not theirs to know."""
    found = Assister.get_or_none(Assister.id == assister_id, Assister.agency == agency)
    if found is None:
        raise NotFound("There is no such assister.")
    return found


def refusal(agency, departing):
    """Why `departing`'s clients can't be handed over by this agency at all, or None."""
    if departing.agency_id != agency.id:
        return NotFound("There is no such assister.")
    if departing.assister_type == "broker":
        return DomainError(BROKERS)
    return None


def successors(departing):
    """Who may take over: the agency's other assisters of the same type, with an account and in
    good standing, by name."""
    candidates = (
        Assister.select()
        .where(
            Assister.agency == departing.agency_id,
            Assister.assister_type == departing.assister_type,
            Assister.user.is_null(False),
            Assister.id != departing.id,
        )
        .order_by(Assister.last_name, Assister.first_name, Assister.id)
    )
    return [candidate for candidate in candidates if standing.lapse_of(candidate) is None]


def clients(departing):
    """The departing assister's clients (associations not ended), by name, each with why they
    can't be handed over now: a pending request of this type already (the hand-over's rule)."""
    rows = list(_clients_of(departing))
    pending = {
        request.consumer_id: request
        for request in AssisterRequest.select(AssisterRequest, Assister)
        .join(Assister)
        .where(
            AssisterRequest.consumer.in_([row.consumer_id for row in rows]),
            AssisterRequest.assister_type == departing.assister_type,
            AssisterRequest.ended_at.is_null(),
        )
    }
    return [
        Client(
            row,
            assister_requests.already_asked(row.consumer, pending[row.consumer_id]).message
            if row.consumer_id in pending
            else None,
        )
        for row in rows
    ]


def handed_over(departing, successor=None):
    """The requests made by handing `departing`'s clients over (to `successor`, if given: then
    only those still waiting for the consumer), newest first, with each consumer."""
    query = (
        AssisterRequest.select(AssisterRequest, Consumer)
        .join(Consumer)
        .where(AssisterRequest.handed_over_from == departing)
        .order_by(AssisterRequest.requested_at.desc(), AssisterRequest.id.desc())
    )
    if successor is not None:
        query = query.where(
            AssisterRequest.assister == successor, AssisterRequest.ended_at.is_null()
        )
    return query


def hand_over(actor, agency, departing, successor):
    """Hand every client of `departing` over to `successor`, in one transaction: for each, the
    association ends now (ended by the agency administrator, with the reason), a pending
    request for `successor` is made, and the consumer gets a notice and a mail saying they must
    confirm; `successor` gets one mail. Refused (a DomainError) for another agency's assister
    (NotFound), a broker, a successor who may not take over, or nobody to hand over. Posted
    again once done (a double click), it finds nothing left and answers what was handed over."""
    _check(agency, departing, successor)
    reason = f"Handed over by {agency.name} to {successor.full_name}"
    with database.atomic():
        left = list(_clients_of(departing))
        refused = []
        for association in left:
            try:
                # A savepoint: a client is handed over whole or not at all.
                with database.atomic():
                    _hand_over_one(actor, agency, association, departing, successor, reason)
            except DomainError as error:
                refused.append((association.consumer, error.message))
        done = list(handed_over(departing, successor))
        if not left and not done:
            raise DomainError(f"{departing.full_name} has no clients to hand over.")
        # A client a click at the same moment handed over is done, not refused.
        waiting = {request.consumer_id for request in done}
        refused = [(consumer, why) for consumer, why in refused if consumer.id not in waiting]
        handed_now = len(left) - len(refused)
        if left:
            audit.record(
                actor,
                "assister.handed_over",
                obj=departing,
                detail=f"To {successor.full_name}: {handed_now} client(s) handed over, "
                f"{len(refused)} not.",
            )
        if handed_now:
            mail.send(
                "handed_over_to_assister",
                successor.email,
                "handed_over_to_assister",
                agency=agency,
                departing=departing,
                successor=successor,
                count=handed_now,
            )
    return Result(done, refused)


def _check(agency, departing, successor):
    refused = refusal(agency, departing)
    if refused is not None:
        raise refused
    if successor.agency_id != agency.id:
        raise DomainError("Choose one of your agency's assisters to take over.", field=FIELD)
    if successor.id == departing.id:
        raise DomainError(
            f"Choose someone other than {departing.full_name} to take over their clients.",
            field=FIELD,
        )
    if successor.assister_type != departing.assister_type:
        kind = departing.get_assister_type_display().lower()
        raise DomainError(
            f"Choose another {kind}: {departing.full_name}'s clients authorized a {kind}.",
            field=FIELD,
        )
    if successor.user_id is None:
        raise DomainError(
            f"{successor.full_name} has no portal account yet, so they could not help these "
            "clients. Choose someone who has.",
            field=FIELD,
        )
    lapse = standing.lapse_of(successor)
    if lapse is not None:
        raise DomainError(f"{successor.full_name} can't take over clients now. {lapse.reason}",
                          field=FIELD)


def _clients_of(departing):
    return (
        Association.select(Association, Consumer)
        .join(Consumer)
        .where(Association.assister == departing, Association.ended_at.is_null())
        .order_by(Association.consumer_sort_name, Association.id)
    )


def _hand_over_one(actor, agency, association, departing, successor, reason):
    consumer = association.consumer
    departing = association.assister
    assister_requests.hand_over(actor, consumer, successor, departing)
    if not associations.end_for_hand_over(actor, association, reason):
        raise DomainError(
            f"{consumer.full_name}'s authorization of {departing.full_name} had already ended."
        )
    notice = notices.issue(
        consumer.id,
        None,
        NOTICE_KIND,
        # Written in the consumer's language (notices.issue reads it there).
        LazyString(
            lambda: _(
                "%(departing)s can no longer act for you: %(agency)s asked %(successor)s to "
                "take over",
                departing=departing.full_name,
                agency=agency.name,
                successor=successor.full_name,
            )
        ),
        consumer=consumer,
        departing=departing,
        successor=successor,
        agency=agency,
    )
    mail.send(
        NOTICE_KIND, consumer.email, "assister_standing", language=notice.language, notice=notice
    )
