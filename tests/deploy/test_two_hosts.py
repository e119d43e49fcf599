"""No state lives in an app host (S1, issue 29): the portal run as production runs it, nginx
over two app hosts on one PostgreSQL database and one Redis, and people using it.

A scripted client and a browser sign in with MFA, their requests alternating between the hosts;
the consumer and her navigator save the same application step at the same moment from the two
hosts (one is refused and shown what they typed; one version is saved); the sign-in rate limit
is counted across the hosts; and one host is stopped and started again in the middle of a
browser journey that ends in a submitted application, written once. Which host served each
request is read from nginx's log by the id its response carries, and found in that host's log.
Static files come from nginx itself, by content-named copies kept a year.

`pytest -s tests/deploy` prints the transcript.
"""

import html
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_application_journey import (
    answer,
    income_and_coverage,
    read_rights,
    sign_and_submit,
)
from tests.deploy.client import Client, form_fields
from tests.deploy.people import CONSUMER, NAVIGATOR, sign_in, sign_in_browser
from tests.deploy.traffic import wait_for

pytestmark = pytest.mark.cluster

# Each scripted person connects from a loopback address of their own: nginx tells the hosts who
# the client is by it, and sign-in is rate limited per address.
NAVIGATOR_ADDRESS = "127.0.0.11"
CONSUMER_ADDRESS = "127.0.0.12"
GUESSER_ADDRESS = "127.0.0.20"
PROBE_ADDRESS = "127.0.0.21"
STATIC_ADDRESS = "127.0.0.22"
# SIGN_IN_RATE_LIMIT's default, "10 per minute;60 per hour" on the sign-in POST, per address.
SIGN_INS_PER_MINUTE = 10
WRONG = "The username or password is not correct."
# nginx skips a host that refused a connection for `fail_timeout` (nginx.conf.j2), then tries it.
REJOIN_SECONDS = 15


class Draft(NamedTuple):
    application_id: int
    consumer_id: int
    household: tuple  # the members' full names, the primary applicant first


class Stored(NamedTuple):
    version: int
    held_by: int | None
    incomes: tuple
    steps_saved: int


@pytest.fixture(scope="module")
def draft(owner):
    """The demo consumer's draft application, left at Income: her and her child."""
    application_id, consumer_id = owner.execute(
        "SELECT application.id, application.consumer_id FROM application"
        " JOIN consumer ON consumer.id = application.consumer_id"
        " JOIN user_account ON user_account.id = consumer.user_id"
        " WHERE user_account.username = %s AND application.status = 'draft'",
        (CONSUMER.username,),
    ).fetchone()
    household = owner.execute(
        "SELECT first_name || ' ' || last_name FROM application_member"
        " WHERE application_id = %s ORDER BY is_primary DESC, id",
        (application_id,),
    ).fetchall()
    return Draft(application_id, consumer_id, tuple(name for (name,) in household))


def stored(owner, application_id):
    version, held_by = owner.execute(
        "SELECT version, held_by_id FROM application WHERE id = %s", (application_id,)
    ).fetchone()
    incomes = owner.execute(
        "SELECT income_amount FROM application_member WHERE application_id = %s"
        " ORDER BY is_primary DESC, id",
        (application_id,),
    ).fetchall()
    (steps_saved,) = owner.execute(
        "SELECT count(*) FROM audit_event WHERE action = 'application.step_saved'"
        " AND object_type = 'Application' AND object_id = %s",
        (str(application_id),),
    ).fetchone()
    return Stored(version, held_by, tuple(income for (income,) in incomes), steps_saved)


def heading(title):
    print(f"\n== {title}")


def show(traffic, who, method, path, status, request_id):
    """One line of the transcript: who asked what, the answer, the host that gave it (and any
    nginx tried first, which refused the connection)."""
    host = traffic.host(request_id)
    refused = [traffic.name(port) for port in traffic.served(request_id).tried[:-1]]
    note = f"  (host {', '.join(refused)} refused it: nginx passed it on)" if refused else ""
    print(f"  {who:<9} {method:<4} {path:<40} {status}  host {host}{note}")
    return host


def show_response(traffic, who, response):
    return show(traffic, who, response.method, response.path, response.status,
                response.request_id)


def unchecked(_page):
    """The wizard's pages are checked with axe-core in tests/browser: not again here."""


def alternate(hosts):
    """Each request went to the other host than the one before it."""
    return all(one != next_one for one, next_one in zip(hosts, hosts[1:], strict=False))


def test_a_scripted_sign_in_alternates_between_the_hosts(cluster, traffic, mailbox):
    heading(f"1. A scripted client signs in with MFA (the navigator, from {NAVIGATOR_ADDRESS})")
    navigator = Client(cluster.url, cluster.certificate, NAVIGATOR_ADDRESS)
    home = sign_in(navigator, NAVIGATOR, mailbox)
    assert NAVIGATOR.full_name in home.text
    hosts = [show_response(traffic, "navigator", r) for r in navigator.responses]
    # Round robin, with nobody else asking: each request went to the other host. So the session
    # the code's POST signed in on one host is the one the other host drew the home page with.
    assert alternate(hosts), hosts
    print(f"  signed in on host {hosts[-2]}; the home page drawn by host {hosts[-1]}")


@contextmanager
def browsing(browser):
    """A browser page (the self-signed certificate accepted) and, as it goes, each response a
    host gave it: (method, path, status, request id)."""
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    served = []

    def keep(response):
        request_id = response.headers.get("x-request-id")
        if request_id:
            path = urlsplit(response.url).path
            served.append((response.request.method, path, response.status, request_id))

    page.on("response", keep)
    try:
        yield page, served
    finally:
        context.close()


def open_client(page, base_url, draft):
    """An assister confirms the client's authorization: the client's record opens."""
    page.goto(f"{base_url}/assister/clients/{draft.consumer_id}/assist")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name=f"Client Details: {draft.household[0]}")
           ).to_be_visible()


def test_a_browser_session_is_served_by_both_hosts(cluster, traffic, mailbox, browser, draft):
    heading("2. A browser signs in with MFA and opens a client (the navigator)")
    with browsing(browser) as (page, served):
        sign_in_browser(page, cluster.url, NAVIGATOR, mailbox)
        open_client(page, cluster.url, draft)
        hosts = [show(traffic, "browser", *response) for response in served]
    assert set(hosts) == {"A", "B"}
    assert all(status < 500 for _method, _path, status, _id in served)


def income_answers(amount):
    """The Income step as a person fills it: the primary applicant's monthly income `amount`,
    the child's none."""
    return {
        "members-0-income_amount": amount, "members-0-income_frequency": "monthly",
        "members-1-income_amount": "0", "members-1-income_frequency": "monthly",
        "action": "next",
    }


def at_once(clients, path, forms):
    """Each client POSTs its form to `path` at the same moment (threads released together)."""
    start = threading.Barrier(len(clients))

    def post(person):
        start.wait()
        return clients[person].post(path, forms[person])

    with ThreadPoolExecutor(len(clients)) as pool:
        return dict(zip(clients, pool.map(post, clients), strict=True))


def test_one_step_saved_from_two_hosts_at_once(cluster, traffic, mailbox, owner, draft):
    heading("3. The consumer and her navigator save the Income step at the same moment")
    clients = {
        CONSUMER: Client(cluster.url, cluster.certificate, CONSUMER_ADDRESS),
        NAVIGATOR: Client(cluster.url, cluster.certificate, NAVIGATOR_ADDRESS),
    }
    for person, client in clients.items():
        sign_in(client, person, mailbox)
    confirmed = clients[NAVIGATOR].submit(f"/assister/clients/{draft.consumer_id}/assist", {})
    assert confirmed.status == 302
    step = f"/applications/{draft.application_id}/income"
    typed = {CONSUMER: "2500", NAVIGATOR: "3100"}
    forms = {}
    for person, client in clients.items():
        opened = client.get(step)
        assert opened.status == 200
        forms[person] = {**form_fields(opened.text), **income_answers(typed[person])}
    before = stored(owner, draft.application_id)
    assert {int(form["version"]) for form in forms.values()} == {before.version}
    print(f"  both opened {step} at version {before.version}; then each posts at once:")

    posted = at_once(clients, step, forms)
    hosts = {person: show_response(traffic, person.username, r) for person, r in posted.items()}
    assert set(hosts.values()) == {"A", "B"}
    [winner] = [person for person, response in posted.items() if response.status == 302]
    [loser] = [person for person in posted if person != winner]
    refused = posted[loser]
    message = (f"{winner.holder} is working on this application. "
               "Nothing you entered here was saved.")
    assert refused.status == 409 and message in html.unescape(refused.text)
    print(f'  {loser.username} refused: "{message}"')
    # Nothing they typed is lost: the refused page has it, as typed, to save later.
    assert form_fields(refused.text)["members-0-income_amount"] == typed[loser]
    print(f"  {loser.username}'s page still holds the {typed[loser]} they typed")

    after = stored(owner, draft.application_id)
    assert after.version == before.version + 1
    assert after.steps_saved == before.steps_saved + 1
    assert after.incomes == (Decimal(typed[winner]), Decimal(0))
    entered_by = owner.execute(
        "SELECT DISTINCT user_account.username FROM answer_provenance"
        " JOIN user_account ON user_account.id = answer_provenance.entered_by_id"
        " WHERE application_id = %s AND answer LIKE '%%.income_amount'",
        (draft.application_id,),
    ).fetchall()
    assert entered_by == [(winner.username,)]
    print(f"  stored: version {after.version} (one more), one step saved, "
          f"{winner.username}'s income {after.incomes[0]}, entered by {winner.username}")
    # The winner leaves with Save & Exit: the application is free for the other again.
    left = clients[winner].submit(step, {**income_answers(typed[winner]), "action": "exit"})
    assert left.status == 302 and stored(owner, draft.application_id).held_by is None


def test_the_sign_in_limit_is_counted_across_the_hosts(cluster, traffic):
    heading(f"4. The sign-in limit, {SIGN_INS_PER_MINUTE} a minute from one address "
            f"({GUESSER_ADDRESS})")
    guesser = Client(cluster.url, cluster.certificate, GUESSER_ADDRESS)
    # An unknown username: every try is refused, and no one's account is locked by them.
    tries = {
        **form_fields(guesser.get("/sign-in").text),
        "username": f"nobody-{uuid.uuid4().hex[:8]}",
        "password": "not the password",
    }
    answered = [guesser.post("/sign-in", tries) for _ in range(SIGN_INS_PER_MINUTE + 1)]
    hosts = [traffic.host(response.request_id) for response in answered]
    *allowed, limited = answered
    for number, (response, host) in enumerate(zip(answered, hosts, strict=True), start=1):
        said = "Too many attempts" if response.status == 429 else WRONG
        print(f"  try {number:>2}: {response.status} host {host}  {said}")
    assert [r.status for r in allowed] == [422] * SIGN_INS_PER_MINUTE
    assert all(WRONG in html.unescape(r.text) for r in allowed)
    # Counted per host, the limit would let 2 x 10 through before the first 429.
    assert set(hosts[:-1]) == {"A", "B"}
    assert limited.status == 429 and "Too many attempts" in limited.text


def wait_until_served_by(cluster, traffic, host):
    """GET / through nginx until `host` answers one: nginx passes requests to it again."""
    probe = Client(cluster.url, cluster.certificate, PROBE_ADDRESS)
    return wait_for(
        lambda: traffic.host(probe.get("/").request_id) == host,
        f"host {host} back in nginx's rotation",
        seconds=REJOIN_SECONDS,
    )


def test_a_host_stopped_and_started_mid_journey(cluster, traffic, mailbox, browser, owner, draft):
    heading("5. Host A stopped and started again while the navigator finishes the application")
    port_a = cluster.host_ports[0]
    primary, child = draft.household
    reference_number, organization = owner.execute(
        "SELECT assister.reference_number, agency.name FROM assister"
        " JOIN agency ON agency.id = assister.agency_id"
        " JOIN user_account ON user_account.id = assister.user_id"
        " WHERE user_account.username = %s",
        (NAVIGATOR.username,),
    ).fetchone()
    with browsing(browser) as (page, served):
        sign_in_browser(page, cluster.url, NAVIGATOR, mailbox)
        open_client(page, cluster.url, draft)
        page.goto(f"{cluster.url}/applications/{draft.application_id}/income")
        begun = len(served)
        hosts = [traffic.host(request_id) for *_, request_id in served]
        print(f"  signed in with MFA, opened the client and the Income step: {begun} requests,"
              f" hosts {' '.join(hosts)}")

        cluster.stop_host(port_a)
        print("  host A stopped (SIGTERM) before Income is saved")
        income_and_coverage(page, unchecked, {primary: "2600", child: "0"}, [child])
        page.get_by_role("button", name="Next: sign").click()
        while_stopped = served[begun:]
        hosts = [show(traffic, "browser", *response) for response in while_stopped]
        assert set(hosts) == {"B"}

        started = time.monotonic()
        cluster.start_host(port_a)
        wait_until_served_by(cluster, traffic, "A")
        print(f"  host A started again; nginx passes requests to it after "
              f"{time.monotonic() - started:.0f} s")
        rejoined = len(served)
        read_rights(page, unchecked)
        section = page.get_by_role("group", name="Assister section")
        answer(section, "Did you, a navigator or certified application counselor", "Yes")
        section.get_by_label("Assister ID").fill(reference_number)
        section.get_by_label("Full organization name").fill(organization)
        sign_and_submit(page, unchecked, primary)
        hosts = [show(traffic, "browser", *response) for response in served[rejoined:]]
        assert "A" in hosts
        assert all(status < 500 for _method, _path, status, _id in served)
        shown_case = page.get_by_text("Case number").first.inner_text()

    submitted_exactly_once(owner, draft, shown_case)
    # Nor did nginx answer anyone with a server error all along (a 502: no host to pass it to).
    assert all(served.status < 500 for served in traffic.read_nginx().values())


def submitted_exactly_once(owner, draft, shown_case):
    """One submitted application, held by no one, each of its versions written with its audit
    row; one case with one determination and one eligibility notice."""
    status, version, held_by = owner.execute(
        "SELECT status, version, held_by_id FROM application WHERE id = %s",
        (draft.application_id,),
    ).fetchone()
    audited = dict(owner.execute(
        "SELECT action, count(*) FROM audit_event WHERE object_type = 'Application'"
        " AND object_id = %s GROUP BY action",
        (str(draft.application_id),),
    ).fetchall())
    cases = owner.execute(
        "SELECT id, case_number FROM eligibility_case WHERE application_id = %s",
        (draft.application_id,),
    ).fetchall()
    assert status == "submitted" and held_by is None
    assert audited["application.submitted"] == audited["application.rights_viewed"] == 1
    # Version 1 at the start, one more for each step saved and for the submission.
    assert version == 1 + audited["application.step_saved"] + audited["application.submitted"]
    [(case_id, case_number)] = cases
    assert case_number in shown_case
    determinations = owner.execute(
        "SELECT version FROM determination WHERE case_id = %s", (case_id,)
    ).fetchall()
    notices = owner.execute(
        "SELECT count(*) FROM notice WHERE case_id = %s AND kind = 'eligibility'", (case_id,)
    ).fetchone()
    assert determinations == [(1,)] and notices == (1,)
    print(f"  stored once: application submitted at version {version}, "
          f"{audited['application.step_saved']} steps saved and 1 submission audited, "
          f"case {case_number} with 1 determination and 1 eligibility notice, no hold")


def test_static_files_come_from_nginx_named_by_content(cluster):
    heading("6. Static files: named by their content, from nginx, kept a year")
    visitor = Client(cluster.url, cluster.certificate, STATIC_ADDRESS)
    page = visitor.get("/")
    # `flask digest compile` (Cluster.prepare) made the copies the production pages link.
    linked = re.findall(r'"(/static/[^"]+-[0-9a-f]{32}\.(?:css|js))"', page.text)
    assert any("/css/portal-" in path for path in linked), linked
    for path in linked:
        response = visitor.get(path)
        assert response.status == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        # No host saw it: a host's answer carries a request id.
        assert "x-request-id" not in response.headers
    plain = visitor.get("/static/css/portal.css")
    assert plain.headers["cache-control"] == "public, max-age=3600"
    print(f"  the home page links {len(linked)} content-named files; each 200 from nginx,")
    print("  Cache-Control: public, max-age=31536000, immutable (a plain name: max-age=3600)")
