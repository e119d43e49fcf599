"""Certifications in the admin: the lists (to confirm, expiring in 30 / 60 / 90 days), and
staff confirming or refusing a period applied for."""

from datetime import timedelta

import pytest

from db.assisters import Assister
from db.certifications import Certification
from db.mail import OutgoingMail
from portal.actors import SYSTEM
from portal.services import certifications, standing
from tests.admin.test_bad_input import filters_of
from tests.conftest import csrf_token_from
from tests.views.test_double_submit import post_at_once

LIST = "/admin/admin_certification/"


def today():
    return standing.minnesota_today()


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def registered_broker(app, email="bea@example.org", last_name="Broker"):
    with app.app_context():
        assister = certifications.register(SYSTEM, {
            "assister_type": "broker", "license_number": "MN-123",
            "license_expires_on": today() + timedelta(days=300), "first_name": "Bea",
            "last_name": last_name, "email": email, "phone": "651-555-0111",
            "street": "1 Elm St", "city": "Duluth", "zip_code": "55802", "county": "St. Louis",
            "languages": ["English"],
        })
    return Certification.get(Certification.assister == assister.id)


def expiring_in(factories, days, last_name):
    return factories.assister(
        "broker", last_name=last_name, certified_on=today() - timedelta(days=200),
        certification_expires_on=today() + timedelta(days=days),
    )


def test_the_menu_lists_and_the_columns(app, staff_client, factories):
    pending = registered_broker(app)
    expiring_in(factories, 20, "Soon")
    expiring_in(factories, 50, "Later")
    expiring_in(factories, 80, "Latest")
    expiring_in(factories, 300, "Farther")
    home = staff_client.get("/admin/").get_data(as_text=True)
    for days in (30, 60, 90):
        assert f"Certifications expiring in {days} days" in home
        assert f'href="{LIST}?expiring={days}"' in home
    assert f'href="{LIST}?to_confirm=1"' in home
    html = staff_client.get(LIST).get_data(as_text=True)
    for heading in ("Type", "Agency", "Kind", "Starts", "Expires", "Status"):
        assert heading in html
    assert "Independent" in html and "Broker" in html
    to_confirm = staff_client.get(f"{LIST}?to_confirm=1").get_data(as_text=True)
    assert "Bea Broker" in to_confirm and "Soon" not in to_confirm
    assert pending.status == "pending"
    within = {days: staff_client.get(f"{LIST}?expiring={days}").get_data(as_text=True)
              for days in (30, 60, 90)}
    assert "Soon" in within[30] and "Later" not in within[30]
    assert "Later" in within[60] and "Latest" not in within[60]
    assert "Latest" in within[90] and "Farther" not in within[90] and "Bea" not in within[90]


def test_only_the_period_that_runs_now_is_expiring(app, staff_client, factories):
    renewed = expiring_in(factories, 20, "Renewed")
    with app.app_context():
        renewal = certifications.request_renewal(SYSTEM, renewed, {
            "license_number": "MN-9", "license_expires_on": today() + timedelta(days=400)})
        certifications.confirm(factories.actor(factories.staff()), renewal)
    html = staff_client.get(f"{LIST}?expiring=30").get_data(as_text=True)
    assert "Renewed" not in html  # its renewal follows: it does not lapse
    # An older period that ended before the one that runs now is not listed.
    older = expiring_in(factories, 20, "Older")
    Certification.update(starts_on=today() - timedelta(days=34), kind="renewal").where(
        Certification.assister == older.id).execute()
    Certification.create(assister=older, kind="initial", status="confirmed",
                         starts_on=today() - timedelta(days=400),
                         expires_on=today() - timedelta(days=35))
    html = staff_client.get(f"{LIST}?expiring=30").get_data(as_text=True)
    assert html.count("Older") == 1 and "First certification" not in html
    assert "Renewal" in html


def test_staff_confirm_a_broker(app, staff_client, post_form):
    pending = registered_broker(app)
    url = f"{LIST}decide/?id={pending.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Bea Broker" in page and "MN-123" in page and "normally confirms" not in page
    response = post_form(url, {"decision": "confirm"})
    assert response.status_code == 302
    confirmed = Certification.get_by_id(pending.id)
    assert (confirmed.status, confirmed.starts_on) == ("confirmed", today())
    assister = Assister.get_by_id(confirmed.assister_id)
    assert (assister.certification_status, assister.certification_expires_on) == (
        "confirmed", confirmed.expires_on)
    mail = OutgoingMail.get(OutgoingMail.kind == "certification_confirmed")
    assert mail.to_address == "bea@example.org" and f"{today():%B %-d, %Y}" in mail.body
    assert "Confirmed. Bea Broker is told by email" in staff_client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_staff_refuse_with_a_reason_and_a_reason_is_required(app, staff_client, post_form):
    pending = registered_broker(app)
    url = f"{LIST}decide/?id={pending.id}"
    response = post_form(url, {"decision": "refuse", "reason": "  "})
    assert response.status_code == 422
    assert "Say why the certification is refused." in response.get_data(as_text=True)
    assert Certification.get_by_id(pending.id).status == "pending"
    response = post_form(url, {"decision": "refuse", "reason": "License not found"})
    assert response.status_code == 302
    assert Certification.get_by_id(pending.id).status == "refused"
    mail = OutgoingMail.get(OutgoingMail.kind == "certification_refused")
    assert "License not found" in mail.body and "Broker Line" in mail.body


def test_a_double_click_on_confirm_confirms_once(app, staff_client):
    pending = registered_broker(app)
    url = f"{LIST}decide/?id={pending.id}"
    token = csrf_token_from(staff_client.get(url).get_data(as_text=True))
    responses = post_at_once(app, staff_client, url, {"csrf_token": token, "decision": "confirm"})
    assert {r.status_code for r in responses} == {302}
    assert OutgoingMail.select().where(OutgoingMail.kind == "certification_confirmed").count() == 1
    html = staff_client.get(f"{LIST}details/?id={pending.id}").get_data(as_text=True)
    assert "already" not in html


def test_staff_may_act_for_an_agency(app, staff_client, post_form, factories):
    agency = factories.agency(name="North Star Navigators")
    with app.app_context():
        navigator = certifications.register(SYSTEM, {
            "assister_type": "navigator", "agency_id": agency.id, "first_name": "Nina",
            "last_name": "Vang", "email": "nina@example.org", "phone": "651-555-0112",
            "street": "1 Elm St", "city": "Saint Paul", "zip_code": "55101",
            "county": "Ramsey", "languages": ["English", "Hmong"],
        })
    pending = Certification.get(Certification.assister == navigator.id)
    url = f"{LIST}decide/?id={pending.id}"
    assert "normally confirms its navigators and CACs" in staff_client.get(url).get_data(
        as_text=True)
    assert post_form(url, {"decision": "confirm"}).status_code == 302
    assert Assister.get_by_id(navigator.id).certification_status == "confirmed"


def test_filters_and_a_bad_list_argument(app, staff_client, factories):
    registered_broker(app)
    factories.assister("navigator", last_name="Navi")
    filters = filters_of(staff_client.get(LIST).get_data(as_text=True))
    by_type = next(key for (group, operation), key in filters.items()
                   if group == "Assister / Type" and operation == "equals")
    html = staff_client.get(f"{LIST}?flt0_{by_type}=navigator").get_data(as_text=True)
    assert "Navi" in html and "Bea Broker" not in html
    by_status = next(key for (group, operation), key in filters.items()
                     if group == "Status" and operation == "equals")
    html = staff_client.get(f"{LIST}?flt0_{by_status}=pending").get_data(as_text=True)
    assert "Bea Broker" in html and "Navi" not in html
    assert staff_client.get(f"{LIST}?expiring=abc&to_confirm=x").status_code == 200
    assert staff_client.get(f"{LIST}?expiring=45").status_code == 200
    assert staff_client.get(f"{LIST}decide/?id=987654").status_code == 302
