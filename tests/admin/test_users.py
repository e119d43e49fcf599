"""Users in the admin: listed without secrets; staff unlock, reset MFA and end sessions."""

from datetime import timedelta

import pytest

from db import utcnow
from db.accounts import User, UserSession
from db.audit import AuditEvent
from portal.sessions import hash_id
from tests.admin.test_bad_input import filters_of

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ACTIONS = ("unlock", "reset-mfa", "end-sessions")
# Names and values that must never reach a page or an export.
SECRETS = (
    "$argon2",
    TOTP_SECRET,
    "password_hash",
    "Password Hash",
    "totp_secret",
    "Totp Secret",
    "Totp Last Step",
    "answer_hash",
)


@pytest.fixture
def marta(factories):
    """An assister with an authenticator app, locked out, signed in on two devices."""
    user = factories.user("assister", username="marta.lindqvist", full_name="Marta Lindqvist")
    now = utcnow()
    User.update(
        mfa_mode="totp",
        mfa_registered_at=now - timedelta(days=3),
        totp_secret=TOTP_SECRET,
        totp_last_step=123456,
        locked_until=now + timedelta(minutes=20),
        failures_counted_from=now - timedelta(days=1),
    ).where(User.id == user.id).execute()
    for device in ("phone", "laptop"):
        UserSession.create(id_hash=hash_id(f"{device}-session"), user=user, data="{}")
    return User.get_by_id(user.id)


def audit_rows(action, user):
    return list(
        AuditEvent.select().where(AuditEvent.action == action, AuditEvent.object_id == str(user.id))
    )


def test_staff_see_users_without_secrets(staff_client, marta):
    page = staff_client.get("/admin/admin_user/").get_data(as_text=True)
    assert "marta.lindqvist" in page and "Marta Lindqvist" in page
    assert "marta.lindqvist@example.org" in page
    for label in ("Username", "Full name", "Role", "MFA by", "Locked until", "Last sign-in"):
        assert label in page
    assert "Authenticator app" in page and "Assister" in page
    details = staff_client.get(f"/admin/admin_user/details/?id={marta.id}").get_data(as_text=True)
    assert "marta.lindqvist" in details and "MFA registered" in details
    export = staff_client.get("/admin/admin_user/export/csv/")
    assert export.status_code == 200
    csv = export.get_data(as_text=True)
    assert csv.splitlines()[0].startswith("Username,Full name,Email,Role,Active,MFA by")
    assert "marta.lindqvist" in csv
    for text in (page, details, csv):
        for secret in SECRETS:
            assert secret not in text, secret


def test_search_and_locked_filter(staff_client, factories, marta):
    factories.user("consumer", username="olivia.olson", full_name="Olivia Olson")
    # From the start of the username or the email, in any case.
    for search in ("MARTA.L", "marta", "marta.lindqvist"):
        page = staff_client.get(f"/admin/admin_user/?search={search}").get_data(as_text=True)
        assert "marta.lindqvist" in page and "olivia.olson" not in page, search
    page = staff_client.get("/admin/admin_user/?search=lindq").get_data(as_text=True)
    assert "marta.lindqvist" not in page
    locked_filter = _filter_index(staff_client, "Locked")
    page = staff_client.get(f"/admin/admin_user/?flt0_{locked_filter}=yes").get_data(as_text=True)
    assert "marta.lindqvist" in page and "olivia.olson" not in page
    page = staff_client.get(f"/admin/admin_user/?flt0_{locked_filter}=no").get_data(as_text=True)
    assert "olivia.olson" in page and "marta.lindqvist" not in page


def _filter_index(client, name):
    found = filters_of(client.get("/admin/admin_user/").get_data(as_text=True))
    return next(key for (group, _operation), key in found.items() if group == name)


def test_unlock_through_the_admin(staff_client, post_form, staff, marta):
    url = f"/admin/admin_user/unlock/?id={marta.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Unlock account" in page and "Marta Lindqvist" in page and "Yes, until" in page
    response = post_form(url, {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/admin_user/details/?id={marta.id}")
    stored = User.get_by_id(marta.id)
    assert stored.locked_until is None
    assert stored.failures_counted_from > marta.failures_counted_from
    [row] = audit_rows("account.unlocked", marta)
    assert row.actor.id == staff.id and row.actor_role == "staff" and row.ip
    follow = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The account is unlocked." in follow


def test_reset_mfa_through_the_admin(staff_client, post_form, staff, marta):
    url = f"/admin/admin_user/reset-mfa/?id={marta.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Reset multi-factor authentication" in page and "Authenticator app" in page
    assert post_form(url, {}).status_code == 302
    stored = User.get_by_id(marta.id)
    assert stored.mfa_mode is None and stored.totp_secret is None
    assert stored.mfa_registered_at is None and stored.mfa_reset_until > utcnow()
    assert UserSession.select().where(UserSession.user == marta).count() == 0
    [row] = audit_rows("mfa.reset", marta)
    assert row.actor.id == staff.id


def test_end_sessions_through_the_admin(staff_client, post_form, staff, marta):
    url = f"/admin/admin_user/end-sessions/?id={marta.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "End sessions" in page and '<dd class="col-sm-9">2</dd>' in page
    response = post_form(url, {})
    assert response.status_code == 302
    assert UserSession.select().where(UserSession.user == marta).count() == 0
    # The staff member's own session is not touched.
    assert UserSession.select().where(UserSession.user == staff).count() == 1
    [row] = audit_rows("sessions.ended_all", marta)
    assert row.actor.id == staff.id and "2" in row.detail
    follow = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sessions ended: 2." in follow
    # Marta's other state is as it was.
    assert User.get_by_id(marta.id).locked_until == marta.locked_until


def test_staff_ending_their_own_sessions_keep_this_one(staff_client, post_form, staff):
    UserSession.create(id_hash=hash_id("other-device"), user=staff, data="{}")
    response = post_form(f"/admin/admin_user/end-sessions/?id={staff.id}", {})
    assert response.status_code == 302
    assert UserSession.select().where(UserSession.user == staff).count() == 1
    assert staff_client.get("/admin/admin_user/").status_code == 200


@pytest.mark.parametrize("action", ACTIONS)
def test_a_post_without_csrf_changes_nothing(staff_client, marta, action):
    response = staff_client.post(f"/admin/admin_user/{action}/?id={marta.id}", data={})
    assert response.status_code == 400
    stored = User.get_by_id(marta.id)
    assert stored.locked_until == marta.locked_until and stored.mfa_mode == "totp"
    assert UserSession.select().where(UserSession.user == marta).count() == 2


def test_unknown_user_goes_back_to_the_list(staff_client):
    response = staff_client.get("/admin/admin_user/unlock/?id=999999")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin_user/")
    assert "does not exist" in staff_client.get("/admin/admin_user/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_other_roles_are_refused(client, sign_in, factories, marta, role):
    other = factories.user(role)
    sign_in(other)
    assert client.get("/admin/admin_user/").status_code == 403
    assert client.get("/admin/admin_user/export/csv/").status_code == 403
    token = _csrf_token(client)
    for action in ACTIONS:
        url = f"/admin/admin_user/{action}/?id={marta.id}"
        assert client.get(url).status_code == 403
        assert client.post(url, data={"csrf_token": token}).status_code == 403
    stored = User.get_by_id(marta.id)
    assert stored.locked_until == marta.locked_until and stored.totp_secret == TOTP_SECRET
    assert UserSession.select().where(UserSession.user == marta).count() == 2
    assert (
        not AuditEvent.select()
        .where(
            AuditEvent.action.in_(("account.unlocked", "mfa.reset", "sessions.ended_all")),
            AuditEvent.object_id == str(marta.id),
        )
        .exists()
    )


def test_anonymous_is_sent_to_sign_in(client, marta):
    for url in ("/admin/admin_user/", f"/admin/admin_user/unlock/?id={marta.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def _csrf_token(client):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/account").get_data(as_text=True))
