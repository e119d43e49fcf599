"""Forgotten password or username: security questions, then a single-use emailed link."""

import re
from datetime import timedelta

import pytest

from db import utcnow
from db.accounts import AccountToken, AuthFailure, User, UserSession
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import accounts, lockout, recovery, security_questions

QUESTIONS = security_questions.QUESTIONS
PAIRS = [(QUESTIONS[3], "Duluth"), (QUESTIONS[0], "Rex"), (QUESTIONS[5], "Mrs Olson")]
RIGHT = ["DULUTH", "  rex ", "mrs   olson"]
WRONG = ["Duluth", "Rex", "Mr Olson"]
NEW_PASSWORD = "seven quiet otters paddling"


@pytest.fixture
def person(app, factories):
    with app.app_context():
        user = factories.user("consumer")
        security_questions.set_answers(user, PAIRS)
        return user


def mails(kind):
    return list(OutgoingMail.select().where(OutgoingMail.kind == kind).order_by(OutgoingMail.id))


def reset_token(mail):
    return re.search(r"/reset-password/(\S+)", mail.body).group(1)


def password_ok(user, password):
    try:
        return accounts.HASHER.verify(User.get_by_id(user.id).password_hash, password)
    except Exception:
        return False


def test_questions_are_the_users_own_or_stable_stand_ins(app, person):
    with app.app_context():
        assert recovery.questions_for_username(person.username.upper()) == [q for q, _ in PAIRS]
        stranger = recovery.questions_for_username("nobody-here")
        assert len(set(stranger)) == 3 and set(stranger) <= set(QUESTIONS)
        assert recovery.questions_for_username(" Nobody-Here ") == stranger
        assert recovery.questions_for_email(person.email) == [q for q, _ in PAIRS]


def test_right_answers_email_a_single_use_link(app, person, factories):
    with app.app_context():
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        [mail] = mails("password_reset")
        assert mail.to_address == person.email
        token = reset_token(mail)
        assert "/reset-password/" in mail.body and "60 minutes" in mail.body
        row = AccountToken.get(AccountToken.purpose == "password_reset")
        assert row.token_hash == recovery.hash_token(token)
        assert timedelta(minutes=59) < row.expires_at - utcnow() <= timedelta(hours=1)
        recovery.reset_password(factories.actor(None), token, NEW_PASSWORD)
        assert password_ok(person, NEW_PASSWORD)
        assert not password_ok(person, factories.PASSWORD)
        with pytest.raises(DomainError, match="expired or has already been used"):
            recovery.reset_password(factories.actor(None), token, "another fine long passphrase")
        assert password_ok(person, NEW_PASSWORD)
        [notice] = mails("password_changed")
        assert notice.to_address == person.email and "changed" in notice.subject
        assert AuditEvent.select().where(AuditEvent.action == "password.reset").count() == 1
        assert not any(token in (e.detail or "") for e in AuditEvent.select())


def test_expired_link_is_refused(app, person, factories):
    with app.app_context():
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        token = reset_token(mails("password_reset")[0])
        AccountToken.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
        with pytest.raises(DomainError, match="expired"):
            recovery.reset_password(factories.actor(None), token, NEW_PASSWORD)
        assert password_ok(person, factories.PASSWORD)


def test_a_new_link_voids_the_old_one(app, person, factories):
    with app.app_context():
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        first, second = (reset_token(m) for m in mails("password_reset"))
        with pytest.raises(DomainError):
            recovery.reset_token_user(first)
        assert recovery.reset_token_user(second).id == person.id


def test_wrong_answers_send_nothing_and_count_as_a_failure(app, person, factories):
    with app.app_context():
        recovery.start_password_reset(factories.actor(None), person.username, WRONG)
        recovery.start_password_reset(factories.actor(None), "nobody-here", RIGHT)
        assert OutgoingMail.select().count() == 0
        failures = list(AuthFailure.select().order_by(AuthFailure.id))
        assert [(f.user_id, f.kind) for f in failures] == [
            (person.id, "security_answers"),
            (None, "security_answers"),
        ]
        assert AccountToken.select().count() == 0


def test_repeated_wrong_answers_lock_and_a_locked_account_gets_no_link(app, person, factories):
    with app.app_context():
        for _ in range(app.config["LOCKOUT_THRESHOLD"]):
            recovery.start_password_reset(factories.actor(None), person.username, WRONG)
        assert lockout.locked_until(person) is not None
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        recovery.remind_username(factories.actor(None), person.email, RIGHT)
        assert OutgoingMail.select().count() == 0


def test_reset_ends_every_other_session_and_unlocks(app, person, factories):
    with app.app_context():
        for id_hash in ("a" * 64, "b" * 64):
            UserSession.create(id_hash=id_hash, user=person)
        other = factories.user("consumer")
        UserSession.create(id_hash="c" * 64, user=other)
        User.update(locked_until=utcnow() - timedelta(minutes=1)).where(
            User.id == person.id
        ).execute()
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        token = reset_token(mails("password_reset")[0])
        recovery.reset_password(factories.actor(None), token, NEW_PASSWORD, "a" * 64)
        remaining = sorted(s.id_hash for s in UserSession.select())
        assert remaining == ["a" * 64, "c" * 64]
        assert User.get_by_id(person.id).locked_until is None


def test_reset_password_rules_follow_mfa(app, person, factories):
    with app.app_context():
        recovery.start_password_reset(factories.actor(None), person.username, RIGHT)
        token = reset_token(mails("password_reset")[0])
        # Without MFA: 15 characters at least; the link stays usable after a refusal.
        with pytest.raises(DomainError) as error:
            recovery.reset_password(factories.actor(None), token, "fourteen chars")
        assert error.value.field == "password"
        assert password_ok(person, factories.PASSWORD)
        User.update(mfa_mode="email").where(User.id == person.id).execute()
        recovery.reset_password(factories.actor(None), token, "twelve chars")
        assert password_ok(person, "twelve chars")


def test_forgot_username_emails_the_username(app, person, factories):
    with app.app_context():
        recovery.remind_username(factories.actor(None), person.email.upper(), RIGHT)
        [mail] = mails("username_reminder")
        assert mail.to_address == person.email
        assert person.username in mail.body
        recovery.remind_username(factories.actor(None), person.email, WRONG)
        recovery.remind_username(factories.actor(None), "nobody@example.org", RIGHT)
        assert len(mails("username_reminder")) == 1
        assert AuthFailure.select().where(AuthFailure.kind == "security_answers").count() == 2
