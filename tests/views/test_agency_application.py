"""Apply to be a certified agency (S8): the public form, its messages, the confirmation page,
the mail to the contact and the rate limit."""

import re
from html import unescape

import pytest

from db.certifications import AgencyApplication
from db.mail import OutgoingMail
from portal.app import create_app
from tests.conftest import ENVIRON, csrf_token_from

URL = "/certification/agencies/apply"


def form_data(**overrides):
    data = {
        "legal_name": "Prairie Health Navigators",
        "kind": "navigator",
        "street": "400 Main St",
        "city": "Marshall",
        "zip_code": "56258",
        "county": "Lyon",
        "counties_served": ["Lyon", "Redwood"],
        "languages": ["English", "Spanish"],
        "phone": "507-555-0120",
        "website": "",
        "contact_first_name": "Pat",
        "contact_last_name": "Johnson",
        "contact_email": "pat@prairie.example.org",
        "contact_phone": "507-555-0121",
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


def text_of(response):
    return unescape(response.get_data(as_text=True))


def test_the_form_is_public_and_linked_from_the_overview(client):
    overview = client.get("/certification/").get_data(as_text=True)
    assert f'href="{URL}"' in overview
    page = client.get(URL)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Apply to be a certified agency" in html
    assert "Certified application counselor organization" in html
    # Minnesota's counties, as a select and as checkboxes; the languages as checkboxes.
    assert '<option value="St. Louis">St. Louis</option>' in html
    assert re.search(r'type="checkbox"[^>]*value="Lake of the Woods"', html)
    assert re.search(r'type="checkbox"[^>]*value="Hmong"', html)


def test_sending_it_shows_the_confirmation_and_mails_the_contact(client, post_form):
    response = post_form(URL, form_data())
    assert response.status_code == 302
    assert response.headers["Location"] == "/certification/agencies/apply/received"
    page = text_of(client.get(response.headers["Location"]))
    assert "We received your application for Prairie Health Navigators" in page
    assert "staff review it" in page and "pat@prairie.example.org" in page
    application = AgencyApplication.get()
    assert (application.legal_name, application.status, application.county) == (
        "Prairie Health Navigators", "pending", "Lyon")
    assert application.counties_served == "Lyon, Redwood" and application.website is None
    (mail,) = OutgoingMail.select()
    assert mail.to_address == "pat@prairie.example.org"
    assert "Prairie Health Navigators" in mail.body


def test_a_double_click_records_one_application(client, post_form):
    page = client.get(URL).get_data(as_text=True)
    token = csrf_token_from(page)
    first = client.post(URL, data={"csrf_token": token, **form_data()})
    second = client.post(URL, data={"csrf_token": token, **form_data()})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert AgencyApplication.select().count() == 1 and OutgoingMail.select().count() == 1


def test_the_confirmation_without_an_application_sent_goes_to_the_form(client):
    response = client.get("/certification/agencies/apply/received")
    assert response.status_code == 302 and response.headers["Location"] == URL


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"zip_code": "10001"}, "10001 is not a Minnesota ZIP code"),
        ({"zip_code": "abc"}, "Enter a 5-digit ZIP code"),
        ({"county": "Gotham"}, "Choose the county the agency's address is in."),
        ({"county": None}, "Choose the county the agency's address is in."),
        ({"counties_served": None}, "Choose at least one county the agency serves."),
        ({"counties_served": ["Lyon", "Mordor"]}, "Choose from the list."),
        ({"languages": None}, "Choose at least one language the agency helps consumers in."),
        ({"kind": None}, "Choose the type of agency."),
        ({"kind": "broker"}, "Not a valid choice"),
        ({"website": "javascript:alert(1)"}, "starting with https:// or http://"),
        ({"website": "ftp://files.example.org"}, "starting with https:// or http://"),
        ({"website": "http://[oops"}, "starting with https:// or http://"),
        ({"contact_email": "pat at prairie"}, "Enter an email address like name@example.org."),
        ({"phone": "555"}, "Enter a 10-digit phone number"),
        ({"legal_name": ""}, "Enter the organization's legal name."),
        ({"contact_first_name": ""}, "Enter the administrator's first name."),
    ],
)
def test_each_refusal_is_a_message_on_the_form_keeping_what_was_typed(
    client, post_form, overrides, message
):
    response = post_form(URL, form_data(**overrides))
    html = text_of(response)
    assert response.status_code == 422
    assert "Please correct the following" in html and message in html
    # What was typed stays, the refused value included.
    assert 'value="Marshall"' in html and 'value="507-555-0121"' in html
    assert re.search(r'checked[^>]*value="Redwood"|value="Redwood"[^>]*checked', html) or (
        "counties_served" in overrides)
    for value in (overrides.get("zip_code"), overrides.get("website")):
        if value:
            assert f'value="{value}"' in html
    assert AgencyApplication.select().count() == 0 and OutgoingMail.select().count() == 0


def test_a_name_taken_by_an_agency_or_a_waiting_application(client, post_form, factories):
    factories.agency(name="Lyon County Navigators")
    response = post_form(URL, form_data(legal_name="lyon county navigators"))
    assert response.status_code == 422
    html = text_of(response)
    assert "An agency named lyon county navigators is already certified" in html
    assert 'value="lyon county navigators"' in html
    assert post_form(URL, form_data()).status_code == 302
    response = post_form(URL, form_data(contact_email="someone.else@prairie.example.org"))
    assert response.status_code == 422
    assert "already waiting for review" in text_of(response)
    assert AgencyApplication.select().count() == 1


@pytest.fixture
def limited_app(test_database_url, factories):
    # Made after `factories`' own app: the limiter is one object, set up by the last app made.
    return create_app({"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True,
                       "AGENCY_APPLICATION_RATE_LIMIT": "2 per hour"}, environ=ENVIRON)


def test_sending_is_rate_limited_per_address(limited_app):
    client = limited_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.60"
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    answers = [
        client.post(URL, data={"csrf_token": token, **form_data(legal_name=f"Agency {n}",
                                                                 contact_email=f"c{n}@x.org")})
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "Too many applications" in text_of(answers[2])
    # Reading the form is not limited.
    assert client.get(URL).status_code == 200
    with limited_app.app_context():
        assert AgencyApplication.select().count() == 2
