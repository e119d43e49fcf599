"""Find local help (S7): anyone, signed in or not, searches the certified assisters and
agencies near them and opens a listing or an agency's page.

The search lives in the URL (a GET form), so a search is bookmarkable and Back works; with
htmx the form and the page links redraw only the results. Nothing here is a consumer's data:
nothing is audited, and the search terms are not logged. Every page counts against one
limit per address, so the directory can't be copied wholesale.
"""

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2_fragments.flask import render_blocks

from portal.extensions import limiter
from portal.services import directory
from views import form_errors
from views.directory.forms import SearchForm

bp = Blueprint("directory", __name__, url_prefix="/find-help")

TEMPLATE = "directory/search.html"
TOO_MANY = _l(
    "You have opened Find local help many times in a short while. Wait a minute, then search "
    "again."
)

limited = limiter.shared_limit(
    lambda: current_app.config["DIRECTORY_RATE_LIMIT"], scope="directory"
)


@bp.errorhandler(429)
def too_many(_error):
    return render_template(
        "errors/error.html", code=429, title=_("Too many searches"), message=TOO_MANY
    ), 429


@bp.get("")
@limited
def search():
    """The form and, once something is asked, a page of results; an htmx request gets only the
    results (the form it came from keeps what was typed)."""
    form = SearchForm(request.args)
    results, status = None, 200
    try:
        criteria = directory.Criteria.parse(request.args)
    except directory.InvalidCriteria as error:
        for problem in error.problems:
            form_errors.show(form, problem)
        criteria, status = None, 422
    else:
        if criteria.searched:
            results = directory.search(criteria)
    context = {"form": form, "results": results, "criteria": criteria}
    if request.htmx and not request.htmx.history_restore_request:
        # htmx swaps only 2xx answers: a search that can't be read answers 200, the results
        # saying what to correct and the form, swapped out of band, marking the fields.
        return render_blocks(TEMPLATE, ["results", "search_form"], oob=True, **context)
    return render_template(TEMPLATE, oob=False, **context), status


@bp.get("/agencies/<int:agency_id>")
@limited
def agency(agency_id):
    """A listed agency: where, when, in which languages, and its listed assisters."""
    return render_template("directory/agency.html", page=directory.agency_page(agency_id))


@bp.get("/assisters/<int:assister_id>")
@limited
def assister(assister_id):
    """One listed assister, as the results list them, with their agency's page linked."""
    return render_template(
        "directory/assister.html", entry=directory.assister_listing(assister_id)
    )
