"""One editor at a time, and no silent overwrites: the mechanism every wizard shares (S5, S6.1).

A record edited through a wizard (an application, an enrollment) has `status` ("draft" while it
can be edited), `version`, `updated_at`, and a hold: `held_by`, `held_since`, `held_seen_at`.
Saving a step takes the hold unless someone else has been active on it in the last HOLD_MINUTES;
opening one only says who holds it (a GET changes nothing: a link from another site must not lock
a consumer out of their own application). Every save names the version its page was drawn from
and is refused when the record has moved on (two tabs, two workers), so nothing is overwritten
without the person seeing it first.
"""

from dataclasses import dataclass
from datetime import timedelta

import peewee as pw
from flask_babel import gettext as _

from db import utcnow
from portal.errors import DomainError

HOLD_MINUTES = 15


class StaleVersion(DomainError):
    """The record changed since the page was opened: nothing from this post was saved."""


class HeldByOther(DomainError):
    """Someone else is working on the record: it is read-only for everyone else."""


@dataclass(frozen=True)
class Hold:
    holder: object  # the User holding the record
    since: object
    mine: bool
    record: object  # the record as it stands after taking (or failing to take) the hold

    @property
    def describe(self):
        return describe_user(self.holder)


def describe_user(user):
    """Who holds a record, as the other side reads it ("Being edited by …")."""
    if user.role == "consumer":
        return _("%(name)s (the consumer)", name=user.full_name)
    return _("%(name)s (assister)", name=user.full_name)


def first_open_step(record, step_keys):
    """The first step not yet complete: no later step may be opened or saved before it."""
    done = record.completed
    return next((step for step in step_keys if step not in done), None)


def may_open(record, step_keys, step):
    """A step can be opened once every step before it is complete."""
    first_open = first_open_step(record, step_keys)
    return first_open is None or step_keys.index(step) <= step_keys.index(first_open)


def _lapse(now):
    return now - timedelta(minutes=HOLD_MINUTES)


def _free_or_mine(model, user, now):
    return (
        model.held_by.is_null() | (model.held_by == user) | (model.held_seen_at < _lapse(now))
    )


def _hold_fields(model, user, now):
    # Keep "since" while the same person goes on working; a new holder starts a new hold.
    return {
        model.held_by: user,
        model.held_since: pw.Case(None, [(model.held_by == user, model.held_since)], now),
        model.held_seen_at: now,
    }


def current_hold(actor, record):
    """Who is working on `record` as it was read, without taking it (for a page's GET).

    `mine` when the actor may edit it: nobody holds it, they do, or the holder's time lapsed.
    A record no longer in draft is never held.
    """
    if record.status != "draft":
        return None
    if record.held_by_id is not None and record.held_by_id != actor.user.id and (
        record.held_seen_at >= _lapse(utcnow())
    ):
        return Hold(holder=record.held_by, since=record.held_since, mine=False, record=record)
    return Hold(holder=actor.user, since=record.held_since, mine=True, record=record)


def require_hold(actor, record, what="application"):
    """Take the hold for a save that claims no version itself (a signature), or refuse it."""
    hold = take_hold(actor, record)
    if hold is not None and not hold.mine:
        raise HeldByOther(held_message(hold.holder, what))


def held_message(holder, what):
    who = describe_user(holder)
    if what == "enrollment":
        return _("%(who)s is working on this enrollment. Nothing you entered here was saved.",
                 who=who)
    return _("%(who)s is working on this application. Nothing you entered here was saved.",
             who=who)


def take_hold(actor, record):
    """Hold `record` for `actor` unless someone else is working on it.

    Returns the Hold as it now stands: `mine` when the actor holds it, otherwise who does and
    since when (the page is then read-only). A record no longer in draft is never held.
    """
    model = type(record)
    now = utcnow()
    if record.status != "draft":
        return None
    taken = (
        model.update(_hold_fields(model, actor.user, now))
        .where(
            (model.id == record.id)
            & (model.status == "draft")
            & _free_or_mine(model, actor.user, now)
        )
        .execute()
    )
    fresh = model.get_by_id(record.id)
    if taken:
        return Hold(holder=actor.user, since=fresh.held_since, mine=True, record=fresh)
    if fresh.held_by_id is not None:
        return Hold(holder=fresh.held_by, since=fresh.held_since, mine=False, record=fresh)
    return None


def release_hold(actor, record):
    """Save & Exit: let the other side in at once."""
    model = type(record)
    (
        model.update(held_by=None, held_since=None, held_seen_at=None)
        .where((model.id == record.id) & (model.held_by == actor.user))
        .execute()
    )


def claim_version(actor, record, based_on, now, what="application", also=None):
    """Move the version on from `based_on`, holding the record, or say why not; `also` (field
    name: value) is written by the same statement.

    Called first inside the save's transaction: when it raises, nothing of the save is written.
    """
    model = type(record)
    also = also or {}
    claimed = (
        model.update(
            {model.version: model.version + 1, model.updated_at: now}
            | _hold_fields(model, actor.user, now)
            | {getattr(model, name): value for name, value in also.items()}
        )
        .where(
            (model.id == record.id)
            & (model.version == based_on)
            & (model.status == "draft")
            & _free_or_mine(model, actor.user, now)
        )
        .execute()
    )
    if claimed:
        record.version = based_on + 1
        for name, value in also.items():
            setattr(record, name, value)
        return
    fresh = model.get_by_id(record.id)
    if fresh.status != "draft":
        if what == "enrollment":
            raise DomainError(_("This enrollment has been submitted and can no longer be changed."))
        raise DomainError(_("This application has been submitted and can no longer be changed."))
    if fresh.held_by_id not in (None, actor.user.id) and fresh.held_seen_at >= _lapse(now):
        raise HeldByOther(held_message(fresh.held_by, what))
    if what == "enrollment":
        raise StaleVersion(_(
            "This enrollment was changed somewhere else (another tab or another person) after "
            "you opened this page. Nothing you entered here was saved: reload the step to see "
            "the latest answers, then make your change again."
        ))
    raise StaleVersion(_(
        "This application was changed somewhere else (another tab or another person) after you "
        "opened this page. Nothing you entered here was saved: reload the step to see the "
        "latest answers, then make your change again."
    ))
