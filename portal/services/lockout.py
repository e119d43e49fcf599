"""Lock-out (S10): repeated failed passwords or codes lock an account for a while.

LOCKOUT_THRESHOLD failures within LOCKOUT_WINDOW_MINUTES lock it for LOCKOUT_MINUTES, or until
staff unlock it. While locked, no step of sign-in passes, not even with the right password or
code (`refuse_if_locked`). Every failure is kept in AuthFailure, with the address it came from.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from db import database, utcnow
from db.accounts import AuthFailure, User
from portal.display import local_time
from portal.errors import DomainError
from portal.services import audit

KINDS = ("password", "code", "security_answers")


class AccountLocked(DomainError):
    """The account is locked: whatever step of sign-in asked, it does not pass."""

    def __init__(self, until):
        super().__init__(
            _(
                "Your account is locked after too many failed attempts. Try again after "
                "%(time)s, or call the ARC or Broker Line to unlock it.",
                time=local_time(until),
            )
        )
        self.until = until


def locked_until(user):
    """When the lock on this account ends, or None when it is not locked (read afresh)."""
    if user is None:
        return None
    until = User.select(User.locked_until).where(User.id == user.id).scalar()
    return until if until is not None and until > utcnow() else None


def refuse_if_locked(user):
    """Raise AccountLocked while the account is locked (read afresh, not from `user`)."""
    until = locked_until(user)
    if until is not None:
        raise AccountLocked(until)


def refuse(actor, user, kind, refusal):
    """Record a failed `kind` and raise `refusal`, or AccountLocked when this failure locked it."""
    until = record_failure(actor, user, kind)
    if until is not None:
        raise AccountLocked(until)
    raise refusal


def record_failure(actor, user, kind):
    """Record a failed password, code or set of answers; lock the account at the threshold.

    `user` is None for an unknown username: the failure is kept (with its address) but locks
    nothing. Returns when the account's lock ends, or None when it is not locked.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    now = utcnow()
    config = current_app.config
    with database.atomic():
        # Written first: on SQLite this takes the write lock, so concurrent failures count in turn.
        AuthFailure.create(user=user, kind=kind, at=now, ip=actor.ip)
        if user is None:
            return None
        row = (
            User.select(User.locked_until, User.failures_counted_from)
            .where(User.id == user.id)
            .get()
        )
        if row.locked_until is not None and row.locked_until > now:
            return row.locked_until
        since = now - timedelta(minutes=config["LOCKOUT_WINDOW_MINUTES"])
        if row.failures_counted_from is not None and row.failures_counted_from > since:
            since = row.failures_counted_from
        failures = (
            AuthFailure.select().where(AuthFailure.user == user, AuthFailure.at >= since).count()
        )
        if failures < config["LOCKOUT_THRESHOLD"]:
            return None
        until = now + timedelta(minutes=config["LOCKOUT_MINUTES"])
        # Failures made while locked don't count once the lock ends: a fresh set of tries.
        # The condition makes one of two concurrent failures the one that locks (and audits).
        locked = (
            User.update(locked_until=until, failures_counted_from=until)
            .where(
                User.id == user.id,
                User.locked_until.is_null() | (User.locked_until <= now),
            )
            .execute()
        )
        if locked:
            audit.record(
                actor,
                "account.locked",
                obj=user,
                detail=f"kind: {kind}; failures: {failures}; "
                f"within {config['LOCKOUT_WINDOW_MINUTES']} minutes",
            )
            user.locked_until, user.failures_counted_from = until, until
        return locked_until(user)


def record_success(user):
    """A correct password or code: earlier failures stop counting; an ended lock is cleared."""
    now = utcnow()
    with database.atomic():
        User.update(failures_counted_from=now).where(User.id == user.id).execute()
        User.update(locked_until=None).where(User.id == user.id, User.locked_until <= now).execute()
    user.failures_counted_from = now
    if user.locked_until is not None and user.locked_until <= now:
        user.locked_until = None


def unlock(actor, user):
    """Staff unlock an account at once; earlier failures stop counting. Audited."""
    if actor.role not in ("staff", "system"):
        raise DomainError("Only marketplace staff can unlock an account.")
    now = utcnow()
    with database.atomic():
        was_locked = locked_until(user)
        User.update(locked_until=None, failures_counted_from=now).where(
            User.id == user.id
        ).execute()
        audit.record(
            actor,
            "account.unlocked",
            obj=user,
            detail="was locked" if was_locked else "was not locked; failure count reset",
        )
    user.locked_until, user.failures_counted_from = None, now
