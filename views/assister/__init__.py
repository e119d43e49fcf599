"""The assister's pages: Client Requests (the dashboard), the privacy screen and their profile.

The client pages (Assist Client, Client Details, ending an association) are in `clients.py`.
"""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from jinja2_fragments.flask import render_block
from wtforms import HiddenField

from portal.auth import require_role
from portal.services.clients import PER_PAGE_CHOICES, Listing, client_page

bp = Blueprint("assister", __name__, url_prefix="/assister")
bp.before_request(require_role("assister"))

PRIVACY_KEY = "privacy_screen"
LISTING_ARGS = ("sort", "q", "status", "page", "per_page")


class PrivacyForm(FlaskForm):
    on = HiddenField()


def current_assister():
    return current_user.assister_profile.get()


def privacy_on():
    return bool(session.get(PRIVACY_KEY))


@bp.get("/")
def home():
    """Client Requests: the work queue and the table; an htmx request gets only the table."""
    assister = current_assister()
    listing = Listing.clean(**{name: request.args.get(name) for name in LISTING_ARGS})
    page = client_page(assister, listing)
    # A history restore (Back after the cache is gone) needs the whole page, not the fragment.
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "assister": assister,
        "page": page,
        "listing": page.listing,
        "privacy": privacy_on(),
        "privacy_form": PrivacyForm(on="0" if privacy_on() else "1"),
        "fragment": fragment,
        "per_page_choices": PER_PAGE_CHOICES,
    }
    if fragment:
        return render_block("assister/dashboard.html", "client_table", **context)
    return render_template("assister/dashboard.html", **context)


@bp.post("/privacy")
def privacy():
    """Turn the privacy screen on or off for the rest of this session (S13)."""
    form = PrivacyForm()
    if form.validate_on_submit():
        session[PRIVACY_KEY] = form.on.data == "1"
    return redirect(url_for("assister.home"))


@bp.get("/profile")
def profile():
    """The Reference Number to give consumers, and what they see about the assister."""
    return render_template("assister/profile.html", assister=current_assister())


import views.assister.clients  # noqa: E402,F401  (registers the client pages' routes)
