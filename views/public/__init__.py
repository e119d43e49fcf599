"""Pages anyone can open."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from portal import languages
from portal.auth import home_for, safe_next
from portal.services import accounts

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("public/home.html")


@bp.get("/contact")
def contact():
    """Contact us: the marketplace's help lines, as configured (HELP_LINES)."""
    return render_template("public/contact.html", help_lines=current_app.config["HELP_LINES"])


@bp.post("/language")
def choose_language():
    """A signed-in consumer's language switch (a form, as it changes their account); visitors
    switch with a link (portal.languages)."""
    chosen = request.form.get("language")
    if not languages.is_language(chosen):
        abort(400)
    if current_user.is_authenticated and current_user.role == "consumer":
        accounts.set_language(current_user, chosen)
    response = redirect(safe_next(request.form.get("next")) or url_for("public.home"), 303)
    languages.set_cookie(response, chosen)
    return response
