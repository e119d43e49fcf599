"""The development mailbox: every stored message, with clickable links; never in production."""

from datetime import timedelta

from db import database, utcnow
from db.mail import OutgoingMail
from portal.app import create_app


def stored(subject, body="Hello.\n", minutes_ago=0, **fields):
    return OutgoingMail.create(
        kind=fields.pop("kind", "account_activation"),
        to_address=fields.pop("to_address", "ana@example.test"),
        subject=subject,
        body=body,
        created_at=utcnow() - timedelta(minutes=minutes_ago),
        **fields,
    )


def test_the_mailbox_lists_messages_newest_first(client, app):
    stored("Older message", minutes_ago=10, to_address="old@example.test")
    newer = stored("Activate your account", to_address="new@example.test")
    stored("Delivered one", minutes_ago=5, sent_at=utcnow(), attempts=1)
    response = client.get("/dev/mailbox")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Development mailbox</h1>" in page and '<caption id="mailbox-caption">' in page
    assert '<th scope="col">Subject</th>' in page
    assert page.index("Activate your account") < page.index("Delivered one")
    assert page.index("Delivered one") < page.index("Older message")
    assert "new@example.test" in page and "account activation" in page
    assert f'href="/dev/mailbox/{newer.id}"' in page
    assert "Kept" in page and "Sent " in page
    assert "MAIL_URL is not set" in page


def test_an_empty_mailbox_says_so(client):
    page = client.get("/dev/mailbox").get_data(as_text=True)
    assert "No email has been written yet." in page


def test_a_message_shows_its_body_with_clickable_links(client):
    message = stored(
        "Activate your account",
        body=(
            "Dear Ana,\n\nOpen http://127.0.0.1:5000/activate?token=abc&x=1.\n"
            "Second line.\n\nThe Marketplace\n"
        ),
    )
    response = client.get(f"/dev/mailbox/{message.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Activate your account</h1>" in page
    assert "ana@example.test" in page
    link = "http://127.0.0.1:5000/activate?token=abc&amp;x=1"
    assert f'<a class="usa-link" href="{link}">{link}</a>.<br>' in page
    assert "<p>Dear Ana,</p>" in page and "<p>The Marketplace</p>" in page


def test_html_in_a_body_is_escaped(client):
    message = stored(
        "<b>Bold</b> subject",
        body='Hi <script>alert(1)</script> see https://example.test/"><img src=x>\n',
    )
    page = client.get(f"/dev/mailbox/{message.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a class="usa-link" href="https://example.test/">https://example.test/</a>' in page
    assert "&lt;b&gt;Bold&lt;/b&gt; subject" in page
    listing = client.get("/dev/mailbox").get_data(as_text=True)
    assert "<b>Bold</b>" not in listing


def test_a_missing_message_is_404(client):
    assert client.get("/dev/mailbox/999999").status_code == 404


def test_the_footer_links_to_the_mailbox_outside_production(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/dev/mailbox">Dev mailbox</a>' in page


def test_no_mailbox_in_production(test_database_url):
    app = create_app(
        {"DATABASE_URL": test_database_url},
        environ={"PORTAL_ENV": "production", "SECRET_KEY": "x" * 64},
    )
    client = app.test_client()
    assert client.get("/dev/mailbox").status_code == 404
    assert "Dev mailbox" not in client.get("/").get_data(as_text=True)
    if not database.is_closed():
        database.close()
