"""The demo's people signing in to the cluster, a scripted client or a browser, MFA included: the
one-time code is read from the SMTP server the hosts send their mail to."""

import re
from dataclasses import dataclass

from portal import demo
from tests.browser.conftest import sign_in_with_mfa
from tests.deploy.traffic import wait_for

CODE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Person:
    username: str
    email: str
    full_name: str
    home: str  # where signing in lands
    holder: str  # as the other side reads who is editing (portal/services/editing.py)


# The demo consumer and her navigator (portal/demo): she has a draft application, left at Income.
CONSUMER = Person(
    "consumer", "consumer@consumers.example", "Olivia Her", "/consumer/",
    "Olivia Her (the consumer)",
)
NAVIGATOR = Person(
    "navigator", "navigator@assister-portal.test", "Nora Vang", "/assister/",
    "Nora Vang (assister)",
)


def one_time_code(mailbox, person, after):
    """The code in the first One Time Password mail to `person` after the first `after` mails."""

    def newest():
        for message in mailbox.messages[after:]:
            if message["To"] == person.email and message["Subject"] == "One Time Password":
                return CODE.search(message.get_body(("plain",)).get_content()).group(1)
        return None

    return wait_for(newest, f"a one-time code mailed to {person.email}")


def sign_in(client, person, mailbox):
    """Password, then (for those who need it) MFA by emailed code, registering it the first
    time; returns the home page's response."""
    response = client.submit("/sign-in", {"username": person.username, "password": demo.PASSWORD})
    assert response.status == 302, response.text[:500]
    sent = len(mailbox.messages)
    if response.location == "/sign-in/mfa/register":
        registered = client.submit(
            "/sign-in/mfa/register", {"email": person.email, "agree": "y"}
        )
        assert "Registration Successful" in registered.text
    elif response.location == "/sign-in/mfa":
        assert client.submit("/sign-in/mfa", {"mode": "email"}).status == 302
    if response.location.startswith("/sign-in/mfa"):
        code = one_time_code(mailbox, person, sent)
        response = client.submit("/sign-in/mfa/code", {"code": code})
        assert response.status == 302, response.text[:500]
    home = client.follow(response)
    assert home.status == 200 and home.path == person.home
    return home


def sign_in_browser(page, base_url, person, mailbox):
    """The same through the screens, in a browser."""
    sent = len(mailbox.messages)
    sign_in_with_mfa(
        page, base_url, person, demo.PASSWORD, lands_on=person.home,
        code=lambda: one_time_code(mailbox, person, sent),
    )
