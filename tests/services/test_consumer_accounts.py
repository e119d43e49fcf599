"""Consumer sign-up and email verification (S2.4)."""

import re
from datetime import timedelta

import pytest

from db import utcnow
from db.accounts import AccountToken, SecurityAnswer, User
from db.audit import AuditEvent
from db.consumers import Consumer
from db.mail import OutgoingMail
from portal.actors import SYSTEM
from portal.errors import DomainError
from portal.services import consumer_accounts, recovery, security_questions

QUESTIONS = security_questions.QUESTIONS
PAIRS = [(QUESTIONS[0], "Rex"), (QUESTIONS[1], "Sam"), (QUESTIONS[2], "Elm Street")]
GOOD_PASSWORD = "violet lantern harbor nineteen"


def sign_up(username="carla", email="carla@example.org", password=GOOD_PASSWORD, pairs=PAIRS):
    return consumer_accounts.sign_up(SYSTEM, "Carla", "Consumer", email, username, password, pairs)


def link_token(mail):
    return re.search(r"/verify-email/(\S+)", mail.body).group(1)


def latest_mail(kind="verify_email"):
    return (
        OutgoingMail.select()
        .where(OutgoingMail.kind == kind)
        .order_by(OutgoingMail.id.desc())
        .first()
    )


def test_sign_up_writes_user_consumer_answers_token_and_mail(app):
    with app.app_context():
        user = sign_up()
        user = User.get_by_id(user.id)
        assert user.role == "consumer" and user.email_verified_at is None
        assert user.full_name == "Carla Consumer"
        consumer = Consumer.get(Consumer.user == user)
        assert (consumer.first_name, consumer.last_name, consumer.email) == (
            "Carla",
            "Consumer",
            "carla@example.org",
        )
        assert [
            a.question
            for a in SecurityAnswer.select()
            .where(SecurityAnswer.user == user)
            .order_by(SecurityAnswer.position)
        ] == [q for q, _ in PAIRS]
        # Stored as argon2 hashes, never as typed (a search for "Rex" in a random hash could
        # find it by chance).
        assert all(a.answer_hash.startswith("$argon2id$") for a in SecurityAnswer.select())
        token_row = AccountToken.get(AccountToken.user == user)
        assert token_row.purpose == "email_verification"
        assert token_row.expires_at - utcnow() > timedelta(hours=23)
        mail = latest_mail()
        assert mail.to_address == "carla@example.org"
        token = link_token(mail)
        # Only the hash of the emailed token is stored.
        assert token_row.token_hash == recovery.hash_token(token) != token
        actions = {e.action for e in AuditEvent.select()}
        assert {"user.created", "consumer.created", "consumer_account.created"} <= actions
        assert not any(token in (e.detail or "") for e in AuditEvent.select())


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"password": "short pass 14c"}, "password"),
        ({"password": "password123456789"}, "password"),
        (
            {"pairs": [(QUESTIONS[0], "Rex"), (QUESTIONS[0], "Sam"), (QUESTIONS[2], "Elm")]},
            "question_2",
        ),
        ({"pairs": [(QUESTIONS[0], "Rex"), (QUESTIONS[1], ""), (QUESTIONS[2], "Elm")]}, "answer_2"),
    ],
)
def test_bad_input_writes_nothing(app, kwargs, field):
    with app.app_context():
        with pytest.raises(DomainError) as error:
            sign_up(**kwargs)
        assert error.value.field == field
        assert User.select().count() == 0
        assert Consumer.select().count() == 0
        assert SecurityAnswer.select().count() == 0
        assert AccountToken.select().count() == 0
        assert OutgoingMail.select().count() == 0


def test_duplicate_username_and_email_are_refused(app, factories):
    with app.app_context():
        sign_up()
        with pytest.raises(DomainError) as error:
            sign_up(email="other@example.org")
        assert error.value.field == "username"
        with pytest.raises(DomainError) as error:
            sign_up(username="someone-else", email="CARLA@example.org")
        assert error.value.field == "email"
        # The message does not say whose account it is, or anything about it.
        assert "carla" not in error.value.message.lower()
        assert User.select().count() == 1 and OutgoingMail.select().count() == 1


def test_verify_email_once_only(app):
    with app.app_context():
        user = sign_up()
        token = link_token(latest_mail())
        verified = consumer_accounts.verify_email(SYSTEM, token)
        assert verified.id == user.id
        assert User.get_by_id(user.id).email_verified_at is not None
        with pytest.raises(DomainError, match="already been used"):
            consumer_accounts.verify_email(SYSTEM, token)
        with pytest.raises(DomainError, match="not valid"):
            consumer_accounts.verify_email(SYSTEM, "no-such-token")
        assert AuditEvent.select().where(AuditEvent.action == "email.verified").count() == 1


def test_expired_verification_link(app):
    with app.app_context():
        user = sign_up()
        token = link_token(latest_mail())
        AccountToken.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
        with pytest.raises(DomainError, match="expired"):
            consumer_accounts.verify_email(SYSTEM, token)
        assert User.get_by_id(user.id).email_verified_at is None


def test_resend_replaces_the_link_and_ignores_unknown_or_verified(app, factories):
    with app.app_context():
        user = sign_up()
        old = link_token(latest_mail())
        consumer_accounts.resend_verification(SYSTEM, "Carla@Example.org")
        new = link_token(latest_mail())
        assert new != old
        with pytest.raises(DomainError, match="expired"):
            consumer_accounts.verify_email(SYSTEM, old)
        consumer_accounts.verify_email(SYSTEM, new)
        assert User.get_by_id(user.id).email_verified_at is not None
        count = OutgoingMail.select().count()
        consumer_accounts.resend_verification(SYSTEM, "carla@example.org")
        consumer_accounts.resend_verification(SYSTEM, "nobody@example.org")
        assert OutgoingMail.select().count() == count


def test_consumer_record_without_account_is_linked_once_verified(app, factories):
    with app.app_context():
        record = factories.consumer(with_account=False, email="walkin@example.org")
        user = sign_up(username="walkin", email="walkin@example.org")
        assert Consumer.get_by_id(record.id).user_id is None
        consumer_accounts.verify_email(SYSTEM, link_token(latest_mail()))
        assert Consumer.get_by_id(record.id).user_id == user.id
        assert Consumer.select().count() == 1
