"""Pages anyone can open."""

from flask import Blueprint, current_app, redirect, render_template
from flask_login import current_user

from portal.auth import home_for

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
