"""Lock-out: 5 failures within 15 minutes lock an account for 30 minutes, or until staff unlock."""

from dataclasses import replace
from datetime import timedelta

import pytest

from db import utcnow
from db.accounts import AuthFailure, User
from db.audit import AuditEvent
from portal.actors import SYSTEM
from portal.errors import DomainError
from portal.services import lockout


@pytest.fixture
def context(app):
    with app.app_context():
        yield app


@pytest.fixture
def clock(monkeypatch):
    """Move the lock-out service's clock: clock.shift(minutes=...)."""

    class Clock:
        now = utcnow()

        def __call__(self):
            return self.now

        def shift(self, **delta):
            self.now += timedelta(**delta)

    moved = Clock()
    monkeypatch.setattr(lockout, "utcnow", moved)
    return moved


@pytest.fixture
def user(factories):
    return factories.user("assister")


@pytest.fixture
def attacker(factories):
    return factories.actor(None)


def fail(actor, user, times, kind="password"):
    return [lockout.record_failure(actor, user, kind) for _ in range(times)]


def stored(user):
    return User.get_by_id(user.id)


def test_four_failures_do_not_lock_the_fifth_does(context, user, attacker):
    assert fail(attacker, user, 4) == [None] * 4
    assert lockout.locked_until(user) is None
    assert not AuditEvent.select().where(AuditEvent.action == "account.locked").exists()
    until = lockout.record_failure(attacker, user, "code")
    assert until is not None
    expected = utcnow() + timedelta(minutes=30)
    assert abs((until - expected).total_seconds()) < 5
    assert stored(user).locked_until == until
    assert lockout.locked_until(user) == until
    assert AuthFailure.select().where(AuthFailure.user == user).count() == 5
    assert {row.ip for row in AuthFailure.select()} == {"192.0.2.10"}
    event = AuditEvent.get(AuditEvent.action == "account.locked")
    assert event.object_type == "User" and event.object_id == str(user.id)
    assert event.ip == "192.0.2.10" and event.actor is None
    assert "kind: code" in event.detail and "failures: 5" in event.detail


def test_kinds_count_together(context, user, attacker):
    fail(attacker, user, 2, "password")
    fail(attacker, user, 2, "code")
    lockout.record_failure(attacker, user, "security_answers")
    assert lockout.locked_until(user) is not None
    assert {row.kind for row in AuthFailure.select()} == {"password", "code", "security_answers"}


def test_unknown_kind_is_a_programming_error(context, user, attacker):
    with pytest.raises(ValueError, match="kind"):
        lockout.record_failure(attacker, user, "pin")


def test_failures_older_than_the_window_do_not_count(context, user, attacker, clock):
    fail(attacker, user, 4)
    clock.shift(minutes=15, seconds=1)
    assert fail(attacker, user, 4) == [None] * 4
    assert lockout.locked_until(user) is None
    assert lockout.record_failure(attacker, user, "password") is not None


def test_the_lock_ends_by_itself_after_30_minutes(context, user, attacker, clock):
    until = fail(attacker, user, 5)[-1]
    clock.shift(minutes=29)
    assert lockout.locked_until(user) == until
    # Failures while locked neither extend the lock nor audit again.
    assert lockout.record_failure(attacker, user, "password") == until
    clock.shift(minutes=1, seconds=1)
    assert lockout.locked_until(user) is None
    # A fresh set of tries after the lock: those made before and during it no longer count.
    assert fail(attacker, user, 4) == [None] * 4
    assert lockout.record_failure(attacker, user, "password") is not None
    assert AuditEvent.select().where(AuditEvent.action == "account.locked").count() == 2


def test_success_resets_the_count(context, user, attacker):
    fail(attacker, user, 4)
    lockout.record_success(user)
    assert stored(user).failures_counted_from is not None
    assert fail(attacker, user, 4) == [None] * 4
    assert lockout.locked_until(user) is None
    assert lockout.record_failure(attacker, user, "password") is not None


def test_success_clears_a_lock_that_has_ended(context, user, attacker, clock):
    fail(attacker, user, 5)
    clock.shift(minutes=31)
    lockout.record_success(user)
    assert stored(user).locked_until is None


def test_staff_unlock_at_once_and_it_is_audited(context, factories, user, attacker):
    fail(attacker, user, 5)
    assert lockout.locked_until(user) is not None
    staff = factories.actor(factories.staff())
    lockout.unlock(staff, user)
    assert stored(user).locked_until is None and lockout.locked_until(user) is None
    event = AuditEvent.get(AuditEvent.action == "account.unlocked")
    assert event.actor.id == staff.user.id and event.object_id == str(user.id)
    assert event.detail == "was locked"
    # Failures before the unlock no longer count.
    assert fail(attacker, user, 4) == [None] * 4
    assert lockout.locked_until(user) is None


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_only_staff_unlock(context, factories, user, attacker, role):
    fail(attacker, user, 5)
    with pytest.raises(DomainError, match="staff"):
        lockout.unlock(factories.actor(factories.user(role)), user)
    assert lockout.locked_until(user) is not None
    assert not AuditEvent.select().where(AuditEvent.action == "account.unlocked").exists()


def test_unknown_username_is_kept_but_locks_nothing(context, attacker):
    assert fail(attacker, None, 6) == [None] * 6
    assert AuthFailure.select().where(AuthFailure.user.is_null()).count() == 6
    assert not AuditEvent.select().where(AuditEvent.action == "account.locked").exists()


def test_another_users_failures_do_not_count(context, factories, user, attacker):
    fail(attacker, factories.user(), 4)
    fail(attacker, user, 4)
    assert lockout.locked_until(user) is None


def test_threshold_and_durations_are_configurable(context, user, attacker, clock):
    context.config.update(LOCKOUT_THRESHOLD=3, LOCKOUT_WINDOW_MINUTES=5, LOCKOUT_MINUTES=10)
    fail(attacker, user, 2)
    clock.shift(minutes=6)
    fail(attacker, user, 2)
    assert lockout.locked_until(user) is None
    until = lockout.record_failure(attacker, user, "password")
    assert until == clock.now + timedelta(minutes=10)


def test_unlocking_an_account_that_is_not_locked_only_resets_the_count(context, user, attacker):
    assert lockout.locked_until(None) is None
    fail(attacker, user, 4)
    lockout.unlock(SYSTEM, user)
    event = AuditEvent.get(AuditEvent.action == "account.unlocked")
    assert event.detail.startswith("was not locked") and event.actor_role == "system"
    assert fail(attacker, user, 4) == [None] * 4


def test_a_locked_account_cannot_complete_sign_in(context, user, attacker):
    from portal.services import signin

    fail(attacker, user, 5)
    with pytest.raises(lockout.AccountLocked, match="Your account is locked"):
        signin.complete(replace(attacker, user=user), user)
    assert stored(user).last_sign_in_at is None
    assert not AuditEvent.select().where(AuditEvent.action == "sign_in.succeeded").exists()


def test_refuse_says_locked_once_the_failure_locks(context, user, attacker):
    wrong = DomainError("That code is not correct.", "code")
    for _ in range(4):
        with pytest.raises(DomainError) as raised:
            lockout.refuse(attacker, user, "code", wrong)
        assert raised.value is wrong
    with pytest.raises(lockout.AccountLocked) as raised:
        lockout.refuse(attacker, user, "code", wrong)
    assert raised.value.until == stored(user).locked_until
    assert AuthFailure.select().where(AuthFailure.user == user).count() == 5
