"""Every consumer-facing page has its Spanish (S13): a walk through them in Spanish, each marked
`lang="es"` with no English left (tests/spanish.py), and a check that the walk misses none.

Each area's walk is a test below that records the endpoints it opened in WALKED."""

from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from tests.spanish import assert_spanish, in_spanish

WALKED = set()


@pytest.fixture
def walk(app, client):
    """Open pages in Spanish, recording which endpoints the walk saw."""
    in_spanish(client)
    routes = app.url_map.bind("localhost")

    def open_page(url, allow=(), status=200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code)
        try:
            WALKED.add(routes.match(urlsplit(url).path, method="GET")[0])
        except HTTPException:
            pass
        return assert_spanish(response, allow)

    return open_page


def test_error_pages(walk):
    walk("/no-such-page", status=404)


# Public pages, sign-in, MFA, account, account creation and recovery (helper H1) ----------------

import re  # noqa: E402
from datetime import timedelta  # noqa: E402

from db import utcnow  # noqa: E402
from db.accounts import User  # noqa: E402
from db.mail import OutgoingMail  # noqa: E402
from portal.services import security_questions  # noqa: E402
from tests.conftest import csrf_token_from, emailed_code  # noqa: E402
from tests.spanish import english_left  # noqa: E402

QUESTIONS = security_questions.QUESTIONS
SPANISH_PASSWORD = "linterna violeta puerto diecinueve"
SPANISH_SIGN_UP = {
    "first_name": "Rosa",
    "last_name": "Martínez",
    "email": "rosa@example.org",
    "confirm_email": "rosa@example.org",
    "username": "rosa.m",
    "password": SPANISH_PASSWORD,
    "confirm_password": SPANISH_PASSWORD,
    "question_1": QUESTIONS[0],
    "answer_1": "Canela",
    "question_2": QUESTIONS[1],
    "answer_2": "Lupita",
    "question_3": QUESTIONS[2],
    "answer_3": "Calle Robles",
}
ANSWERS = {"answer_1": "canela", "answer_2": "LUPITA", "answer_3": "calle  robles"}


def _newest_mail(kind):
    return (
        OutgoingMail.select()
        .where(OutgoingMail.kind == kind)
        .order_by(OutgoingMail.id.desc())
        .first()
    )


def _link(mail, path):
    return re.search(rf"http\S*({path}/[^\s?]+)", mail.body).group(1)


def _without_links(text):
    # A link's random token can hold letters that spell "to" or "in".
    return re.sub(r"\S+://\S+", "", text)


def test_public_pages(walk):
    walk("/")
    walk("/contact")
    walk("/sign-in")
    walk("/sign-in?timeout=1")


def test_account_pages(walk, client, post_form):
    # Create an account in Spanish: a 422 first, in Spanish, keeping what was typed.
    walk("/create-account")
    bad = {
        **SPANISH_SIGN_UP,
        "confirm_email": "rosa@example.com",
        "answer_2": "",
        "password": "corta",
        "confirm_password": "corta",
    }
    response = post_form("/create-account", bad)
    assert response.status_code == 422
    page = assert_spanish(response, allow=("Martínez",))
    assert "Los dos correos electrónicos no coinciden." in page
    assert "Responda esta pregunta." in page and "Use al menos 15 caracteres" in page
    assert 'value="Rosa"' in page and 'value="rosa.m"' in page
    assert "corta" not in page and "Canela" not in page and "Calle Robles" not in page
    # The questions are offered in Spanish; the value sent stays the stored English question.
    assert f'value="{QUESTIONS[0]}"' in page and "¿Cómo se llamaba su primera mascota?" in page

    response = post_form("/create-account", SPANISH_SIGN_UP)
    assert response.status_code == 302
    user = User.get(User.username == "rosa.m")
    assert user.language == "es"
    walk("/create-account/check-email")
    verification = _newest_mail("verify_email")
    assert verification.subject == "Confirme su correo electrónico para el Portal de Asistentes"
    assert not english_left(_without_links(verification.body), allow=("Martínez",))

    # Confirm the address: a real link, then a made-up one.
    link = _link(verification, "/verify-email")
    walk(link)
    walk("/verify-email/made-up-token", status=404)
    walk("/verify-email/resend")
    assert_spanish(post_form("/verify-email/resend", {"email": "nadie"}))
    response = post_form(link, {})
    assert response.status_code == 302
    walk(response.headers["Location"])  # sign-in, with the flash

    # Forgot your password? and username?, each step.
    walk("/forgot-password")
    step_1 = post_form("/forgot-password", {"username": "rosa.m"})
    page = assert_spanish(step_1, allow=("rosa.m",))
    assert "¿Cómo se llamaba su primera mascota?" in page
    WALKED.add("accounts.forgot_password_questions")
    wrong = post_form(
        "/forgot-password/questions",
        {"username": "rosa.m", "answer_1": "x"},
        page="/forgot-password",
    )
    assert wrong.status_code == 422
    assert "Responda esta pregunta." in assert_spanish(wrong, allow=("rosa.m",))
    response = post_form(
        "/forgot-password/questions", {"username": "rosa.m", **ANSWERS}, page="/forgot-password"
    )
    assert response.status_code == 302
    walk(response.headers["Location"])
    walk("/forgot-username")
    step_1 = post_form("/forgot-username", {"email": "rosa@example.org"})
    assert_spanish(step_1, allow=("rosa@example.org",))
    WALKED.add("accounts.forgot_username_questions")
    response = post_form(
        "/forgot-username/questions",
        {"email": "rosa@example.org", **ANSWERS},
        page="/forgot-username",
    )
    assert response.status_code == 302
    walk(response.headers["Location"])
    reminder = _newest_mail("username_reminder")
    assert reminder.subject == "Su nombre de usuario del Portal de Asistentes"

    # Choose a new password: a real link (with a 422), then a made-up one.
    reset = _link(_newest_mail("password_reset"), "/reset-password")
    walk(reset)
    mismatch = post_form(reset, {"password": SPANISH_PASSWORD, "confirm_password": "otra"})
    assert "Las dos contraseñas no coinciden." in assert_spanish(mismatch)
    walk("/reset-password/made-up-token", status=404)

    # Sign-in refusals in Spanish: a wrong password, then a locked account.
    wrong = post_form("/sign-in", {"username": "rosa.m", "password": "no es esta"})
    assert wrong.status_code == 422
    assert "El nombre de usuario o la contraseña no son correctos." in assert_spanish(wrong)
    User.update(locked_until=utcnow() + timedelta(minutes=30)).where(User.id == user.id).execute()
    locked = post_form("/sign-in", {"username": "rosa.m", "password": SPANISH_PASSWORD})
    assert "Su cuenta está bloqueada" in assert_spanish(locked)
    User.update(locked_until=None).where(User.id == user.id).execute()

    # Signed in (no MFA yet): the account, its sessions and the authenticator app.
    assert (
        post_form("/sign-in", {"username": "rosa.m", "password": SPANISH_PASSWORD}).status_code
        == 302
    )
    allow = ("Rosa Martínez", "rosa.m", "rosa@example.org")
    page = walk("/account", allow=allow)
    assert "Idioma de sus páginas, correos y avisos" in page and "Español" in page
    walk("/account/sessions", allow=allow)
    walk("/account/authenticator", allow=allow)
    wrong = post_form("/account/authenticator", {"password": "no es esta", "code": "123456"})
    assert wrong.status_code == 422
    assert "La contraseña no es correcta." in assert_spanish(wrong, allow=allow)
    response = post_form("/account/mfa/email", {"agree": "y"}, page="/account")
    assert "La autenticación de múltiples factores está activada" in walk(
        response.headers["Location"], allow=allow
    )

    # Signed out in Spanish; then sign-in asks for the emailed code.
    page = client.get("/account").get_data(as_text=True)
    response = client.post("/sign-out", data={"csrf_token": csrf_token_from(page)})
    assert "Cerró la sesión." in walk(response.headers["Location"])
    response = post_form("/sign-in", {"username": "rosa.m", "password": SPANISH_PASSWORD})
    assert response.headers["Location"] == "/sign-in/mfa"
    walk("/sign-in/mfa", allow=("r***@example.org",))
    assert post_form("/sign-in/mfa", {"mode": "email"}).status_code == 302
    walk("/sign-in/mfa/code", allow=("r***@example.org",))
    code_mail = _newest_mail("one_time_code")
    assert code_mail.subject == "Contraseña de un solo uso"
    assert "Su código de acceso de un solo uso" in code_mail.body
    assert not english_left(code_mail.body, allow=("Rosa Martínez",))
    wrong = post_form("/sign-in/mfa/code", {"code": "000000"})
    assert wrong.status_code == 422
    assert "Ese código no es correcto." in assert_spanish(wrong, allow=("r***@example.org",))
    # Registration, as if their MFA had been reset while this sign-in waited.
    User.update(mfa_mode=None).where(User.id == user.id).execute()
    walk("/sign-in/mfa/register")
    registered = post_form("/sign-in/mfa/register", {"email": "rosa@example.org", "agree": "y"})
    assert "Registro completado" in assert_spanish(registered, allow=("r***@example.org",))
    response = post_form("/sign-in/mfa/code", {"code": emailed_code(user)})
    assert response.status_code == 302


def test_account_created_on_an_english_page_is_english(client, post_form):
    response = post_form("/create-account", SPANISH_SIGN_UP)
    assert response.status_code == 302
    assert User.get(User.username == "rosa.m").language == "en"
    assert _newest_mail("verify_email").subject == (
        "Confirm your email address for the Assister Portal"
    )


def test_spanish_reset_mail_through_smtp(mail_app, smtp_server):
    from portal.services import consumer_accounts
    from tests.factories import actor

    with mail_app.app_context():
        consumer_accounts.sign_up(
            actor(None),
            "Rosa",
            "Martínez",
            "rosa@example.org",
            "rosa.m",
            SPANISH_PASSWORD,
            [(SPANISH_SIGN_UP[f"question_{n}"], SPANISH_SIGN_UP[f"answer_{n}"]) for n in (1, 2, 3)],
            language="es",
        )
    # Forgot password from an English page: the mail follows the account's language.
    client = mail_app.test_client()
    page = client.get("/forgot-password").get_data(as_text=True)
    response = client.post(
        "/forgot-password/questions",
        data={"csrf_token": csrf_token_from(page), "username": "rosa.m", **ANSWERS},
    )
    assert response.status_code == 302
    reset = [m for m in smtp_server.messages if m["To"] == "rosa@example.org"][-1]
    assert reset["Subject"] == "Restablezca su contraseña del Portal de Asistentes"
    body = reset.get_content()
    assert "Hola, Rosa Martínez:" in body
    assert "Abra este enlace para elegir una nueva contraseña:" in body
    assert "/reset-password/" in body
    assert not english_left(_without_links(body), allow=("Rosa Martínez",))
