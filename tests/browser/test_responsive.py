"""Every page fits every screen (S12): each page an anonymous visitor, a consumer, an assister,
staff and an agency administrator can open is walked at 320, 640 (1280 at 200 % zoom), 768 and
1280 px; none may scroll sideways, the header lines up with the main column, and buttons and row
actions are touch-sized; printed on A4, none is wider than the paper. The pages come from the URL
map, their ids filled from a world of real records (tests/routes.py), so a new page is covered by
default. On a phone the header's links fold into USWDS's menu, and stay open without JavaScript.

`make screenshots` runs this walk with SCREENSHOTS_DIR set: the main screens are saved there as
PNGs at each width and as printed, to be looked at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import routes
from tests.browser.conftest import serving

pytestmark = pytest.mark.browser

ROLES = ("anonymous", "consumer", "assister", "staff", "agency_admin")
# A phone, a 1280 px screen at 200 % zoom, a tablet, a desktop.
WIDTHS = (320, 640, 768, 1280)
# A4's width less print.css's 15 mm margins, at CSS's 96 px an inch (Letter is wider).
PAPER = 680
HEIGHT = 800
# The screens people spend their time on, saved by `make screenshots`.
MAIN_SCREENS = {
    "public.home", "auth.sign_in", "consumer.home", "consumer.assister_details",
    "consumer.authorize", "consumer.authorization_print", "assister.home",
    "assister.client_details", "application.step", "application.results",
    "application.notice", "enrollment.step", "admin.index",
}
# How far the page reaches past the viewport, the outermost elements that stick out, and the
# scrollable tables whose columns do not fit (fine on a phone, not on a desktop or on paper), and
# the buttons and row actions smaller than a 44 x 44 px touch target (WCAG 2.5.5).
MEASURE = """() => {
  const TARGETS = 'main button, main .usa-button, .usa-menu-btn, .usa-pagination__button, '
    + 'td .usa-link';
  const width = window.innerWidth;
  const out = [...document.body.querySelectorAll('*')].filter(e =>
    e.getBoundingClientRect().right > width + 1
    && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 1));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].map(c => '.' + c).join('');
  const small = [...document.querySelectorAll(TARGETS)].filter(e => e.checkVisibility())
    .map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => r.width < 44 || r.height < 44)
    .map(([e, r]) => `${e.textContent.trim().slice(0, 30)} `
      + `${Math.round(r.width)}x${Math.round(r.height)}`);
  const cut = [...document.querySelectorAll('.usa-table-container--scrollable')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.querySelector('caption')?.textContent.trim().slice(0, 40) || name(e));
  return {overflow: document.documentElement.scrollWidth - width, out: out.slice(0, 3).map(name),
          cut: cut, small: small};
}"""
# The header's container and the main column start and end at the same x (null on pages
# without the portal's header, such as the admin).
EDGES = """() => {
  const header = document.querySelector('.usa-header .usa-nav-container');
  const main = document.querySelector('main#main-content');
  if (!header || !main) return null;
  const edges = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return [Math.round(r.left + parseFloat(s.paddingLeft)),
            Math.round(r.right - parseFloat(s.paddingRight))]; };
  return {header: edges(header), main: edges(main)};
}"""


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory):
    with routes.world_app(database_url, tmp_path_factory.mktemp("responsive")) as app:
        yield routes.build_world(app)


def fillable(rule):
    """A GET rule whose arguments the world can fill (static files are not pages)."""
    known = set(routes.ID_ARGUMENTS) | set(routes.FIXED_ARGUMENTS.get(rule.endpoint, {}))
    return ("GET" in rule.methods and rule.arguments <= known
            and not rule.endpoint.endswith("static"))


def pages_of(world, client):
    """(endpoint, url) of every page the client opens: an HTML answer, not a redirect."""
    for rule in routes.rules(world.app):
        if not fillable(rule):
            continue
        url = world.url(rule)
        response = client.get(url)
        response.close()
        if response.status_code == 200 and response.mimetype == "text/html":
            yield rule.endpoint, url


def browser_context(browser, app, client, url):
    """A browser context with the test client's session: the role signed in once for all.
    flask-login's "strong" session protection ties a session to the address and user agent it
    was signed in from, so the browser presents the client's."""
    context = browser.new_context(
        viewport={"width": WIDTHS[-1], "height": HEIGHT},
        user_agent=client.environ_base["HTTP_USER_AGENT"],
        extra_http_headers={"X-Forwarded-For": client.environ_base["REMOTE_ADDR"]},
    )
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    if cookie:
        context.add_cookies([{"name": name, "value": cookie.value, "url": url}])
    return context


def test_every_page_fits_every_width(world, browser):
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    problems, walked = [], 0
    with serving(world.app) as live_server:
        for role in ROLES:
            client = world.client(role)
            pages = list(pages_of(world, client))
            assert pages, f"{role} opens no page"
            context = browser_context(browser, world.app, client, live_server)
            tab = context.new_page()
            for endpoint, url in pages:
                tab.set_viewport_size({"width": WIDTHS[-1], "height": HEIGHT})
                tab.goto(live_server + url)
                for width in WIDTHS:
                    tab.set_viewport_size({"width": width, "height": HEIGHT})
                    walked += 1
                    where = f"{endpoint} ({url}) as {role} at {width} px"
                    measured = tab.evaluate(MEASURE)
                    if measured["overflow"] > 0:
                        problems.append(f"{where}: {measured['overflow']} px wider than the "
                                        f"screen; sticking out: {', '.join(measured['out'])}")
                    if measured["small"]:
                        problems.append(f"{where}: small targets {measured['small']}")
                    if width == WIDTHS[-1] and measured["cut"]:
                        problems.append(f"{where}: tables to scroll on a desktop screen: "
                                        f"{measured['cut']}")
                    edges = tab.evaluate(EDGES)
                    if edges and edges["header"] != edges["main"]:
                        problems.append(f"{where}: header {edges['header']} and main column "
                                        f"{edges['main']} do not line up")
                    if shots and endpoint in MAIN_SCREENS:
                        name = f"{role}-{endpoint.replace('.', '-')}-{width}.png"
                        tab.screenshot(path=str(Path(shots) / name), full_page=True)
                # Printed: on paper nothing scrolls, so a table must fit as the page must.
                tab.emulate_media(media="print")
                tab.set_viewport_size({"width": PAPER, "height": HEIGHT})
                measured = tab.evaluate(MEASURE)
                if measured["overflow"] > 0 or measured["cut"]:
                    problems.append(f"{endpoint} ({url}) as {role} printed: "
                                    f"{measured['overflow']} px wider than the paper; "
                                    f"sticking out: {measured['out'] + measured['cut']}")
                if shots and endpoint in MAIN_SCREENS:
                    name = f"{role}-{endpoint.replace('.', '-')}-print.png"
                    tab.screenshot(path=str(Path(shots) / name), full_page=True)
                tab.emulate_media(media="screen")
            context.close()
    assert walked > 100, f"only {walked} page × width views walked"
    assert problems == [], "\n".join(problems)


def test_the_header_navigation_folds_into_the_menu_on_a_phone(live_server, page):
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    page.goto(f"{live_server}/")
    sign_in = page.locator(".usa-header").get_by_role("link", name="Sign in")
    expect(sign_in).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(sign_in).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(sign_in).to_be_hidden()


def test_without_javascript_the_header_navigation_stays_open(live_server, browser):
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": WIDTHS[0], "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{live_server}/")
    expect(page.locator(".usa-header").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()
