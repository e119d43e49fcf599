"""Sign-in and sign-out."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from portal.auth import current_actor, home_for
from portal.services import accounts, audit

bp = Blueprint("auth", __name__)


class SignInForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username."), Length(max=64)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=128)]
    )


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(current_actor(), form.username.data, form.password.data)
        if user is not None:
            # A fresh session at sign-in: nothing from before it carries over (fixation).
            session.clear()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
        form.form_errors.append("The username or password is not correct.")
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        audit.record(current_actor(), "sign_out")
        logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.sign_in"))


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


def _safe_next(target):
    """Only a path on this site: never an open redirect to somewhere else."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
