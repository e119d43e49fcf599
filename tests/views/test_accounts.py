"""The screens: Create an account, confirm the email, Forgot your password? / username?"""

import re
from datetime import timedelta

import pytest

from db import utcnow
from db.accounts import AccountToken, AuthFailure, SecurityAnswer, User, UserSession
from db.consumers import Consumer
from db.mail import OutgoingMail
from portal.services import security_questions

Q = security_questions.QUESTIONS
PASSWORD = "violet lantern harbor nineteen"
SIGN_UP = {
    "first_name": "Carla",
    "last_name": "Consumer",
    "email": "carla@example.org",
    "confirm_email": "carla@example.org",
    "username": "carla.c",
    "password": PASSWORD,
    "confirm_password": PASSWORD,
    "question_1": Q[0],
    "answer_1": "Rex",
    "question_2": Q[1],
    "answer_2": "Sam",
    "question_3": Q[2],
    "answer_3": "Elm Street",
}
RIGHT = {"answer_1": "rex", "answer_2": "SAM", "answer_3": "elm  street"}
WRONG = {"answer_1": "rex", "answer_2": "SAM", "answer_3": "oak street"}


def newest_mail(kind):
    return (
        OutgoingMail.select()
        .where(OutgoingMail.kind == kind)
        .order_by(OutgoingMail.id.desc())
        .first()
    )


def link_in(mail, path):
    return re.search(rf"http\S*({path}/\S+)", mail.body).group(1)


def text(response):
    return response.get_data(as_text=True)


def without_csrf(page):
    """The page with its CSRF tokens blanked: they carry the second they were signed in."""
    return re.sub(
        r'("X-CSRFToken": "|name="csrf_token" (?:type="hidden" )?value=")[^"]+', r"\1", page
    )


@pytest.fixture
def signed_up(post_form):
    response = post_form("/create-account", SIGN_UP)
    assert response.status_code == 302
    assert response.headers["Location"] == "/create-account/check-email"
    return User.get(User.username == "carla.c")


def test_sign_in_page_links_to_recovery_and_sign_up(client):
    page = text(client.get("/sign-in"))
    for words, href in (
        ("Forgot your password?", "/forgot-password"),
        ("Forgot your username?", "/forgot-username"),
        ("Create an account", "/create-account"),
    ):
        assert f'href="{href}">{words}</a>' in page


def test_create_account_then_verify_then_sign_in(client, post_form, signed_up):
    assert "Check your email" in text(client.get("/create-account/check-email"))
    assert Consumer.get(Consumer.user == signed_up).email == "carla@example.org"
    assert SecurityAnswer.select().where(SecurityAnswer.user == signed_up).count() == 3
    # Not yet verified: the password alone does not let them in.
    refused = post_form("/sign-in", {"username": "carla.c", "password": PASSWORD})
    assert refused.status_code == 422
    assert "/verify-email/resend" in text(refused)
    link = link_in(newest_mail("verify_email"), "/verify-email")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my email address" in text(page)
    # Opening the link (a mail scanner's GET) does not use it up.
    assert AccountToken.get().used_at is None
    response = post_form(link, {})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert User.get_by_id(signed_up.id).email_verified_at is not None
    again = client.get(link)
    assert again.status_code == 404 and "already been used" in text(again)
    response = post_form("/sign-in", {"username": "carla.c", "password": PASSWORD})
    assert response.status_code == 302


def test_expired_verification_link_says_so(client, signed_up):
    link = link_in(newest_mail("verify_email"), "/verify-email")
    AccountToken.update(expires_at=utcnow() - timedelta(minutes=1)).execute()
    page = client.get(link)
    assert page.status_code == 404 and "expired" in text(page)
    assert "not valid" in text(client.get("/verify-email/made-up-token"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"confirm_email": "carla@example.com"}, "The two email addresses do not match."),
        ({"confirm_password": "violet lantern harbor ninety"}, "The two passwords do not match."),
        (
            {"password": "password123456789", "confirm_password": "password123456789"},
            "common or have been exposed",
        ),
        ({"password": "fourteen chars", "confirm_password": "fourteen chars"}, "at least 15"),
        ({"question_3": Q[0]}, "Choose a different question for each answer."),
        ({"answer_2": ""}, "Answer this question."),
        ({"email": "not-an-email", "confirm_email": "not-an-email"}, "Enter an email address"),
    ],
)
def test_bad_sign_up_keeps_what_was_typed_and_writes_nothing(post_form, changes, message):
    data = {**SIGN_UP, **changes}
    response = post_form("/create-account", data)
    page = text(response)
    assert response.status_code == 422
    assert message in page
    assert 'value="Carla"' in page and 'value="carla.c"' in page
    assert data["password"] not in page and data["confirm_password"] not in page
    assert "Elm Street" not in page
    assert User.select().count() == 0 and Consumer.select().count() == 0
    assert OutgoingMail.select().count() == 0


def test_duplicate_username_and_email(post_form, factories):
    factories.user("consumer", username="carla.c")
    response = post_form("/create-account", SIGN_UP)
    assert response.status_code == 422 and "This username is taken" in text(response)
    factories.consumer(email="carla@example.org")
    response = post_form("/create-account", {**SIGN_UP, "username": "carla.other"})
    page = text(response)
    assert response.status_code == 422 and "cannot be used for a new account" in page
    assert 'value="carla.other"' in page
    assert User.select().where(User.username == "carla.other").count() == 0
    assert OutgoingMail.select().count() == 0


def test_resend_verification(client, post_form, signed_up):
    page = client.get("/verify-email/resend")
    assert page.status_code == 200
    response = post_form("/verify-email/resend", {"email": "carla@example.org"})
    assert "we have emailed it a new link" in text(response)
    assert OutgoingMail.select().where(OutgoingMail.kind == "verify_email").count() == 2
    unknown = post_form("/verify-email/resend", {"email": "nobody@example.org"})
    assert without_csrf(text(unknown)) == without_csrf(text(response))
    assert OutgoingMail.select().count() == 2


def forgot_password(post_form, username, answers):
    step_1 = post_form("/forgot-password", {"username": username})
    assert step_1.status_code == 200
    step_2 = post_form(
        "/forgot-password/questions", {"username": username, **answers}, page="/forgot-password"
    )
    return step_1, step_2


def test_forgot_password_right_answers_email_a_link_that_works_once(
    client, post_form, signed_up, factories
):
    User.update(email_verified_at=utcnow()).execute()
    step_1, step_2 = forgot_password(post_form, "Carla.C", RIGHT)
    for question in (Q[0], Q[1], Q[2]):
        assert question in text(step_1)
    assert step_2.status_code == 302
    sent = client.get(step_2.headers["Location"])
    assert "If the answers match our records, we have emailed a link" in text(sent)
    link = link_in(newest_mail("password_reset"), "/reset-password")
    assert "Choose a new password" in text(client.get(link))
    new = "seven quiet otters paddling"
    response = post_form(link, {"password": new, "confirm_password": new})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert newest_mail("password_changed").to_address == "carla@example.org"
    used = post_form(link, {"password": new, "confirm_password": new}, page="/forgot-password")
    assert used.status_code == 404 and "already been used" in text(used)
    old = post_form("/sign-in", {"username": "carla.c", "password": PASSWORD})
    assert old.status_code == 422
    assert post_form("/sign-in", {"username": "carla.c", "password": new}).status_code == 302


def test_wrong_answers_look_the_same_as_an_unknown_username(client, post_form, signed_up):
    pages = []
    for username in ("carla.c", "nobody-at-all"):
        step_1, step_2 = forgot_password(post_form, username, WRONG)
        assert step_2.status_code == 302
        pages.append(without_csrf(text(client.get(step_2.headers["Location"]))))
        assert len(re.findall(r'<label class="usa-label" for="answer_\d"', text(step_1))) == 3
    assert pages[0] == pages[1]
    assert OutgoingMail.select().where(OutgoingMail.kind == "password_reset").count() == 0
    kinds = [(f.user_id, f.kind) for f in AuthFailure.select().order_by(AuthFailure.id)]
    assert kinds == [(signed_up.id, "security_answers"), (None, "security_answers")]
    # An unknown username gets the same three questions each time.
    asked = [
        [q for q in Q if q in text(forgot_password(post_form, "nobody-at-all", WRONG)[0])]
        for _ in range(2)
    ]
    assert asked[0] == asked[1] and len(asked[0]) == 3


def test_empty_answers_are_named_and_never_echoed(post_form, signed_up):
    post_form("/forgot-password", {"username": "carla.c"})
    response = post_form(
        "/forgot-password/questions",
        {"username": "carla.c", "answer_1": "Rex", "answer_2": "", "answer_3": "Elm"},
        page="/forgot-password",
    )
    assert response.status_code == 422
    page = text(response)
    assert "Answer this question." in page and 'value="Rex"' not in page
    assert AuthFailure.select().count() == 0


def test_reset_ends_other_sessions(client, post_form, signed_up):
    UserSession.create(id_hash="a" * 64, user=signed_up)
    UserSession.create(id_hash="b" * 64, user=signed_up)
    forgot_password(post_form, "carla.c", RIGHT)
    link = link_in(newest_mail("password_reset"), "/reset-password")
    new = "seven quiet otters paddling"
    short = post_form(link, {"password": "fourteen chars", "confirm_password": "fourteen chars"})
    assert short.status_code == 422 and "at least 15" in text(short)
    assert UserSession.select().where(UserSession.user == signed_up).count() == 2
    assert post_form(link, {"password": new, "confirm_password": new}).status_code == 302
    assert UserSession.select().where(UserSession.user == signed_up).count() == 0
    # The reset link reached the address, so it counts as verified: signing in now works.
    assert User.get_by_id(signed_up.id).email_verified_at is not None
    assert post_form("/sign-in", {"username": "carla.c", "password": new}).status_code == 302


def test_forgot_username_emails_it(client, post_form, signed_up):
    step_1 = post_form("/forgot-username", {"email": "CARLA@example.org"})
    assert step_1.status_code == 200 and Q[0] in text(step_1)
    response = post_form(
        "/forgot-username/questions",
        {"email": "CARLA@example.org", **RIGHT},
        page="/forgot-username",
    )
    assert response.status_code == 302
    assert "we have emailed your username" in text(client.get(response.headers["Location"]))
    mail = newest_mail("username_reminder")
    assert mail.to_address == "carla@example.org" and "carla.c" in mail.body
    post_form(
        "/forgot-username/questions",
        {"email": "carla@example.org", **WRONG},
        page="/forgot-username",
    )
    assert OutgoingMail.select().where(OutgoingMail.kind == "username_reminder").count() == 1


def test_recovery_posts_are_rate_limited(test_database_url):
    from portal.app import create_app
    from tests.conftest import ENVIRON, csrf_token_from

    app = create_app({"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, ENVIRON)
    client = app.test_client()
    # A different address from every other test, so no earlier counter is shared.
    address = {"REMOTE_ADDR": "198.51.100.77"}
    page = client.get("/forgot-password", environ_base=address).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "username": "nobody-at-all"}
    statuses = [
        client.post("/forgot-password", data=data, environ_base=address).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_question_step_names_who_is_recovering(client, factories, post_form):
    user = factories.consumer().user
    page = post_form("/forgot-password", {"username": user.username}).get_data(as_text=True)
    assert f"<strong>{user.username}</strong>" in page and "not you?" in page
    page = post_form("/forgot-username", {"email": user.email}).get_data(as_text=True)
    assert f"<strong>{user.email}</strong>" in page and "use another" in page
