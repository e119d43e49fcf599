"""Sign-in (password, then MFA where required) and sign-out."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from db import utcnow
from db.accounts import User
from portal import languages
from portal.auth import current_actor, home_for, safe_next
from portal.errors import DomainError
from portal.extensions import limiter
from portal.services import accounts, audit, lockout, mfa, signin
from portal.sessions import rotate
from views import form_errors
from views.auth.forms import SignInForm

bp = Blueprint("auth", __name__)

# A password accepted but MFA not finished: how long the half-way state lasts.
PENDING_SECONDS = 10 * 60


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    unverified = False
    if form.validate_on_submit():
        try:
            user = signin.check_password(current_actor(), form.username.data, form.password.data)
        except signin.EmailNotVerified as error:
            form.form_errors.append(error.message)
            unverified = True
        except DomainError as error:
            form.form_errors.append(error.message)
        else:
            return _password_accepted(user)
    status = form_errors.status(form)
    timed_out = request.args.get("timeout") == "1" or getattr(session, "timed_out", False)
    return render_template(
        "auth/sign_in.html",
        form=form,
        unverified=unverified,
        timed_out=timed_out,
        # "Create an account" takes the page being signed in for along (Request this assister).
        next_url=safe_next(request.args.get("next")),
    ), status


def _password_accepted(user):
    next_url = safe_next(request.args.get("next"))
    # A fresh session at sign-in: nothing from before it carries over (fixation).
    session.clear()
    rotate(session)
    if not mfa.required_for(user):
        return finish_sign_in(user, next_url)
    session["sign_in"] = {"user_id": user.id, "at": utcnow().timestamp(), "next": next_url}
    if user.mfa_mode is None:
        return redirect(url_for("auth.mfa_register"))
    return redirect(url_for("auth.mfa_delivery"))


def pending_user():
    """The user who gave the right password in this session and is now doing MFA, or None.

    Raises lockout.AccountLocked while their account is locked: no step of MFA passes then.
    """
    pending = session.get("sign_in")
    if not pending or utcnow().timestamp() - pending["at"] > PENDING_SECONDS:
        return None
    user = User.get_or_none(User.id == pending["user_id"], User.is_active == True)  # noqa: E712
    if user is not None:
        lockout.refuse_if_locked(user)
    return user


def locked_out(error):
    """End the half-signed-in state: after a lock, sign-in starts again from the password."""
    session.pop("sign_in", None)
    flash(error.message, "error")
    return redirect(url_for("auth.sign_in"))


def finish_sign_in(user, next_url=None):
    try:
        signin.complete(current_actor(), user)
    except lockout.AccountLocked as error:
        return locked_out(error)
    session.pop("sign_in", None)
    chosen = languages.browser_choice()
    if user.role == "consumer" and chosen and chosen != user.language:
        # The language they switched to before signing in is the one they read.
        accounts.set_language(user, chosen)
    login_user(user)
    # The id changes again once both factors have passed.
    rotate(session)
    return redirect(next_url or home_for(user))


@bp.post("/sign-out")
def sign_out():
    # The sign-in page that follows stays in the language the consumer was reading.
    language = languages.request_language()
    if current_user.is_authenticated:
        audit.record(current_actor(), "sign_out")
        logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("auth.sign_in"))
    chosen = languages.browser_choice()
    if language != chosen and (chosen is not None or language != languages.DEFAULT):
        languages.set_cookie(response, language)
    return response


from views.auth import account, mfa_steps  # noqa: E402, F401  (routes on bp)
