"""Consumer account creation, email verification, and forgotten password or username."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, logout_user

from portal.auth import current_actor, home_for
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
    form = SignUpForm()
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
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            return redirect(url_for("accounts.check_email"))
    status = 422 if form.errors or form.form_errors else 200
    clear_answers(form)
    return render_template(
        "accounts/create_account.html",
        form=form,
        minimum=passwords.MIN_LENGTH_WITHOUT_MFA,
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
            flash("Your email address is confirmed. You can now sign in.", "success")
            return redirect(url_for("auth.sign_in"))
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
    status = 422 if form.errors else 200
    return render_template("accounts/resend_verification.html", form=form), status


# Forgot your password? ----------------------------------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_password():
    form = UsernameForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        answers = PasswordAnswersForm(formdata=None, username=username)
        answers.ask(recovery.questions_for_username(username))
        return render_template(
            "accounts/recovery_questions.html", form=answers, recovering="password"
        )
    status = 422 if form.errors else 200
    return render_template("accounts/forgot_password.html", form=form), status


@bp.route("/forgot-password/questions", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_password_questions():
    form = PasswordAnswersForm()
    if not form.is_submitted():
        return redirect(url_for("accounts.forgot_password"))
    if not form.username.data:
        return redirect(url_for("accounts.forgot_password"))
    form.ask(recovery.questions_for_username(form.username.data))
    if form.validate():
        recovery.start_password_reset(current_actor(), form.username.data, form.answers())
        return redirect(url_for("accounts.forgot_password_sent"))
    clear_answers(form)
    return render_template(
        "accounts/recovery_questions.html", form=form, recovering="password"
    ), 422


@bp.get("/forgot-password/sent")
def forgot_password_sent():
    return render_template("accounts/recovery_sent.html", message=recovery.NEUTRAL_MESSAGE)


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
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(home_for(user) if signed_in_as_owner else url_for("auth.sign_in"))
    status = 422 if form.errors or form.form_errors else 200
    minimum = passwords.MIN_LENGTH_WITHOUT_MFA if user.mfa_mode is None else passwords.MIN_LENGTH
    return render_template(
        "accounts/reset_password.html", form=form, problem=None, minimum=minimum
    ), status


# Forgot your username? ----------------------------------------------------------------------------


@bp.route("/forgot-username", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_username():
    form = EmailForm()
    if form.validate_on_submit():
        email = form.email.data.strip()
        answers = UsernameAnswersForm(formdata=None, email=email)
        answers.ask(recovery.questions_for_email(email))
        return render_template(
            "accounts/recovery_questions.html", form=answers, recovering="username"
        )
    status = 422 if form.errors else 200
    return render_template("accounts/forgot_username.html", form=form), status


@bp.route("/forgot-username/questions", methods=["GET", "POST"])
@limiter.limit(POST_LIMIT, methods=["POST"])
def forgot_username_questions():
    form = UsernameAnswersForm()
    if not form.is_submitted() or not form.email.data:
        return redirect(url_for("accounts.forgot_username"))
    form.ask(recovery.questions_for_email(form.email.data))
    if form.validate():
        recovery.remind_username(current_actor(), form.email.data, form.answers())
        return redirect(url_for("accounts.forgot_username_sent"))
    clear_answers(form)
    return render_template(
        "accounts/recovery_questions.html", form=form, recovering="username"
    ), 422


@bp.get("/forgot-username/sent")
def forgot_username_sent():
    return render_template("accounts/recovery_sent.html", message=recovery.USERNAME_NEUTRAL_MESSAGE)
