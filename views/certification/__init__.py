"""Becoming a certified assister or agency (S8), before anyone has an account: the overview of
the steps, an organization's application to be certified as an agency (`agencies.py`) and an
individual's certification registration (`individuals.py`)."""

from flask import Blueprint, render_template

bp = Blueprint("certification", __name__, url_prefix="/certification")

# The forms here are a visitor's, each limited per address (portal/config.py).
TOO_MANY = (
    "Many applications were sent from your address in a short while. Wait a few minutes, then "
    "send yours again."
)


@bp.errorhandler(429)
def too_many(_error):
    return render_template(
        "errors/error.html", code=429, title="Too many applications", message=TOO_MANY
    ), 429


@bp.get("/")
def overview():
    return render_template("certification/overview.html")


import views.certification.agencies  # noqa: E402,F401  (registers the agency application's routes)
import views.certification.individuals  # noqa: E402,F401  (registers the registration's routes)
