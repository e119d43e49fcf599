"""Pages anyone can open."""

from flask import Blueprint, redirect, render_template
from flask_login import current_user

from portal.auth import home_for

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("public/home.html")
