"""Account activation ("Register for an Account") for assisters and agency administrators, as the
manual's steps.

Register → Privacy Warning and Rules of Behavior (Accept) → registration details (contact
information as in the email, email twice, no SSN, Registration Number, CAPTCHA) → Account
Information → done. Each step is its own screen. What was entered so far (never a secret: not the
Registration Number, the CAPTCHA answer, passwords or security answers) is kept in the server-side
session under one key, so Back loses nothing; nothing is created until the last step succeeds.
"""

import secrets

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp, ValidationError

from db.assisters import RegistrationNumber
from portal.auth import current_actor, home_for
from portal.errors import DomainError
from portal.extensions import limiter
from portal.forms import PortalForm
from portal.services import passwords, registration
from views import form_errors
from views.security_questions import SecurityQuestionsForm, clear_answers

bp = Blueprint("activation", __name__, url_prefix="/register")

KEY = "activation"
# Digits only: the audio CAPTCHA reads digits unambiguously, and the image has no I/1 or O/0.
CAPTCHA_CHARACTERS = "0123456789"
CAPTCHA_LENGTH = 6
DETAIL_FIELDS = ("first_name", "last_name", "phone", "email", "email_confirm")
ACCOUNT_FIELDS = ("username", "question_1", "question_2", "question_3")
# Guessing Registration Numbers is slow by design: a few tries an hour, a day's cap per address.
DETAILS_LIMIT = "10 per hour;30 per day"
# Drawing costs CPU (the audio about a quarter of a second): enough for a person, not a flood.
CAPTCHA_LIMIT = "30 per minute;300 per day"


class DecisionForm(PortalForm):
    """The Privacy Warning's Accept / Decline: only the CSRF token and the button pressed."""


class DetailsForm(PortalForm):
    first_name = StringField(
        "First name", validators=[DataRequired("Enter your first name."), Length(max=100)]
    )
    last_name = StringField(
        "Last name", validators=[DataRequired("Enter your last name."), Length(max=100)]
    )
    phone = StringField(
        "Phone number", validators=[DataRequired("Enter your phone number."), Length(max=20)]
    )
    email = StringField(
        "Email address",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254),
            Email("Enter an email address like name@example.org."),
        ],
    )
    email_confirm = StringField(
        "Confirm email address",
        validators=[DataRequired("Enter your email address again."), Length(max=254)],
    )
    no_ssn = BooleanField(
        "I do not wish to provide my Social Security Number",
        validators=[
            DataRequired(
                "Tick \u201cI do not wish to provide my Social Security Number\u201d: "
                "agency administrators and assisters never give their SSN."
            )
        ],
    )
    registration_number = StringField("Registration Number", validators=[Length(max=40)])
    captcha = StringField("Numbers in the CAPTCHA image", validators=[Length(max=20)])

    def validate_email_confirm(self, field):
        if (self.email.data or "").strip().casefold() != (field.data or "").strip().casefold():
            raise ValidationError(
                "The two email addresses do not match. Enter the same address twice."
            )


class AccountForm(SecurityQuestionsForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired("Choose a username."),
            Length(3, 64, "A username has 3 to 64 characters."),
            Regexp(
                r"^[A-Za-z0-9._-]+$",
                message="Use only letters, numbers, dots (.), underscores (_) and hyphens (-).",
            ),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Choose a password.")])
    password_confirm = PasswordField(
        "Confirm password", validators=[DataRequired("Enter your password again.")]
    )

    def validate_password_confirm(self, field):
        if self.password.data and field.data != self.password.data:
            raise ValidationError("The two passwords do not match. Enter the same password twice.")


@bp.before_request
def not_when_signed_in():
    if current_user.is_authenticated:
        flash("You are signed in already: an account is activated only once.", "info")
        return redirect(home_for(current_user))
    return None


@bp.get("")
def start():
    return render_template("activation/start.html")


@bp.route("/privacy", methods=["GET", "POST"])
def privacy():
    form = DecisionForm()
    if form.validate_on_submit():
        if request.form.get("action") != "accept":
            session.pop(KEY, None)
            flash(
                "You must accept the Privacy Warning and Rules of Behavior to create an "
                "account. Nothing was saved.",
                "info",
            )
            return redirect(url_for(".start"))
        state = _state()
        state.pop("done", None)
        state["accepted"] = True
        _save(state)
        return redirect(url_for(".details"))
    return render_template("activation/privacy.html", form=form)


@bp.route("/details", methods=["GET", "POST"])
@limiter.limit(
    DETAILS_LIMIT,
    methods=["POST"],
    exempt_when=lambda: request.form.get("action", "next") != "next",
)
def details():
    state = _state()
    if not state.get("accepted"):
        return redirect(url_for(".privacy"))
    if request.method == "GET":
        if request.args.get("change"):
            state.pop("registration_id", None)
            _save(state)
        form = DetailsForm(formdata=None, data=state.get("details", {}))
        return _details_page(form, state)
    form = DetailsForm()
    action = request.form.get("action", "next")
    # CSRFProtect has checked the token of every POST before the view runs.
    if action in ("back", "new_captcha"):
        state["details"] = _details_entered(form)
        if action == "back":
            _save(state)
            return redirect(url_for(".privacy"))
        _new_captcha(state)
        _save(state)
        return redirect(url_for(".details", _anchor="captcha-group"))
    verified = _verified_registration(state)
    captcha_expected = state.pop("captcha", None)
    state.pop("captcha_nonce", None)
    valid = form.validate()
    found = None
    if verified is None:
        if not (form.captcha.data or "").strip():
            form.captcha.errors = [*form.captcha.errors, "Type the numbers in the CAPTCHA image."]
            valid = False
        elif not _captcha_matches(captcha_expected, form.captcha.data):
            form.captcha.errors = [
                *form.captcha.errors,
                "The numbers did not match the CAPTCHA. Type the numbers in the new image.",
            ]
            valid = False
        if not (form.registration_number.data or "").strip():
            form.registration_number.errors = [
                *form.registration_number.errors,
                "Enter the Registration Number from the bottom of your activation email.",
            ]
            valid = False
    if valid:
        try:
            found = registration.check_registration(
                verified or form.registration_number.data,
                form.email.data,
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                phone=form.phone.data,
            )
        except DomainError as error:
            if error.field == registration.NUMBER_FIELD:
                # Used or replaced since it was checked: show the field again to type a new one.
                state.pop("registration_id", None)
            form_errors.show(form, error)
    state["details"] = _details_entered(form)
    if found is None:
        _save(state)
        return _details_page(form, state, status=422)
    state["registration_id"] = found.id
    _save(state)
    return redirect(url_for(".account"))


@bp.route("/account", methods=["GET", "POST"])
def account():
    state = _state()
    verified = _verified_registration(state)
    if not state.get("accepted") or verified is None:
        return redirect(url_for(".details"))
    if request.method == "GET":
        return _account_page(AccountForm(formdata=None, data=state.get("account", {})))
    form = AccountForm()
    action = request.form.get("action", "next")
    state["account"] = {name: form[name].data or "" for name in ACCOUNT_FIELDS}
    if action == "back":
        _save(state)
        return redirect(url_for(".details"))
    _save(state)
    valid = form.validate()
    email = state["details"]["email"]
    found = passwords.problems(form.password.data, username=form.username.data, email=email)
    if found and not form.password.errors:
        # One message: the field shows one error element, referenced by aria-describedby.
        form.password.errors = [" ".join(found)]
        valid = False
    if not valid:
        return _account_page(form, status=422)
    try:
        user = registration.activate(
            current_actor(),
            verified,
            email,
            form.username.data,
            form.password.data,
            form.answer_pairs(),
        )
    except DomainError as error:
        if error.field not in form:
            # The Registration Number can no longer be used (used or replaced meanwhile).
            state.pop("registration_id", None)
            _save(state)
        form_errors.show(form, error)
        return _account_page(form, status=422)
    session[KEY] = {"done": user.username, "email": user.email}
    return redirect(url_for(".done"))


@bp.get("/done")
def done():
    state = _state()
    if not state.get("done"):
        return redirect(url_for(".start"))
    return render_template("activation/done.html", username=state["done"], email=state["email"])


@bp.get("/captcha.png")
@limiter.limit(CAPTCHA_LIMIT)
def captcha_image():
    answer = _current_captcha()
    image = ImageCaptcha(width=240, height=80).generate(answer, format="png")
    return _no_store(Response(image.getvalue(), mimetype="image/png"))


@bp.get("/captcha.wav")
@limiter.limit(CAPTCHA_LIMIT)
def captcha_audio():
    answer = _current_captcha()
    sound = AudioCaptcha().generate(answer)
    response = Response(bytes(sound), mimetype="audio/wav")
    response.headers["Content-Disposition"] = 'inline; filename="captcha.wav"'
    return _no_store(response)


def _state():
    return dict(session.get(KEY) or {})


def _save(state):
    session[KEY] = state


def _details_entered(form):
    """The details typed so far, without the Registration Number or the CAPTCHA answer."""
    entered = {name: (form[name].data or "").strip() for name in DETAIL_FIELDS}
    entered["no_ssn"] = bool(form.no_ssn.data)
    return entered


def _verified_registration(state):
    """The Registration Number this wizard already checked, if it is still on file."""
    number_id = state.get("registration_id")
    if number_id is None:
        return None
    return RegistrationNumber.get_or_none(RegistrationNumber.id == number_id)


def _details_page(form, state, status=200):
    # The secrets are never sent back: the Registration Number and CAPTCHA are typed afresh.
    form.registration_number.data = ""
    form.captcha.data = ""
    if "captcha" not in state:
        _new_captcha(state)
        _save(state)
    return render_template(
        "activation/details.html",
        form=form,
        verified=_verified_registration(state) is not None,
        captcha_nonce=state["captcha_nonce"],
        captcha_length=CAPTCHA_LENGTH,
    ), status


def _account_page(form, status=200):
    form.password.data = ""
    form.password_confirm.data = ""
    clear_answers(form)
    return render_template(
        "activation/account.html", form=form, password_min=passwords.MIN_LENGTH
    ), status


def _new_captcha(state):
    state["captcha"] = "".join(secrets.choice(CAPTCHA_CHARACTERS) for _ in range(CAPTCHA_LENGTH))
    state["captcha_nonce"] = secrets.token_hex(4)


def _current_captcha():
    state = _state()
    if not state.get("accepted"):
        abort(404)
    if "captcha" not in state:
        _new_captcha(state)
        _save(state)
    return state["captcha"]


def _captcha_matches(expected, typed):
    typed = "".join((typed or "").split()).upper()
    return bool(expected) and secrets.compare_digest(typed.encode(), expected.upper().encode())


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
