"""Outgoing mail: stored first, sent through a real SMTP server, retried, never lost."""

from datetime import timedelta
from pathlib import Path

import pytest
from flask import abort
from jinja2 import ChoiceLoader, FileSystemLoader

from db import database, utcnow
from db.mail import OutgoingMail
from portal.services import mail
from tests.mail_server import free_port

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def with_test_templates(app):
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(TEST_TEMPLATES)])
    return app


@pytest.fixture
def smtp_app(mail_app):
    return with_test_templates(mail_app)


@pytest.fixture
def outbox_app(app):
    return with_test_templates(app)


def send_notice(to="ana@example.test", name="Ana"):
    return mail.send("test_notice", to, "test_notice", name=name, token="tok123")


def test_a_message_arrives_through_smtp_after_the_context_ends(smtp_app, smtp_server):
    with smtp_app.app_context():
        stored = send_notice()
        assert smtp_server.messages == []  # not before the caller is done
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["Subject"] == "Hello Ana"
    assert received["To"] == "ana@example.test"
    assert received["From"] == smtp_app.config["MAIL_FROM"]
    body = received.get_content()
    assert body.startswith("Dear Ana,")
    assert "http://127.0.0.1:5000/activate?token=tok123" in body
    assert smtp_server.envelopes[0][1] == ["ana@example.test"]
    row = OutgoingMail.get_by_id(stored.id)
    assert row.sent_at is not None and row.attempts == 1 and row.last_error is None
    assert (row.kind, row.subject) == ("test_notice", "Hello Ana")


def test_without_mail_url_the_message_is_kept_in_the_outbox(outbox_app, smtp_server):
    assert outbox_app.config["MAIL_URL"] == ""
    with outbox_app.app_context():
        stored = send_notice()
        assert mail.deliver_pending() == mail.DeliveryReport(sent=0, failed=0)
    row = OutgoingMail.get_by_id(stored.id)
    assert row.sent_at is None and row.attempts == 0
    assert row.body == "Dear Ana,\n\nOpen http://127.0.0.1:5000/activate?token=tok123 to go on.\n"
    assert smtp_server.messages == []


def test_server_down_keeps_the_message_and_a_later_run_delivers_it(smtp_app, smtp_server):
    smtp_app.config["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"
    with smtp_app.app_context():
        stored = send_notice()
    row = OutgoingMail.get_by_id(stored.id)
    assert row.sent_at is None and row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()

    smtp_app.config["MAIL_URL"] = smtp_server.url
    with smtp_app.app_context():
        assert mail.deliver_pending() == mail.DeliveryReport(sent=1, failed=0)
        assert mail.deliver_pending() == mail.DeliveryReport(sent=0, failed=0)
    row = OutgoingMail.get_by_id(stored.id)
    assert row.sent_at is not None and row.attempts == 2 and row.last_error is None
    assert [m["Subject"] for m in smtp_server.messages] == ["Hello Ana"]


def test_a_rolled_back_transaction_sends_nothing(smtp_app, smtp_server):
    with smtp_app.app_context():
        with pytest.raises(RuntimeError), database.atomic():
            send_notice()
            raise RuntimeError("the caller's rule said no")
    assert smtp_server.messages == []
    assert OutgoingMail.select().count() == 0


def test_during_a_request_mail_is_sent_after_commit_and_never_on_rollback(smtp_app, smtp_server):
    def sends():
        with database.atomic():
            send_notice(name="Committed")
        return "ok"

    def fails():
        with database.atomic():
            send_notice(name="Rolled back")
            abort(422)

    smtp_app.add_url_rule("/test-mail/sends", "test_sends", sends)
    smtp_app.add_url_rule("/test-mail/fails", "test_fails", fails)
    client = smtp_app.test_client()
    assert client.get("/test-mail/sends").status_code == 200
    assert client.get("/test-mail/fails").status_code == 422
    assert [m["Subject"] for m in smtp_server.messages] == ["Hello Committed"]
    assert [m.subject for m in OutgoingMail.select()] == ["Hello Committed"]


def test_a_delivery_failure_never_breaks_the_request(smtp_app, smtp_server):
    smtp_app.config["MAIL_URL"] = f"smtp://mailer:s3cret-pass@127.0.0.1:{free_port()}"

    def sends():
        send_notice()
        return "still fine"

    smtp_app.add_url_rule("/test-mail/sends", "test_sends", sends)
    response = smtp_app.test_client().get("/test-mail/sends")
    assert response.status_code == 200 and response.get_data(as_text=True) == "still fine"
    row = OutgoingMail.get()
    assert row.attempts == 1 and row.sent_at is None
    assert row.last_error and "s3cret-pass" not in row.last_error


def test_pending_mail_goes_oldest_first_and_gives_up_after_the_maximum(smtp_app, smtp_server):
    now = utcnow()
    newer = OutgoingMail.create(
        kind="k", to_address="b@example.test", subject="Newer", body="b\n", created_at=now
    )
    OutgoingMail.create(
        kind="k",
        to_address="a@example.test",
        subject="Older",
        body="a\n",
        created_at=now - timedelta(minutes=5),
    )
    given_up = OutgoingMail.create(
        kind="k",
        to_address="c@example.test",
        subject="Given up",
        body="c\n",
        created_at=now - timedelta(minutes=9),
        attempts=mail.MAX_ATTEMPTS,
    )
    with smtp_app.app_context():
        assert mail.deliver_pending(limit=1) == mail.DeliveryReport(sent=1, failed=0)
        assert [m["Subject"] for m in smtp_server.messages] == ["Older"]
        assert mail.deliver_pending() == mail.DeliveryReport(sent=1, failed=0)
    assert [m["Subject"] for m in smtp_server.messages] == ["Older", "Newer"]
    assert OutgoingMail.get_by_id(newer.id).sent_at is not None
    assert OutgoingMail.get_by_id(given_up.id).sent_at is None


def test_two_workers_never_send_the_same_attempt(smtp_app, smtp_server):
    row = OutgoingMail.create(kind="k", to_address="a@example.test", subject="S", body="b\n")
    stale = OutgoingMail.get_by_id(row.id)
    OutgoingMail.update(attempts=1).where(OutgoingMail.id == row.id).execute()
    with smtp_app.app_context():
        assert mail._deliver(stale) is None
    assert smtp_server.messages == []


def test_a_newline_in_the_context_cannot_add_a_header(smtp_app, smtp_server):
    with smtp_app.app_context():
        send_notice(name="Ana\nBcc: victim@example.test")
    received = smtp_server.messages[0]
    assert received["Subject"] == "Hello Ana"
    assert received["Bcc"] is None
    assert smtp_server.envelopes[0][1] == ["ana@example.test"]


def test_a_template_without_a_subject_line_is_refused(outbox_app, tmp_path):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "no_subject.txt").write_text("Hello\n\nbody\n")
    outbox_app.jinja_env.loader = ChoiceLoader(
        [outbox_app.jinja_env.loader, FileSystemLoader(tmp_path)]
    )
    with outbox_app.app_context(), pytest.raises(ValueError, match="Subject"):
        mail.send("k", "a@example.test", "no_subject")
    assert OutgoingMail.select().count() == 0


def test_cli_delivers_everything_pending(smtp_app, smtp_server):
    runner = smtp_app.test_cli_runner()
    smtp_app.config["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"
    with smtp_app.app_context():
        send_notice(to="one@example.test")
        send_notice(to="two@example.test")
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 1
    assert "Sent 0 message(s); 2 failed" in result.output

    smtp_app.config["MAIL_URL"] = smtp_server.url
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 message(s); 0 failed" in result.output
    assert sorted(m["To"] for m in smtp_server.messages) == ["one@example.test", "two@example.test"]
    assert OutgoingMail.select().where(OutgoingMail.sent_at.is_null()).count() == 0


def test_cli_without_mail_url_says_the_mail_is_kept(outbox_app):
    with outbox_app.app_context():
        send_notice()
    result = outbox_app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 0
    assert "MAIL_URL is not set: 1 message(s) kept in the outbox" in result.output
    assert OutgoingMail.get().sent_at is None


def test_mail_url_forms():
    plain = mail._smtp_settings("smtp://relay.example.test:2525")
    assert (plain.host, plain.port, plain.ssl, plain.starttls, plain.username) == (
        "relay.example.test",
        2525,
        False,
        False,
        None,
    )
    secure = mail._smtp_settings("smtps://user%40x:p%3Ass@relay.example.test")
    assert (secure.port, secure.ssl, secure.username, secure.password) == (
        465,
        True,
        "user@x",
        "p:ss",
    )
    assert mail._smtp_settings("smtp://relay.example.test?starttls=1").starttls is True
    with pytest.raises(ValueError, match="MAIL_URL"):
        mail._smtp_settings("http://relay.example.test")
