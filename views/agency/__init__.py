"""The agency administrator's pages (S8): the agency's overview, its roster, every client of its
assisters, and handing a departing assister's clients over. An agency administrator sees only
their own agency."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from portal.auth import require_role
from portal.services import agency_overview

bp = Blueprint("agency", __name__, url_prefix="/agency")
bp.before_request(require_role("agency_admin"))


def current_agency_admin():
    """The signed-in agency administrator's record, with their agency. An account whose record
    or agency is no longer active opens nothing."""
    admin = (
        current_user.agency_admin_profile.get_or_none()
        if current_user.is_authenticated
        else None
    )
    if admin is None or not admin.is_active or not admin.agency.is_active:
        abort(403)
    return admin


@bp.before_request
def active_agency_admin():
    current_agency_admin()


@bp.get("/")
def home():
    admin = current_agency_admin()
    return render_template(
        "agency/home.html", admin=admin, overview=agency_overview.of(admin.agency)
    )

import views.agency.clients  # noqa: E402,F401  (registers the Clients pages' routes)
import views.agency.handover  # noqa: E402,F401  (registers the hand-over pages' routes)
import views.agency.roster  # noqa: E402,F401  (registers the roster's routes)
