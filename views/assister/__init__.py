"""The assister's pages: Client Requests (the dashboard), the privacy screen and their profile.

The client pages (Assist Client, Client Details, ending an association) are in `clients.py`;
their listing in Find local help is in `listing.py`, the requests consumers sent them from it in
`requests.py`.
"""

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_login import logout_user
from wtforms import HiddenField

from portal.auth import require_role
from portal.forms import PortalForm
from portal.services import certifications, standing
from portal.services.client_listing import QUEUE, Listing
from portal.services.client_tables import PER_PAGE_CHOICES, SEARCH_MAX
from portal.services.clients import client_page
from portal.sessions import rotate
from views.acting_for import current_assister
from views.client_tables import render_table

bp = Blueprint("assister", __name__, url_prefix="/assister")
bp.before_request(require_role("assister"))

PRIVACY_KEY = "privacy_screen"


class PrivacyForm(PortalForm):
    on = HiddenField()


@bp.before_request
def in_good_standing():
    """Every assister page, after the role guard: an assister whose standing has lapsed (made
    inactive, certification expired, agency inactive) is refused, and their access ends."""
    standing.require(current_assister())


@bp.app_errorhandler(standing.Lapsed)
def access_ended(error):
    """Raised here or by the check every client page makes (`associations.require_access`, in
    the application and enrollment screens too): the assister's sessions have ended, so this
    one is signed out, and the sign-in page says why and whom to call."""
    logout_user()
    session.clear()
    # A new, signed-out session carries the message: the old row is gone.
    rotate(session)
    flash(error.message, "error")
    response = redirect(url_for("auth.sign_in"))
    if request.htmx:
        # An htmx request would swap the sign-in page into the table: the whole page goes there.
        response = Response(headers={"HX-Redirect": url_for("auth.sign_in")})
    return response


def privacy_on():
    return bool(session.get(PRIVACY_KEY))


@bp.get("/")
def home():
    """Client Requests: the work queue and the table; an htmx request gets only the table."""
    assister = current_assister()
    listing = Listing.from_query(request.args)
    page = client_page(assister, listing)
    return render_table(
        "assister/dashboard.html",
        "client_table",
        assister=assister,
        page=page,
        listing=page.listing,
        listing_endpoint="assister.home",
        queue_entries=QUEUE,
        privacy=privacy_on(),
        per_page_choices=PER_PAGE_CHOICES,
        search_max=SEARCH_MAX,
        renewal_due=certifications.renewal_due(assister),
    )


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


import views.assister.certification  # noqa: E402,F401  (registers Your certification's routes)
import views.assister.clients  # noqa: E402,F401  (registers the client pages' routes)
import views.assister.listing  # noqa: E402,F401  (registers the listing's route)
import views.assister.requests  # noqa: E402,F401  (registers the directory requests' routes)
