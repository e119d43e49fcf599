"""Staff deactivate a sign-in account, an assister or an agency, with the reason, and make it
active again (S9, S10). One transaction each:

- deactivating sets the record inactive, keeps who, when and why (db.deactivations), ends at
  once every session of the accounts it affects (the account; the assister's; every assister's
  and administrator's of the agency), applies the standing check to the assisters it affects
  (their clients' associations suspended, each consumer told: portal/services/standing.py) and
  writes an audit row;
- reactivating sets it active, keeps who and when, and gives access back to each affected
  assister in good standing again (those whose consent still runs; each consumer told).

Sent twice (a double click, two staff members at once), the second finds the record already as
asked and changes nothing: `AlreadyDone`, with what the first did.
"""

from dataclasses import dataclass, field

from db import database
from db.accounts import User, UserSession
from db.assisters import Agency, AgencyAdmin, Assister
from db.associations import Association
from db.deactivations import Deactivation
from portal.errors import DomainError, required_text
from portal.forms import LINES_MESSAGE, has_control_characters
from portal.services import audit, sessions, standing

REASON_MIN = 10
REASON_MAX = Deactivation.reason.max_length
# The column of `deactivation` naming each kind of record.
KINDS = {User: "user", Assister: "assister", Agency: "agency"}
# The audit rows' actions: "account.deactivated", "agency.reactivated" …
EVENTS = {User: "account", Assister: "assister", Agency: "agency"}


class AlreadyDone(DomainError):
    """The record is already inactive (or active): the first request's result stands."""


@dataclass(frozen=True)
class Reach:
    """What deactivating the record would end now: open sessions, clients' associations that
    give access, and an agency's assisters (None for another record)."""

    sessions: int
    associations: int
    assisters: int | None


@dataclass(frozen=True)
class Outcome:
    """What a deactivation or reactivation did."""

    record: object
    sessions: int = 0  # sessions ended
    suspended: int = 0  # clients' associations suspended
    restored: int = 0  # clients' associations given back
    # (assister, standing.Lapse) of those still not in good standing after a reactivation.
    still_lapsed: list = field(default_factory=list)


def deactivate(actor, record, reason):
    """Make `record` (a User, an Assister or an Agency) inactive for `reason` (10 to 500
    characters): its accounts' sessions end and its assisters' access with them."""
    reason = _reason(reason)
    if isinstance(record, User) and actor.user is not None and record.id == actor.user.id:
        raise DomainError("You can't deactivate your own account: ask another staff member.")
    with database.atomic():
        _claim(record, active=False)
        Deactivation.create(**{KINDS[type(record)]: record}, active=False, reason=reason,
                            by=actor.user)
        ended = sum(sessions.end_all(actor, user) for user in _signed_in(record))
        # Inactive now, each assister lapses (standing.lapse_of): review ends their access.
        suspended = sum(len(standing.review(actor, assister)) for assister in _assisters(record))
        audit.record(actor, f"{EVENTS[type(record)]}.deactivated", obj=record, detail=reason)
    return Outcome(record, sessions=ended, suspended=suspended)


def reactivate(actor, record):
    """Make `record` active again: an account can sign in; each assister it affects who is in
    good standing again gets their clients' associations back (where consent still runs)."""
    with database.atomic():
        _claim(record, active=True)
        Deactivation.create(**{KINDS[type(record)]: record}, active=True, by=actor.user)
        restored, still_lapsed = 0, []
        for assister in _assisters(record):
            lapse = standing.lapse_of(assister)
            if lapse is None:
                restored += len(standing.give_back_access(actor, assister))
            else:
                still_lapsed.append((assister, lapse))
        audit.record(actor, f"{EVENTS[type(record)]}.reactivated", obj=record)
    return Outcome(record, restored=restored, still_lapsed=still_lapsed)


def reach(record):
    """What deactivating `record` would end, as it stands now."""
    assisters = _assisters(record)
    return Reach(
        sessions=UserSession.select().where(UserSession.user.in_(_accounts(record))).count(),
        associations=Association.select().where(
            Association.assister.in_([assister.id for assister in assisters]),
            Association.ended_at.is_null(),
            Association.suspended_at.is_null(),
        ).count() if assisters else 0,
        assisters=len(assisters) if isinstance(record, Agency) else None,
    )


def history(record):
    """Every deactivation and reactivation of `record`, the latest first, with who did it."""
    column = getattr(Deactivation, KINDS[type(record)])
    return list(
        Deactivation.select(Deactivation, User)
        .join(User, on=(Deactivation.by == User.id))
        .where(column == record.id)
        .order_by(Deactivation.at.desc(), Deactivation.id.desc())
    )


def _reason(text):
    # A text area's line breaks and tabs are runs of spaces in the reason; a NUL is refused
    # by PostgreSQL.
    if text and has_control_characters(text, lines=True):
        raise DomainError(str(LINES_MESSAGE), field="reason")
    reason = required_text(text, "reason", "Give the reason for deactivating.", REASON_MAX)
    if len(reason) < REASON_MIN:
        raise DomainError(
            f"Give the reason in at least {REASON_MIN} characters: it is kept in the record's "
            "history for whoever reads it later.",
            field="reason",
        )
    return reason


def _claim(record, active):
    # Conditional: of two requests at once, one changes the record and the other is told so.
    model = type(record)
    claimed = (
        model.update(is_active=active)
        .where(model.id == record.id, model.is_active == (not active))
        .execute()
    )
    if not claimed:
        state = "active" if active else "inactive"
        raise AlreadyDone(f"{_name(record)} was already {state}: nothing was changed.")
    record.is_active = active


def _name(record):
    return record.full_name if isinstance(record, (User, Assister)) else record.name


def _assisters(record):
    """The assisters whose standing the record's is part of (with their agency)."""
    if isinstance(record, Assister):
        return [record]
    if isinstance(record, Agency):
        return list(
            Assister.select(Assister, Agency)
            .join(Agency)
            .where(Assister.agency == record.id)
            .order_by(Assister.id)
        )
    return []


def _accounts(record):
    """The ids of the sign-in accounts the record's being active lets in (a subquery)."""
    if isinstance(record, User):
        return User.select(User.id).where(User.id == record.id)
    if isinstance(record, Assister):
        return User.select(User.id).where(User.id == record.user_id)
    return User.select(User.id).where(
        User.id.in_(Assister.select(Assister.user).where(Assister.agency == record.id))
        | User.id.in_(AgencyAdmin.select(AgencyAdmin.user).where(AgencyAdmin.agency == record.id))
    )


def _signed_in(record):
    """Those of the record's accounts with a session open."""
    return list(
        User.select()
        .where(User.id.in_(_accounts(record)),
               User.id.in_(UserSession.select(UserSession.user)))
        .order_by(User.id)
    )
