"""Access follows the assister's standing, through the screens: the lapsed assister's next
request is refused and signs them out, sign-in says why, consumers see it on Manage Assister
and staff in the admin."""

import html
from datetime import timedelta

import pytest

from db.accounts import UserSession
from db.assisters import Agency, Assister
from db.associations import Association
from db.mail import OutgoingMail
from portal.services import standing
from tests.conftest import csrf_token_from, emailed_code
from tests.factories import PASSWORD
from tests.views.wizard import start


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _signed_in(app, user):
    """Another browser, signed in through the real screens (MFA included)."""
    browser = app.test_client()

    def post(url, data):
        token = csrf_token_from(browser.get(url).get_data(as_text=True))
        return browser.post(url, data={"csrf_token": token, **data})

    step = post("/sign-in", {"username": user.username, "password": PASSWORD}).location
    if step == "/sign-in/mfa/register":
        post(step, {"email": user.email, "agree": "y"})
    else:
        post(step, {"mode": "email"})
    assert post("/sign-in/mfa/code", {"code": emailed_code(user)}).status_code == 302
    return browser


def _sessions_of(user):
    return UserSession.select().where(UserSession.user == user.id).count()


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def consumer(factories, navigator):
    consumer = factories.consumer()
    factories.association(for_consumer=consumer, for_assister=navigator)
    return consumer


@pytest.fixture
def working(client, post_form, sign_in, navigator, consumer):
    """The navigator signed in, with their client's details open: the URLs they use."""
    sign_in(navigator.user)
    details = f"/assister/clients/{consumer.id}"
    assert post_form(f"/assister/clients/{consumer.id}/assist", {}).status_code == 302
    assert client.get(details).status_code == 200
    application = start(client, post_form, consumer.id, details)
    assert client.get(f"{application}/contact").status_code == 200
    assert _sessions_of(navigator.user) == 1
    return {"dashboard": "/assister/", "client": details, "wizard": f"{application}/contact"}


def _admin_post(staff_browser, url, data):
    token = csrf_token_from(staff_browser.get(url).get_data(as_text=True))
    return staff_browser.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


@pytest.mark.parametrize("first", ["dashboard", "client", "wizard"])
def test_staff_deactivating_refuses_the_next_request_and_ends_the_session(
    app, client, factories, navigator, consumer, working, first
):
    staff = _signed_in(app, factories.staff())
    page = _admin_post(staff, f"/admin/admin_assister/deactivate/?id={navigator.id}",
                       {"reason": "Left the program on June 30."})
    assert f"{navigator} is deactivated. They can no longer sign in" in _text(page)
    assert _sessions_of(navigator.user) == 0

    response = client.get(working[first])
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    for url in working.values():
        assert client.get(url).status_code == 302
    association = Association.get(Association.consumer == consumer)
    assert association.ended_at is None and association.suspended_at is not None

    response = client.post(
        "/sign-in",
        data={
            "csrf_token": csrf_token_from(client.get("/sign-in").get_data(as_text=True)),
            "username": navigator.user.username,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 422
    assert "Marketplace staff have made your assister record inactive" in _text(response)
    assert "call the ARC (navigators and CACs) or the Broker Line" in _text(response)
    assert _sessions_of(navigator.user) == 0


@pytest.mark.parametrize("first", ["dashboard", "client", "wizard"])
def test_an_expired_certification_refuses_the_next_request_without_any_job(
    client, navigator, consumer, working, first
):
    yesterday = standing.minnesota_today() - timedelta(days=1)
    Assister.update(certification_expires_on=yesterday).where(Assister.id == navigator.id).execute()

    response = client.get(working[first])
    assert response.status_code == 302 and response.location == "/sign-in"
    assert _sessions_of(navigator.user) == 0
    page = _text(client.get("/sign-in"))
    assert f"Your certification expired on {yesterday:%B %-d, %Y}" in page
    assert "To renew it, call the ARC" in page
    for url in working.values():
        assert client.get(url).status_code == 302, url
    association = Association.get(Association.consumer == consumer)
    assert association.ended_at is None
    assert association.suspended_reason == f"Their certification expired on {yesterday:%B %-d, %Y}."


def test_an_inactive_agency_refuses_the_next_request(client, navigator, working):
    Agency.update(is_active=False).where(Agency.id == navigator.agency_id).execute()
    response = client.get(working["dashboard"])
    assert response.status_code == 302 and response.location == "/sign-in"
    assert _sessions_of(navigator.user) == 0
    assert f"Your agency, {navigator.agency.name}, is no longer active" in _text(
        client.get("/sign-in")
    )


def test_an_htmx_request_sends_the_whole_page_to_sign_in(client, navigator, working):
    Assister.update(is_active=False).where(Assister.id == navigator.id).execute()
    response = client.get("/assister/?sort=name", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/sign-in"
    assert _sessions_of(navigator.user) == 0


def test_a_lapsed_assister_is_refused_at_sign_in(client, factories, post_form):
    yesterday = standing.minnesota_today() - timedelta(days=1)
    broker = factories.assister("broker", with_account=True)
    association = factories.association(for_assister=broker)
    Assister.update(certification_expires_on=yesterday).where(Assister.id == broker.id).execute()
    response = post_form("/sign-in", {"username": broker.user.username, "password": PASSWORD})
    assert response.status_code == 422
    assert f"Your certification expired on {yesterday:%B %-d, %Y}" in _text(response)
    assert 'value="' + broker.user.username + '"' in response.get_data(as_text=True)
    assert _sessions_of(broker.user) == 0
    assert Association.get_by_id(association.id).suspended_at is not None


def test_the_consumer_sees_it_on_manage_assister_and_is_told(
    app, client, factories, sign_in, navigator, consumer
):
    staff = _signed_in(app, factories.staff())
    _admin_post(staff, f"/admin/admin_assister/deactivate/?id={navigator.id}",
                {"reason": "Left the program on June 30."})
    association = Association.get(Association.consumer == consumer)

    sign_in(consumer.user)
    page = _text(client.get("/consumer/assisters"))
    assert f"{navigator.full_name} can't act for you now." in page
    assert "Marketplace staff have made them inactive." in page
    assert 'href="/consumer/assisters/select"' in page and "Add or change my assister" in page
    assert f"/consumer/assisters/{association.id}/renew" not in page
    assert f"/consumer/assisters/{association.id}/remove" in page
    assert f"Your navigator, {navigator.full_name}, can no longer act for you" in page
    assert "Can't act for you now" in _text(client.get("/consumer/"))
    mail = OutgoingMail.get(
        OutgoingMail.to_address == consumer.email, OutgoingMail.kind == "assister_suspended"
    )
    assert mail.subject == f"Your navigator, {navigator.full_name}, can no longer act for you"

    _admin_post(staff, f"/admin/admin_assister/reactivate/?id={navigator.id}", {})
    page = _text(client.get("/consumer/assisters"))
    assert "can't act for you now" not in page
    assert f"/consumer/assisters/{association.id}/renew" in page
    assert f"Your navigator, {navigator.full_name}, can act for you again" in page
    assert OutgoingMail.get(OutgoingMail.kind == "assister_restored").to_address == consumer.email


def test_staff_see_standing_and_suspensions_in_the_admin(app, factories, navigator, consumer):
    yesterday = standing.minnesota_today() - timedelta(days=1)
    broker = factories.assister("broker", last_name="Lindqvist")
    Assister.update(certification_expires_on=yesterday).where(Assister.id == navigator.id).execute()
    with app.app_context():
        standing.end_lapsed_access(factories.actor(None))
    association = Association.get(Association.consumer == consumer)
    expired = f"Their certification expired on {yesterday:%B %-d, %Y}."

    staff = _signed_in(app, factories.staff())
    assisters = _text(staff.get("/admin/admin_assister/"))
    assert f"Lapsed: {expired}" in assisters and "In good standing" in assisters
    details = _text(staff.get(f"/admin/admin_assister/details/?id={navigator.id}"))
    assert f"Lapsed: {expired}" in details
    assert "In good standing" in _text(staff.get(f"/admin/admin_assister/details/?id={broker.id}"))
    listing = _text(staff.get("/admin/admin_association/"))
    assert "Why suspended" in listing and expired in listing
    details = _text(staff.get(f"/admin/admin_association/details/?id={association.id}"))
    assert "Suspended since" in details and expired in details


def test_a_client_page_reads_the_agencys_standing_once(client, working, sql_log):
    # The assister pages' guard and require_access both check standing on a client page.
    sql_log.clear()
    assert client.get(working["client"]).status_code == 200
    assert len([sql for sql in sql_log if 'FROM "agency"' in sql]) == 1, sql_log
