"""Request this assister through the screens: request -> pending (no access) -> authorize ->
active, withdraw, decline, and every refusal."""

import re
from urllib.parse import quote

import pytest

from db.applications import Application
from db.assisters import Assister
from db.associations import AssisterRequest, Association
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.services import assister_requests
from tests.conftest import csrf_token_from
from tests.routes import poster, signed_in_client
from tests.views.test_accounts import PASSWORD as SIGN_UP_PASSWORD
from tests.views.test_accounts import SIGN_UP

CONSENT = {"may_apply": "y", "may_enroll": "y", "may_see_documents": "y", "may_report_changes": "y"}


def text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def consumer(factories):
    return factories.consumer(first_name="Olivia", last_name="Olson")


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True, first_name="Nora", last_name="Vang",
                              languages="English, Hmong")


@pytest.fixture
def signed_in(client, consumer, sign_in):
    sign_in(consumer.user)
    return client


@pytest.fixture
def assister_client(app, navigator):
    return signed_in_client(app, navigator.user, "192.0.2.40")


def _sent(app, factories, consumer, assister, message):
    """A request sent through the service (the other side's doing, in a test of one side)."""
    with app.app_context():
        return assister_requests.send(factories.actor(consumer.user), consumer, assister, message)


def _request(post_form, assister, message="I need help renewing in May"):
    url = f"/consumer/assisters/request/{assister.id}"
    return post_form(url, {"message": message})


def test_request_then_authorize_gives_access_only_after_confirm(
    signed_in, post_form, consumer, navigator, assister_client
):
    page = signed_in.get(f"/consumer/assisters/request/{navigator.id}")
    shown = text(page)
    assert page.status_code == 200 and "Nora Vang" in shown and "English, Hmong" in shown
    assert "Navigator" in shown and navigator.organization in shown and "Send request" in shown
    assert "can't see your information or act for you until you authorize them" in shown
    assert navigator.reference_number not in shown and "Reference Number" not in shown
    assert AssisterRequest.select().count() == 0  # a GET changes nothing

    response = _request(post_form, navigator)
    assert response.status_code == 302 and response.headers["Location"] == "/consumer/assisters"
    sent = AssisterRequest.get()
    assert sent.is_pending and sent.message == "I need help renewing in May"
    details = text(signed_in.get("/consumer/assisters"))
    assert "Requests you sent from Find local help" in details and "Review and authorize" in details
    assert f"/consumer/assisters/requests/{sent.id}/withdraw" in details

    # The assister sees the request, and nothing of the consumer's account.
    dashboard = text(assister_client.get("/assister/"))
    assert "Requests from the directory: 1" in dashboard and "Olivia Olson" not in dashboard
    listed = text(assister_client.get("/assister/requests"))
    assert "Olivia Olson" in listed and "I need help renewing in May" in listed
    assert "When Olivia authorizes you, they appear in" in listed
    for url in (
        f"/assister/clients/{consumer.id}",
        f"/assister/clients/{consumer.id}/assist",
        f"/clients/{consumer.id}/notices",
        f"/documents/consumers/{consumer.id}/upload",
    ):
        assert assister_client.get(url).status_code == 404, url
    start = poster(assister_client)(f"/applications/start/{consumer.id}", {}, page="/assister/")
    assert start.status_code == 404 and Application.select().count() == 0

    authorize = f"/consumer/assisters/requests/{sent.id}/authorize"
    page = text(signed_in.get(authorize))
    assert "Assister Authorization / Agent of Record" in page and "version 1" in page
    assert "Nora Vang" in page and navigator.reference_number not in page
    assert f'action="{authorize}"' in page and 'name="reference_number"' not in page
    assert f"{authorize}/print" in page
    printed = text(signed_in.get(f"{authorize}/print"))
    assert "Olivia Olson" in printed and f'href="{authorize}"' in printed
    response = post_form(authorize, {**CONSENT, "may_enroll": ""})
    assert response.status_code == 302 and response.headers["Location"] == "/consumer/assisters"
    association = Association.get()
    assert association.assister_id == navigator.id and not association.may_enroll
    sent = AssisterRequest.get_by_id(sent.id)
    assert sent.outcome == "confirmed" and sent.association_id == association.id
    assert "Confirmed by the consumer" in text(signed_in.get("/consumer/assisters"))

    dashboard = text(assister_client.get("/assister/"))
    assert "Olivia Olson" in dashboard and "Requests from the directory: 0" in dashboard
    assert "No consumer is waiting" in text(assister_client.get("/assister/requests"))
    assert assister_client.get(f"/assister/clients/{consumer.id}/assist").status_code == 200


def test_a_second_request_of_a_type_is_refused_and_keeps_the_message(
    signed_in, post_form, factories, navigator
):
    _request(post_form, navigator)
    other = factories.assister("navigator", with_account=True)
    page = text(signed_in.get(f"/consumer/assisters/request/{other.id}"))
    assert "You already asked Nora Vang" in page and "Send request" not in page
    response = _request(post_form, other, "Second try")
    assert response.status_code == 422
    assert "Withdraw that request first" in text(response) and "Second try" in text(response)
    assert AssisterRequest.select().count() == 1


def test_a_long_message_is_refused_with_what_was_typed(signed_in, post_form, navigator):
    typed = "Please call me. " * 40
    response = _request(post_form, navigator, typed)
    assert response.status_code == 422
    assert "Keep your message to 500 characters or fewer." in text(response)
    assert typed.strip() in text(response)
    assert AssisterRequest.select().count() == 0


@pytest.mark.parametrize(
    "change",
    [{"listed": False}, {"hidden_by_staff": True}, {"user": None}, {"is_active": False}, None],
)
def test_an_assister_find_local_help_does_not_list_is_not_found(
    signed_in, post_form, navigator, change
):
    assister_id = navigator.id if change else 987654
    if change:
        Assister.update(**change).where(Assister.id == navigator.id).execute()
    url = f"/consumer/assisters/request/{assister_id}"
    assert signed_in.get(url).status_code == 404
    token = csrf_token_from(text(signed_in.get("/consumer/assisters")))
    assert signed_in.post(url, data={"csrf_token": token}).status_code == 404
    assert AssisterRequest.select().count() == 0


def test_confirm_after_the_assister_lapsed_ends_the_request(signed_in, post_form, navigator):
    _request(post_form, navigator)
    sent = AssisterRequest.get()
    authorize = f"/consumer/assisters/requests/{sent.id}/authorize"
    html = text(signed_in.get(authorize))
    Assister.update(is_active=False).where(Assister.id == navigator.id).execute()
    response = signed_in.post(authorize, data={"csrf_token": csrf_token_from(html), **CONSENT})
    assert response.status_code == 302 and response.headers["Location"] == "/consumer/assisters"
    assert "no longer an active assister" in text(signed_in.get("/consumer/assisters"))
    assert AssisterRequest.get().outcome == "lapsed" and Association.select().count() == 0


def test_a_bad_expiry_on_confirm_keeps_the_form(signed_in, post_form, navigator):
    _request(post_form, navigator)
    authorize = f"/consumer/assisters/requests/{AssisterRequest.get().id}/authorize"
    response = post_form(authorize, {**CONSENT, "expires_on": "2001-01-01"})
    assert response.status_code == 422 and "Choose a date after today" in text(response)
    assert AssisterRequest.get().is_pending and Association.select().count() == 0


def test_withdraw_once_then_the_request_is_gone(signed_in, post_form, navigator):
    _request(post_form, navigator)
    sent = AssisterRequest.get()
    withdraw = f"/consumer/assisters/requests/{sent.id}/withdraw"
    response = post_form(withdraw, {}, page="/consumer/assisters")
    assert response.status_code == 302
    assert AssisterRequest.get().outcome == "withdrawn"
    assert "Withdrawn by the consumer" in text(signed_in.get("/consumer/assisters"))
    # Withdrawn again (a double click): the same answer, nothing more written.
    again = post_form(withdraw, {}, page="/consumer/assisters")
    assert (again.status_code, again.headers["Location"]) == (302, "/consumer/assisters")
    assert "is withdrawn" in text(signed_in.get("/consumer/assisters"))
    withdrawn = AuditEvent.select().where(AuditEvent.action == "assister_request.withdrawn")
    assert withdrawn.count() == 1
    assert signed_in.get(f"/consumer/assisters/requests/{sent.id}/authorize").status_code == 404


def test_another_consumers_request_is_not_found(app, factories, signed_in, navigator):
    other = factories.consumer()
    theirs = _sent(app, factories, other, navigator, "")
    token = csrf_token_from(text(signed_in.get("/consumer/assisters")))
    base = f"/consumer/assisters/requests/{theirs.id}"
    for url in (f"{base}/authorize", f"{base}/authorize/print"):
        assert signed_in.get(url).status_code == 404
    for url in (f"{base}/authorize", f"{base}/withdraw"):
        assert signed_in.post(url, data={"csrf_token": token, **CONSENT}).status_code == 404
    assert AssisterRequest.get_by_id(theirs.id).is_pending


def test_the_assister_declines_with_a_reason(
    app, factories, consumer, navigator, assister_client
):
    sent = _sent(app, factories, consumer, navigator, "")
    post = poster(assister_client)
    url = f"/assister/requests/{sent.id}/decline"
    typed = "Too busy " * 60
    response = post(url, {"reason": typed}, page="/assister/requests")
    assert response.status_code == 422 and typed.strip() in text(response)
    assert "Keep the reason to 500 characters or fewer." in text(response)
    assert AssisterRequest.get().is_pending
    response = post(url, {"reason": "I only help in Duluth"}, page="/assister/requests")
    assert response.status_code == 302 and AssisterRequest.get().outcome == "declined"
    mail = OutgoingMail.get(OutgoingMail.kind == "assister_request_declined")
    assert mail.to_address == consumer.email and "I only help in Duluth" in mail.body
    # Declined again (a double click): the same answer, the consumer told once.
    again = post(url, {}, page="/assister/requests")
    assert (again.status_code, again.headers["Location"]) == (302, "/assister/requests")
    declined = OutgoingMail.select().where(OutgoingMail.kind == "assister_request_declined")
    assert declined.count() == 1


def test_another_assister_cannot_see_or_decline_a_request(app, factories, consumer, navigator):
    sent = _sent(app, factories, consumer, navigator, "Hi")
    other = factories.assister("navigator", with_account=True)
    client = signed_in_client(app, other.user, "192.0.2.41")
    assert "Carl" not in text(client.get("/assister/requests"))
    assert "Olivia" not in text(client.get("/assister/requests"))
    response = poster(client)(f"/assister/requests/{sent.id}/decline", {}, page="/assister/")
    assert response.status_code == 404 and AssisterRequest.get().is_pending


def test_a_new_consumer_creates_an_account_and_lands_back_on_the_request(
    client, post_form, navigator
):
    target = f"/consumer/assisters/request/{navigator.id}"
    listing = text(client.get(f"/find-help/assisters/{navigator.id}"))
    assert f'href="{target}">Request this assister</a>' in listing
    assert navigator.reference_number not in listing
    response = client.get(target)
    assert response.status_code == 302 and "/sign-in?next=" in response.headers["Location"]
    sign_in_page = text(client.get(response.headers["Location"]))
    create = f"/create-account?next={quote(target)}"
    assert f'href="{create}">Create an account' in sign_in_page
    assert f'action="{create}"' in text(client.get(create))
    assert post_form(create, SIGN_UP).status_code == 302
    mail = OutgoingMail.get(OutgoingMail.kind == "verify_email")
    link = re.search(r"http\S*(/verify-email/\S+)", mail.body).group(1)
    assert link.endswith(f"?next={quote(target)}")
    response = post_form(link, {})
    assert response.status_code == 302
    sign_in = response.headers["Location"]
    assert sign_in == f"/sign-in?next={quote(target)}"
    response = post_form(sign_in, {"username": SIGN_UP["username"], "password": SIGN_UP_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == target
    assert "Send request" in text(client.get(target))


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
)
def test_create_account_carries_only_a_local_next(client, next_url):
    page = text(client.get(f"/create-account?next={quote(next_url, safe='')}"))
    assert 'action="/create-account"' in page


def test_sending_requests_is_rate_limited_per_consumer(test_database_url, factories):
    from portal.app import create_app
    from tests.conftest import ENVIRON

    app = create_app(
        {"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, environ=ENVIRON
    )
    consumer = factories.consumer()
    assister = factories.assister("broker", with_account=True)
    client = signed_in_client(app, consumer.user, "192.0.2.42")
    url = f"/consumer/assisters/request/{assister.id}"
    token = csrf_token_from(text(client.get(url)))
    statuses = [
        client.post(url, data={"csrf_token": token, "message": "x" * 501}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    assert client.get(url).status_code == 200  # looking is not sending
    assert AuditEvent.select().where(AuditEvent.action == "assister_request.sent").count() == 0
