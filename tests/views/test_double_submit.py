"""A double click is not an error: the same form posted six times at once (one browser session,
six connections) shows everyone the result of the first post, and writes it once."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from db.applications import Application
from db.associations import AssisterRequest, Association
from db.audit import AuditEvent
from db.cases import Case, Determination
from db.enrollments import Enrollment
from db.mail import OutgoingMail
from db.notices import Notice
from portal.actors import SYSTEM
from portal.services import plan_data
from tests.conftest import csrf_token_from
from tests.views.test_enrollment import enroll_start, through_summary
from tests.views.wizard import (
    complete_to_signature,
    page,
    read_rights,
    start,
    submitted,
    version_of,
)

TIMES = 6


def post_at_once(app, client, url, data, times=TIMES):
    """POST `data` to `url` from `times` threads released together, each with its own client
    and connection but the same session cookie: the responses, in no particular order."""
    cookie = client.get_cookie("portal_session")
    ready = threading.Barrier(times)

    def post(_):
        browser = app.test_client()
        browser.set_cookie(cookie.key, cookie.value)
        ready.wait()
        return browser.post(url, data=data)

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(post, range(times)))


def form_of(client, url, **data):
    html = page(client, url)
    return {"csrf_token": csrf_token_from(html), "version": version_of(html), **data}


def assert_each_shows(client, responses, url, expected):
    """Every post answers with a redirect to `url`, and that page shows `expected`."""
    answers = [(r.status_code, r.headers.get("Location")) for r in responses]
    assert answers == [(302, url)] * len(responses), [
        r.get_data(as_text=True)[:2000] for r in responses if r.status_code != 302
    ]
    assert expected in page(client, url)


@pytest.fixture
def consumer(factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return consumer


def test_six_submits_of_the_application_make_one_case(app, client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url)
    read_rights(client, url)
    data = form_of(client, f"{url}/signature", action="submit", attested="y",
                   signed_name="Carl Consumer")

    responses = post_at_once(app, client, f"{url}/signature", data)

    assert_each_shows(client, responses, f"{url}/results", "Your Health Care Results")
    assert Application.get().status == "submitted"
    assert (Case.select().count(), Determination.select().count()) == (1, 1)
    assert Notice.select().where(Notice.kind == "eligibility").count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "application.submitted").count() == 1


def test_a_submit_sent_again_later_shows_the_results(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url)
    read_rights(client, url)
    data = form_of(client, f"{url}/signature", action="submit", attested="y",
                   signed_name="Carl Consumer")
    first = client.post(f"{url}/signature", data=data)
    again = client.post(f"{url}/signature", data=data)
    assert (first.headers["Location"], again.headers["Location"]) == (f"{url}/results",) * 2
    assert Case.select().count() == 1


def test_six_confirms_of_the_enrollment_enroll_once(app, client, post_form, consumer):
    with app.app_context():
        plan_data.load_plans(SYSTEM, 2026)
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    through_summary(client, url)
    data = form_of(client, f"{url}/signature", action="confirm", signed_name="Carl Consumer")

    responses = post_at_once(app, client, f"{url}/signature", data)

    enrollment = Enrollment.get()
    assert_each_shows(client, responses, f"{url}/thank-you", enrollment.confirmation_number)
    assert enrollment.status == "enrolled"
    assert Notice.select().where(Notice.kind == "enrollment").count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "enrollment.created").count() == 1


def test_six_confirms_of_an_authorization_make_one_association(
    app, client, consumer, factories
):
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")
    number = assister.reference_number
    html = page(client, f"/consumer/assisters/authorize?reference_number={number}")
    data = {"csrf_token": csrf_token_from(html), "reference_number": number,
            "may_apply": "y", "may_enroll": "y", "may_see_documents": "y",
            "may_report_changes": "y"}

    responses = post_at_once(app, client, "/consumer/assisters/authorize", data)

    assert_each_shows(client, responses, "/consumer/assisters", "Nora Vang")
    assert Association.select().count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "association.started").count() == 1
    assert OutgoingMail.select().where(OutgoingMail.kind == "association_started").count() == 1


def test_confirming_the_assister_again_shows_manage_assister(client, consumer, factories):
    assister = factories.assister("broker")
    number = assister.reference_number
    html = page(client, f"/consumer/assisters/authorize?reference_number={number}")
    data = {"csrf_token": csrf_token_from(html), "reference_number": number, "may_apply": "y"}
    answers = [client.post("/consumer/assisters/authorize", data=data) for _ in range(2)]
    assert [a.headers.get("Location") for a in answers] == ["/consumer/assisters"] * 2
    assert Association.select().count() == 1
    assert re.search(r"can now help you", page(client, "/consumer/assisters"))


def test_six_sends_and_six_confirms_of_a_directory_request_make_one_of_each(
    app, client, consumer, factories
):
    navigator = factories.assister("navigator", with_account=True, first_name="Nia",
                                   last_name="Vang")
    url = f"/consumer/assisters/request/{navigator.id}"
    data = {"csrf_token": csrf_token_from(page(client, url)), "message": "Mornings, please."}

    assert_each_shows(client, post_at_once(app, client, url, data), "/consumer/assisters",
                      "Your request was sent to Nia Vang")
    sent = AssisterRequest.get()
    assert AssisterRequest.select().count() == 1 and sent.is_pending
    assert OutgoingMail.select().where(OutgoingMail.kind == "assister_request").count() == 1

    authorize = f"/consumer/assisters/requests/{sent.id}/authorize"
    data = {"csrf_token": csrf_token_from(page(client, authorize)), "may_apply": "y",
            "may_enroll": "y", "may_see_documents": "y", "may_report_changes": "y"}
    assert_each_shows(client, post_at_once(app, client, authorize, data), "/consumer/assisters",
                      "can now help you")
    assert Association.select().count() == 1
    assert AssisterRequest.get().association_id == Association.get().id
    confirmed = AuditEvent.select().where(AuditEvent.action == "assister_request.confirmed")
    assert confirmed.count() == 1
