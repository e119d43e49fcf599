"""The agency's Clients and a client's status page through the test client: the whole page and
the htmx fragment, links that work without JavaScript, bad arguments, 404s and the audit rows."""

import re
from datetime import date
from html import unescape

import pytest

from db.audit import AuditEvent
from db.consumers import Consumer
from portal.services import associations
from portal.services.audit import VIEWED
from tests import routes

NAMES = [("Ann", "Smith"), ("Bob", "Jones"), ("Cy", "Adams"), ("Di", "Brown"), ("Ed", "Smith")]


@pytest.fixture
def agency(factories):
    """An agency's administrator, its navigator Nora Vang with the clients above, and another
    agency's navigator with a client of their own."""
    admin = factories.agency_admin()
    nora = factories.assister(
        "navigator", agency=admin.agency, first_name="Nora", last_name="Vang"
    )
    made = [
        factories.association(
            factories.consumer(with_account=False, first_name=first, last_name=last), nora
        )
        for first, last in NAMES
    ]
    other = factories.association(factories.consumer(with_account=False, first_name="Zed"))
    return admin, nora, made, other


@pytest.fixture
def signed_in(agency, sign_in):
    sign_in(agency[0].user)
    return agency


def row_names(html):
    return re.findall(r'<th scope="row"><a class="usa-link" href="[^"]+">([^<]+)</a></th>', html)


def newest_audit():
    return AuditEvent.select().order_by(AuditEvent.id.desc()).get()


def test_the_whole_page_lists_the_agencys_clients(client, signed_in):
    admin, nora, _, _ = signed_in
    response = client.get("/agency/clients")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html
    assert 'aria-current="page">Clients</a>' in html
    assert row_names(html) == ["Cy Adams", "Di Brown", "Bob Jones", "Ann Smith", "Ed Smith"]
    assert "Zed" not in html
    assert "Showing 1–5 of 5 clients" in unescape(html)
    assert html.count("Nora Vang<br>") == 5 and "Navigator" in html
    assert f'<option value="{nora.id}">Nora Vang (Navigator)</option>' in html
    row = newest_audit()
    assert (row.action, row.actor_id, row.object_id) == (
        "agency.clients_listed", admin.user_id, str(admin.agency_id))


def test_an_htmx_request_gets_only_the_table_and_links_work_both_ways(client, signed_in):
    response = client.get("/agency/clients?sort=-name&q=smith", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert row_names(html) == ["Ed Smith", "Ann Smith"]
    assert 'hx-swap-oob="innerHTML:#result-count"' in html
    assert "HX-Request" in response.headers["Vary"]
    # Each sort link is a plain href and an hx-get to the same URL, with the whole state.
    links = re.findall(r'<a class="usa-link portal-sort" href="([^"]+)" hx-get="([^"]+)"', html)
    assert all(href == hx_get for href, hx_get in links)
    # Sorted by name descending: its header reverses to the default (left out of the URL).
    assert [unescape(href) for href, _ in links] == [
        "/agency/clients?q=smith",
        "/agency/clients?sort=assister&q=smith",
        "/agency/clients?sort=deadline&q=smith",
        "/agency/clients?sort=since&q=smith",
    ]
    # A history restore (Back after htmx's cache is gone) gets the whole page.
    restored = client.get("/agency/clients?sort=-name&q=smith",
                          headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.get_data(as_text=True)


def test_without_javascript_the_filters_and_pages_are_plain_gets(client, signed_in):
    _, nora, made, _ = signed_in
    Consumer.update(application_status="submitted").where(
        Consumer.id == made[1].consumer_id).execute()
    html = client.get(f"/agency/clients?status=submitted&assister={nora.id}").get_data(
        as_text=True)
    assert row_names(html) == ["Bob Jones"]
    assert "application submitted, helped by Nora Vang" in html
    assert re.search(r'<form method="get" action="/agency/clients" class="portal-filters"', html)
    paged = client.get("/agency/clients?per_page=10&sort=since").get_data(as_text=True)
    assert row_names(paged) == ["Ann Smith", "Bob Jones", "Cy Adams", "Di Brown", "Ed Smith"]
    assert 'aria-sort="ascending"' in paged


@pytest.mark.parametrize("query", [
    "sort=bogus", "status=nope", "page=99999999999999999999", "per_page=7", "assister=abc",
    "page=5", "q=a%00b&sort=%00",
])
def test_bad_arguments_give_the_first_page_with_a_message(client, signed_in, query):
    response = client.get(f"/agency/clients?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "does not have, so it shows the first page" in html
    assert "Showing 1–" in unescape(html) or "No clients match." in html


def test_another_agencys_assister_is_no_filter(client, signed_in):
    _, _, _, other = signed_in
    html = client.get(f"/agency/clients?assister={other.assister_id}").get_data(as_text=True)
    assert "does not have, so it shows the first page" in html
    assert len(row_names(html)) == 5 and "Zed" not in html


def test_a_clients_status_page_is_audited_for_them(client, signed_in):
    admin, _, made, _ = signed_in
    association = made[0]
    Consumer.update(verification_due_on=date(2026, 5, 1)).where(
        Consumer.id == association.consumer_id).execute()
    html = client.get("/agency/clients").get_data(as_text=True)
    url = f"/agency/clients/{association.id}"
    assert f'href="{url}"' in html
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Ann Smith</h1>" in html and "Nora Vang (Navigator)" in html
    assert "Not started" in html and "Not enrolled" in html
    # No private detail: not their email, phone or date of birth.
    consumer = Consumer.get_by_id(association.consumer_id)
    assert consumer.email not in html and consumer.phone not in html and "1980" not in html
    row = newest_audit()
    assert (row.action, row.actor_id, row.actor_role, row.on_behalf_of_id) == (
        VIEWED, admin.user_id, "agency_admin", association.consumer_id)


def test_the_consumer_reads_who_looked(app, client, factories, signed_in):
    admin, nora, _, _ = signed_in
    consumer = factories.consumer(first_name="Olivia", last_name="Her")
    association = factories.association(consumer, nora)
    assert client.get(f"/agency/clients/{association.id}").status_code == 200
    olivia = routes.signed_in_client(app, consumer.user, "192.0.2.99")
    html = unescape(olivia.get("/consumer/assisters/activity").get_data(as_text=True))
    assert (f"<td>{admin.full_name} (administrator of {admin.agency.name})</td>"
            "<td>Viewed your application and enrollment status</td>") in html


def test_another_agencys_an_ended_or_a_missing_client_is_not_found(
    app, client, factories, signed_in
):
    _, _, made, other = signed_in
    with app.app_context():  # the consumer and the assister are told by mail
        associations.end_association(factories.actor(None), made[4], "Moved away")
    before = AuditEvent.select().where(AuditEvent.action == VIEWED).count()
    for association_id in (other.id, made[4].id, 987654321, 2**70):
        assert client.get(f"/agency/clients/{association_id}").status_code == 404
    assert AuditEvent.select().where(AuditEvent.action == VIEWED).count() == before
    assert "Ed Smith" not in client.get("/agency/clients").get_data(as_text=True)
