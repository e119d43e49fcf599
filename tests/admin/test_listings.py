"""Find local help in the admin: the Listed column and filter, the listing fields of the agency
and assister forms, and staff hiding a listing with a reason or showing it again."""

import pytest

from db.assisters import Agency, Assister
from db.audit import AuditEvent
from db.mail import OutgoingMail
from tests.admin.test_admin import _assister_form
from tests.admin.test_bad_input import filters_of
from tests.conftest import csrf_token_from

AGENCY_FORM = {
    "name": "Prairie Navigators",
    "kind": "navigator",
    "street": "500 Main Ave",
    "city": "Moorhead",
    "state": "MN",
    "zip_code": "56560",
    "county": "Clay",
    "phone": "218-555-0150",
    "email": "",
    "website": "https://prairienavigators.example.org",
    "hours": "Mon–Fri 8:00–16:30",
    "languages": "English, Spanish",
    "listed": "y",
}


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def test_staff_create_an_agency_with_its_website_and_listing(staff_client, post_form):
    page = staff_client.get("/admin/admin_agency/new/").get_data(as_text=True)
    assert "on the agency's behalf until agency administrators" in page
    response = post_form("/admin/admin_agency/new/", AGENCY_FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    agency = Agency.get(Agency.name == "Prairie Navigators")
    assert agency.website == "https://prairienavigators.example.org" and agency.listed
    assert agency.latitude is not None and not agency.hidden_by_staff


def test_a_website_that_is_not_an_address_is_a_message_and_saves_nothing(
    staff_client, post_form
):
    response = post_form("/admin/admin_agency/new/", {**AGENCY_FORM, "website": "prairie nav"})
    page = response.get_data(as_text=True)
    assert "Enter the website&#39;s full address" in page and 'value="prairie nav"' in page
    assert not Agency.select().exists()


def test_an_assisters_hours_and_listing_are_edited_in_the_admin(
    staff_client, factories, post_form
):
    assister = factories.assister("navigator")
    url = f"/admin/admin_assister/edit/?id={assister.id}"
    # "listed" left unticked, as a browser sends a checkbox staff untick.
    form = _assister_form(assister.agency.id, email=assister.email, hours="Wed 12:00–20:00")
    assert post_form(url, form).status_code == 302
    edited = Assister.get_by_id(assister.id)
    assert edited.hours == "Wed 12:00–20:00" and not edited.listed
    response = post_form(url, {**form, "hours": "h" * 201, "listed": "y"})
    assert response.status_code == 200 and "200" in response.get_data(as_text=True)
    assert Assister.get_by_id(assister.id).hours == "Wed 12:00–20:00"


def test_the_lists_show_and_filter_by_listed(staff_client, factories, post_form):
    shown = factories.assister("broker", last_name="Shownquist")
    factories.assister("broker", last_name="Quietberg", listed=False)
    hidden = factories.assister("broker", last_name="Hiddenson")
    post_form(f"/admin/admin_assister/listing/?id={hidden.id}",
              {"action": "hide", "reason": "Phone disconnected."})
    page = staff_client.get("/admin/admin_assister/").get_data(as_text=True)
    assert "Not listed (their choice)" in page and "Hidden by staff: Phone disconnected." in page
    filters = filters_of(page)
    key = filters[("Listed in Find local help", "equals")]
    page = staff_client.get(f"/admin/admin_assister/?flt0_{key}=0").get_data(as_text=True)
    assert "Quietberg" in page and "Shownquist" not in page
    key = filters[("Hidden by staff", "equals")]
    page = staff_client.get(f"/admin/admin_assister/?flt0_{key}=1").get_data(as_text=True)
    assert "Hiddenson" in page and shown.last_name not in page
    agencies = staff_client.get("/admin/admin_agency/").get_data(as_text=True)
    assert ("Listed in Find local help", "equals") in filters_of(agencies)


def test_staff_hide_an_assister_with_a_reason_and_show_them_again(
    staff_client, factories, post_form
):
    assister = factories.assister("navigator")
    url = f"/admin/admin_assister/listing/?id={assister.id}"
    for page in ("details", "edit"):
        html = staff_client.get(f"/admin/admin_assister/{page}/?id={assister.id}")
        html = html.get_data(as_text=True)
        assert f'href="{url}"' in html and "Find local help: Listed" in html
    response = post_form(url, {"action": "hide", "reason": "   "})
    assert response.status_code == 422
    assert "Give the reason for hiding this listing." in response.get_data(as_text=True)
    assert not Assister.get_by_id(assister.id).hidden_by_staff
    response = post_form(url, {"action": "hide", "reason": "Consumers say the office has moved."})
    assert response.status_code == 302
    hidden = Assister.get_by_id(assister.id)
    assert hidden.hidden_by_staff and hidden.hidden_reason == "Consumers say the office has moved."
    mail = OutgoingMail.get(OutgoingMail.to_address == assister.email)
    assert mail.kind == "listing_hidden" and "Consumers say the office has moved." in mail.body
    row = AuditEvent.get(AuditEvent.action == "assister.listing_hidden")
    assert row.actor_role == "staff"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Show in Find local help" in page and 'name="reason"' not in page
    assert post_form(url, {"action": "show"}).status_code == 302
    assert not Assister.get_by_id(assister.id).hidden_by_staff
    assert OutgoingMail.select().where(OutgoingMail.kind == "listing_shown").count() == 1


def test_a_hide_sent_twice_hides_once(staff_client, factories):
    agency = factories.agency()
    url = f"/admin/admin_agency/listing/?id={agency.id}"
    sent = {"csrf_token": csrf_token_from(staff_client.get(url).get_data(as_text=True)),
            "action": "hide", "reason": "Closed for winter."}
    first = staff_client.post(url, data=sent)
    again = staff_client.post(url, data={**sent, "reason": "Another reason."})
    assert first.status_code == 302 and again.status_code == 422
    assert "already hidden" in again.get_data(as_text=True)
    assert "Show in Find local help" in again.get_data(as_text=True)
    assert Agency.get_by_id(agency.id).hidden_reason == "Closed for winter."
    hides = AuditEvent.select().where(AuditEvent.action == "agency.listing_hidden")
    assert hides.count() == 1


def test_the_hidden_flag_is_not_on_the_edit_forms(staff_client, factories):
    agency = factories.agency()
    for url in (f"/admin/admin_agency/edit/?id={agency.id}", "/admin/admin_assister/new/"):
        page = staff_client.get(url).get_data(as_text=True)
        assert 'name="hidden_by_staff"' not in page and 'name="hidden_reason"' not in page
        assert 'name="listed"' in page


def test_a_missing_listing_is_not_shown(staff_client):
    response = staff_client.get("/admin/admin_agency/listing/?id=987654321")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/admin/admin_agency/")
