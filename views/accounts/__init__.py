"""Consumer account creation, email verification, and forgotten password or username."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from portal import languages
from portal.auth import current_actor, home_for, safe_next
from portal.errors import DomainError
from portal.extensions import limiter
from portal.services import consumer_accounts, passwords, recovery
from views import form_errors
from views.accounts.forms import (
    ConfirmForm,
    EmailForm,
    NewPasswordForm,
    PasswordAnswersForm,
    SignUpForm,
    UsernameAnswersForm,
    UsernameForm,
)
from views.security_questions import clear_answers

bp = Blueprint("accounts", __name__)

# S10: rate limits on password reset (and on everything else a stranger can post here).
POST_LIMIT = "5 per minute;30 per hour"
SIGN_UP_LIMIT = "10 per minute;50 per hour"


# Create an account -----------------------------------------------------------------------------


@bp.route("/create-account", methods=["GET", "POST"])
@limiter.limit(SIGN_UP_LIMIT, methods=["POST"])
def create_account():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    # The email an assister's invitation was sent to (consumer_accounts.invite_to_claim).
    form = SignUpForm(email=request.args.get("email", "")[:254])
    # The page the consumer was going to (a listing's Request this assister): the verification
    # link, then sign-in, take them back there.
    next_url = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        try:
            consumer_accounts.sign_up(
                current_actor(),
                form.first_name.data,
                form.last_name.data,
                form.email.data,
                form.username.data,
                form.password.data,
                form.answer_pairs(),
                next_url=next_url,
                # The account keeps the language its page was in: its mail and notices use it.
                language=languages.request_language(),
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            return redirect(url_for("accounts.check_email"))
    status = form_errors.status(form)
    clear_answers(form)
    return render_template(
        "accounts/create_account.html",
        form=form,
        minimum=passwords.MIN_LENGTH_WITHOUT_MFA,
        next_url=next_url,
    ), status


@bp.get("/create-account/check-email")
def check_email():
    return render_template("accounts/check_email.html")


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def verify_email(token):
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            consumer_accounts.verify_email(current_actor(), token)
        except DomainError as error:
            problem = error.message
        else:
            flash(_("Your email address is confirmed. You can now sign in."), "success")
            return redirect(url_for("auth.sign_in", next=safe_next(request.args.get("next"))))
    else:
        try:
            consumer_accounts.check_verification_link(token)
        except DomainError as error:
            problem = error.message
    status = 404 if problem else 200
    return render_template("accounts/verify_email.html", form=form, problem=problem), status


@bp.route("/verify-email/resend", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def resend_verification():
    form = EmailForm()
    if form.validate_on_submit():
        consumer_accounts.resend_verification(current_actor(), form.email.data)
        return render_template("accounts/resend_sent.html")
    status = form_errors.status(form)
    return render_template("accounts/resend_verification.html", form=form), status


# Forgot your password? Forgot your username? ---
# The manual's two recovery flows differ only in what identifies the account and what the
# answers unlock: step 1 asks for it, step 2 shows that account's questions and checks them.


@dataclass(frozen=True)
class Recovery:
    recovering: str  # "password" or "username": also the endpoints' and template's word
    identifier_form: type
    answers_form: type
    identifier: str  # the form field carried from step 1 to step 2
    questions_for: Callable
    finish: Callable  # (actor, identifier, answers): emails the link or the username


RECOVERIES = {
    "password": Recovery(
        "password",
        UsernameForm,
        PasswordAnswersForm,
        "username",
        recovery.questions_for_username,
        recovery.start_password_reset,
    ),
    "username": Recovery(
        "username",
        EmailForm,
        UsernameAnswersForm,
        "email",
        recovery.questions_for_email,
        recovery.remind_username,
    ),
}


def _recovery_start(flow):
    form = flow.identifier_form()
    if form.validate_on_submit():
        typed = form[flow.identifier].data.strip()
        answers = flow.answers_form(formdata=None, **{flow.identifier: typed})
        answers.ask(flow.questions_for(typed))
        return _questions_page(flow, answers)
    status = form_errors.status(form)
    return render_template(f"accounts/forgot_{flow.recovering}.html", form=form), status


def _recovery_answers(flow):
    form = flow.answers_form()
    typed = form[flow.identifier].data if form.is_submitted() else None
    if not typed:
        return redirect(url_for(f"accounts.forgot_{flow.recovering}"))
    form.ask(flow.questions_for(typed))
    if form.validate():
        flow.finish(current_actor(), typed, form.answers())
        return redirect(url_for(f"accounts.forgot_{flow.recovering}_sent"))
    clear_answers(form)
    return _questions_page(flow, form), 422


def _questions_page(flow, form):
    return render_template(
        "accounts/recovery_questions.html", form=form, recovering=flow.recovering
    )


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_password():
    return _recovery_start(RECOVERIES["password"])


@bp.route("/forgot-password/questions", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_password_questions():
    return _recovery_answers(RECOVERIES["password"])


@bp.route("/forgot-username", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_username():
    return _recovery_start(RECOVERIES["username"])


@bp.route("/forgot-username/questions", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_username_questions():
    return _recovery_answers(RECOVERIES["username"])


@bp.get("/forgot-password/sent")
def forgot_password_sent():
    return render_template("accounts/recovery_sent.html", message=recovery.NEUTRAL_MESSAGE)


@bp.get("/forgot-username/sent")
def forgot_username_sent():
    return render_template("accounts/recovery_sent.html", message=recovery.USERNAME_NEUTRAL_MESSAGE)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def reset_password(token):
    try:
        user = recovery.reset_token_user(token)
    except DomainError as error:
        return render_template(
            "accounts/reset_password.html", form=None, problem=error.message
        ), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        signed_in_as_owner = current_user.is_authenticated and current_user.id == user.id
        keep = getattr(session, "id_hash", None) if signed_in_as_owner else None
        try:
            recovery.reset_password(current_actor(), token, form.password.data, keep)
        except DomainError as error:
            if not error.field:
                return render_template(
                    "accounts/reset_password.html", form=None, problem=error.message
                ), 404
            form_errors.show(form, error)
        else:
            if not signed_in_as_owner and current_user.is_authenticated:
                logout_user()
                session.clear()
            flash(_("Your password has been changed. Sign in with your new password."), "success")
            return redirect(home_for(user) if signed_in_as_owner else url_for("auth.sign_in"))
    status = form_errors.status(form)
    minimum = passwords.MIN_LENGTH_WITHOUT_MFA if user.mfa_mode is None else passwords.MIN_LENGTH
    return render_template(
        "accounts/reset_password.html", form=form, problem=None, minimum=minimum
    ), status
