"""The MFA screens of sign-in: registration on first sign-in, delivery mode, access code."""

from functools import wraps

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from portal.auth import current_actor
from portal.errors import DomainError
from portal.extensions import limiter
from portal.services import lockout, mfa
from views import form_errors
from views.auth import bp, finish_sign_in, locked_out, pending_user
from views.auth.forms import CodeForm, DeliveryForm, MfaRegistrationForm


def sign_in_step(view):
    """Every MFA step of sign-in passes here: it gets the user who gave the right password in
    this session, unless that sign-in has lapsed or the account is locked (which ends it)."""

    @wraps(view)
    def step(*args, **kwargs):
        try:
            user = pending_user()
        except lockout.AccountLocked as error:
            return locked_out(error)
        if user is None:
            flash(_("Your sign-in took too long or was not started. Please sign in again."), "info")
            return redirect(url_for("auth.sign_in"))
        return view(user, *args, **kwargs)

    return step


@bp.route("/sign-in/mfa/register", methods=["GET", "POST"])
@sign_in_step
def mfa_register(user):
    if user.mfa_mode is not None:
        return redirect(url_for("auth.mfa_delivery"))
    form = MfaRegistrationForm()
    if form.validate_on_submit():
        try:
            user = mfa.register(current_actor(), user, form.email.data, form.agree.data)
        except DomainError as error:
            form_errors.show(form, error)
        else:
            mfa.send_code(current_actor(), user)
            session["sign_in"] = {**session["sign_in"], "mode": "email"}
            return render_template("auth/mfa_registered.html", email=mfa.mask_email(user.email))
    status = form_errors.status(form)
    return render_template("auth/mfa_register.html", form=form), status


@bp.route("/sign-in/mfa", methods=["GET", "POST"])
@sign_in_step
def mfa_delivery(user):
    if user.mfa_mode is None:
        return redirect(url_for("auth.mfa_register"))
    form = DeliveryForm()
    form.mode.choices = [
        SelectChoice(
            "email",
            _(
                "One-time access code through email (%(email)s)",
                email=mfa.mask_email(user.mfa_email),
            ),
        )
    ]
    if user.totp_secret:
        form.mode.choices.append(SelectChoice("app", _("Code from my authenticator app")))
        if form.mode.data == "email" and user.mfa_mode == "totp" and not form.is_submitted():
            form.mode.data = "app"
    if form.validate_on_submit():
        session["sign_in"] = {**session["sign_in"], "mode": form.mode.data}
        if form.mode.data == "email":
            mfa.send_code(current_actor(), user)
        return redirect(url_for("auth.mfa_code"))
    status = form_errors.status(form)
    return render_template("auth/mfa_delivery.html", form=form), status


@bp.route("/sign-in/mfa/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@sign_in_step
def mfa_code(user):
    mode = session["sign_in"].get("mode")
    if mode not in ("email", "app"):
        return redirect(url_for("auth.mfa_delivery"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            if mode == "app":
                mfa.verify_totp(current_actor(), user, form.code.data)
            else:
                mfa.verify_code(current_actor(), user, form.code.data)
        except lockout.AccountLocked as error:
            return locked_out(error)
        except DomainError as error:
            form_errors.show(form, error)
        else:
            return finish_sign_in(user, session["sign_in"].get("next"))
    status = form_errors.status(form)
    return render_template(
        "auth/mfa_code.html", form=form, mode=mode, email=mfa.mask_email(user.mfa_email)
    ), status


@bp.post("/sign-in/mfa/new-code")
@limiter.limit("5 per 10 minutes")
@sign_in_step
def mfa_new_code(user):
    if session["sign_in"].get("mode") != "email":
        abort(400)
    mfa.send_code(current_actor(), user)
    flash(_("We sent a new code. The earlier code no longer works."), "success")
    return redirect(url_for("auth.mfa_code"))
