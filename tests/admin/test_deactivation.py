"""Deactivate with a reason, and Reactivate, in the admin: a sign-in account, an assister and an
agency. The reason is required (10 to 500 characters, no control characters) and kept on a bad
post; in one step the record is inactive, every session of its accounts ends, an assister's
clients' associations are suspended (each consumer told), an audit row and the history are
written; Reactivate gives access back. A second post shows what the first did."""

import html

import pytest

from db.accounts import User, UserSession
from db.assisters import Agency, Assister
from db.associations import Association
from db.audit import AuditEvent
from db.deactivations import Deactivation
from db.notices import Notice
from tests.conftest import csrf_token_from
from tests.routes import signed_in_client

REASON = "Left the program on June 30; confirmed by phone."


@pytest.fixture
def navigator(factories):
    """A navigator, signed up for the portal, with two clients."""
    navigator = factories.assister("navigator", with_account=True, first_name="Nora",
                                   last_name="Vang")
    factories.association(factories.consumer(), navigator)
    factories.association(factories.consumer(), navigator)
    return navigator


def _signed_in(app, user):
    """Another browser, signed in as `user` through the real screens."""
    return signed_in_client(app, user, "192.0.2.50")


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _sessions_of(user):
    return UserSession.select().where(UserSession.user == user.id).count()


def _post(client, url, data=None):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def _suspended(assister):
    return Association.select().where(
        Association.assister == assister.id, Association.suspended_at.is_null(False)
    ).count()


def test_deactivating_an_assister_ends_their_access_at_once(app, staff_client, staff, navigator):
    working = _signed_in(app, navigator.user)
    assert working.get("/assister/").status_code == 200
    url = f"/admin/admin_assister/deactivate/?id={navigator.id}"
    page = _text(staff_client.get(url))
    assert "Deactivate Nora Vang (Navigator)" in page
    assert "Sessions open now, which end at once" in page and "Clients' associations" in page

    response = _post(staff_client, url, {"reason": f"  {REASON}\n"})
    assert response.status_code == 302
    assert response.location.endswith(f"/admin/admin_assister/details/?id={navigator.id}")
    assert not Assister.get_by_id(navigator.id).is_active
    assert _sessions_of(navigator.user) == 0 and _suspended(navigator) == 2
    assert Notice.select().where(Notice.kind == "assister_suspended").count() == 2
    [row] = Deactivation.select()
    assert (row.assister_id, row.active, row.reason, row.by_id) == (
        navigator.id, False, REASON, staff.id)
    event = AuditEvent.get(AuditEvent.action == "assister.deactivated")
    assert (event.actor_id, event.object_id, event.detail) == (staff.id, str(navigator.id), REASON)

    details = _text(staff_client.get(response.location))
    assert "Nora Vang (Navigator) is deactivated." in details
    assert "Sessions ended: 1. Clients' associations suspended: 2" in details
    assert "Inactive. <a" in details and ">Reactivate</a>" in details
    assert REASON in details and staff.full_name in details
    # The navigator's next request: signed out, and told why at sign-in.
    response = working.get("/assister/")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


def test_reactivating_an_assister_gives_their_clients_back(staff_client, navigator):
    _post(staff_client, f"/admin/admin_assister/deactivate/?id={navigator.id}", {"reason": REASON})
    url = f"/admin/admin_assister/reactivate/?id={navigator.id}"
    assert "Reactivate Nora Vang (Navigator)" in _text(staff_client.get(url))
    response = _post(staff_client, url)
    assert response.status_code == 302
    assert Assister.get_by_id(navigator.id).is_active and _suspended(navigator) == 0
    assert Notice.select().where(Notice.kind == "assister_restored").count() == 2
    details = _text(staff_client.get(response.location))
    assert "is active again. Clients' associations given back: 2" in details
    assert [row.active for row in Deactivation.select().order_by(Deactivation.id)] == [False, True]
    assert AuditEvent.select().where(AuditEvent.action == "assister.reactivated").count() == 1


def test_a_reactivated_assister_still_lapsed_keeps_clients_suspended(
    staff_client, factories, navigator
):
    _post(staff_client, f"/admin/admin_assister/deactivate/?id={navigator.id}", {"reason": REASON})
    Assister.update(certification_status="refused").where(Assister.id == navigator.id).execute()
    response = _post(staff_client, f"/admin/admin_assister/reactivate/?id={navigator.id}")
    details = _text(staff_client.get(response.location))
    assert "Nora Vang is still not in good standing: They are not certified." in details
    assert _suspended(navigator) == 2


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give the reason for deactivating."),
        ("   \n ", "Give the reason for deactivating."),
        ("Too short", "Give the reason in at least 10 characters"),
        ("x" * 501, "Keep the reason to 500 characters or fewer."),
        ("Moved away\x00 from here", "Remove the invisible control characters"),
    ],
)
def test_a_bad_reason_is_a_message_beside_it_and_changes_nothing(
    staff_client, navigator, reason, message
):
    sessions_before = _sessions_of(navigator.user)
    response = _post(staff_client, f"/admin/admin_assister/deactivate/?id={navigator.id}",
                     {"reason": reason})
    assert response.status_code == 422
    page = _text(response)
    assert message in page and 'class="form-control is-invalid"' in page
    if reason.strip() and "\x00" not in reason:
        assert reason in page  # what was typed is kept
    assert Assister.get_by_id(navigator.id).is_active and _suspended(navigator) == 0
    assert _sessions_of(navigator.user) == sessions_before
    assert not Deactivation.select().exists()
    assert not AuditEvent.select().where(AuditEvent.action == "assister.deactivated").exists()


def test_a_second_post_shows_what_the_first_did(staff_client, navigator):
    url = f"/admin/admin_assister/deactivate/?id={navigator.id}"
    token = csrf_token_from(staff_client.get(url).get_data(as_text=True))
    first = staff_client.post(url, data={"csrf_token": token, "reason": REASON})
    second = staff_client.post(url, data={"csrf_token": token, "reason": "Another reason here"})
    assert first.location == second.location
    page = _text(staff_client.get(second.location))
    assert "was already inactive: nothing was changed." in page and REASON in page
    assert "Another reason here" not in page
    assert Deactivation.select().count() == 1
    # The same for Reactivate, twice.
    url = f"/admin/admin_assister/reactivate/?id={navigator.id}"
    token = csrf_token_from(staff_client.get(url).get_data(as_text=True))
    for _ in range(2):
        staff_client.post(url, data={"csrf_token": token})
    assert "was already active: nothing was changed." in _text(staff_client.get(second.location))
    assert Deactivation.select().count() == 2


def test_deactivating_an_agency_ends_its_people_s_access(app, staff_client, factories, navigator):
    agency = navigator.agency
    colleague = factories.assister("navigator", with_account=True, agency=agency)
    factories.association(factories.consumer(), colleague)
    administrator = factories.agency_admin(agency)
    other = factories.assister("navigator", with_account=True)  # another agency's
    browsers = [_signed_in(app, user) for user in (navigator.user, colleague.user,
                                                   administrator.user, other.user)]
    url = f"/admin/admin_agency/deactivate/?id={agency.id}"
    page = _text(staff_client.get(url))
    assert "<dt class=\"col-sm-4\">Assisters</dt><dd class=\"col-sm-8\">2</dd>" in page

    response = _post(staff_client, url, {"reason": "The agency closed its doors on June 30."})
    assert response.status_code == 302
    assert not Agency.get_by_id(agency.id).is_active
    for person in (navigator.user, colleague.user, administrator.user):
        assert _sessions_of(person) == 0
    assert _sessions_of(other.user) == 1 and _suspended(other) == 0
    assert _suspended(navigator) == 2 and _suspended(colleague) == 1
    details = _text(staff_client.get(response.location))
    assert "Sessions ended: 3. Clients' associations suspended: 3" in details
    assert browsers[2].get("/agency/").status_code == 302
    assert browsers[3].get("/assister/").status_code == 200

    response = _post(staff_client, f"/admin/admin_agency/reactivate/?id={agency.id}")
    assert "Clients' associations given back: 3" in _text(staff_client.get(response.location))
    assert _suspended(navigator) == _suspended(colleague) == 0


def test_deactivating_an_account_signs_it_out_and_keeps_it_out(app, staff_client, factories):
    consumer = factories.consumer()
    browser = _signed_in(app, consumer.user)
    assert browser.get("/consumer/").status_code == 200
    url = f"/admin/admin_user/deactivate/?id={consumer.user_id}"
    response = _post(staff_client, url, {"reason": "Asked us to close the account by phone."})
    assert response.status_code == 302
    assert not User.get_by_id(consumer.user_id).is_active
    assert _sessions_of(consumer.user) == 0
    details = _text(staff_client.get(response.location))
    assert "is deactivated. The person can no longer sign in" in details
    assert "Sessions ended: 1." in details
    response = browser.get("/consumer/")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert AuditEvent.get(AuditEvent.action == "account.deactivated").object_id == str(
        consumer.user_id)

    _post(staff_client, f"/admin/admin_user/reactivate/?id={consumer.user_id}")
    assert User.get_by_id(consumer.user_id).is_active
    assert _signed_in(app, consumer.user).get("/consumer/").status_code == 200


def test_staff_cannot_deactivate_their_own_account(staff_client, staff):
    response = _post(staff_client, f"/admin/admin_user/deactivate/?id={staff.id}",
                     {"reason": "Testing what happens here."})
    assert response.status_code == 422
    assert "You can&#39;t deactivate your own account" in response.get_data(as_text=True)
    assert User.get_by_id(staff.id).is_active and _sessions_of(staff) == 1


def test_active_is_no_longer_a_box_on_the_forms(staff_client, factories):
    assister = factories.assister("navigator")
    for url in (f"/admin/admin_assister/edit/?id={assister.id}", "/admin/admin_assister/new/",
                f"/admin/admin_agency/edit/?id={assister.agency_id}", "/admin/admin_agency/new/"):
        assert 'name="is_active"' not in staff_client.get(url).get_data(as_text=True), url
    listing = _text(staff_client.get("/admin/admin_assister/"))
    assert "Active" in listing and "Deactivate or reactivate" in listing


@pytest.mark.parametrize("model", ["user", "assister", "agency"])
def test_an_id_that_names_nothing_is_not_found(staff_client, model):
    for view in ("deactivate", "reactivate"):
        for bad in ("987654321", "abc", str(2**64)):
            response = staff_client.get(f"/admin/admin_{model}/{view}/?id={bad}")
            assert response.status_code == 404, (view, bad)


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_other_roles_are_refused(client, factories, sign_in, navigator, role):
    sign_in(factories.user(role))
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    for model, record in (("assister", navigator), ("agency", navigator.agency),
                          ("user", navigator.user)):
        for view in ("deactivate", "reactivate"):
            url = f"/admin/admin_{model}/{view}/?id={record.id}"
            assert client.get(url).status_code == 403
            response = client.post(url, data={"csrf_token": token, "reason": REASON})
            assert response.status_code == 403
    assert Assister.get_by_id(navigator.id).is_active
    assert Agency.get_by_id(navigator.agency_id).is_active
    assert not Deactivation.select().exists()
