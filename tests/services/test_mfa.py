"""MFA rules: emailed codes, authenticator-app codes, registration and staff reset."""

import re
from datetime import datetime, timedelta

import pyotp
import pytest

from db.accounts import AuthFailure, OneTimeCode, User
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import lockout, mfa


@pytest.fixture(autouse=True)
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def assister_user(app, factories):
    user = factories.user("assister")
    with app.test_request_context():
        return mfa.register(factories.actor(user), user, user.email, agreed=True)


@pytest.fixture
def clock(monkeypatch):
    """Freeze mfa's clock at a chosen moment; `clock.now` can be moved."""

    class Clock:
        now = datetime(2026, 11, 23, 15, 0, 0)

        def __call__(self):
            return self.now

    frozen = Clock()
    monkeypatch.setattr(mfa, "utcnow", frozen)
    return frozen


def _send(app, factories, user):
    with app.test_request_context():
        mfa.send_code(factories.actor(user), user)
    body = OutgoingMail.select().order_by(OutgoingMail.id.desc()).first().body
    return re.search(r"\b(\d{6})\b", body).group(1)


def _verify(app, factories, user, code):
    with app.test_request_context():
        mfa.verify_code(factories.actor(user), user, code)


def test_registration_needs_the_account_email_and_agreement(app, factories):
    user = factories.user("assister")
    actor = factories.actor(user)
    with pytest.raises(DomainError) as wrong:
        mfa.register(actor, user, "someone.else@example.org", agreed=True)
    assert wrong.value.field == "email"
    with pytest.raises(DomainError) as refused:
        mfa.register(actor, user, user.email.upper(), agreed=False)
    assert refused.value.field == "agree"
    assert User.get_by_id(user.id).mfa_mode is None
    assert mfa.register(actor, user, user.email.upper(), agreed=True).mfa_mode == "email"


def test_emailed_code_is_six_digits_single_use(app, factories, assister_user):
    code = _send(app, factories, assister_user)
    assert len(code) == 6
    mail = OutgoingMail.select().order_by(OutgoingMail.id.desc()).first()
    assert mail.subject == "One Time Password" and mail.to_address == assister_user.email
    assert code not in OneTimeCode.get().code_hash
    _verify(app, factories, assister_user, code)
    with pytest.raises(DomainError, match="no longer be used"):
        _verify(app, factories, assister_user, code)


def test_code_expires_after_ten_minutes(app, factories, assister_user, clock):
    code = _send(app, factories, assister_user)
    clock.now += timedelta(minutes=10, seconds=1)
    with pytest.raises(DomainError, match="expired"):
        _verify(app, factories, assister_user, code)


def test_a_new_code_voids_the_old(app, factories, assister_user):
    old = _send(app, factories, assister_user)
    new = _send(app, factories, assister_user)
    if old != new:
        with pytest.raises(DomainError):
            _verify(app, factories, assister_user, old)
    _verify(app, factories, assister_user, new)


def test_fifth_wrong_try_voids_the_code(app, factories, assister_user):
    # The code's own limit, apart from the account's lock-out (which also comes at 5 by default).
    app.config["LOCKOUT_THRESHOLD"] = 10
    code = _send(app, factories, assister_user)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(4):
        with pytest.raises(DomainError, match="not correct"):
            _verify(app, factories, assister_user, wrong)
    with pytest.raises(DomainError, match="Too many wrong codes"):
        _verify(app, factories, assister_user, wrong)
    with pytest.raises(DomainError, match="no longer be used"):
        _verify(app, factories, assister_user, code)
    assert OneTimeCode.get().attempts == 5


def test_the_wrong_code_that_locks_the_account_says_so(app, factories, assister_user):
    code = _send(app, factories, assister_user)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(4):
        with pytest.raises(DomainError, match="not correct"):
            _verify(app, factories, assister_user, wrong)
    with pytest.raises(lockout.AccountLocked, match="Your account is locked"):
        _verify(app, factories, assister_user, wrong)
    assert User.get_by_id(assister_user.id).locked_until is not None


def _totp_user(app, factories, clock):
    user = factories.user("assister")
    secret = pyotp.random_base32()
    code = pyotp.TOTP(secret).at(clock.now)
    user = mfa.confirm_totp(factories.actor(user), user, secret, code, factories.PASSWORD)
    return user, pyotp.TOTP(secret)


def test_an_authenticator_app_is_added_only_with_the_password(app, factories, clock):
    user = factories.user("assister")
    secret = pyotp.random_base32()
    code = pyotp.TOTP(secret).at(clock.now)
    for typed in ("", "not the password"):
        with pytest.raises(DomainError, match="password is not correct") as raised:
            mfa.confirm_totp(factories.actor(user), user, secret, code, typed)
        assert raised.value.field == "password"
    stored = User.get_by_id(user.id)
    assert stored.totp_secret is None and stored.mfa_mode is None
    assert AuthFailure.select().where(AuthFailure.kind == "password").count() == 2
    assert AuditEvent.select().where(AuditEvent.action == "mfa.app_refused").count() == 2
    assert not AuditEvent.select().where(AuditEvent.action == "mfa.registered").exists()


def test_totp_code_is_accepted_once_only(app, factories, clock):
    user, totp = _totp_user(app, factories, clock)
    clock.now += timedelta(seconds=30)
    code = totp.at(clock.now)
    mfa.verify_totp(factories.actor(user), User.get_by_id(user.id), code)
    with pytest.raises(DomainError, match="already been used"):
        mfa.verify_totp(factories.actor(user), User.get_by_id(user.id), code)


def test_totp_set_up_code_cannot_be_replayed_at_sign_in(app, factories, clock):
    user, totp = _totp_user(app, factories, clock)
    with pytest.raises(DomainError, match="already been used"):
        mfa.verify_totp(factories.actor(user), user, totp.at(clock.now))


def test_totp_allows_one_step_of_drift_and_no_more(app, factories, clock):
    user, totp = _totp_user(app, factories, clock)
    clock.now += timedelta(minutes=5)
    mfa.verify_totp(
        factories.actor(user), User.get_by_id(user.id), totp.at(clock.now - timedelta(seconds=30))
    )
    clock.now += timedelta(minutes=5)
    with pytest.raises(DomainError, match="not correct"):
        mfa.verify_totp(
            factories.actor(user),
            User.get_by_id(user.id),
            totp.at(clock.now - timedelta(seconds=60)),
        )
    with pytest.raises(DomainError, match="not correct"):
        mfa.verify_totp(
            factories.actor(user),
            User.get_by_id(user.id),
            totp.at(clock.now + timedelta(seconds=60)),
        )
    mfa.verify_totp(
        factories.actor(user), User.get_by_id(user.id), totp.at(clock.now + timedelta(seconds=30))
    )


def test_staff_reset_lapses_at_the_end_of_that_day(app, factories, assister_user, clock):
    staff = factories.actor(factories.staff())
    # 15:00 UTC is 9:00 in Minnesota: the user has until local midnight (06:00 UTC next day).
    user = mfa.reset_mfa(staff, assister_user)
    assert user.mfa_mode is None and user.totp_secret is None
    assert user.mfa_reset_until == datetime(2026, 11, 24, 6, 0)
    assert not mfa.reset_has_lapsed(user, now=datetime(2026, 11, 24, 5, 59))
    assert mfa.reset_has_lapsed(user, now=datetime(2026, 11, 24, 6, 1))
    assert AuditEvent.get(AuditEvent.action == "mfa.reset").actor.id == staff.user.id
    with app.test_request_context():
        again = mfa.register(factories.actor(user), user, user.email, agreed=True)
    assert again.mfa_reset_until is None and not mfa.reset_has_lapsed(again)


def test_who_must_use_mfa(app, factories):
    for role in ("staff", "agency_admin", "assister"):
        assert mfa.required_for(factories.user(role))
    consumer = factories.user("consumer")
    assert not mfa.required_for(consumer)
    consumer.mfa_mode = "email"
    assert mfa.required_for(consumer)
