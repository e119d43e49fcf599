"""The "Register for an Account" wizard and the staff's activation email, through the client."""

import re

import pytest

from db.accounts import SecurityAnswer, User
from db.assisters import Assister, RegistrationNumber
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.services import (
    reference_numbers,
    registration,
    registration_numbers,
    security_questions,
)
from tests.admin.test_admin import _assister_form

STRONG = "a long enough passphrase for the portal"
Q = security_questions.QUESTIONS


@pytest.fixture
def enrolled(app, factories):
    """A broker with an activation email sent: (assister, the Registration Number)."""
    assister = factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    with app.test_request_context():
        sent = registration.send_activation(factories.actor(factories.staff()), assister)
    return assister, registration_numbers.display(sent.number)


def captcha_answer(client):
    with client.session_transaction() as session:
        return session["activation"]["captcha"]


def details_data(assister, number, client, **overrides):
    return {
        "first_name": assister.first_name,
        "last_name": assister.last_name,
        "phone": assister.phone,
        "email": assister.email,
        "email_confirm": assister.email,
        "no_ssn": "y",
        "registration_number": number,
        "captcha": captcha_answer(client),
        "action": "next",
        **overrides,
    }


def account_data(**overrides):
    return {
        "username": "grace.l",
        "password": STRONG,
        "password_confirm": STRONG,
        "question_1": Q[0],
        "answer_1": "Rex",
        "question_2": Q[1],
        "answer_2": "Sam",
        "question_3": Q[2],
        "answer_3": "Elm Street",
        "action": "next",
        **overrides,
    }


def accept(client, post_form):
    response = post_form("/register/privacy", {"action": "accept"})
    assert response.status_code == 302 and response.headers["Location"] == "/register/details"


def to_account(client, post_form, assister, number):
    accept(client, post_form)
    client.get("/register/details")
    response = post_form("/register/details", details_data(assister, number, client))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/register/account"


def written():
    return (
        User.select().count(),
        AuditEvent.select().count(),
        OutgoingMail.select().count(),
        RegistrationNumber.select().where(RegistrationNumber.used_at.is_null(False)).count(),
    )


def test_the_whole_wizard(client, post_form, enrolled):
    assister, number = enrolled
    start = client.get("/register").get_data(as_text=True)
    assert "Register for an Account" in start and 'href="/register/privacy"' in start
    privacy = client.get("/register/privacy").get_data(as_text=True)
    assert "Privacy Warning" in privacy and "Rules of Behavior" in privacy
    assert "federal tax information" in privacy and "monitored" in privacy
    accept(client, post_form)
    page = client.get("/register/details").get_data(as_text=True)
    assert "I do not wish to provide my Social Security Number" in page
    assert 'name="ssn"' not in page and "Social Security Number</label>" not in page.replace(
        "I do not wish to provide my Social Security Number</label>", ""
    )
    assert re.search(r'<img[^>]+src="/register/captcha.png\?v=\w+"[^>]+alt="CAPTCHA', page)
    assert 'href="/register/captcha.wav?v=' in page
    response = post_form("/register/details", details_data(assister, number, client))
    assert response.headers["Location"] == "/register/account"
    page = client.get("/register/account").get_data(as_text=True)
    assert "Account Information" in page and Q[0] in page
    response = post_form("/register/account", account_data())
    assert response.status_code == 302 and response.headers["Location"] == "/register/done"
    done = client.get("/register/done").get_data(as_text=True)
    assert "Successful User Creation" in done and "grace.l" in done and 'href="/sign-in"' in done
    user = User.get(User.username == "grace.l")
    assert user.role == "assister" and user.email == assister.email
    assert Assister.get_by_id(assister.id).user_id == user.id
    assert SecurityAnswer.select().where(SecurityAnswer.user == user).count() == 3
    mail = OutgoingMail.get(OutgoingMail.kind == "account_created")
    assert "grace.l" in mail.body and STRONG not in mail.body
    with client.session_transaction() as session:
        assert "captcha" not in session["activation"] and "details" not in session["activation"]
    # The new account signs in (its first sign-in registers MFA).
    assert post_form("/sign-in", {"username": "grace.l", "password": STRONG}).status_code == 302


def test_steps_cannot_be_skipped(client, enrolled):
    assert client.get("/register/details").headers["Location"] == "/register/privacy"
    assert client.get("/register/account").headers["Location"] == "/register/details"
    assert client.get("/register/done").headers["Location"] == "/register"
    assert client.get("/register/captcha.png").status_code == 404


def test_decline_goes_back_to_the_start(client, post_form):
    response = post_form("/register/privacy", {"action": "decline"})
    assert response.headers["Location"] == "/register"
    assert "must accept" in client.get("/register").get_data(as_text=True)
    assert client.get("/register/details").headers["Location"] == "/register/privacy"


def test_back_keeps_every_answer_but_the_secrets(client, post_form, enrolled):
    assister, number = enrolled
    before = written()
    accept(client, post_form)
    client.get("/register/details")
    data = details_data(assister, number, client, action="back", phone="612 555 0101")
    response = post_form("/register/details", data)
    assert response.headers["Location"] == "/register/privacy"
    accept(client, post_form)
    page = client.get("/register/details").get_data(as_text=True)
    for value in ("Grace", "Lindqvist", "612 555 0101", assister.email):
        assert f'value="{value}"' in page
    assert "checked" in page
    assert number not in page
    # Forward to Account Information, then Back: the details and the checked number are kept.
    response = post_form("/register/details", details_data(assister, number, client))
    assert response.headers["Location"] == "/register/account"
    response = post_form("/register/account", account_data(action="back", password="x"))
    assert response.headers["Location"] == "/register/details"
    page = client.get("/register/details").get_data(as_text=True)
    assert 'value="Lindqvist"' in page and "Registration Number was accepted" in page
    response = post_form("/register/details", {**details_data(assister, "", client), "captcha": ""})
    assert response.headers["Location"] == "/register/account"
    page = client.get("/register/account").get_data(as_text=True)
    assert 'value="grace.l"' in page and f'<option selected value="{Q[1]}">' in page
    assert STRONG not in page and "Rex" not in page
    assert written() == before


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"email": "other@example.org", "email_confirm": "other@example.org"}, "does not match"),
        ({"email_confirm": "typo@example.org"}, "two email addresses do not match"),
        ({"no_ssn": ""}, "assisters never give their SSN"),
        ({"registration_number": "ABCD-EFGH-JKLM"}, "could not find this Registration Number"),
        ({"registration_number": ""}, "Enter the Registration Number"),
        ({"first_name": "Gracie"}, "does not match the name in your activation email"),
        ({"phone": "651-555-9999"}, "does not match the phone number"),
        ({"captcha": "000000x"}, "did not match the CAPTCHA"),
        ({"captcha": ""}, "Type the numbers in the CAPTCHA image"),
    ],
)
def test_each_details_error_keeps_typed_values_and_writes_nothing(
    client, post_form, enrolled, overrides, field_message
):
    assister, number = enrolled
    accept(client, post_form)
    client.get("/register/details")
    before = written()
    data = details_data(assister, number, client, **overrides)
    response = post_form("/register/details", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_message in page
    assert 'id="error-summary"' in page and "usa-error-message" in page
    assert f'value="{data["last_name"]}"' in page and f'value="{data["email_confirm"]}"' in page
    assert number not in page
    assert not data["captcha"] or f'value="{data["captcha"]}"' not in page
    assert written() == before


def test_reference_number_in_the_registration_field(client, post_form, enrolled):
    assister, _number = enrolled
    accept(client, post_form)
    client.get("/register/details")
    typed = reference_numbers.display(assister.reference_number)
    response = post_form("/register/details", details_data(assister, typed, client))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "This is your Reference Number" in page
    assert f'value="{typed}"' not in page


def test_used_and_replaced_numbers_are_named(app, client, post_form, enrolled, factories):
    assister, number = enrolled
    with app.test_request_context():
        registration.send_activation(factories.actor(factories.staff()), assister)
    accept(client, post_form)
    client.get("/register/details")
    page = post_form("/register/details", details_data(assister, number, client))
    assert page.status_code == 422 and "replaced by a newer one" in page.get_data(as_text=True)


def test_a_number_replaced_mid_wizard_is_named(app, client, post_form, enrolled, factories):
    assister, number = enrolled
    to_account(client, post_form, assister, number)
    with app.test_request_context():
        registration.send_activation(factories.actor(factories.staff()), assister)
    before = written()
    response = post_form("/register/account", account_data())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "replaced by a newer one" in page
    assert 'href="/register/details"' in page
    assert written() == before and Assister.get_by_id(assister.id).user_id is None
    page = client.get("/register/details").get_data(as_text=True)
    assert 'name="registration_number"' in page and 'value="Lindqvist"' in page
    assert client.get("/register/account").headers["Location"] == "/register/details"


def test_the_captcha_is_required_and_single_use(client, post_form, enrolled):
    assister, number = enrolled
    accept(client, post_form)
    client.get("/register/details")
    used = captcha_answer(client)
    data = details_data(assister, number, client, email_confirm="typo@example.org")
    assert post_form("/register/details", data).status_code == 422
    with client.session_transaction() as session:
        # A new CAPTCHA replaced the used one (made different here to rule out a coincidence).
        assert session["activation"]["captcha"]
        session["activation"] = {
            **session["activation"],
            "captcha": "1" * 6 if used != "111111" else "2" * 6,
        }
    response = post_form("/register/details", details_data(assister, number, client, captcha=used))
    assert response.status_code == 422 and "did not match the CAPTCHA" in response.get_data(
        as_text=True
    )
    missing = details_data(assister, number, client, captcha="")
    assert post_form("/register/details", missing).status_code == 422
    assert RegistrationNumber.select().where(RegistrationNumber.used_at.is_null(False)).count() == 0
    # Spaces don't matter.
    answer = captcha_answer(client)
    data = details_data(assister, number, client, captcha=f" {answer[:3]} {answer[3:]} ")
    assert post_form("/register/details", data).headers["Location"] == "/register/account"


def test_a_new_captcha_keeps_what_was_typed(client, post_form, enrolled):
    assister, number = enrolled
    accept(client, post_form)
    client.get("/register/details")
    old = captcha_answer(client)
    data = details_data(assister, number, client, action="new_captcha", first_name="Grace")
    response = post_form("/register/details", data)
    assert response.headers["Location"].startswith("/register/details")
    with client.session_transaction() as session:
        state = session["activation"]
    assert state["captcha"] and state["captcha_nonce"]
    assert old  # the image changed: a new answer and a new nonce in the image URL
    page = client.get("/register/details").get_data(as_text=True)
    assert 'value="Lindqvist"' in page and f"v={state['captcha_nonce']}" in page


def test_captcha_image_and_audio(client, post_form):
    accept(client, post_form)
    image = client.get("/register/captcha.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n" and image.headers["Cache-Control"] == "no-store"
    audio = client.get("/register/captcha.wav")
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    assert audio.data[:4] == b"RIFF" and audio.data[8:12] == b"WAVE"


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"password_confirm": "something else entirely"}, "two passwords do not match"),
        ({"password": "short", "password_confirm": "short"}, "at least 12 characters"),
        ({"username": "has spaces"}, "Use only letters"),
        ({"question_2": Q[0]}, "different question"),
        ({"answer_3": ""}, "Answer this question"),
    ],
)
def test_each_account_error_keeps_typed_values_and_writes_nothing(
    client, post_form, enrolled, overrides, field_message
):
    assister, number = enrolled
    to_account(client, post_form, assister, number)
    before = written()
    response = post_form("/register/account", account_data(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_message in page
    assert 'id="error-summary"' in page
    assert f'value="{account_data(**overrides)["username"]}"' in page
    assert STRONG not in page and "something else entirely" not in page
    assert written() == before
    assert Assister.get_by_id(assister.id).user_id is None


def test_a_taken_username_is_named(client, post_form, enrolled, factories):
    factories.user("consumer", username="grace.l")
    assister, number = enrolled
    to_account(client, post_form, assister, number)
    before = written()
    response = post_form("/register/account", account_data())
    assert response.status_code == 422 and "username is taken" in response.get_data(as_text=True)
    assert written() == before


def test_signed_in_users_are_sent_home(client, factories, sign_in):
    sign_in(factories.user("consumer"))
    assert client.get("/register").status_code == 302


def test_registration_number_entry_is_rate_limited(test_database_url):
    from portal.app import create_app
    from tests.conftest import ENVIRON, csrf_token_from

    app = create_app({"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, ENVIRON)
    client = app.test_client()
    # An address no other test uses, so no earlier counter is shared.
    address = {"REMOTE_ADDR": "198.51.100.88"}
    page = client.get("/register/privacy", environ_base=address).get_data(as_text=True)
    token = csrf_token_from(page)
    client.post("/register/privacy", data={"csrf_token": token, "action": "accept"})
    guess = {"csrf_token": token, "registration_number": "ABCD-EFGH-JKLM", "action": "next"}
    # Asking for a new CAPTCHA image or going Back does not count.
    for _ in range(3):
        back = {**guess, "action": "new_captcha"}
        assert client.post("/register/details", data=back, environ_base=address).status_code == 302
    statuses = [
        client.post("/register/details", data=guess, environ_base=address).status_code
        for _ in range(11)
    ]
    assert statuses == [422] * 10 + [429]


# Staff: send and re-send from /admin.


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def test_staff_send_and_resend(staff_client, post_form, factories):
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")
    url = f"/admin/admin_assister/activation/?id={assister.id}"
    listing = staff_client.get("/admin/admin_assister/").get_data(as_text=True)
    assert f"activation/?id={assister.id}" in listing
    page = staff_client.get(url).get_data(as_text=True)
    assert "Nora Vang" in page and "Send activation email" in page and "Not activated yet" in page
    response = post_form(url, {})
    assert response.status_code == 302
    page = staff_client.get(url).get_data(as_text=True)
    assert "Re-send activation email" in page and "activation email was sent" in page
    first = OutgoingMail.get(OutgoingMail.kind == "activation")
    number = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", first.body).group(0)
    assert number not in page
    assert post_form(url, {}).status_code == 302
    rows = list(RegistrationNumber.select().order_by(RegistrationNumber.id))
    assert len(rows) == 2 and rows[0].voided_at is not None and rows[1].voided_at is None
    assert OutgoingMail.select().where(OutgoingMail.kind == "activation").count() == 2
    events = AuditEvent.select().where(AuditEvent.action == "assister.activation_sent")
    assert events.count() == 2


def test_staff_cannot_send_to_an_activated_assister(staff_client, post_form, factories):
    assister = factories.assister("broker", with_account=True)
    url = f"/admin/admin_assister/activation/?id={assister.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "already has a portal account" in page and "Send activation email" not in page
    response = post_form(url, {})
    assert response.status_code == 422
    assert RegistrationNumber.select().count() == 0


def test_creating_an_assister_offers_the_activation(staff_client, post_form, factories):
    data = _assister_form(factories.agency().id)
    response = post_form("/admin/admin_assister/new/", data)
    assert response.status_code == 302
    assister = Assister.get(Assister.email == "lucia@example.org")
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="/admin/admin_assister/activation/?id={assister.id}"' in page


def test_an_enrolled_assister_without_the_course_is_emailed_a_training_id(
    staff_client, post_form, factories
):
    data = _assister_form(factories.agency().id)
    response = post_form("/admin/admin_assister/new/", data)
    assister = Assister.get(Assister.email == "lucia@example.org")
    assert assister.roster_status == "approved" and assister.mastered_course_year is None
    created = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Training ID" in created
    url = f"/admin/admin_assister/activation/?id={assister.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "not mastered" in page and "Email a Training ID" in page
    # The activation email waits for the course.
    assert post_form(url, {}).status_code == 422
    assert RegistrationNumber.select().count() == 0
    response = post_form(f"/admin/admin_assister/training-id/?id={assister.id}", {}, page=url)
    assert response.status_code == 302
    mail = OutgoingMail.get(OutgoingMail.kind == "training_id")
    assert mail.to_address == "lucia@example.org"
    training_id = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", mail.body).group(0)
    assert Assister.get_by_id(assister.id).training_id_hash == registration_numbers.hash_number(
        training_id)
    assert training_id not in staff_client.get(url).get_data(as_text=True)


def test_no_training_id_for_an_assister_who_mastered_the_course(
    staff_client, post_form, factories
):
    assister = factories.assister("broker")
    url = f"/admin/admin_assister/activation/?id={assister.id}"
    assert "Email a Training ID" not in staff_client.get(url).get_data(as_text=True)
    response = post_form(f"/admin/admin_assister/training-id/?id={assister.id}", {}, page=url)
    assert response.status_code == 302
    assert OutgoingMail.select().where(OutgoingMail.kind == "training_id").count() == 0
    missing = post_form("/admin/admin_assister/training-id/?id=987654321", {}, page=url)
    assert missing.status_code == 404
