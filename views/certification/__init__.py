"""Becoming a certified assister or agency (S8), before anyone has an account: the overview of
the steps, an organization's application to be certified as an agency (`agencies.py`) and an
individual's certification registration (`individuals.py`)."""

from flask import Blueprint, render_template

bp = Blueprint("certification", __name__, url_prefix="/certification")


@bp.get("/")
def overview():
    return render_template("certification/overview.html")


import views.certification.individuals  # noqa: E402,F401  (registers the registration's routes)
