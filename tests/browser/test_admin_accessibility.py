"""Every admin page staff open passes axe-core (WCAG 2.1 A and AA) and HTML_CodeSniffer (WCAG 2
AA errors): each list (as it opens, searched, filtered), form, record and action page, found in
the app's own URL map, so a page added later is checked without a line here."""

from collections import namedtuple
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from werkzeug.routing import BuildError

from tests import routes
from tests.browser.conftest import serving, sign_in_with_mfa
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

# What a rule answers that is not a page a person reads: by the rule's view name.
NOT_PAGES = {
    "static": "the admin's CSS and JavaScript files",
    "export": "a CSV file",
    "download": "a report's table as a CSV file",
    "ajax_lookup": "JSON for a select box",
    "open_view": "the uploaded document's own file",
}
# Admin GET rules that need a record the world does not have: {endpoint: reason}.
SKIPPED = {}
# The records' pages flask-admin shows only when the view allows them.
ALLOWED_BY = {"create_view": "can_create", "edit_view": "can_edit",
              "details_view": "can_view_details"}
# A value each kind of filter takes: the first a filter validates is used.
FILTER_VALUES = ("1", "2026-01-01", "2026-01-01 00:00:00", "2026-01-01 to 2026-12-31", "Ada")
SEARCH_TERM = "Consumer"
# A create form with required text, dates and choices: checked once refused.
REFUSED_FORM = "/admin/admin_assister/new/"

Walk = namedtuple("Walk", "urls unwalkable")


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory, compiled_templates):
    with routes.world_app(database_url, tmp_path_factory.mktemp("admin_a11y"),
                          compiled_templates) as app:
        yield routes.build_world(app)


def admin_get_rules(app):
    return [rule for rule in routes.rules(app)
            if rule.rule.startswith("/admin/") and "GET" in rule.methods]


def view_of(app, rule):
    """The flask-admin view that answers `rule` (its handler is one of the view's methods)."""
    return getattr(app.view_functions[rule.endpoint], "__self__", None)


def filtered(view):
    """The list's query arguments with a filter on each column it can be filtered by (each kind
    of filter row drawn at once), or {} if it has none."""
    applied, names = {}, set()
    for index, flt in enumerate(view.get_filters() or ()):
        options = flt.get_options(view)
        values = [options[0][0]] if options else [v for v in FILTER_VALUES if flt.validate(v)]
        if flt.name not in names and values:
            names.add(flt.name)
            applied[f"flt{len(applied)}_{view.get_filter_arg(index, flt)}"] = values[0]
    return applied


def walk(world):
    """The URL of every admin page, and the admin GET rules that are neither walked nor left
    out with a reason (a page needing an id the world lacks)."""
    app = world.app
    urls, unwalkable = [], []
    with app.test_request_context():
        for rule in admin_get_rules(app):
            name = rule.endpoint.rpartition(".")[2]
            view = view_of(app, rule)
            if name in NOT_PAGES or rule.endpoint in SKIPPED:
                continue
            if name in ALLOWED_BY and not getattr(view, ALLOWED_BY[name]):
                continue  # flask-admin sends it to the list, which is walked
            try:
                queries = list_states(view) if name == "index_view" else [{}]
                urls += [world.url(rule, query=query) for query in queries]
            except (KeyError, BuildError):
                unwalkable.append(rule.endpoint)
    return Walk(urls, unwalkable)


def list_states(view):
    """A list's query arguments as it opens, searched and filtered (where it can be)."""
    states = [{}]
    if getattr(view, "column_searchable_list", None):
        states.append({"search": SEARCH_TERM})
    flt = filtered(view) if hasattr(view, "get_filters") else {}
    if flt:
        states.append(flt)
    return states


def test_every_admin_get_rule_is_walked_or_skipped_with_a_reason(world):
    """A new admin page needing an id the world lacks fails here until it gets one (tests/
    routes.py) or a reason in SKIPPED; a reason for a rule that is gone fails too."""
    assert walk(world).unwalkable == []
    assert set(SKIPPED) <= {rule.endpoint for rule in admin_get_rules(world.app)}


def test_every_admin_page_passes_axe_and_html_codesniffer(world, page, axe_check, htmlcs_check):
    failures = []
    with serving(world.app) as live_server:
        sign_in_with_mfa(page, live_server, world.users["staff"], PASSWORD, lands_on="/admin/")
        for url in walk(world).urls:
            response = page.goto(f"{live_server}{url}")
            if response.status != 200 or urlsplit(page.url).path != urlsplit(url).path:
                failures.append(f"{url}: HTTP {response.status} at {page.url}")
                continue
            # page.goto waited for the page's load: nothing more is coming.
            failures += [f"{url}: axe {v}" for v in axe_check(page, settle=False)]
            failures += [f"{url}: HTML_CodeSniffer {e}" for e in htmlcs_check(page, settle=False)]
        # A form sent back with its errors (the browser's own check of required fields off, as
        # a browser without it would send it).
        page.goto(f"{live_server}{REFUSED_FORM}")
        page.locator("form.admin-form").evaluate("form => { form.noValidate = true; }")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("This field is required.").first).to_be_visible()
        failures += [f"{REFUSED_FORM} refused: axe {v}" for v in axe_check(page)]
        failures += [f"{REFUSED_FORM} refused: HTML_CodeSniffer {e}" for e in htmlcs_check(page)]
    assert failures == [], "\n".join(failures)
