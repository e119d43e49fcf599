"""Every kind of mail the accounts flows send, through a real SMTP server in this process."""

import re

from portal.services import consumer_accounts, mfa, recovery, registration, security_questions

ANSWERS = ["Duluth", "Rex", "Blue"]
PAIRS = list(zip(security_questions.QUESTIONS[:3], ANSWERS, strict=True))


def _received(smtp_server, subject):
    matches = [m for m in smtp_server.messages if m["Subject"] == subject]
    assert matches, f"no message {subject!r} among {[m['Subject'] for m in smtp_server.messages]}"
    return matches[-1]


def _link(message, path):
    return re.search(rf"{path}/(\S+)", message.get_content()).group(1)


def test_each_account_mail_kind_arrives_by_smtp(mail_app, smtp_server, factories):
    system = factories.actor(None)

    with mail_app.app_context():
        staff = factories.staff()
        mfa.register(factories.actor(staff), staff, staff.email, agreed=True)
        mfa.send_code(factories.actor(staff), staff)
    code_mail = _received(smtp_server, "One Time Password")
    assert code_mail["To"] == staff.email and re.search(r"\b\d{6}\b", code_mail.get_content())

    assister = factories.assister("broker")
    with mail_app.app_context():
        registration.send_activation(factories.actor(staff), assister)
    activation = _received(smtp_server, "Action required: Activate your Assister Portal account")
    body = activation.get_content()
    number = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b", body).group(1)
    assert body.index(assister.reference_number[:3]) < body.index(number)
    assert assister.phone in body and "/register" in body

    with mail_app.app_context():
        registration.activate(
            system, number, assister.email, "grace.l", "a fine long passphrase 26", PAIRS
        )
    created = _received(smtp_server, "Successful User Creation")
    assert "grace.l" in created.get_content() and "passphrase" not in created.get_content()

    with mail_app.app_context():
        user = consumer_accounts.sign_up(
            system,
            "Olivia",
            "Olson",
            "olivia@example.org",
            "olivia",
            "a consumer passphrase 26",
            PAIRS,
        )
    verify = [m for m in smtp_server.messages if m["To"] == "olivia@example.org"][-1]
    assert "/verify-email/" in verify.get_content()

    with mail_app.app_context():
        recovery.start_password_reset(system, "olivia", ANSWERS)
    reset = [m for m in smtp_server.messages if m["To"] == user.email][-1]
    token = _link(reset, "/reset-password")
    with mail_app.app_context():
        recovery.reset_password(system, token, "another long passphrase 26")
    changed = [m for m in smtp_server.messages if m["To"] == user.email][-1]
    assert changed["Subject"] != reset["Subject"]

    with mail_app.app_context():
        recovery.remind_username(system, "olivia@example.org", ANSWERS)
    reminder = [m for m in smtp_server.messages if m["To"] == user.email][-1]
    assert "olivia" in reminder.get_content()

    subjects = {m["Subject"] for m in smtp_server.messages}
    assert len(subjects) == 7, subjects
    assert all(m["From"] for m in smtp_server.messages)


def test_association_mail_kinds_arrive_by_smtp(mail_app, smtp_server, factories):
    from datetime import timedelta

    from db import utcnow
    from db.associations import Association
    from portal.services import associations

    consumer = factories.consumer()
    assister = factories.assister("navigator")
    with mail_app.app_context():
        association = associations.associate(factories.actor(consumer.user), consumer, assister)
    soon = utcnow().date() + timedelta(days=5)
    Association.update(expires_on=soon).where(Association.id == association.id).execute()
    runner = mail_app.test_cli_runner()
    assert "for 1 association" in runner.invoke(args=["associations", "notify-expiring"]).output
    with mail_app.app_context():
        associations.end_association(factories.actor(consumer.user), association, "Moved away")
    received = {(m["To"], m["Subject"]) for m in smtp_server.messages}
    assert (consumer.email, "You authorized an assister to help you") in received
    assert (consumer.email, "Your authorization for your assister ends soon") in received
    assert (assister.email, "A client's authorization ends soon") in received
    assert (consumer.email, "Your assister can no longer act for you") in received
    assert (assister.email, "A client's authorization has ended") in received
    ended = next(
        m for m in smtp_server.messages if m["Subject"] == "A client's authorization has ended"
    )
    assert "Moved away" in ended.get_content()
