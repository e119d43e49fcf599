"""Staff administration: who may enter, and agencies, assisters, consumers and associations."""

import pytest

from db.assisters import Agency, Assister
from db.associations import Association
from db.audit import AuditEvent
from db.consumers import Consumer
from tests.admin.test_bad_input import filters_of

ADMIN_PAGES = [
    "/admin/",
    "/admin/admin_agency/",
    "/admin/admin_assister/",
    "/admin/admin_assister/new/",
    "/admin/admin_consumer/",
    "/admin/admin_association/",
    "/admin/admin_audit/",
    "/admin/admin_verification/",
]


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def test_anonymous_is_sent_to_sign_in(client):
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], url


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_other_roles_are_refused(client, factories, sign_in, role):
    sign_in(factories.user(role))
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 403, url


def test_staff_see_every_admin_page(staff_client):
    for url in ADMIN_PAGES:
        assert staff_client.get(url).status_code == 200, url


def test_assister_list_search_and_filter(staff_client, factories):
    grace = factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    factories.assister("navigator", first_name="Nora", last_name="Vang")
    page = staff_client.get("/admin/admin_assister/").get_data(as_text=True)
    assert "Lindqvist" in page and "Vang" in page
    page = staff_client.get("/admin/admin_assister/?search=lindq").get_data(as_text=True)
    assert "Lindqvist" in page and "Vang" not in page
    number = grace.reference_number
    assert f"{number[:3]}-{number[3:6]}-{number[6:]}" in page
    page = staff_client.get("/admin/admin_assister/?flt0_0=navigator").get_data(as_text=True)
    assert "Vang" in page and "Lindqvist" not in page


def test_list_pages_never_show_secrets(staff_client, factories):
    factories.assister("broker", with_account=True)
    for url in ADMIN_PAGES + ["/admin/admin_audit/export/csv/"]:
        page = staff_client.get(url).get_data(as_text=True)
        assert "argon2" not in page and "password_hash" not in page


def _assister_form(agency_id, **overrides):
    return {
        "assister_type": "navigator",
        "first_name": "Lucia",
        "last_name": "Ramirez",
        "agency": str(agency_id),
        "license_number": "",
        "email": "lucia@example.org",
        "phone": "612-555-0177",
        "street": "5 Cedar Ave",
        "city": "Minneapolis",
        "state": "MN",
        "zip_code": "55407",
        "county": "Hennepin",
        "languages": "English, Spanish",
        "certified_on": "2026-01-15",
        "certification_expires_on": "2028-01-15",
        **overrides,
    }


def test_create_assister_through_the_admin(staff_client, factories, post_form):
    agency = factories.agency(name="North Star Navigators")
    response = post_form("/admin/admin_assister/new/", _assister_form(agency.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    created = Assister.get(Assister.email == "lucia@example.org")
    assert created.agency.id == agency.id and created.languages == "English, Spanish"
    assert str(created.certified_on) == "2026-01-15"
    assert len(created.reference_number) == 10
    row = AuditEvent.get(
        AuditEvent.action == "assister.created", AuditEvent.object_id == str(created.id)
    )
    assert row.actor.role == "staff" and row.ip


def test_bad_assister_input_keeps_what_was_typed_and_writes_nothing(
    staff_client, factories, post_form
):
    agency = factories.agency()
    before = Assister.select().count()
    response = post_form(
        "/admin/admin_assister/new/",
        _assister_form(
            agency.id, phone="call me", zip_code="5540", certification_expires_on="2025-01-01"
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a 10-digit phone number" in page and "Enter a 5-digit ZIP code" in page
    assert 'value="call me"' in page and 'value="Ramirez"' in page
    assert Assister.select().count() == before


def test_rule_broken_in_a_service_shows_beside_the_field(staff_client, factories, post_form):
    agency = factories.agency()
    response = post_form(
        "/admin/admin_assister/new/",
        _assister_form(agency.id, certification_expires_on="2025-01-01"),
    )
    page = response.get_data(as_text=True)
    assert "The certification must expire after the date it was granted." in page
    assert 'value="Lucia"' in page
    assert not Assister.select().where(Assister.email == "lucia@example.org").exists()


def test_edit_assister_through_the_admin(staff_client, factories, post_form):
    assister = factories.assister("navigator")
    url = f"/admin/admin_assister/edit/?id={assister.id}"
    response = post_form(
        url, _assister_form(assister.agency.id, email=assister.email, phone="651-555-0123")
    )
    assert response.status_code == 302
    edited = Assister.get_by_id(assister.id)
    assert edited.phone == "651-555-0123" and edited.first_name == "Lucia"
    assert edited.reference_number == assister.reference_number
    assert AuditEvent.get(AuditEvent.action == "assister.updated").detail.startswith("changed:")


def test_duplicate_agency_is_a_form_error_not_a_500(staff_client, factories, post_form):
    factories.agency(name="Lakes Community Health Center")
    response = post_form(
        "/admin/admin_agency/new/",
        {
            "name": "Lakes Community Health Center",
            "kind": "cac",
            "street": "220 W 1st St",
            "city": "Duluth",
            "state": "MN",
            "zip_code": "55802",
            "county": "Saint Louis",
            "phone": "218-555-0190",
            "email": "",
            "hours": "",
            "languages": "English",
        },
    )
    assert response.status_code == 200
    assert "An agency with this name already exists." in response.get_data(as_text=True)
    assert Agency.select().where(Agency.name == "Lakes Community Health Center").count() == 1


def test_create_and_edit_consumer(staff_client, post_form):
    form = {
        "first_name": "Olivia",
        "last_name": "Olson",
        "email": "olivia@example.org",
        "phone": "763-555-0110",
        "date_of_birth": "1990-03-04",
        "preferred_language": "Spanish",
    }
    assert post_form("/admin/admin_consumer/new/", form).status_code == 302
    consumer = Consumer.get(Consumer.email == "olivia@example.org")
    response = post_form(
        f"/admin/admin_consumer/edit/?id={consumer.id}", {**form, "last_name": "Olson-Lee"}
    )
    assert response.status_code == 302
    assert Consumer.get_by_id(consumer.id).last_name == "Olson-Lee"
    page = staff_client.get("/admin/admin_consumer/?search=olson-lee").get_data(as_text=True)
    assert "Olson-Lee" in page


def test_opening_a_consumer_record_is_audited(staff_client, factories):
    consumer = factories.consumer()
    assert staff_client.get(f"/admin/admin_consumer/details/?id={consumer.id}").status_code == 200
    row = AuditEvent.get(AuditEvent.action == "client.viewed")
    assert row.on_behalf_of.id == consumer.id and row.actor_role == "staff"


def test_nothing_can_be_deleted_in_the_admin(staff_client, factories, post_form):
    agency = factories.agency()
    response = post_form(
        "/admin/admin_agency/delete/", {"id": str(agency.id)}, page="/admin/admin_agency/"
    )
    assert Agency.select().where(Agency.id == agency.id).exists()
    assert response.status_code in (302, 404, 405)


def test_associations_list_and_end_with_a_reason(staff_client, factories, post_form):
    association = factories.association()
    page = staff_client.get("/admin/admin_association/").get_data(as_text=True)
    assert association.consumer.last_name in page and "New" in page and "Navigator" in page
    end_url = f"/admin/admin_association/end/?id={association.id}"
    response = post_form(end_url, {"reason": ""})
    assert "Give the reason for ending this association." in response.get_data(as_text=True)
    assert Association.get_by_id(association.id).ended_at is None
    response = post_form(end_url, {"reason": "Consumer called the ARC"})
    assert response.status_code == 302
    ended = Association.get_by_id(association.id)
    assert ended.status == "ended" and ended.ended_by_role == "staff"
    assert ended.end_reason == "Consumer called the ARC" and ended.ended_at is not None
    row = AuditEvent.get(AuditEvent.action == "association.ended")
    assert row.actor_role == "staff" and row.on_behalf_of.id == association.consumer.id


def test_associations_cannot_be_created_or_edited_in_the_admin(staff_client, factories):
    association = factories.association()
    assert staff_client.get("/admin/admin_association/new/").status_code == 302
    assert (
        staff_client.get(f"/admin/admin_association/edit/?id={association.id}").status_code == 302
    )


def test_a_list_is_searched_across_its_related_rows(staff_client, factories):
    """The association list searches the consumer's last name, then first name, each from
    its start (an index serves it), the consumer joined once."""
    vang = factories.assister("navigator", last_name="Vang")
    factories.association(factories.consumer(first_name="Liam", last_name="Johnson"), vang)
    factories.association(factories.consumer(first_name="Emma", last_name="Olson"))
    for search, shown in (
        ("johnson", {"Liam Johnson"}),
        ("JOH", {"Liam Johnson"}),
        ("olson+em", {"Emma Olson"}),
        ("johnson+liam", {"Liam Johnson"}),
        ("johnson+emma", set()),
        ("emma", set()),
        ("ohnson", set()),
    ):
        page = staff_client.get(f"/admin/admin_association/?search={search}")
        assert page.status_code == 200, search
        text = page.get_data(as_text=True)
        assert {name for name in ("Liam Johnson", "Emma Olson") if name in text} == shown, search


def test_the_audit_log_is_filtered_by_two_related_rows_at_once(staff_client, factories):
    liam = factories.consumer(first_name="Liam", last_name="Johnson")
    factories.association(liam)
    factories.association(factories.consumer(first_name="Emma", last_name="Olson"))
    found = filters_of(staff_client.get("/admin/admin_audit/").get_data(as_text=True))
    by_user = found[("Actor's username", "equals")]
    by_consumer = found[("Consumer id", "equals")]
    emma = Consumer.get(Consumer.first_name == "Emma")
    url = f"/admin/admin_audit/?flt0_{by_user}={liam.user.username}&flt1_{by_consumer}={liam.id}"
    text = staff_client.get(url).get_data(as_text=True)
    assert "Liam Johnson" in text and "Emma Olson" not in text
    url = f"/admin/admin_audit/?flt0_{by_user}={liam.user.username}&flt1_{by_consumer}={emma.id}"
    assert "Liam Johnson" not in staff_client.get(url).get_data(as_text=True)


def test_hand_edited_list_urls_never_fail(staff_client):
    for query in (
        "sort=1",
        "sort=99",
        "page=-5",
        "page=99999",
        "page=abc",
        "search=%27%3B--",
        "search=+++",
        "flt0_9=x",
    ):
        assert staff_client.get(f"/admin/admin_association/?{query}").status_code == 200, query


def test_audit_log_is_read_only_and_exports_csv(staff_client, factories):
    factories.association()
    assert staff_client.get("/admin/admin_audit/new/").status_code == 302
    export = staff_client.get("/admin/admin_audit/export/csv/")
    assert export.status_code == 200 and "association.started" in export.get_data(as_text=True)
