"""Create an account for this client (S6.4), from Client Details through the test client."""

import re

import pytest

from db.audit import AuditEvent
from db.consumers import Consumer
from db.mail import OutgoingMail
from portal.services import activity
from tests.conftest import csrf_token_from
from tests.views.test_accounts import PASSWORD, SIGN_UP


@pytest.fixture
def assister(factories, sign_in):
    assister = factories.assister("navigator", with_account=True)
    sign_in(assister.user)
    return assister


@pytest.fixture
def consumer(factories, assister, post_form):
    consumer = factories.consumer(with_account=False, first_name="Ana", last_name="Lopez")
    factories.association(for_consumer=consumer, for_assister=assister)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    return consumer


def url(consumer):
    return f"/assister/clients/{consumer.id}/create-account"


def text(response):
    return response.get_data(as_text=True)


def claim_mails():
    return list(OutgoingMail.select().where(OutgoingMail.kind == "claim_account"))


def test_client_details_offers_it_without_an_account(client, consumer):
    assert url(consumer) in text(client.get(f"/assister/clients/{consumer.id}"))
    page = client.get(url(consumer))
    # The name and the address on record; opening the page changes nothing.
    assert page.status_code == 200 and "Ana Lopez" in text(page)
    assert f'value="{consumer.email}"' in text(page)
    assert claim_mails() == [] and Consumer.get_by_id(consumer.id).user_id is None
    (read,) = AuditEvent.select().where(
        AuditEvent.action == "client.viewed", AuditEvent.detail == "email address"
    )
    assert read.on_behalf_of_id == consumer.id


def test_sent_then_claimed_by_the_consumer(app, client, post_form, assister, consumer):
    response = post_form(url(consumer), {"email": "carla@example.org"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/assister/clients/{consumer.id}"
    assert "The email was sent to carla@example.org." in text(client.get(response.location))
    (mail,) = claim_mails()
    assert mail.to_address == "carla@example.org" and "/create-account" in mail.body
    assert AuditEvent.select().where(AuditEvent.action == "consumer_account.invited").count() == 1
    # A double click: the first result again, nothing more sent.
    again = post_form(url(consumer), {"email": "carla@example.org"})
    assert again.status_code == 302
    assert "The email was sent to carla@example.org." in text(client.get(again.location))
    assert len(claim_mails()) == 1
    # The consumer, in a browser of their own, follows the link: their own username, password
    # and answers, and once the address is confirmed this record (and its assister) is theirs.
    browser = app.test_client()

    def post(path, data):
        token = csrf_token_from(text(browser.get(path)))
        return browser.post(path, data={"csrf_token": token, **data})

    assert post("/create-account", SIGN_UP).status_code == 302
    assert Consumer.get_by_id(consumer.id).user_id is None
    body = OutgoingMail.get(OutgoingMail.kind == "verify_email").body
    assert post(re.search(r"http\S*(/verify-email/\S+)", body).group(1), {}).status_code == 302
    assert Consumer.get_by_id(consumer.id).user.username == SIGN_UP["username"]
    signed_in = post("/sign-in", {"username": SIGN_UP["username"], "password": PASSWORD})
    assert signed_in.status_code == 302
    home = text(browser.get(signed_in.location))
    assert "Welcome, Ana" in home and assister.full_name in home


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your client&#39;s email address."),
        ("not-an-address", "Enter an email address like name@example.com."),
    ],
)
def test_bad_address_is_named_and_kept(post_form, consumer, email, message):
    response = post_form(url(consumer), {"email": email})
    assert response.status_code == 422 and message in text(response)
    assert f'value="{email}"' in text(response) and claim_mails() == []


def test_an_address_with_an_account_is_refused_without_saying_whose(factories, post_form, consumer):
    other = factories.consumer(with_account=True, first_name="Zed")
    response = post_form(url(consumer), {"email": other.email})
    assert response.status_code == 422
    page = text(response)
    assert "An account already uses this email address." in page and "Zed" not in page
    assert claim_mails() == [] and Consumer.get_by_id(consumer.id).email == consumer.email


def test_a_consumer_with_an_account_is_refused(client, factories, assister, post_form):
    consumer = factories.consumer(with_account=True)
    factories.association(for_consumer=consumer, for_assister=assister)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    assert url(consumer) not in text(client.get(f"/assister/clients/{consumer.id}"))
    response = post_form(url(consumer), {"email": "new@example.net"})
    assert response.status_code == 422 and "already has an account" in text(response)
    assert claim_mails() == []


def test_another_assisters_client_is_not_found(client, factories, assister, post_form):
    others = factories.association(for_consumer=factories.consumer(with_account=False))
    token = csrf_token_from(text(client.get("/assister/")))
    assert client.get(url(others.consumer)).status_code == 404
    response = client.post(url(others.consumer), data={"csrf_token": token, "email": "a@b.org"})
    assert response.status_code == 404 and claim_mails() == []


def test_the_invitation_link_fills_in_the_email(client):
    html = client.get("/create-account?email=ana%40example.org").get_data(as_text=True)
    assert 'value="ana@example.org"' in html


def test_the_invitation_is_on_the_timeline_and_in_who_acted(client, post_form, consumer):
    post_form(url(consumer), {"email": "carla@example.org"})
    details = text(client.get(f"/assister/clients/{consumer.id}"))
    assert "Emailed the client to create their own account" in details
    (mail,) = claim_mails()
    assert "/create-account?email=carla%40example.org" in mail.body
    assert activity.words("consumer_account.invited", "carla@example.org") == (
        "sent you an email to create your own account"
    )


def test_client_details_says_which_language_the_client_reads(client, factories, assister,
                                                            post_form, consumer):
    # No account: their notices and mail are in English.
    assert "Language: English" in text(client.get(f"/assister/clients/{consumer.id}"))
    spanish = factories.consumer(first_name="Rosa", last_name="Diaz")
    spanish.user.language = "es"
    spanish.user.save()
    factories.association(for_consumer=spanish, for_assister=assister)
    post_form(f"/assister/clients/{spanish.id}/assist", {})
    html = text(client.get(f"/assister/clients/{spanish.id}"))
    assert "Language: Spanish" in html and '<html lang="en"' in html


def test_the_clients_language_is_asked_and_kept_for_their_account(app, client, post_form,
                                                                  consumer):
    page = text(client.get(url(consumer)))
    assert "Your client&#39;s language" in page
    assert re.findall(r'<input checked[^>]* name="language" [^>]*value="(\w+)"', page) == ["en"]
    response = post_form(url(consumer), {"email": "ana@example.org", "language": "es"})
    assert response.status_code == 302
    record = Consumer.get_by_id(consumer.id)
    assert record.preferred_language == "Spanish" and record.email == "ana@example.org"
    (mail,) = claim_mails()
    # Its link opens the account's creation in Spanish: the account is made in Spanish.
    link = re.search(r"http\S*(/create-account\?\S+)", mail.body).group(1)
    assert link == "/create-account?email=ana%40example.org&lang=es"
    browser = app.test_client()
    assert '<html lang="es"' in text(browser.get(link))
    # Asked again, the page offers what the record now says.
    again = text(client.get(url(consumer)))
    assert re.findall(r'<input checked[^>]* name="language" [^>]*value="(\w+)"', again) == ["es"]


def test_a_language_that_is_not_offered_is_refused(post_form, consumer):
    response = post_form(url(consumer), {"email": "ana@example.org", "language": "fr"})
    assert response.status_code == 422 and "Not a valid choice" in text(response)
    assert claim_mails() == []
    assert Consumer.get_by_id(consumer.id).preferred_language == "English"
