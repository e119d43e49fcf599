"""An assister invites a client without an account to make their own (S6.4)."""

from datetime import timedelta

import pytest

from db import utcnow
from db.audit import AuditEvent
from db.consumers import Consumer
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import consumer_accounts, security_questions

PAIRS = list(zip(security_questions.QUESTIONS[:3], ["Rex", "Sam", "Elm"], strict=True))
PASSWORD = "violet lantern harbor nineteen"


@pytest.fixture
def association(factories):
    consumer = factories.consumer(with_account=False, first_name="Ana", last_name="Lopez")
    return factories.association(for_consumer=consumer)


def invite(app, factories, association, email):
    with app.app_context():
        return consumer_accounts.invite_to_claim(
            factories.actor(association.assister.user), association.consumer, email
        )


def claim_mails():
    return list(OutgoingMail.select().where(OutgoingMail.kind == "claim_account"))


def test_the_invitation_arrives_by_smtp_and_sign_up_claims_the_record(
    mail_app, smtp_server, factories, association
):
    invitation = invite(mail_app, factories, association, " ana@example.net ")
    assert invitation.email == "ana@example.net"
    (message,) = [m for m in smtp_server.messages if m["To"] == "ana@example.net"]
    assert message["Subject"] == "Create your Assister Portal account"
    assert "/create-account" in message.get_content() and "Ana Lopez" in message.get_content()
    consumer = Consumer.get_by_id(association.consumer_id)
    assert consumer.email == "ana@example.net" and consumer.user_id is None
    (event,) = AuditEvent.select().where(AuditEvent.action == "consumer_account.invited")
    assert event.on_behalf_of_id == consumer.id and event.actor_id == association.assister.user_id
    # The consumer signs up with that address and confirms it: the record becomes theirs.
    with mail_app.app_context():
        user = consumer_accounts.sign_up(
            factories.actor(None), "Ana", "Lopez", "ana@example.net", "ana.l", PASSWORD, PAIRS
        )
        body = OutgoingMail.get(OutgoingMail.kind == "verify_email").body
        token = body.split("/verify-email/")[1].split()[0]
        consumer_accounts.verify_email(factories.actor(None), token)
    assert Consumer.get_by_id(consumer.id).user_id == user.id
    assert Consumer.select().count() == 1


def test_a_second_request_within_minutes_sends_nothing_more(app, factories, association):
    first = invite(app, factories, association, "ana@example.net")
    again = invite(app, factories, association, "ana@example.net")
    assert again == first and len(claim_mails()) == 1


def test_an_invitation_minutes_ago_does_not_hold_a_new_one_back(app, factories, association):
    AuditEvent.insert(
        at=utcnow() - consumer_accounts.INVITATION_INTERVAL - timedelta(seconds=1),
        actor_role="assister",
        on_behalf_of=association.consumer,
        action="consumer_account.invited",
        detail="old@example.net",
    ).execute()
    assert invite(app, factories, association, "ana@example.net").email == "ana@example.net"
    assert len(claim_mails()) == 1


def test_refused_when_an_account_uses_the_address(app, factories, association):
    other = factories.consumer(with_account=True)
    with pytest.raises(DomainError) as refused:
        invite(app, factories, association, other.email.upper())
    assert refused.value.message == "An account already uses this email address."
    assert refused.value.field == "email"
    assert claim_mails() == []
    assert Consumer.get_by_id(association.consumer_id).email == association.consumer.email
    assert not AuditEvent.select().where(AuditEvent.action == "consumer_account.invited").exists()


def test_refused_when_another_record_uses_the_address(app, factories, association):
    other = factories.consumer(with_account=False)
    with pytest.raises(DomainError) as refused:
        invite(app, factories, association, other.email)
    assert refused.value.field == "email" and claim_mails() == []


def test_refused_when_the_consumer_has_an_account(app, factories):
    association = factories.association()
    with pytest.raises(DomainError) as refused:
        invite(app, factories, association, "new@example.net")
    assert "already has an account" in refused.value.message and claim_mails() == []


def test_a_client_whose_record_prefers_spanish_is_invited_in_spanish(app, factories):
    consumer = factories.consumer(
        with_account=False, first_name="Ana", last_name="Lopez", preferred_language="Spanish"
    )
    association = factories.association(for_consumer=consumer)
    invite(app, factories, association, "ana@example.net")
    (mail,) = claim_mails()
    assert mail.subject == "Cree su cuenta del Portal de Asistentes"
    assert "Su asistente nos pidió que le enviáramos este mensaje" in mail.body
    # The link opens Create an account in Spanish too.
    assert "/create-account?email=ana%40example.net&lang=es" in mail.body
