"""Sign-in through the screens: MFA registration, codes, session rotation, timeouts."""

from datetime import timedelta

import pyotp
import pytest

from db import utcnow
from db.accounts import AuthFailure, User, UserSession
from db.audit import AuditEvent
from portal.services import lockout
from tests.conftest import csrf_token_from, emailed_code

COOKIE = "portal_session"


def _cookie(client):
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def test_first_sign_in_registers_mfa_then_asks_for_the_emailed_code(client, factories, post_form):
    assister = factories.assister("navigator", with_account=True)
    user = assister.user
    client.get("/sign-in")
    before = _cookie(client)
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/sign-in/mfa/register"
    after_password = _cookie(client)
    assert after_password and after_password != before
    # Not signed in yet: the assister pages still ask for sign-in.
    assert client.get("/assister/").headers["Location"].startswith("/sign-in")

    response = post_form("/sign-in/mfa/register", {"email": "typo@example.org", "agree": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "the one you used to create it" in page
    assert 'value="typo@example.org"' in page
    assert User.get_by_id(user.id).mfa_mode is None

    response = post_form("/sign-in/mfa/register", {"email": user.email})
    assert response.status_code == 422
    assert "agree to the Terms and Conditions" in response.get_data(as_text=True)

    response = post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    assert "Registration Successful" in response.get_data(as_text=True)
    response = post_form("/sign-in/mfa/code", {"code": "000000"})
    assert response.status_code == 422 and "not correct" in response.get_data(as_text=True)
    response = post_form("/sign-in/mfa/code", {"code": emailed_code(user)})
    assert response.headers["Location"] == "/assister/"
    assert _cookie(client) not in (before, after_password)
    assert client.get("/assister/").status_code == 200
    assert AuditEvent.select().where(AuditEvent.action == "sign_in.succeeded").count() == 1
    assert UserSession.get(UserSession.user == user).ip == "127.0.0.1"


def test_registered_user_picks_the_delivery_mode(client, factories, post_form, sign_in):
    user = factories.staff()
    sign_in(user)
    client.post(
        "/sign-out",
        data={"csrf_token": csrf_token_from(client.get("/account").get_data(as_text=True))},
    )
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/sign-in/mfa"
    page = client.get("/sign-in/mfa").get_data(as_text=True)
    assert "One-time access code through email" in page and "authenticator app" not in page
    assert post_form("/sign-in/mfa", {"mode": "email"}).headers["Location"] == "/sign-in/mfa/code"
    assert (
        post_form("/sign-in/mfa/code", {"code": emailed_code(user)}).headers["Location"]
        == "/admin/"
    )


def test_authenticator_app_set_up_and_used_at_sign_in(client, factories, post_form, sign_in):
    user = factories.staff()
    sign_in(user)
    page = client.get("/account/authenticator").get_data(as_text=True)
    assert "<svg" in page
    with client.session_transaction() as session:
        secret = session["totp_setup"]
    response = post_form("/account/authenticator", {"password": factories.PASSWORD, "code": "123"})
    assert response.status_code == 422
    response = post_form(
        "/account/authenticator",
        {"password": factories.PASSWORD, "code": pyotp.TOTP(secret).now()},
    )
    assert response.status_code == 302
    assert User.get_by_id(user.id).totp_secret == secret

    client.post(
        "/sign-out",
        data={"csrf_token": csrf_token_from(client.get("/account").get_data(as_text=True))},
    )
    post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert post_form("/sign-in/mfa", {"mode": "app"}).headers["Location"] == "/sign-in/mfa/code"
    # The code used for set-up was already accepted once: wait for the next time step.
    User.update(totp_last_step=User.totp_last_step - 2).where(User.id == user.id).execute()
    response = post_form("/sign-in/mfa/code", {"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"] == "/admin/"


def test_consumer_signs_in_without_mfa_until_they_turn_it_on(client, factories, post_form, sign_in):
    user = factories.consumer().user
    assert sign_in(user).headers["Location"] == "/consumer/"
    response = post_form("/account/mfa/email", {"agree": "y"}, page="/account")
    assert response.status_code == 302
    assert User.get_by_id(user.id).mfa_mode == "email"
    client.post(
        "/sign-out",
        data={"csrf_token": csrf_token_from(client.get("/account").get_data(as_text=True))},
    )
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/sign-in/mfa"


def test_unverified_consumer_is_told_to_confirm_the_email(client, factories, post_form):
    user = factories.consumer().user
    User.update(email_verified_at=None).where(User.id == user.id).execute()
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Confirm your email address first" in page
    assert "new confirmation link" in page


def test_lapsed_mfa_reset_stops_sign_in(client, factories, post_form):
    user = factories.staff()
    User.update(mfa_reset_until=utcnow() - timedelta(minutes=1)).where(User.id == user.id).execute()
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 422
    assert "time to register again has passed" in response.get_data(as_text=True)


def test_sign_out_deletes_the_server_side_session(client, factories, sign_in):
    user = factories.staff()
    sign_in(user)
    assert UserSession.select().where(UserSession.user == user).count() == 1
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})
    assert UserSession.select().where(UserSession.user == user).count() == 0
    assert client.get("/admin/").status_code == 302


def test_idle_session_ends_after_fifteen_minutes(client, factories, sign_in):
    user = factories.staff()
    sign_in(user)
    UserSession.update(last_seen_at=utcnow() - timedelta(minutes=16)).execute()
    response = client.get("/admin/admin_agency/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert UserSession.select().where(UserSession.user == user).count() == 0


def test_idle_timeout_redirect_says_why(client, factories, sign_in):
    user = factories.consumer().user
    sign_in(user)
    UserSession.update(last_seen_at=utcnow() - timedelta(minutes=16)).execute()
    response = client.get("/consumer/")
    assert "timeout=1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after 15 minutes without activity" in page


def test_absolute_lifetime_is_twelve_hours(client, factories, sign_in):
    user = factories.consumer().user
    sign_in(user)
    UserSession.update(created_at=utcnow() - timedelta(hours=12, minutes=1)).execute()
    assert client.get("/consumer/").status_code == 302


def test_active_sessions_listed_and_another_one_ended(app, client, factories, sign_in):
    user = factories.consumer().user
    other = app.test_client()
    sign_in(user)
    # The same person signed in from a second browser.
    other_page = other.get("/sign-in").get_data(as_text=True)
    other.post(
        "/sign-in",
        data={
            "csrf_token": csrf_token_from(other_page),
            "username": user.username,
            "password": factories.PASSWORD,
        },
    )
    assert other.get("/consumer/").status_code == 200
    page = client.get("/account/sessions").get_data(as_text=True)
    assert "(this session)" in page and page.count("End this session") == 1
    mine = _current_hash(page)
    assert UserSession.select().where(UserSession.user == user).count() == 2
    target = UserSession.get(UserSession.user == user, UserSession.id_hash != mine).id_hash
    current = csrf_token_from(page)
    response = client.post("/account/sessions/end", data={"csrf_token": current, "session": target})
    assert response.status_code == 302
    assert other.get("/consumer/").status_code == 302
    assert client.get("/consumer/").status_code == 200


def _current_hash(page):
    marker = page.index("(this session)")
    return page[marker:].split('name="session" value="')[1].split('"')[0]


LOCKED = "Your account is locked after too many failed attempts"


def _codes_mailed(user):
    from db.mail import OutgoingMail

    return (
        OutgoingMail.select()
        .where(OutgoingMail.kind == "one_time_code", OutgoingMail.to_address == user.email)
        .count()
    )


def _followed(client, response):
    """The page a redirect leads to, as the browser shows it (flashed messages included)."""
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/sign-in"
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_five_wrong_codes_lock_the_account_and_no_later_step_signs_in(
    app, client, factories, post_form, sign_in
):
    user = factories.staff()
    post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    right_code = emailed_code(user)
    for _ in range(4):
        assert post_form("/sign-in/mfa/code", {"code": "999999"}).status_code == 422
    page = client.get("/sign-in/mfa/code").get_data(as_text=True)
    token = csrf_token_from(page)
    response = client.post("/sign-in/mfa/code", data={"csrf_token": token, "code": "999999"})
    assert LOCKED in _followed(client, response)
    assert User.get_by_id(user.id).locked_until is not None

    # The same session, as an attacker replays it: no step of sign-in passes any more.
    mailed = _codes_mailed(user)
    response = client.post("/sign-in/mfa/new-code", data={"csrf_token": token})
    assert response.headers["Location"] == "/sign-in"
    assert _codes_mailed(user) == mailed
    response = client.post("/sign-in/mfa/code", data={"csrf_token": token, "code": right_code})
    assert response.headers["Location"] == "/sign-in"
    for step in ("/sign-in/mfa", "/sign-in/mfa/register", "/sign-in/mfa/code"):
        assert client.get(step).headers["Location"] == "/sign-in"
    assert client.get("/admin/").headers["Location"].startswith("/sign-in")
    assert not AuditEvent.select().where(AuditEvent.action == "sign_in.succeeded").exists()
    # The right password is refused too, with the same message.
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 422 and LOCKED in response.get_data(as_text=True)

    with app.app_context():
        lockout.unlock(factories.actor(factories.staff()), User.get_by_id(user.id))
    assert sign_in(user).headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_lock_set_elsewhere_ends_a_sign_in_half_way_through_mfa(
    app, client, factories, post_form
):
    user = factories.staff()
    post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    right_code = emailed_code(user)
    token = csrf_token_from(client.get("/sign-in/mfa/code").get_data(as_text=True))
    # Meanwhile someone else types wrong passwords for the account until it locks.
    other = app.test_client()
    for _ in range(5):
        page = other.get("/sign-in").get_data(as_text=True)
        other.post(
            "/sign-in",
            data={
                "csrf_token": csrf_token_from(page),
                "username": user.username,
                "password": "wrong password, sorry",
            },
        )
    assert User.get_by_id(user.id).locked_until is not None

    response = client.post("/sign-in/mfa/code", data={"csrf_token": token, "code": right_code})
    assert LOCKED in _followed(client, response)
    # The half-signed-in state has ended: the next step only says to sign in again.
    response = client.post("/sign-in/mfa/new-code", data={"csrf_token": token})
    assert LOCKED not in _followed(client, response)
    assert client.get("/admin/").headers["Location"].startswith("/sign-in")
    assert not AuditEvent.select().where(AuditEvent.action == "sign_in.succeeded").exists()


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("/sign-in/mfa", {"mode": "email"}),
        ("/sign-in/mfa/new-code", {}),
        ("/sign-in/mfa/code", {"code": "000000"}),
    ],
)
def test_every_mfa_step_refuses_a_locked_account(client, factories, post_form, step, data):
    user = factories.staff()
    post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    token = csrf_token_from(client.get("/sign-in/mfa/code").get_data(as_text=True))
    mailed = _codes_mailed(user)
    User.update(locked_until=utcnow() + timedelta(minutes=30)).where(User.id == user.id).execute()
    response = client.post(step, data={"csrf_token": token, **data})
    assert LOCKED in _followed(client, response)
    assert _codes_mailed(user) == mailed
    assert not AuditEvent.select().where(AuditEvent.action == "sign_in.succeeded").exists()


def test_mfa_registration_at_sign_in_refuses_a_locked_account(client, factories, post_form):
    user = factories.staff()
    post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    token = csrf_token_from(client.get("/sign-in/mfa/register").get_data(as_text=True))
    User.update(locked_until=utcnow() + timedelta(minutes=30)).where(User.id == user.id).execute()
    response = client.post(
        "/sign-in/mfa/register", data={"csrf_token": token, "email": user.email, "agree": "y"}
    )
    assert LOCKED in _followed(client, response)
    stored = User.get_by_id(user.id)
    assert stored.mfa_mode is None and _codes_mailed(user) == 0


def test_sign_in_works_again_once_the_lock_lapses(client, factories, post_form, sign_in):
    user = factories.staff()
    sign_in(user)
    client.post(
        "/sign-out",
        data={"csrf_token": csrf_token_from(client.get("/account").get_data(as_text=True))},
    )
    post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    User.update(locked_until=utcnow() + timedelta(minutes=30)).where(User.id == user.id).execute()
    assert client.get("/sign-in/mfa").headers["Location"] == "/sign-in"
    User.update(locked_until=utcnow() - timedelta(seconds=1)).where(User.id == user.id).execute()
    assert sign_in(user).headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def _setup_secret(client):
    with client.session_transaction() as session:
        return session["totp_setup"]


def test_adding_an_authenticator_app_asks_for_the_password_again(
    client, factories, post_form, sign_in
):
    user = factories.staff()
    sign_in(user)
    page = client.get("/account/authenticator").get_data(as_text=True)
    assert 'type="password"' in page and "Your current password" in page
    secret = _setup_secret(client)
    code = pyotp.TOTP(secret).now()

    response = post_form("/account/authenticator", {"code": code})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Enter your current password." in page
    assert f'value="{code}"' in page
    assert AuthFailure.select().count() == 0

    response = post_form("/account/authenticator", {"password": "a wrong guess", "code": code})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "The password is not correct." in page
    assert f'value="{code}"' in page and "a wrong guess" not in page
    stored = User.get_by_id(user.id)
    assert stored.totp_secret is None and stored.mfa_mode == "email"
    assert _setup_secret(client) == secret
    assert AuthFailure.get(AuthFailure.user == user).kind == "password"

    response = post_form("/account/authenticator", {"password": factories.PASSWORD, "code": code})
    assert response.status_code == 302
    assert User.get_by_id(user.id).totp_secret == secret


def test_wrong_passwords_at_authenticator_set_up_lock_the_account_and_end_the_session(
    client, factories, post_form, sign_in
):
    user = factories.staff()
    sign_in(user)
    client.get("/account/authenticator")
    code = pyotp.TOTP(_setup_secret(client)).now()
    for _ in range(4):
        response = post_form("/account/authenticator", {"password": "a wrong guess", "code": code})
        assert response.status_code == 422
    token = csrf_token_from(client.get("/account/authenticator").get_data(as_text=True))
    response = client.post(
        "/account/authenticator",
        data={"csrf_token": token, "password": "a wrong guess", "code": code},
    )
    assert LOCKED in _followed(client, response)
    assert User.get_by_id(user.id).locked_until is not None
    assert User.get_by_id(user.id).totp_secret is None
    # This session has ended, and no other can start while the lock lasts.
    assert UserSession.select().where(UserSession.user == user).count() == 0
    assert client.get("/admin/").headers["Location"].startswith("/sign-in")
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 422 and LOCKED in response.get_data(as_text=True)
