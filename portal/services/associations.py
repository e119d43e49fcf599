"""Associations: a consumer's recorded authorization of an assister, from Confirm to its end."""

from datetime import date

import peewee as pw

from db import database, utcnow
from db.associations import Association, AuthorizationText
from portal.errors import DomainError
from portal.services import audit

AUTHORIZATION_KIND = {
    "broker": "agent_of_record",
    "navigator": "assister_authorization",
    "cac": "assister_authorization",
}
SCOPES = ("may_apply", "may_enroll", "may_see_documents", "may_report_changes")
REASON_MAX = 500


def current_text(assister_type):
    """The latest published authorization text for this type of assister."""
    return (
        AuthorizationText.select()
        .where(AuthorizationText.kind == AUTHORIZATION_KIND[assister_type])
        .order_by(AuthorizationText.version.desc())
        .get()
    )


def end_of_coverage_year(today):
    return date(today.year, 12, 31)


def _one_year_from(today):
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def associate(actor, consumer, assister, scope=SCOPES, expires_on=None):
    """Record the consumer's Confirm: a New association, replacing one of the same type if held."""
    now = utcnow()
    today = now.date()
    expires_on = expires_on or end_of_coverage_year(today)
    if not today < expires_on <= _one_year_from(today):
        raise DomainError("The authorization must end within one year from today.", "expires_on")
    with database.atomic():
        held = Association.get_or_none(
            Association.consumer == consumer,
            Association.assister_type == assister.assister_type,
            Association.ended_at.is_null(),
        )
        if held is not None:
            _end(actor, held, "consumer", "Replaced by consumer")
        try:
            association = Association.create(
                consumer=consumer,
                assister=assister,
                assister_type=assister.assister_type,
                requested_at=now,
                confirmed_at=now,
                confirmed_by=actor.user,
                confirmed_ip=actor.ip,
                authorization_text=current_text(assister.assister_type),
                expires_on=expires_on,
                **{name: name in scope for name in SCOPES},
            )
        except pw.IntegrityError as error:
            # Another Confirm for the same type won the race: the partial unique index said no.
            raise DomainError("You already chose an assister of this type just now.") from error
        audit.record(actor, "association.started", consumer, association)
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
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give the reason for ending this association.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason to {REASON_MAX} characters or fewer.", field="reason")
    with database.atomic():
        _end(actor, association, actor.role, reason)
    return Association.get_by_id(association.id)


def _end(actor, association, ended_by_role, reason):
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
    if not ended:
        raise DomainError("This association has already ended.")
    audit.record(actor, "association.ended", association.consumer, association, detail=reason)
