"""Verification requests through the real screens: opened with the determination, shown to the
consumer and their assister (work queue, Client Details, notices), closed by staff in the admin,
withdrawn with a rescinded application."""

import re
from datetime import timedelta
from html import unescape

import pytest

from db import utcnow
from db.associations import Association
from db.audit import AuditEvent
from db.consumers import Consumer
from db.notices import Notice
from db.verifications import VerificationRequest
from portal.services import verifications
from tests.views.wizard import page, submitted

DUE = f"{utcnow().date() + timedelta(days=95):%B %-d, %Y}"


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def navigator_case(client, post_form, sign_in, factories):
    """A navigator applied for a lawfully present immigrant; the consumer and their URL."""
    navigator = factories.assister("navigator", with_account=True)
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    factories.association(for_consumer=consumer, for_assister=navigator)
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    url = submitted(
        client, post_form, consumer.id, f"/assister/clients/{consumer.id}",
        immigration_status="lawfully_present",
    )
    return consumer, url


def test_a_lawfully_present_applicant_is_asked_for_documents(client, navigator_case):
    consumer, url = navigator_case
    request = VerificationRequest.get()
    assert (request.kind, request.status, request.member.full_name) == (
        "immigration", "open", "Carl Consumer"
    )
    assert request.due_on == utcnow().date() + timedelta(days=95)
    # Kept on the consumer, and by the database on the association, for the work queue.
    assert Consumer.get_by_id(consumer.id).verification_due_on == request.due_on
    assert Association.get().consumer_verification_due_on == request.due_on
    notice = Notice.get(Notice.kind == "verification")
    assert f"send documents by {DUE}" in notice.body and "Permanent Resident Card" in notice.body
    assert notice.title in page(client, f"{url}/results")
    requested = AuditEvent.get(AuditEvent.action == "verification.requested")
    assert requested.actor_role == "system" and requested.on_behalf_of_id == consumer.id

    dashboard = text(page(client, "/assister/"))
    assert "Verification deadlines: 1" in dashboard and f"Documents due {DUE}" in dashboard
    filtered = text(page(client, "/assister/?status=verification"))
    assert "Carl Consumer" in filtered and "(with verification deadlines)" in filtered
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    assert f"Carl Consumer: Immigration status · documents due {DUE}" in details
    assert "Documents requested to verify the application (Carl Consumer: Immigration" in details
    assert "by the system" in details


def test_a_citizen_is_not_asked_for_documents(client, post_form, sign_in, factories):
    consumer = factories.consumer()
    sign_in(consumer.user)
    url = submitted(client, post_form, consumer.id, "/consumer/")
    assert VerificationRequest.select().count() == 0
    assert Notice.select().where(Notice.kind == "verification").count() == 0
    assert Consumer.get_by_id(consumer.id).verification_due_on is None
    results = text(page(client, f"{url}/results"))
    assert "Verification" not in results and "Documents needed" not in results


def test_the_consumer_sees_the_request_on_their_home_page(client, post_form, sign_in, factories):
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/", immigration_status="lawfully_present")
    home = text(page(client, "/consumer/"))
    assert f"Verification Carl Consumer: Immigration status · documents due {DUE}" in home


def test_staff_mark_a_request_verified_in_the_admin(
    client, post_form, sign_in, factories, navigator_case
):
    consumer, _url = navigator_case
    request = VerificationRequest.get()
    post_form("/sign-out", {}, page="/assister/")
    sign_in(factories.staff())
    listing = text(page(client, "/admin/admin_verification/"))
    assert "Carl Consumer" in listing and "Waiting for documents" in listing
    form_url = f"/admin/admin_verification/verified/?id={request.id}"
    # No note: refused on the form, nothing changes.
    response = post_form(form_url, {"note": "   "}, page=form_url)
    assert response.status_code == 200 and "Say which document proved it." in text(
        response.get_data(as_text=True)
    )
    long_note = "I-551 seen " * 60
    response = post_form(form_url, {"note": long_note}, page=form_url)
    assert "Keep the note to 500 characters or fewer." in text(response.get_data(as_text=True))
    assert long_note.strip() in unescape(response.get_data(as_text=True))  # kept as typed
    assert VerificationRequest.get_by_id(request.id).status == "open"
    response = post_form(form_url, {"note": "Permanent Resident Card, copy on file"}, page=form_url)
    assert response.status_code == 302
    closed = VerificationRequest.get_by_id(request.id)
    assert closed.status == "verified" and closed.closed_note.startswith("Permanent Resident")
    assert Consumer.get_by_id(consumer.id).verification_due_on is None
    assert Association.get().consumer_verification_due_on is None
    verified = AuditEvent.get(AuditEvent.action == "verification.verified")
    assert verified.actor_role == "staff" and verified.on_behalf_of_id == consumer.id
    # A second time: already closed, nothing more written.
    response = post_form(form_url, {"note": "again"}, page=form_url)
    assert "already closed" in text(client.get(form_url).get_data(as_text=True))
    assert AuditEvent.select().where(AuditEvent.action == "verification.verified").count() == 1
    details = text(page(client, f"/admin/admin_verification/details/?id={request.id}"))
    assert "Household member Carl Consumer" in details and "Status Verified" in details
    assert f"Documents due {request.due_on:%b %-d, %Y}" in details


def test_the_assister_sees_the_request_closed(app, client, post_form, sign_in, factories,
                                              navigator_case):
    consumer, _url = navigator_case
    # The service writes its audit line with Babel's formats: it runs in the app, as in a request.
    with app.app_context():
        verifications.mark_verified(
            factories.actor(factories.staff()), VerificationRequest.get(), "I-94 seen"
        )
    dashboard = text(page(client, "/assister/"))
    assert "Verification deadlines: 0" in dashboard and "Documents due" not in dashboard
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    assert "Carl Consumer: Immigration status · Verified" in details
    assert "Verified from documents" in details


def test_rescinding_withdraws_the_open_requests(client, post_form, navigator_case):
    consumer, url = navigator_case
    response = post_form(f"{url}/rescind", {"reason": "Moved out of state"}, page=f"{url}/results")
    assert response.status_code == 302
    assert VerificationRequest.get().status == "withdrawn"
    assert Consumer.get_by_id(consumer.id).verification_due_on is None
    assert "Verification deadlines: 0" in text(page(client, "/assister/"))


def test_an_association_made_later_carries_the_due_date(factories, navigator_case):
    consumer, _url = navigator_case
    broker = factories.assister("broker")
    later = factories.association(for_consumer=Consumer.get_by_id(consumer.id), for_assister=broker)
    assert Association.get_by_id(later.id).consumer_verification_due_on == (
        VerificationRequest.get().due_on
    )
