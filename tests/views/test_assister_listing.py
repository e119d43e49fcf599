"""The assister's "Your listing in Find local help" screen."""

import re

import pytest

from db.assisters import Assister
from db.audit import AuditEvent
from portal.services import listings
from tests.conftest import csrf_token_from
from tests.views.test_double_submit import post_at_once

URL = "/assister/listing"
FORM = {
    "listed": "yes",
    "address": "city",
    "listing_phone": "651-555-0199",
    "hours": "Tue and Thu 10:00–19:00",
    "languages": ["English", "Hmong"],
}


def checked(html, name, value):
    """Whether the page shows the option `value` of `name` chosen."""
    return re.search(rf'<input checked[^>]* name="{name}"[^>]* value="{value}"', html) is not None


@pytest.fixture
def assister(factories, sign_in):
    navigator = factories.assister("navigator", with_account=True, street="77 Como Ave")
    sign_in(navigator.user)
    return navigator


def test_the_page_shows_the_choices_and_how_consumers_see_them(client, assister):
    html = client.get(URL).get_data(as_text=True)
    assert "Your listing in Find local help" in html and "How consumers see you" in html
    assert checked(html, "listed", "yes") and checked(html, "address", "street")
    assert checked(html, "languages", "English") and not checked(html, "languages", "Hmong")
    assert "77 Como Ave, Minneapolis, MN 55401" in html and assister.organization in html
    assert assister.reference_number not in html
    assert f'href="{URL}"' in client.get("/assister/profile").get_data(as_text=True)
    assert f'href="{URL}"' in client.get("/assister/").get_data(as_text=True)


def test_saving_redirects_and_the_preview_follows(client, assister, post_form):
    response = post_form(URL, FORM)
    assert response.status_code == 302 and response.headers["Location"] == URL
    saved = Assister.get_by_id(assister.id)
    assert (saved.listing_shows_street, saved.listing_phone) == (False, "651-555-0199")
    assert (saved.languages, saved.hours) == ("English, Hmong", "Tue and Thu 10:00–19:00")
    html = client.get(URL).get_data(as_text=True)
    assert "Your listing in Find local help is saved." in html
    assert "77 Como Ave" not in html and "Minneapolis, MN 55401" in html
    assert "English, Hmong" in html and checked(html, "languages", "Hmong")


def test_choosing_not_to_be_listed(client, assister, post_form):
    assert post_form(URL, {**FORM, "listed": "no"}).status_code == 302
    assert not Assister.get_by_id(assister.id).listed
    html = client.get(URL).get_data(as_text=True)
    assert "You are not listed" in html and checked(html, "listed", "no")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"listing_phone": "call me maybe"}, "Enter a 10-digit phone number"),
        ({"hours": "h" * 201}, "Keep the office hours to 200 characters or fewer."),
        ({"languages": []}, "Choose at least one language you help consumers in."),
        ({"languages": ["English", "Elvish"]}, "Choose the languages from the list."),
        ({"listed": "maybe"}, "Not a valid choice"),
        ({"hours": "Mon\x00Fri"}, "control characters"),
    ],
)
def test_bad_input_is_a_message_on_the_form_and_saves_nothing(
    client, assister, post_form, change, message
):
    response = post_form(URL, {**FORM, **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert checked(html, "address", "city")  # what was chosen is kept
    saved = Assister.get_by_id(assister.id)
    assert (saved.listing_shows_street, saved.listing_phone, saved.hours) == (True, None, None)


def test_what_was_typed_is_kept(client, assister, post_form):
    response = post_form(URL, {**FORM, "listing_phone": "call me maybe"})
    html = response.get_data(as_text=True)
    assert 'value="call me maybe"' in html and 'value="Tue and Thu 10:00–19:00"' in html
    assert checked(html, "languages", "Hmong")


def test_a_listing_hidden_by_staff_says_why_and_whom_to_call(client, assister, factories):
    staff = factories.actor(factories.staff())
    with client.application.app_context():
        listings.hide(staff, assister, "Consumers report the phone number is wrong.")
    html = client.get(URL).get_data(as_text=True)
    assert "Hidden by marketplace staff" in html
    assert "Consumers report the phone number is wrong." in html and "Broker Line" in html


def test_no_csrf_token_saves_nothing(client, assister):
    response = client.post(URL, data=FORM)
    assert response.status_code == 400
    assert Assister.get_by_id(assister.id).listing_shows_street


def test_other_roles_cannot_open_it(client, factories, sign_in):
    sign_in(factories.consumer().user)
    assert client.get(URL).status_code == 403


def test_a_double_click_saves_once(app, client, assister):
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    responses = post_at_once(app, client, URL, {"csrf_token": token, **FORM})
    assert [(r.status_code, r.headers["Location"]) for r in responses] == [(302, URL)] * 6
    assert Assister.get_by_id(assister.id).languages == "English, Hmong"
    saves = AuditEvent.select().where(AuditEvent.action == "assister.updated")
    assert saves.count() == 1
