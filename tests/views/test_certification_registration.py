"""Register for certification: a navigator or CAC under their agency, a broker with a license."""

from datetime import date, timedelta

import pytest

from db.assisters import Assister
from db.certifications import Certification
from db.mail import OutgoingMail
from portal.app import create_app
from tests.conftest import ENVIRON, csrf_token_from
from tests.views.test_double_submit import post_at_once

URL = "/certification/register"


def form(**changes):
    return {
        "assister_type": "navigator",
        "first_name": "Nadia",
        "last_name": "Hassan",
        "email": "nadia@example.org",
        "phone": "651-555-0177",
        "street": "5 Cedar Ave",
        "city": "Saint Paul",
        "zip_code": "55101",
        "county": "Ramsey",
        "languages": ["English", "Somali"],
        "license_number": "",
        "license_expires_on": "",
        **changes,
    }


@pytest.fixture
def agency(factories):
    navigators = factories.agency(name="North Star Navigators")
    factories.agency_admin(navigators, email="admin@northstar.example")
    return navigators


def test_the_overview_links_to_the_form_which_lists_active_agencies(client, factories, agency):
    factories.agency(name="Lakes CAC Clinic", kind="cac")
    factories.agency(name="Closed Navigators", is_active=False)
    assert f'href="{URL}"' in client.get("/certification/").get_data(as_text=True)
    html = client.get(URL).get_data(as_text=True)
    assert "Register for certification" in html
    assert "North Star Navigators" in html and "Lakes CAC Clinic" in html
    assert "Closed Navigators" not in html
    assert 'label="Navigator organizations"' in html and 'label="CAC organizations"' in html


def test_a_navigator_registers_under_their_agency(client, post_form, agency):
    response = post_form(URL, form(agency_id=str(agency.id)))
    assert response.status_code == 302 and response.headers["Location"] == f"{URL}/done"
    assister = Assister.get(Assister.email == "nadia@example.org")
    assert (assister.certification_status, assister.roster_status) == ("pending", "pending")
    assert assister.agency_id == agency.id and assister.languages == "English, Somali"
    assert Certification.get(Certification.assister == assister).status == "pending"
    page = client.get(f"{URL}/done").get_data(as_text=True)
    assert "North Star Navigators confirms your certification" in page
    assert 'href="/training/"' in page
    subjects = {m.to_address: m.subject for m in OutgoingMail.select()}
    assert subjects["nadia@example.org"] == "Your Training ID for the Assister Portal course"
    assert subjects["admin@northstar.example"] == (
        "Nadia Hassan registered under North Star Navigators: approve them on your roster"
    )


def test_a_broker_registers_with_their_license(client, post_form):
    expiry = date.today() + timedelta(days=200)
    response = post_form(URL, form(assister_type="broker", license_number="MN-40012345",
                                   license_expires_on=expiry.isoformat()))
    assert response.status_code == 302
    assister = Assister.get(Assister.email == "nadia@example.org")
    assert assister.agency_id is None and assister.roster_status is None
    row = Certification.get(Certification.assister == assister)
    assert (row.license_number, row.license_expires_on) == ("MN-40012345", expiry)
    assert "The Broker Line checks your license" in client.get(f"{URL}/done").get_data(
        as_text=True)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"assister_type": "broker"}, "license_number", "Enter your Minnesota insurance license"),
        ({"assister_type": "broker", "license_number": "MN-1",
          "license_expires_on": "2020-01-31"}, "license_expires_on", "Your license expired on"),
        ({"assister_type": "broker", "license_number": "MN-1", "license_expires_on": "soon"},
         "license_expires_on", "Not a valid date value"),
        ({"agency_id": ""}, "agency_id", "Choose your agency from the list"),
        ({"agency_id": "987654"}, "agency_id", "Choose your agency from the list"),
        ({"assister_type": "cac"}, "agency_id", "Choose your agency from the list"),
        ({"zip_code": "90210"}, "zip_code", "is not a Minnesota ZIP code"),
        ({"zip_code": "5510"}, "zip_code", "Enter a 5-digit ZIP code"),
        ({"phone": "call me"}, "phone", "Enter a 10-digit phone number"),
        ({"email": "not an email"}, "email", "Enter an email address like"),
        ({"county": "Atlantis"}, "county", "Choose your county"),
        ({"languages": []}, "languages", "Choose the languages"),
        ({"assister_type": "wizard"}, "assister_type", "Not a valid choice"),
        ({"first_name": "Na\x00dia"}, "first_name", "control characters"),
    ],
)
def test_bad_input_is_a_message_on_the_form_and_writes_nothing(
    client, post_form, agency, change, field, message
):
    response = post_form(URL, form(**{"agency_id": str(agency.id), **change}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert f'id="{field}' in html and 'value="Hassan"' in html
    assert Assister.select().count() == 0 and OutgoingMail.select().count() == 0


def test_an_inactive_agency_is_refused(client, post_form, factories, agency):
    closed = factories.agency(name="Closed Navigators", is_active=False)
    response = post_form(URL, form(agency_id=str(closed.id)))
    assert response.status_code == 422
    assert "Choose your agency from the list" in response.get_data(as_text=True)
    assert Assister.select().count() == 0


def test_an_email_an_assister_uses_is_refused(client, post_form, factories, agency):
    taken = factories.assister("broker", email="nadia@example.org")
    response = post_form(URL, form(agency_id=str(agency.id)))
    assert response.status_code == 422
    assert "An assister is already registered with this email address" in response.get_data(
        as_text=True)
    assert Assister.select().count() == 1 and Assister.get().id == taken.id


def test_a_double_click_registers_once(app, client, agency):
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    data = {**form(agency_id=str(agency.id)), "csrf_token": token}
    responses = post_at_once(app, client, URL, data)
    assert {r.status_code for r in responses} == {302}
    again = client.post(URL, data=data)
    assert again.status_code == 302 and again.headers["Location"] == f"{URL}/done"
    assert Assister.select().count() == 1 and Certification.select().count() == 1
    assert OutgoingMail.select().count() == 2  # the Training ID and the agency admin's


def test_the_confirmation_page_without_a_registration_goes_to_the_form(client):
    response = client.get(f"{URL}/done")
    assert response.status_code == 302 and response.headers["Location"] == URL


def test_registrations_are_rate_limited_per_address(test_database_url):
    app = create_app({"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True,
                      "CERTIFICATION_RATE_LIMIT": "3 per minute"}, environ=ENVIRON)
    client = app.test_client()
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    statuses = [client.post(URL, data={**form(zip_code="x"), "csrf_token": token}).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert client.get(URL).status_code == 200
