"""Every page fits every screen (S12): each page an anonymous visitor, a consumer, an assister,
staff and an agency administrator can open is walked at 320, 640 (1280 at 200 % zoom), 768 and
1280 px; none may scroll sideways or cut off what it shows, the header lines up with the main
column, buttons and row actions are touch-sized, and a wide table scrolls in a named region under
its caption; printed on A4, none is wider than the paper, and the print views break into pages.
The pages come from the URL map, their ids filled from a world of real records (tests/routes.py),
each wizard walked step by step, so a new page is covered by default. On a phone the header's
links fold into USWDS's menu, and stay open without JavaScript.

`make screenshots` runs this walk with SCREENSHOTS_DIR set: the main screens are saved there as
PNGs at each width and as printed, to be looked at."""

import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests import routes
from tests.browser.conftest import serving
from tests.views.wizard import page
from views import application, enrollment

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
    "notices.notice", "enrollment.step", "admin.index",
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
  // Each table's scroll container is a region named by its caption that takes focus, so it can
  // be scrolled from the keyboard; however far it is scrolled, its caption is read whole in it
  // and each row keeps its header (a client's name) in view.
  const containers = [...document.querySelectorAll('.usa-table-container--scrollable')];
  const named = e => (e.getAttribute('aria-label') || '').trim()
    || (e.getAttribute('aria-labelledby') || '').split(' ')
      .map(id => document.getElementById(id)?.textContent.trim()).join('');
  const unnamed = containers.filter(e => !(e.getAttribute('tabindex') === '0'
    && e.getAttribute('role') === 'region' && named(e))).map(name);
  const unlabelled = [];
  for (const box of containers) {
    const labels = [...box.querySelectorAll(':scope > table > caption, th[scope=row]')]
      .filter(e => e.checkVisibility() && !e.matches('.usa-sr-only'));
    const scrolled = box.scrollLeft;
    for (const left of [0, box.scrollWidth]) {
      box.scrollLeft = left;
      const edge = box.getBoundingClientRect();
      // 2 px: scrolled to its end, a sticky caption may stand a fraction of a pixel past the
      // table's edge, which scrollLeft rounds.
      const lost = labels.find(label => (r => r.width
        && (r.left < edge.left - 2 || r.right > edge.right + 2))(label.getBoundingClientRect()));
      if (lost) {
        unlabelled.push(lost.textContent.trim().slice(0, 40));
        break;
      }
    }
    box.scrollLeft = scrolled;
  }
  // Clipped: a box that hides what overflows it on an axis (a scrolling one lets it be reached)
  // with text cut off inside it, or a text or control of it that lies outside it on that axis.
  // What is hidden from view, or only for screen readers (USWDS's .usa-sr-only, Bootstrap's
  // .sr-only in the admin), is not looked at; nor is the inside of a map, a window onto a
  // surface larger than itself by design (its list of results stands beside it).
  const shown = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && !e.closest('.usa-sr-only, .sr-only, .leaflet-container');
  const hides = o => o === 'hidden' || o === 'clip';
  const texts = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
    || ['IMG', 'INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'svg'].includes(e.tagName);
  const clipped = [];
  for (const box of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(box);
    const [x, y] = [hides(style.overflowX), hides(style.overflowY)];
    if (!(x || y) || !shown(box)) continue;
    if (box.textContent.trim() && ((x && box.scrollWidth > box.clientWidth + 1)
                                   || (y && box.scrollHeight > box.clientHeight + 1))) {
      clipped.push(`${name(box)} cut off (${box.scrollWidth}x${box.scrollHeight} in `
                   + `${box.clientWidth}x${box.clientHeight})`);
      continue;
    }
    const edge = box.getBoundingClientRect();
    const outside = r => r.width && r.height
      && ((x && (r.left < edge.left - 1 || r.right > edge.right + 1))
          || (y && (r.top < edge.top - 1 || r.bottom > edge.bottom + 1)));
    const lost = [...box.querySelectorAll('*')].find(e =>
      texts(e) && shown(e) && outside(e.getBoundingClientRect()));
    if (lost) clipped.push(`${name(lost)} outside ${name(box)}`);
  }
  return {overflow: document.documentElement.scrollWidth - width, out: out.slice(0, 3).map(name),
          cut: cut, small: small, clipped: clipped.slice(0, 3), unnamed: unnamed,
          unlabelled: unlabelled};
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
def world(database_url, tmp_path_factory, compiled_templates):
    """The URL map's world, its enrollment taken on to the signature so every step opens."""
    with routes.world_app(database_url, tmp_path_factory.mktemp("responsive"),
                          compiled_templates) as app:
        world = routes.build_world(app)
        routes.enrollment_to_signature(world.client("consumer"),
                                       f"/enrollments/{world.own['enrollment']}")
        yield world


# The widest table of all: as many plans side by side as may be compared.
COMPARED_PLANS = 3


@pytest.fixture(scope="module")
def wizard_steps(world):
    """{endpoint: URLs} of each step of the two wizards, on the world's record still a draft
    (the subject's application is submitted: the drafting client's is at its signature), and
    the plans step comparing plans."""
    urls = world.app.url_map.bind("localhost")
    steps = {endpoint: [urls.build(endpoint, {argument: world.own[record], "step": step})
                        for step in wizard.steps]
             for endpoint, wizard, argument, record in (
                 ("application.step", application.WIZARD, "application_id", "draft_application"),
                 ("enrollment.step", enrollment.WIZARD, "enrollment_id", "enrollment"))}
    plans = next(url for url in steps["enrollment.step"] if url.endswith("/plans"))
    ids = re.findall(r'name="compare" value="(\d+)"', page(world.client("consumer"), plans))
    steps["enrollment.step"].append(
        plans + "?" + urlencode({"compare": ids[:COMPARED_PLANS]}, doseq=True))
    return steps


def fillable(rule):
    """A GET rule whose arguments the world can fill (static files are not pages)."""
    known = set(routes.ID_ARGUMENTS) | set(routes.FIXED_ARGUMENTS.get(rule.endpoint, {}))
    return ("GET" in rule.methods and rule.arguments <= known
            and not rule.endpoint.endswith("static"))


def pages_of(world, wizard_steps, client):
    """(endpoint, url) of every page the client opens: an HTML answer, not a redirect."""
    for rule in routes.rules(world.app):
        if not fillable(rule):
            continue
        for url in wizard_steps.get(rule.endpoint) or [world.url(rule)]:
            response = client.get(url)
            response.close()
            if response.status_code == 200 and response.mimetype == "text/html":
                yield rule.endpoint, url


def screen_name(endpoint, url):
    """A screenshot's name: the page's endpoint, and a wizard's step (comparing plans)."""
    name = endpoint.replace(".", "-")
    if not endpoint.endswith(".step"):
        return name
    step, _, compared = url.rsplit("/", 1)[1].partition("?")
    return f"{name}-{step}" + ("-compared" if compared else "")


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


def problems_in(measured, where, screen=True, desktop=False):
    """What MEASURE found wrong with a page at one width (on a `screen`, or on paper, where
    nothing scrolls: a table must fit as on a `desktop`)."""
    found = []
    if measured["overflow"] > 0:
        found.append(f"{where}: {measured['overflow']} px wider than the "
                     f"{'screen' if screen else 'paper'}; sticking out: {measured['out']}")
    if measured["clipped"]:
        found.append(f"{where}: clipped {measured['clipped']}")
    if desktop and measured["cut"]:
        found.append(f"{where}: tables to scroll sideways: {measured['cut']}")
    if screen and measured["unlabelled"]:
        found.append(f"{where}: captions or row headers out of view in their scrolling tables: "
                     f"{measured['unlabelled']}")
    if screen and measured["small"]:
        found.append(f"{where}: small targets {measured['small']}")
    return found


def test_every_page_fits_every_width(world, wizard_steps, browser):
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)

    def shoot(tab, role, endpoint, url, width):
        if shots and endpoint in MAIN_SCREENS:
            name = f"{role}-{screen_name(endpoint, url)}-{width}.png"
            tab.screenshot(path=str(Path(shots) / name), full_page=True)

    problems, walked, steps = [], 0, set()
    with serving(world.app) as live_server:
        for role in ROLES:
            client = world.client(role)
            pages = list(pages_of(world, wizard_steps, client))
            assert pages, f"{role} opens no page"
            context = browser_context(browser, world.app, client, live_server)
            tab = context.new_page()
            steps.update(url for endpoint, url in pages if endpoint.endswith(".step"))
            for endpoint, url in pages:
                tab.set_viewport_size({"width": WIDTHS[-1], "height": HEIGHT})
                tab.goto(live_server + url)
                seen = f"{endpoint} ({url}) as {role}"
                for width in WIDTHS:
                    tab.set_viewport_size({"width": width, "height": HEIGHT})
                    walked += 1
                    measured = tab.evaluate(MEASURE)
                    problems += problems_in(measured, f"{seen} at {width} px",
                                            desktop=width == WIDTHS[-1])
                    edges = tab.evaluate(EDGES)
                    if edges and edges["header"] != edges["main"]:
                        problems.append(f"{seen} at {width} px: header {edges['header']} and "
                                        f"main column {edges['main']} do not line up")
                    shoot(tab, role, endpoint, url, width)
                if measured["unnamed"]:
                    problems.append(f"{seen}: scrolling tables that are no named region taking "
                                    f"focus: {measured['unnamed']}")
                tab.emulate_media(media="print")
                tab.set_viewport_size({"width": PAPER, "height": HEIGHT})
                problems += problems_in(tab.evaluate(MEASURE), f"{seen} printed", screen=False,
                                        desktop=True)
                shoot(tab, role, endpoint, url, "print")
                tab.emulate_media(media="screen")
            context.close()
    assert walked > 100, f"only {walked} page × width views walked"
    every_step = {url for urls in wizard_steps.values() for url in urls}
    assert steps == every_step, f"wizard steps not walked: {sorted(every_step - steps)}"
    assert problems == [], "\n".join(problems)


def printed_pages(pdf):
    """How many pages a PDF has: chromium writes each as an object of /Type /Page."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_print_views_break_into_pages_on_a4(world, wizard_steps, browser):
    """The application's Summary, the Authorization to sign, the Plan Summary and a notice,
    each printed by whom it is for: on A4 nothing is wider than the paper, and the long ones
    (the Summary, the Authorization) run on to a second page rather than being cut."""
    by_endpoint = {rule.endpoint: rule for rule in routes.rules(world.app)}
    summary_of = {endpoint: next(url for url in urls if url.endswith("/summary"))
                  for endpoint, urls in wizard_steps.items()}
    views = [("assister", summary_of["application.step"], 2),
             ("consumer", world.url(by_endpoint["consumer.authorization_print"]), 2),
             ("consumer", summary_of["enrollment.step"], 1),
             ("consumer", world.url(by_endpoint["notices.notice"]), 1)]
    with serving(world.app) as live_server:
        for role, url, at_least in views:
            client = world.client(role)
            context = browser_context(browser, world.app, client, live_server)
            tab = context.new_page()
            tab.emulate_media(media="print")
            tab.set_viewport_size({"width": PAPER, "height": HEIGHT})
            assert tab.goto(live_server + url).ok, url
            measured = tab.evaluate(MEASURE)
            assert (measured["overflow"], measured["clipped"]) == (0, []), (url, measured)
            pages = printed_pages(tab.pdf(format="A4"))
            assert pages >= at_least, f"{url} printed as {role} on {pages} page(s)"
            context.close()


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
