"""Client Requests, Assist Client and Client Details through the test client."""

import re
from datetime import datetime, timedelta
from html import unescape

import pytest

from db import database, utcnow
from db.associations import Association
from db.audit import AuditEvent
from db.consumers import Consumer
from portal.services import associations


@pytest.fixture
def assister(factories):
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def signed_in(assister, sign_in):
    sign_in(assister.user)
    return assister


def add_clients(factories, assister, names):
    made = []
    for n, (first, last) in enumerate(names):
        consumer = factories.consumer(with_account=False, first_name=first, last_name=last)
        association = factories.association(for_consumer=consumer, for_assister=assister)
        when = datetime(2026, 3, 1, 15, 0) + timedelta(days=n)
        Association.update(requested_at=when).where(Association.id == association.id).execute()
        made.append(Association.get_by_id(association.id))
    return made


def row_names(html):
    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def get(client, url, **headers):
    return client.get(url, headers=headers)


NAMES = [("Ann", "Smith"), ("Bob", "Jones"), ("Cy", "Adams"), ("Di", "Brown"), ("Ed", "Smith")]


def test_names_are_escaped_on_the_page(client, factories, signed_in):
    odd = [("Gus", "O'Brien"), ("<b>Al</b>", 'Di "Q" & Co'), ("<script>alert(1)</script>", "Kay")]
    add_clients(factories, signed_in, [*NAMES, *odd])
    page = client.get("/assister/?sort=name").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "O&#39;Brien" in page and "&lt;b&gt;Al&lt;/b&gt;" in page
    assert "Di &#34;Q&#34; &amp; Co" in page and "<b>Al</b>" not in page
    searched = client.get("/assister/?q=%3Cb%3E&per_page=10").get_data(as_text=True)
    assert "&lt;b&gt;Al&lt;/b&gt;" in searched and "<b>Al</b>" not in searched


def test_dashboard_lists_clients_with_the_work_queue(client, factories, signed_in):
    add_clients(factories, signed_in, NAMES)
    response = client.get("/assister/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html
    assert "Client Requests" in html and "Assist Client" in html
    # Newest request first by default.
    assert row_names(html) == ["Ed Smith", "Di Brown", "Cy Adams", "Bob Jones", "Ann Smith"]
    assert "New requests: 5" in html and "In progress: 0" in html
    assert "Applications in progress: 0" in html
    assert "Consents expiring within 30 days: 0" in html
    assert "Showing 1–5 of 5 clients" in unescape(html)
    assert html.count("<td>Not started</td>") == 5 and html.count("<td>Not enrolled</td>") == 5
    # No case yet: no address or phone, and the consumer's own phone is not shown either.
    assert html.count("Not yet: filled once an application is submitted") == 10
    assert "763-555" not in html
    assert 'aria-sort="descending"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_an_htmx_request_gets_only_the_table(client, factories, signed_in):
    add_clients(factories, signed_in, NAMES)
    response = get(client, "/assister/?sort=name", **{"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<table" in html and "Work queue" in html
    assert row_names(html) == ["Cy Adams", "Di Brown", "Bob Jones", "Ann Smith", "Ed Smith"]
    assert 'hx-swap-oob="innerHTML:#result-count"' in html
    assert "HX-Request" in response.headers["Vary"]
    # Back after htmx's history cache is gone asks for the whole page.
    restore = get(
        client,
        "/assister/?sort=name",
        **{"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=name", ["Cy Adams", "Di Brown", "Bob Jones", "Ann Smith", "Ed Smith"]),
        ("sort=-name", ["Ed Smith", "Ann Smith", "Bob Jones", "Di Brown", "Cy Adams"]),
        ("sort=requested", ["Ann Smith", "Bob Jones", "Cy Adams", "Di Brown", "Ed Smith"]),
        ("sort=-requested", ["Ed Smith", "Di Brown", "Cy Adams", "Bob Jones", "Ann Smith"]),
        ("sort=status", ["Cy Adams", "Di Brown", "Ann Smith", "Ed Smith", "Bob Jones"]),
        ("sort=-status", ["Bob Jones", "Cy Adams", "Di Brown", "Ann Smith", "Ed Smith"]),
        ("q=smi&sort=name", ["Ann Smith", "Ed Smith"]),
        ("q=BO", ["Bob Jones"]),
        ("status=in_progress", ["Bob Jones"]),
        ("status=new&sort=name", ["Cy Adams", "Di Brown", "Ann Smith", "Ed Smith"]),
    ],
)
def test_sort_search_and_filter(client, factories, signed_in, query, expected):
    made = add_clients(factories, signed_in, NAMES)
    associations.record_first_opening(factories.actor(signed_in.user), made[1])
    html = client.get(f"/assister/?{query}").get_data(as_text=True)
    assert row_names(html) == expected


def test_pages_and_page_sizes(client, factories, signed_in):
    add_clients(factories, signed_in, [("Pat", f"Name{n:02d}") for n in range(27)])
    first = client.get("/assister/?sort=name&per_page=10").get_data(as_text=True)
    assert row_names(first) == [f"Pat Name{n:02d}" for n in range(10)]
    assert "Showing 1–10 of 27 clients" in unescape(first)
    assert 'href="/assister/?sort=name&amp;page=2&amp;per_page=10"' in first
    last = client.get("/assister/?sort=name&per_page=10&page=3").get_data(as_text=True)
    assert row_names(last) == [f"Pat Name{n:02d}" for n in range(20, 27)]
    assert "Showing 21–27 of 27 clients" in unescape(last) and 'rel="next"' not in last
    assert len(row_names(client.get("/assister/").get_data(as_text=True))) == 25
    assert len(row_names(client.get("/assister/?per_page=50").get_data(as_text=True))) == 27


@pytest.mark.parametrize(
    "query",
    [
        "sort=drop+table",
        "page=-1",
        "page=999999",
        "page=99999999999999999999",
        "per_page=7",
        "per_page=-5",
        "status=ended",
        "q=" + "a" * 10_000,
        "q=%27+OR+1%3D1+--",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=%25",
        "q=%00",
    ],
)
def test_bad_input_never_fails(client, factories, signed_in, query):
    add_clients(factories, signed_in, NAMES)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(f"/assister/?{query}", headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<script>alert" not in html
    if "script" in query:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if query.startswith("page=") or query.startswith("per_page") or query.startswith("sort"):
        assert len(row_names(html)) == 5


def test_privacy_screen_shows_initials_and_hides_contact_details(
    client, factories, signed_in, post_form
):
    add_clients(factories, signed_in, NAMES)
    response = post_form("/assister/privacy", {"on": "1"}, page="/assister/")
    assert response.status_code == 302
    html = client.get("/assister/").get_data(as_text=True)
    assert row_names(html)[:2] == ["E.S.", "D.B."]
    assert "Smith" not in html and "Brown" not in html
    assert "Hidden" in html and "Turn off privacy screen" in html
    # Also in the htmx fragment.
    fragment = get(client, "/assister/?sort=name", **{"HX-Request": "true"}).get_data(as_text=True)
    assert "Adams" not in fragment and "C.A." in fragment
    post_form("/assister/privacy", {"on": "0"}, page="/assister/")
    assert "Ed Smith" in client.get("/assister/").get_data(as_text=True)


def _submit_case(association, address, phone, enrolled=False):
    # What the application service writes at submission (and enrollment) time.
    Consumer.update(
        application_status="submitted",
        enrollment_status="enrolled" if enrolled else "not_enrolled",
        home_address=address,
        phone=phone,
    ).where(Consumer.id == association.consumer_id).execute()


def _row_cells(html, name):
    row = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    return [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def test_case_columns_once_an_application_is_submitted(client, factories, signed_in, post_form):
    made = add_clients(factories, signed_in, NAMES)
    _submit_case(made[0], "12 Elm St, Duluth, MN 55802", "218-555-0144", enrolled=True)
    Consumer.update(application_status="in_progress").where(
        Consumer.id == made[1].consumer_id
    ).execute()
    html = client.get("/assister/").get_data(as_text=True)
    ann = _row_cells(html, "Ann Smith")
    assert ann[1:3] == ["12 Elm St, Duluth, MN 55802", "218-555-0144"]
    assert ann[4:6] == ["Submitted", "Enrolled"]
    bob = _row_cells(html, "Bob Jones")
    assert bob[1:3] == ["—Not yet: filled once an application is submitted"] * 2
    assert bob[4:6] == ["In progress", "Not enrolled"]
    assert "Applications in progress: 1" in html
    # The privacy screen hides the address and phone too.
    post_form("/assister/privacy", {"on": "1"}, page="/assister/")
    private = client.get("/assister/").get_data(as_text=True)
    assert "Elm St" not in private and "218-555-0144" not in private
    assert _row_cells(private, "A.S.")[1:3] == ["Hidden", "Hidden"]


def test_applications_in_progress_filter_the_table(client, factories, signed_in):
    made = add_clients(factories, signed_in, NAMES)
    for association in (made[0], made[3]):  # Ann Smith, Di Brown
        Consumer.update(application_status="in_progress").where(
            Consumer.id == association.consumer_id
        ).execute()
    html = client.get("/assister/").get_data(as_text=True)
    link = 'href="/assister/?status=application_in_progress"'
    assert f'{link} hx-get="/assister/?status=application_in_progress"' in html
    filtered = get(
        client, "/assister/?status=application_in_progress&sort=name", **{"HX-Request": "true"}
    ).get_data(as_text=True)
    assert row_names(filtered) == ["Di Brown", "Ann Smith"]
    assert "Applications in progress: 2" in filtered and 'aria-current="true"' in filtered
    assert "Showing 1–2 of 2 clients (applications in progress)." in unescape(filtered)


def test_assist_client_confirm_opens_client_details(client, factories, signed_in, post_form):
    (association,) = add_clients(factories, signed_in, [("Mia", "Wong")])
    consumer_id = association.consumer_id
    # Client Details before the acknowledgement goes to the acknowledgement.
    before = client.get(f"/assister/clients/{consumer_id}")
    assert before.status_code == 302 and before.headers["Location"].endswith("/assist")
    page = client.get(f"/assister/clients/{consumer_id}/assist").get_data(as_text=True)
    assert "Acknowledgement of Assister Authorization" in page and "Rules of Behavior" in page
    assert 'href="/assister/"' in page  # Cancel
    response = post_form(f"/assister/clients/{consumer_id}/assist", {})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/assister/clients/{consumer_id}"
    acknowledged = AuditEvent.get(AuditEvent.action == "client.acknowledged")
    assert (
        acknowledged.actor_id == signed_in.user_id and acknowledged.on_behalf_of_id == consumer_id
    )
    assert Association.get_by_id(association.id).status == "in_progress"
    details = client.get(f"/assister/clients/{consumer_id}")
    html = details.get_data(as_text=True)
    assert details.status_code == 200 and "Client Details: Mia Wong" in html
    assert "No application yet" in html and "End this association" in html
    assert "Acknowledged the assister authorization" in html
    assert str(associations.SCOPES["may_enroll"]) in html
    viewed = AuditEvent.select().where(AuditEvent.action == "client.viewed")
    assert [(e.actor_id, e.on_behalf_of_id) for e in viewed] == [(signed_in.user_id, consumer_id)]
    # A second Confirm is recorded again but the status moves only once.
    post_form(f"/assister/clients/{consumer_id}/assist", {})
    assert AuditEvent.select().where(AuditEvent.action == "client.acknowledged").count() == 2
    assert AuditEvent.select().where(AuditEvent.action == "association.opened").count() == 1
    assert "In progress: 1" in client.get("/assister/").get_data(as_text=True)


def test_brokers_see_agent_of_record(client, factories, sign_in):
    broker = factories.assister("broker", with_account=True)
    (association,) = add_clients(factories, broker, [("Al", "Bee")])
    sign_in(broker.user)
    page = client.get(f"/assister/clients/{association.consumer_id}/assist").get_data(as_text=True)
    assert "Acknowledgement of Agent of Record" in page


def _client_urls(consumer_id):
    return [
        ("get", f"/assister/clients/{consumer_id}/assist"),
        ("post", f"/assister/clients/{consumer_id}/assist"),
        ("get", f"/assister/clients/{consumer_id}"),
        ("get", f"/assister/clients/{consumer_id}/end"),
        ("post", f"/assister/clients/{consumer_id}/end"),
    ]


def _assert_all_404(client, token, consumer_id):
    for method, url in _client_urls(consumer_id):
        for headers in ({}, {"HX-Request": "true"}):
            data = {"csrf_token": token, "reason": "x"} if method == "post" else None
            response = getattr(client, method)(url, data=data, headers=headers)
            assert response.status_code == 404, (method, url, headers)


def _token(client):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/assister/").get_data(as_text=True))


def test_other_clients_ended_expired_and_made_up_ids_are_404(
    app, client, factories, signed_in, post_form
):
    others = factories.association()  # another assister's client
    ended, expired = add_clients(factories, signed_in, [("En", "Ded"), ("Ex", "Pired")])
    # Acknowledged while current, so only the access check can stop these.
    for association in (ended, expired):
        post_form(f"/assister/clients/{association.consumer_id}/assist", {})
        assert client.get(f"/assister/clients/{association.consumer_id}").status_code == 200
    with app.app_context():  # ending sends mail
        associations.end_association(factories.actor(None), ended, "Consumer asked")
    Association.update(expires_on=utcnow().date() - timedelta(days=1)).where(
        Association.id == expired.id
    ).execute()
    token = _token(client)
    for consumer_id in (others.consumer_id, ended.consumer_id, expired.consumer_id, 987654):
        _assert_all_404(client, token, consumer_id)
    assert client.get("/assister/clients/abc").status_code == 404
    html = client.get("/assister/").get_data(as_text=True)
    assert "Ded" not in html and "Pired" not in html


def test_end_this_association(client, factories, signed_in, post_form):
    (association,) = add_clients(factories, signed_in, [("Jo", "March")])
    url = f"/assister/clients/{association.consumer_id}/end"
    post_form(f"/assister/clients/{association.consumer_id}/assist", {})
    empty = post_form(url, {"reason": "  "})
    assert empty.status_code == 422
    assert "Give the reason for ending this association." in empty.get_data(as_text=True)
    long = post_form(url, {"reason": "y" * 501})
    assert long.status_code == 422 and "y" * 501 in long.get_data(as_text=True)
    assert Association.get_by_id(association.id).ended_at is None
    done = post_form(url, {"reason": "Client moved out of state"})
    assert done.status_code == 302 and done.headers["Location"] == "/assister/"
    ended = Association.get_by_id(association.id)
    assert ended.ended_by_role == "assister" and ended.end_reason == "Client moved out of state"
    dashboard = client.get("/assister/").get_data(as_text=True)
    assert "You no longer have access" in dashboard and row_names(dashboard) == []
    assert client.get(f"/assister/clients/{association.consumer_id}").status_code == 404


def test_queries_per_dashboard_request_do_not_grow_with_page_size(
    client, factories, signed_in, monkeypatch
):
    made = add_clients(factories, signed_in, [(f"P{n}", f"Q{n:03d}") for n in range(120)])
    for association in made[::3]:
        associations.record_first_opening(factories.actor(signed_in.user), association)
    counted = {}
    original = database.obj.execute_sql

    def counting(*args, **kwargs):
        counted["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", counting)
    # The status sort's page 1 of 100 spans New and In Progress (one statement more: each
    # status is walked on its own); so does page 2 of 10 with q.
    for query in ("", "sort=name", "sort=-status", "sort=status&q=p1&page=2", "status=new"):
        seen = set()
        for per_page in (10, 100):
            counted["n"] = 0
            response = client.get(f"/assister/?{query}&per_page={per_page}")
            assert response.status_code == 200
            assert row_names(response.get_data(as_text=True))
            seen.add(counted["n"])
        assert max(seen) - min(seen) <= ("status" in query), (query, seen)


def test_a_dashboard_request_is_four_statements(client, factories, signed_in, sql_log):
    """The session row with the user and the assister, the agency's standing (a navigator
    works for one: looked up by its key), the work-queue counts, the page (S11)."""
    add_clients(factories, signed_in, NAMES)
    client.get("/assister/")  # any session write (last seen) out of the way
    sql_log.clear()
    html = client.get("/assister/?sort=status").get_data(as_text=True)
    assert len(row_names(html)) == 5 and f"Welcome, {signed_in.first_name}" in html
    assert len(sql_log) == 4, sql_log
    assert "user_session" in sql_log[0] and "assister" in sql_log[0]
    assert 'FROM "agency"' in sql_log[1] and '"t1"."id" = ?' in sql_log[1].replace("%s", "?")
    sql_log.clear()
    html = client.get("/assister/?sort=status&per_page=10&page=2").get_data(as_text=True)
    assert len(row_names(html)) == 5 and "Showing 1–5 of 5 clients" in html
    assert len(sql_log) == 4, sql_log


def test_reference_number_page(client, signed_in):
    html = client.get("/assister/profile").get_data(as_text=True)
    number = signed_in.reference_number
    assert f"{number[:3]}-{number[3:6]}-{number[6:]}" in html
    assert "What consumers see about you" in html
