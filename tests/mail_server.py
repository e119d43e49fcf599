"""A real SMTP server in the test process (aiosmtpd), and an app that sends its mail there.

Registered from tests/conftest.py (`pytest_plugins`). Use `smtp_server` for the server
(`.url`, `.messages`) and `mail_app` for an app created with `MAIL_URL` pointing at it.
"""

import email
import email.policy
import socket
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller

from db import database


def free_port():
    """A port nothing listens on (also what a "server down" test connects to)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the server received: parsed `EmailMessage`s plus the SMTP envelope of each."""

    def __init__(self):
        self.messages = []
        self.envelopes = []
        self.url = ""

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@contextmanager
def running_mailbox():
    """A `Mailbox` behind an SMTP server on a free port (`.url`), stopped at the end."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.url = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    with running_mailbox() as mailbox:
        yield mailbox


@pytest.fixture
def mail_app(test_database_url, smtp_server, compiled_templates):
    """The app, as the `app` fixture builds it, but sending its mail to `smtp_server`."""
    from portal.app import create_app
    from tests.conftest import ENVIRON

    app = create_app(
        {"DATABASE_URL": test_database_url, "MAIL_URL": smtp_server.url}, environ=ENVIRON
    )
    app.jinja_env.bytecode_cache = compiled_templates
    yield app
    if not database.is_closed():
        database.close()
