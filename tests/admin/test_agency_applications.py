"""Staff review agencies' applications (approve, reject with a reason) and keep agency
administrators (add, edit, send the activation email) in the admin (S8, S9)."""

import json
import re
from datetime import datetime
from html import unescape

import pytest

from db.assisters import Agency, AgencyAdmin, RegistrationNumber
from db.audit import AuditEvent
from db.certifications import AgencyApplication
from db.mail import OutgoingMail
from portal.services import agency_applications
from tests.services.test_agency_applications import application_values

LIST = "/admin/admin_agency_application/"
ADMINS = "/admin/admin_agency_admin/"


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def submitted(app, factories, **overrides):
    with app.test_request_context():
        return agency_applications.submit(factories.actor(None), application_values(**overrides))


@pytest.fixture
def application(app, factories):
    return submitted(app, factories)


def text_of(response):
    return unescape(response.get_data(as_text=True))


def written():
    return {
        model.__name__: model.select().count()
        for model in (Agency, AgencyAdmin, RegistrationNumber, OutgoingMail, AuditEvent)
    }


def test_the_list_shows_waiting_applications_first_then_the_newest(
    app, staff_client, factories
):
    old = submitted(app, factories, legal_name="Old Waiting", contact_email="a@x.org")
    decided = submitted(app, factories, legal_name="Newest Rejected", contact_email="b@x.org")
    new = submitted(app, factories, legal_name="New Waiting", contact_email="c@x.org")
    with app.test_request_context():
        agency_applications.reject(factories.actor(factories.staff()), decided, "No")
    for row, day in ((old, 1), (new, 2), (decided, 3)):
        AgencyApplication.update(submitted_at=datetime(2026, 3, day, 12)).where(
            AgencyApplication.id == row.id).execute()
    html = text_of(staff_client.get(LIST))
    names = re.findall(r"(Old Waiting|New Waiting|Newest Rejected)", html)
    assert names == ["New Waiting", "Old Waiting", "Newest Rejected"]
    assert "Agency applications" in html and "Agency administrators" in html
    assert f"approve/?id={new.id}" in html and f"reject/?id={new.id}" in html


def test_filter_by_status_and_type(app, staff_client, factories):
    submitted(app, factories, legal_name="Navigators Here", contact_email="a@x.org")
    cac = submitted(app, factories, legal_name="Counselors There", kind="cac",
                    contact_email="b@x.org")
    with app.test_request_context():
        agency_applications.reject(factories.actor(factories.staff()), cac, "No")
    html = staff_client.get(LIST).get_data(as_text=True)
    # flask-admin numbers each filter operation; the page lists them in a script.
    status_equals = filter_index(html, "Status", "equals")
    kind_equals = filter_index(html, "Type", "equals")
    by_status = text_of(staff_client.get(f"{LIST}?flt0_{status_equals}=rejected"))
    assert "Counselors There" in by_status and "Navigators Here" not in by_status
    by_kind = text_of(staff_client.get(f"{LIST}?flt0_{kind_equals}=navigator"))
    assert "Navigators Here" in by_kind and "Counselors There" not in by_kind


def filter_index(html, label, operation):
    groups = json.loads(re.search(r'id="filter-groups-data"[^>]*>(.*?)</', html, re.S).group(1))
    return next(f["index"] for f in groups[label] if f["operation"] == operation)


def test_details_show_the_application(staff_client, application):
    html = text_of(staff_client.get(f"{LIST}details/?id={application.id}"))
    assert "Northwoods Health Navigators" in html and "ingrid@northwoods.example.org" in html
    assert "Carlton, St. Louis" in html


def test_approve_confirms_what_will_be_made_then_makes_it(staff_client, post_form, application):
    url = f"{LIST}approve/?id={application.id}"
    page = text_of(staff_client.get(url))
    assert "Approve the application of Northwoods Health Navigators" in page
    assert "Navigator organization" in page and "12 Lake Ave, Duluth, MN 55802" in page
    assert "Ingrid Olsen" in page and "The activation email" in page
    assert Agency.select().where(Agency.name == application.legal_name).count() == 0
    response = post_form(url, {})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{LIST}details/?id={application.id}"
    shown = text_of(staff_client.get(response.headers["Location"]))
    assert "Northwoods Health Navigators is certified" in shown
    assert "the activation email was sent to ingrid@northwoods.example.org" in shown
    agency = Agency.get(Agency.name == application.legal_name)
    assert AgencyAdmin.get(AgencyAdmin.agency == agency).email == application.contact_email


def test_a_double_click_on_approve_shows_the_first_result(staff_client, application):
    url = f"{LIST}approve/?id={application.id}"
    from tests.conftest import csrf_token_from

    token = csrf_token_from(staff_client.get(url).get_data(as_text=True))
    first = staff_client.post(url, data={"csrf_token": token})
    before = written()
    second = staff_client.post(url, data={"csrf_token": token})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert written() == before
    assert Agency.select().where(Agency.name == application.legal_name).count() == 1
    # The approval stands against a later rejection too.
    rejected = staff_client.post(f"{LIST}reject/?id={application.id}",
                                 data={"csrf_token": token, "reason": "Late"})
    assert rejected.status_code == 302 and written() == before
    assert AgencyApplication.get_by_id(application.id).status == "approved"


def test_a_clash_at_approval_makes_nothing_and_says_why(
    staff_client, post_form, factories, application
):
    factories.agency(name="Northwoods Health Navigators")
    before = written()
    response = post_form(f"{LIST}approve/?id={application.id}", {})
    assert response.status_code == 422
    assert "Nothing was made: An agency with this name already exists." in text_of(response)
    after = written()
    # The only new row is the audit of staff opening the page (none of a client's).
    assert {k: v for k, v in after.items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}
    assert AgencyApplication.get_by_id(application.id).status == "pending"


def test_reject_needs_a_reason_kept_as_typed(staff_client, post_form, application):
    url = f"{LIST}reject/?id={application.id}"
    page = text_of(staff_client.get(url))
    assert "Reject the application of Northwoods Health Navigators" in page
    assert 'maxlength="1000"' in page
    response = post_form(url, {"reason": ""})
    assert response.status_code == 422
    assert "Give the reason for rejecting this application." in text_of(response)
    long = "y" * 1001
    response = post_form(url, {"reason": long})
    assert response.status_code == 422 and "1000 characters or fewer" in text_of(response)
    assert long in text_of(response)
    assert AgencyApplication.get_by_id(application.id).status == "pending"
    response = post_form(url, {"reason": "The organization is not registered in Minnesota."})
    assert response.status_code == 302
    shown = text_of(staff_client.get(response.headers["Location"]))
    assert "was not approved" in shown and "was emailed the reason" in shown
    stored = AgencyApplication.get_by_id(application.id)
    assert (stored.status, stored.reason) == (
        "rejected", "The organization is not registered in Minnesota.")
    mail = OutgoingMail.select().order_by(OutgoingMail.id.desc()).first()
    assert "not registered in Minnesota" in mail.body
    # Approving it now is refused: the rejection stands.
    before = written()
    assert post_form(f"{LIST}approve/?id={application.id}", {}).status_code == 302
    assert written() == before


def test_a_decided_application_offers_no_decision(staff_client, app, factories, application):
    with app.test_request_context():
        agency_applications.reject(factories.actor(factories.staff()), application, "No")
    for view in ("approve", "reject"):
        html = text_of(staff_client.get(f"{LIST}{view}/?id={application.id}"))
        assert "Only an application waiting for review" in html
        assert 'type="submit"' not in html.split("Only an application")[1]


def test_a_missing_application_goes_back_to_the_list(staff_client):
    for view in ("approve", "reject"):
        response = staff_client.get(f"{LIST}{view}/?id=987654")
        assert response.status_code == 302 and response.headers["Location"] == LIST


# Agency administrators -------------------------------------------------------------------------


def test_the_list_shows_each_administrator_and_their_account(staff_client, factories):
    agency = factories.agency(name="Lakes Navigators")
    factories.agency_admin(agency, first_name="Ana", last_name="Haslam")
    factories.agency_admin(agency, with_account=False, first_name="Bo", last_name="Yang")
    html = text_of(staff_client.get(ADMINS))
    assert "Haslam" in html and "Yang" in html and "Lakes Navigators" in html
    account = re.findall(r'col-last_name[^"]*">\s*(\w+)\s*</th>.*?col-user">\s*(\w+)\s*</td>', html,
                         re.S)
    assert account == [("Haslam", "Yes"), ("Yang", "No")]


def test_staff_add_a_second_administrator_and_send_the_activation(
    staff_client, post_form, factories
):
    agency = factories.agency(name="Lakes Navigators")
    factories.agency_admin(agency)
    response = post_form(f"{ADMINS}new/", {
        "agency": str(agency.id), "first_name": "Second", "last_name": "Admin",
        "email": "second@lakes.example.org", "phone": "651-555-0199", "is_active": "y",
    })
    assert response.status_code == 302, text_of(response)
    admin = AgencyAdmin.get(AgencyAdmin.email == "second@lakes.example.org")
    assert admin.agency_id == agency.id and admin.user_id is None
    url = f"{ADMINS}activation/?id={admin.id}"
    page = text_of(staff_client.get(url))
    assert "Send activation email" in page and "Lakes Navigators" in page
    assert "Not activated yet" in page and "Reference Number" not in page
    response = post_form(url, {})
    assert response.status_code == 302
    page = text_of(staff_client.get(url))
    assert "activation email was sent to second@lakes.example.org" in page
    assert "Re-send activation email" in page
    first = RegistrationNumber.get(RegistrationNumber.agency_admin == admin)
    assert post_form(url, {}).status_code == 302
    assert RegistrationNumber.get_by_id(first.id).voided_at is not None
    mails = OutgoingMail.select().where(OutgoingMail.to_address == admin.email)
    assert mails.count() == 2
    assert all("agency administrator of Lakes Navigators" in mail.body for mail in mails)


def test_an_email_taken_is_a_message_on_the_form(staff_client, post_form, factories):
    agency = factories.agency()
    factories.agency_admin(agency, email="taken@example.org")
    response = post_form(f"{ADMINS}new/", {
        "agency": str(agency.id), "first_name": "Again", "last_name": "Admin",
        "email": "TAKEN@example.org", "phone": "651-555-0199", "is_active": "y",
    })
    assert response.status_code == 200
    html = text_of(response)
    assert "Another agency administrator already uses this email address." in html
    assert 'value="Again"' in html
    assert AgencyAdmin.select().count() == 1


def test_staff_edit_names_phone_and_active_but_not_agency_or_email(
    staff_client, post_form, factories
):
    admin = factories.agency_admin(with_account=False)
    url = f"{ADMINS}edit/?id={admin.id}"
    page = text_of(staff_client.get(url))
    assert 'name="first_name"' in page and 'name="phone"' in page
    assert 'name="email"' not in page and 'name="agency"' not in page
    response = post_form(url, {"first_name": "Agnes", "last_name": "Renamed",
                               "phone": "651-555-0177"})
    assert response.status_code == 302, text_of(response)
    stored = AgencyAdmin.get_by_id(admin.id)
    assert (stored.last_name, stored.phone, stored.is_active, stored.email) == (
        "Renamed", "651-555-0177", False, admin.email)
    event = AuditEvent.select().where(AuditEvent.action == "agency_admin.updated").get()
    assert "is_active" in event.detail and "651" not in event.detail
    response = post_form(url, {"first_name": "Agnes", "last_name": "Renamed", "phone": "12"})
    assert "Enter a 10-digit phone number" in text_of(response)
    assert AgencyAdmin.get_by_id(admin.id).phone == "651-555-0177"


def test_an_administrator_with_an_account_is_not_sent_another(staff_client, post_form, factories):
    admin = factories.agency_admin()
    url = f"{ADMINS}activation/?id={admin.id}"
    page = text_of(staff_client.get(url))
    assert "already has a portal account" in page and "Send activation email" not in page
    before = written()
    assert post_form(url, {}).status_code == 422
    assert {k: v for k, v in written().items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}
