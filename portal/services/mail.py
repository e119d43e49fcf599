"""Outgoing mail: every message is stored first, then delivered by SMTP, so none is ever lost.

`send()` writes an `OutgoingMail` row inside the caller's transaction. When `MAIL_URL` is set
(`smtp://host:port`, `smtp://user:password@host:port`, `smtps://…` or `smtp://…?starttls=1`) the
rows written during a request (or CLI command) are delivered when its app context ends, that is
after the caller's transaction has committed: a rolled-back message no longer exists and is never
sent. Without `MAIL_URL` the row simply stays in the outbox, which the development mailbox shows.

A failed delivery never raises into the user's request: the row keeps `attempts` and
`last_error`, and `deliver_pending()` (`flask --app wsgi mail deliver`, run from cron) retries it.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app, g, render_template

from db import database, utcnow
from db.mail import OutgoingMail
from portal import languages

log = logging.getLogger(__name__)

# After this many failed attempts a message is left for a person to look at (it stays stored).
MAX_ATTEMPTS = 10
SMTP_TIMEOUT_SECONDS = 10
SUBJECT_PREFIX = "Subject:"
SUBJECT_MAX = OutgoingMail.subject.max_length
ERROR_MAX = OutgoingMail.last_error.max_length


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


def send(kind, to_address, template, language=languages.DEFAULT, **context):
    """Store one message rendered from `templates/mail/<template>.txt` in `language` (a
    consumer's own, `languages.of_user`; English for everyone else) and return its row.

    The template's first line is `Subject: …`, then a blank line, then the body; its context
    always has `public_url`. The message is delivered after the current app context ends (when
    MAIL_URL is set), and only if the transaction that stored it has committed.
    """
    with languages.writing_in(language):
        subject, body = render(template, **context)
    with database.atomic():
        message = OutgoingMail.create(kind=kind, to_address=to_address, subject=subject, body=body)
    if current_app.config.get("MAIL_URL"):
        g.setdefault("pending_mail_ids", []).append(message.id)
    return message


def render(template, **context):
    """Render a mail template into (subject, body)."""
    context.setdefault("public_url", current_app.config["PUBLIC_URL"].rstrip("/"))
    text = render_template(f"mail/{template}.txt", **context)
    first_line, _, rest = text.lstrip("\n").partition("\n")
    if not first_line.startswith(SUBJECT_PREFIX):
        raise ValueError(f"mail/{template}.txt must start with a 'Subject:' line")
    # A header is one line: a newline from the context must not start another header.
    subject = " ".join(first_line[len(SUBJECT_PREFIX) :].split())[:SUBJECT_MAX]
    return subject, rest.strip("\n") + "\n"


def init_app(app):
    """Deliver the messages a request or command stored, once its app context ends."""
    app.teardown_appcontext(_deliver_after_context)


def _deliver_after_context(_exc):
    ids = g.pop("pending_mail_ids", None)
    if not ids or not current_app.config.get("MAIL_URL"):
        return
    try:
        with _connected():
            if database.in_transaction():
                # Still inside someone's transaction: not known to be committed. Left for the
                # next `mail deliver` run rather than risk sending a message that is rolled back.
                return
            for message in OutgoingMail.select().where(OutgoingMail.id.in_(sorted(set(ids)))):
                _deliver(message)
    except Exception:
        # The user's request has already succeeded; the rows stay for `mail deliver`.
        log.exception("Outgoing mail could not be delivered now; it stays in the outbox.")


def deliver_pending(limit=100, max_attempts=MAX_ATTEMPTS):
    """Send every unsent message (oldest first) tried fewer than `max_attempts` times.

    Returns a `DeliveryReport` of how many were sent and how many failed again. Without
    MAIL_URL nothing is sent (the messages stay in the outbox).
    """
    if not current_app.config.get("MAIL_URL"):
        return DeliveryReport(sent=0, failed=0)
    sent = failed = 0
    with _connected():
        pending = (
            OutgoingMail.select()
            .where(OutgoingMail.sent_at.is_null(), OutgoingMail.attempts < max_attempts)
            .order_by(OutgoingMail.created_at, OutgoingMail.id)
            .limit(limit)
        )
        for message in list(pending):
            result = _deliver(message)
            if result is True:
                sent += 1
            elif result is False:
                failed += 1
    return DeliveryReport(sent=sent, failed=failed)


def pending_count():
    """How many messages are stored but not yet sent."""
    with _connected():
        return OutgoingMail.select().where(OutgoingMail.sent_at.is_null()).count()


def _deliver(message):
    """Try one message. True when sent, False when it failed, None when another worker has it."""
    if message.sent_at is not None:
        return None
    # Claim this attempt: of two workers retrying the same row, only one sends it.
    claimed = (
        OutgoingMail.update(attempts=OutgoingMail.attempts + 1)
        .where(
            OutgoingMail.id == message.id,
            OutgoingMail.attempts == message.attempts,
            OutgoingMail.sent_at.is_null(),
        )
        .execute()
    )
    if not claimed:
        return None
    message.attempts += 1
    settings = None
    try:
        settings = _smtp_settings(current_app.config["MAIL_URL"])
        _smtp_send(settings, _email_message(message, current_app.config["MAIL_FROM"]))
    except Exception as exc:  # any failure is recorded and retried, never raised
        error = _describe(exc, settings)
        OutgoingMail.update(last_error=error).where(OutgoingMail.id == message.id).execute()
        message.last_error = error
        log.warning(
            "Outgoing mail %s not delivered (attempt %s): %s", message.id, message.attempts, error
        )
        return False
    message.sent_at = utcnow()
    message.last_error = None
    OutgoingMail.update(sent_at=message.sent_at, last_error=None).where(
        OutgoingMail.id == message.id
    ).execute()
    return True


def _email_message(message, sender):
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    email["Message-ID"] = make_msgid(idstring=f"outgoing-{message.id}", domain=domain)
    email.set_content(message.body)
    return email


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    ssl: bool
    starttls: bool
    username: str | None
    password: str | None


def _smtp_settings(url):
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("MAIL_URL must look like smtp://host:port or smtps://host:port")
    query = parse_qs(parts.query)
    use_ssl = parts.scheme == "smtps"
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if use_ssl else 25),
        ssl=use_ssl,
        starttls=query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes"),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def _smtp_send(settings, email):
    if settings.ssl:
        connection = smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=SMTP_TIMEOUT_SECONDS,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
    with connection:
        if settings.starttls:
            connection.starttls(context=ssl.create_default_context())
        if settings.username:
            connection.login(settings.username, settings.password or "")
        connection.send_message(email)


def _describe(exc, settings):
    """The error for `last_error`: what went wrong, never the SMTP password."""
    text = f"{type(exc).__name__}: {exc}"
    if settings is not None and settings.password:
        text = text.replace(settings.password, "***")
    return text[:ERROR_MAX]


class _connected:
    """Use the open connection, or open one for the duration and close it again."""

    def __enter__(self):
        self.opened = database.is_closed()
        if self.opened:
            database.connect()

    def __exit__(self, *_exc):
        if self.opened and not database.is_closed():
            database.close()
