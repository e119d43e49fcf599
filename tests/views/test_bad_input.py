"""Input no one should send gets a message on the form, keeps what was typed and saves nothing:
amounts that are not numbers (NaN, Infinity), ids beyond 64 bits, and null bytes or other
control characters in names, addresses, searches and reasons."""

import html
import re

import pytest
from wtforms import DecimalField, Form

from db.accounts import User
from db.applications import Application, ApplicationMember
from db.consumers import Consumer
from db.enrollments import Enrollment
from portal.actors import SYSTEM
from portal.forms import NumberField, PortalFields, PortalForm
from portal.services import plan_data
from tests.conftest import csrf_token_from
from tests.views.test_accounts import SIGN_UP
from tests.views.test_enrollment import cheapest_plan_ids, enroll_start
from tests.views.wizard import CONTACT, page, post_step, start, submitted

BEYOND_64_BITS = str(2**64 + 1)
CONTROL_MESSAGE = "invisible control characters"


@pytest.fixture
def consumer(factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return consumer


@pytest.fixture
def enrollment_url(app, client, post_form, consumer):
    with app.app_context():
        plan_data.load_plans(SYSTEM, 2026)
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    return url


def shown(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("value", ["NaN", "sNaN", "-nan", "Infinity", "-inf"])
@pytest.mark.parametrize("kind", ["amount", "share"])
def test_a_credit_that_is_not_a_number_is_refused(client, enrollment_url, value, kind):
    url = enrollment_url
    plan_id = cheapest_plan_ids(page(client, f"{url}/plans"), 1)[0]
    assert post_step(client, f"{url}/plans", {"plan_id": plan_id}).status_code == 302
    for action in ("next", "preview"):
        response = post_step(
            client, f"{url}/tax_credit",
            {"aptc_choice": "part", "aptc_part_kind": kind, "aptc_part_value": value,
             "statements_agreed": "y", "tax_filer_signature": "Carl Consumer"},
            action=action,
        )
        text = shown(response)
        assert response.status_code == 422, action
        assert "Enter a number, like 100.00 or 50." in text
        assert f'value="{value}"' in text
    enrollment = Enrollment.get()
    assert enrollment.aptc_part_value is None and "tax_credit" not in enrollment.completed


@pytest.mark.parametrize("plan_id", [BEYOND_64_BITS, "-" + BEYOND_64_BITS, "9" * 400])
def test_a_plan_id_beyond_64_bits_is_refused(client, enrollment_url, plan_id):
    response = post_step(client, f"{enrollment_url}/plans", {"plan_id": plan_id})
    assert response.status_code == 422
    assert "That plan is not on sale" in shown(response)
    assert Enrollment.get().plan_id is None


@pytest.mark.parametrize(
    "query",
    [f"carrier={BEYOND_64_BITS}", f"compare={BEYOND_64_BITS}", "metal=%00", "sort=%00"],
)
def test_hand_edited_plan_lists_are_not_errors(client, enrollment_url, query):
    assert client.get(f"{enrollment_url}/plans?{query}").status_code == 200


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("first_name", "Ca\x00rl"),
        ("last_name", "Consumer\x07"),
        ("city", "Saint\x00Paul"),
        ("street", "12 Elm\tSt"),
        ("first_name", "Carl\r\nBcc: x"),
        ("last_name", "Con\x1fsumer"),
        ("city", "Saint Paul\x7f"),
        ("first_name", "Carl\x9b"),
    ],
)
def test_control_characters_in_the_contact_step_are_refused(
    client, post_form, consumer, field, typed
):
    url = start(client, post_form, consumer.id, "/consumer/")
    before = (list(Application.select().dicts()), list(ApplicationMember.select().dicts()))
    response = post_step(client, f"{url}/contact", {**CONTACT, field: typed})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert CONTROL_MESSAGE in text
    typed_back = re.search(rf'name="{field}"[^>]*value="([^"]*)"', text)
    assert typed_back and html.unescape(typed_back.group(1)) == typed
    after = (list(Application.select().dicts()), list(ApplicationMember.select().dicts()))
    assert after == before


def test_control_characters_in_a_sign_up_name_are_refused(client, post_form):
    response = post_form("/create-account", {**SIGN_UP, "first_name": "Car\x00la",
                                            "last_name": "Con\x1bsumer"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert text.count(CONTROL_MESSAGE) >= 2
    assert User.select().count() == 0 and Consumer.select().count() == 0


def test_a_text_area_keeps_its_line_breaks_and_refuses_null_bytes(client, post_form, consumer):
    url = submitted(client, post_form, consumer.id, "/consumer/")
    html_page = page(client, f"{url}/rescind")
    token = csrf_token_from(html_page)
    response = client.post(f"{url}/rescind",
                           data={"csrf_token": token, "reason": "Moved\x00 away"})
    assert response.status_code == 422 and CONTROL_MESSAGE in response.get_data(as_text=True)
    assert Application.get().status == "submitted"
    response = client.post(f"{url}/rescind",
                           data={"csrf_token": token, "reason": "Moved away.\r\n\tNew job."})
    assert response.status_code == 302
    assert Application.get().status == "rescinded"


@pytest.mark.parametrize("typed", ["123\x00456", "\x00"])
def test_a_reference_number_search_with_a_null_byte_is_refused(client, consumer, typed):
    response = client.get("/consumer/assisters/select", query_string={"reference_number": typed})
    assert response.status_code == 422 and CONTROL_MESSAGE in response.get_data(as_text=True)


def test_a_client_search_with_a_null_byte_is_not_an_error(client, factories, sign_in):
    assister = factories.assister("broker", with_account=True)
    sign_in(assister.user)
    response = client.get("/assister/", query_string={"q": "Con\x00sumer\x07"})
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/applications/{}/summary", "/enrollments/{}/privacy",
                                 "/applications/start/{}"])
def test_ids_beyond_64_bits_in_the_address_are_not_found(client, consumer, url):
    response = client.get(url.format(BEYOND_64_BITS))
    assert response.status_code in (404, 405)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_portal_checks_its_text_and_numbers(app):
    """A new form can't forget: every form class of views/ and admin/ is a PortalForm (or, for
    a repeated part, PortalFields), and each decimal field is a NumberField."""
    ours = [form for form in set(_subclasses(Form))
            if form.__module__.startswith(("views.", "admin."))]
    assert len(ours) > 30
    for form in ours:
        assert issubclass(form, PortalForm | PortalFields), form
        for name, unbound in vars(form).items():
            field_class = getattr(unbound, "field_class", None)
            if field_class is not None and issubclass(field_class, DecimalField):
                assert issubclass(field_class, NumberField), (form, name)
