"""Which language a page is in (S13, portal/languages.py): a visitor's link, a consumer's
account, the browser's earlier choice, its Accept-Language; assister and staff pages in English."""

from db.accounts import User, UserSession
from tests.conftest import csrf_token_from

SPANISH = '<html lang="es"'
ENGLISH = '<html lang="en"'


def page(client, url="/sign-in", **kwargs):
    return client.get(url, **kwargs).get_data(as_text=True)


def test_a_first_visit_follows_the_browsers_accept_language(client):
    assert SPANISH in page(client, headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert ENGLISH in page(client, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert ENGLISH in page(client, headers={"Accept-Language": "fr-FR,de;q=0.8"})
    assert ENGLISH in page(client)


def test_the_visitors_link_switches_and_the_browser_keeps_it_without_a_session(app, client):
    html = page(client, "/find-help?zip=55101&distance=25")
    link = 'href="/find-help?zip=55101&amp;distance=25&amp;lang=es" lang="es" hreflang="es">'
    assert f"{link}Español</a>" in html
    response = client.get("/find-help?zip=55101&distance=25&lang=es")
    assert SPANISH in response.get_data(as_text=True)
    assert "portal_language=es" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    # The next page, with no link and an English browser, stays Spanish; and offers English.
    html = page(client, "/find-help", headers={"Accept-Language": "en"})
    assert SPANISH in html
    assert 'lang="en" hreflang="en">English</a>' in html
    # The directory keeps no session for a visitor, and switching did not start one.
    with app.app_context():
        assert UserSession.select().count() == 0
    assert SPANISH in page(client, "/contact", headers={"Accept-Language": "en"})
    assert ENGLISH in page(client, "/contact?lang=en")
    assert ENGLISH in page(client, "/contact")


def test_an_unknown_language_is_ignored(client):
    for value in ("fr", "", "es\x00", "<script>", "x" * 500):
        response = client.get("/contact", query_string={"lang": value})
        assert response.status_code == 200
        assert ENGLISH in response.get_data(as_text=True)
        assert "portal_language" not in response.headers.get("Set-Cookie", "")


def test_a_consumers_switch_is_kept_on_their_account(app, client, factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    html = page(client, "/consumer/")
    assert ENGLISH in html
    response = client.post(
        "/language",
        data={"csrf_token": csrf_token_from(html), "language": "es", "next": "/consumer/"},
    )
    assert response.status_code == 303 and response.location == "/consumer/"
    with app.app_context():
        assert User.get_by_id(consumer.user.id).language == "es"
    assert SPANISH in page(client, "/consumer/")
    # Another browser: the account's language, whatever that browser prefers.
    other = app.test_client()
    other.set_cookie("portal_language", "en")
    token = csrf_token_from(other.get("/sign-in").get_data(as_text=True))
    other.post("/sign-in", data={"csrf_token": token, "username": consumer.user.username,
                                 "password": factories.PASSWORD})
    # (signing in from a browser that chose English keeps English on the account)
    with app.app_context():
        assert User.get_by_id(consumer.user.id).language == "en"


def test_signing_in_keeps_the_language_chosen_before(app, client, factories, sign_in):
    consumer = factories.consumer()
    client.get("/sign-in?lang=es")
    sign_in(consumer.user)
    with app.app_context():
        assert User.get_by_id(consumer.user.id).language == "es"
    assert SPANISH in page(client, "/consumer/")


def test_the_switch_refuses_a_bad_language_and_another_sites_address(app, client, factories,
                                                                       sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    token = csrf_token_from(page(client, "/consumer/"))
    refused = client.post("/language", data={"csrf_token": token, "language": "fr", "next": "/"})
    assert refused.status_code == 400
    assert "Your request could not be read" in refused.get_data(as_text=True)
    with app.app_context():
        assert User.get_by_id(consumer.user.id).language == "en"
    elsewhere = client.post(
        "/language",
        data={"csrf_token": token, "language": "es", "next": "https://evil.example/"},
    )
    assert elsewhere.status_code == 303 and elsewhere.location == "/"
    # Without the form's token nothing changes.
    client.post("/language", data={"language": "en", "next": "/"})
    with app.app_context():
        assert User.get_by_id(consumer.user.id).language == "es"


def test_assister_pages_stay_english(app, client, factories, sign_in):
    assister = factories.assister(with_account=True)
    client.set_cookie("portal_language", "es")
    sign_in(assister.user)
    html = page(client, "/assister/", headers={"Accept-Language": "es"})
    assert ENGLISH in html and "Español" not in html
    # The course and certification pages, for people becoming assisters, too.
    client.post("/sign-out", data={"csrf_token": csrf_token_from(html)})
    assert ENGLISH in page(client, "/certification/", headers={"Accept-Language": "es"})
