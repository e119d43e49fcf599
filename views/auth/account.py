"""The signed-in user's own account: MFA settings, authenticator app, active sessions."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from markupsafe import Markup

from portal.auth import current_actor
from portal.errors import DomainError
from portal.services import lockout, mfa, sessions
from views import form_errors
from views.auth import bp
from views.auth.forms import AuthenticatorForm, TurnOnEmailCodesForm


@bp.get("/account")
@login_required
def account():
    return render_template(
        "auth/account.html",
        email_form=TurnOnEmailCodesForm(),
        mfa_required=mfa.required_for(current_user),
    )


@bp.post("/account/mfa/email")
@login_required
def turn_on_email_codes():
    form = TurnOnEmailCodesForm()
    if form.validate_on_submit():
        try:
            mfa.register(current_actor(), current_user, current_user.email, form.agree.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(
                _("Multi-factor authentication is on: each sign-in asks for a code sent by email."),
                "success",
            )
    return redirect(url_for("auth.account"))


@bp.route("/account/authenticator", methods=["GET", "POST"])
@login_required
def authenticator():
    # The secret waits in the (server-side) session until the user proves their app has it.
    secret = session.get("totp_setup") or mfa.new_totp_secret()
    session["totp_setup"] = secret
    form = AuthenticatorForm()
    if form.validate_on_submit():
        try:
            mfa.confirm_totp(
                current_actor(), current_user, secret, form.code.data, form.password.data
            )
        except lockout.AccountLocked as error:
            # This session could not show it is the account holder's: it ends with the lock.
            logout_user()
            session.clear()
            flash(error.message, "error")
            return redirect(url_for("auth.sign_in"))
        except DomainError as error:
            form_errors.show(form, error)
        else:
            session.pop("totp_setup", None)
            flash(_("Your authenticator app is set up. Choose it when you sign in."), "success")
            return redirect(url_for("auth.account"))
    status = form_errors.status(form)
    qr = Markup(mfa.totp_qr_svg(current_user, secret))  # noqa: S704  (segno's own SVG)
    return render_template("auth/authenticator.html", form=form, qr=qr, secret=secret), status


@bp.get("/account/sessions")
@login_required
def account_sessions():
    return render_template(
        "auth/sessions.html", rows=list(sessions.active_for(current_user)), current=session.id_hash
    )


@bp.post("/account/sessions/end")
@login_required
def end_session():
    id_hash = request.form.get("session", "")
    if id_hash == session.id_hash:
        return redirect(url_for("auth.sign_out"), code=307)
    try:
        sessions.end(current_actor(), current_user, id_hash)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("That session has ended: whoever was using it is signed out."), "success")
    return redirect(url_for("auth.account_sessions"))


@bp.post("/session/keep-alive")
@login_required
def keep_alive():
    # Any request refreshes the session; this one exists for the "Stay signed in" button.
    session.modified = True
    return "", 204
