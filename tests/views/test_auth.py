"""Sign-in, sign-out and the role guard on each blueprint."""

from db.audit import AuditEvent


def test_sign_in_page_shows_the_system_use_banner(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "You are accessing a government information system" in page
    assert "monitored" in page


def test_staff_sign_in_lands_on_admin(client, factories, sign_in):
    response = sign_in(factories.staff())
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_message(client, factories, post_form):
    user = factories.staff()
    messages = []
    for username, password in (
        (user.username, "wrong password here"),
        ("nobody-at-all", "whatever it is"),
    ):
        response = post_form("/sign-in", {"username": username, "password": password})
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        messages.append("The username or password is not correct." in page)
        assert f'value="{username}"' in page
        assert password not in page
    assert messages == [True, True]
    assert AuditEvent.select().where(AuditEvent.action == "sign_in.failed").count() == 2


def test_empty_fields_are_named(post_form):
    page = post_form("/sign-in", {"username": "", "password": ""}).get_data(as_text=True)
    assert "Enter your username." in page and "Enter your password." in page


def test_inactive_user_cannot_sign_in(client, factories, post_form):
    user = factories.staff()
    user.is_active = False
    user.save()
    response = post_form("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 422


def test_next_goes_back_to_the_page_but_never_off_site(client, factories, post_form):
    user = factories.consumer().user
    credentials = {"username": user.username, "password": factories.PASSWORD}
    response = post_form("/sign-in?next=/account", credentials)
    assert response.headers["Location"] == "/account"
    client.post("/sign-out", data={"csrf_token": _token(client)})
    response = post_form("/sign-in?next=//evil.example/", credentials)
    assert response.headers["Location"] == "/consumer/"


def test_sign_out_ends_the_session(client, factories, sign_in):
    sign_in(factories.staff())
    response = client.post("/sign-out", data={"csrf_token": _token(client)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_role_guards(client, factories, sign_in):
    assert client.get("/assister/").status_code == 302
    assert client.get("/consumer/").status_code == 302
    consumer = factories.consumer()
    sign_in(consumer.user)
    assert client.get("/consumer/").status_code == 200
    assert client.get("/assister/").status_code == 403


def test_assister_home_shows_reference_number(client, factories, sign_in):
    assister = factories.assister("broker", with_account=True)
    factories.association(for_assister=assister)
    sign_in(assister.user)
    page = client.get("/assister/").get_data(as_text=True)
    number = assister.reference_number
    assert f"{number[:3]}-{number[3:6]}-{number[6:]}" in page
    assert "New requests: 1" in page


def test_consumer_home_lists_current_assisters(client, factories, sign_in):
    consumer = factories.consumer()
    association = factories.association(for_consumer=consumer)
    sign_in(consumer.user)
    page = client.get("/consumer/").get_data(as_text=True)
    assert association.assister.full_name in page


def _token(client):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/account").get_data(as_text=True))
