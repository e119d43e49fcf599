"""Browser tests: the app served on loopback, driven by Playwright in Debian's chromium."""

import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.json.tag import TaggedJSONSerializer
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from db.accounts import UserSession
from portal.sessions import hash_id
from tests.conftest import emailed_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
HTMLCS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@contextmanager
def serving(app):
    """`app` served on a loopback port for the block: yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    # Links in emails point at this server.
    app.config["PUBLIC_URL"] = url
    yield url
    server.shutdown()
    thread.join()


@pytest.fixture
def live_server(app):
    with serving(app) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    # The CSP is enforced in these tests: a violation would mean part of a page silently broke.
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    yield page
    context.close()
    assert violations == []


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return the violations."""
    source = AXE.read_text(encoding="utf-8")

    def check(page, settle=True):
        # A click just before may still be loading the next page: check the page it leads to.
        # A caller that has just waited for page.goto's load passes settle=False: an admin page
        # has nothing more to load, and waiting for the network to be idle costs 0.5 s a page.
        if settle:
            page.wait_for_load_state("networkidle")
        # Evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds.
        page.evaluate(source)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
        )
        return [
            (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
            for v in result["violations"]
        ]

    return check


@pytest.fixture
def htmlcs_check():
    """Run HTML_CodeSniffer (WCAG 2 AA) on the page; return its errors (not its warnings or
    notices, which ask a person to judge) as (code, message, the element's HTML)."""
    source = HTMLCS.read_text(encoding="utf-8")

    def check(page, settle=True):
        if settle:
            page.wait_for_load_state("networkidle")
        # As axe is: through the DevTools protocol, the page's CSP untouched.
        page.evaluate(source)
        return [
            tuple(message) for message in page.evaluate(
                """() => new Promise((resolve, reject) => HTMLCS.process(
                    'WCAG2AA', document,
                    () => resolve(HTMLCS.getMessages()
                        .filter(m => m.type === HTMLCS.ERROR)
                        .map(m => [m.code, m.msg, m.element.outerHTML.slice(0, 120)])),
                    () => reject(new Error('HTML_CodeSniffer failed')), 'en'))"""
            )
        ]

    return check


def sign_in_with_mfa(page, live_server, user, password, lands_on="/assister/", code=None):
    """Sign in through the real screens, MFA by email included (registering it the first time),
    and arrive at the role's home, `lands_on`. `code()` reads the emailed code (by default from
    the outbox)."""
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sign-in/mfa"))
    if page.url.endswith("/sign-in/mfa/register"):
        page.get_by_label("Email address").fill(user.email)
        page.locator("label[for=agree]").click()
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_role("heading", name="Registration Successful")).to_be_visible()
    else:
        page.locator('input[name="mode"][value="email"]').check(force=True)
        page.get_by_role("button", name="Submit").click()
    page.goto(f"{live_server}/sign-in/mfa/code")
    page.get_by_label("One time access code").fill(code() if code else emailed_code(user))
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"{live_server}{lands_on}")


def session_state(page, key):
    """What the server-side session holds for this browser (the CAPTCHA a person would read)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "portal_session")
    row = UserSession.get(UserSession.id_hash == hash_id(cookie["value"]))
    return TaggedJSONSerializer().loads(row.data)[key]


def open_newest_mail(page, live_server, subject):
    """Open the newest mail with this subject in the Dev mailbox; return its text."""
    page.goto(f"{live_server}/dev/mailbox")
    page.get_by_role("link", name=subject).first.click()
    return page.locator("main").inner_text()
