"""MinnesotaCare premium invoices through the real screens: listed and printed for the
household and their assister (with the consent to read notices and invoices, audited), paid
or marked unpaid by staff in the admin, and overdue ones in the assister's work queue."""

import re
from datetime import timedelta
from html import unescape

import pytest

from db import utcnow
from db.associations import Association
from db.audit import AuditEvent
from db.cases import Case
from db.consumers import Consumer
from db.invoices import PremiumInvoice
from portal.services.audit import VIEWED
from tests.views.wizard import page, submitted

TODAY = utcnow().date()


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def navigator_case(client, post_form, sign_in, factories):
    """A navigator applied for a consumer found eligible for MinnesotaCare ($44 a month), whose
    first invoice is overdue: (consumer, the invoice). The navigator stays signed in."""
    navigator = factories.assister("navigator", with_account=True)
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    factories.association(for_consumer=consumer, for_assister=navigator)
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    submitted(client, post_form, consumer.id, f"/assister/clients/{consumer.id}",
              income="2200")
    invoice = PremiumInvoice.get()
    PremiumInvoice.update(due_on=TODAY - timedelta(days=3)).execute()
    # As the issuing service keeps it: the earliest unpaid due date.
    Consumer.update(premium_due_on=TODAY - timedelta(days=3)).execute()
    return Consumer.get_by_id(consumer.id), PremiumInvoice.get_by_id(invoice.id)


def test_the_assister_sees_the_invoice_and_prints_it_audited(client, navigator_case):
    consumer, invoice = navigator_case
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    month = f"{invoice.coverage_month:%B %Y}"
    due = invoice.due_on.strftime("%B %-d, %Y")
    assert f"{month} $44.00 {due} overdue Unpaid" in details
    assert "MinnesotaCare premium invoice issued" in details  # the timeline
    since = AuditEvent.select().count()
    printed = text(page(client, f"/invoices/{invoice.id}"))
    case = Case.get()
    for shown in ("MNsure", f"Case number {case.case_number}",
                  f"Invoice number {invoice.invoice_number}", "Amount due $44.00",
                  f"Due by {due} overdue", "Box 64834, St. Paul, MN 55164-0834",
                  "Household Carl Consumer"):
        assert shown in printed, shown
    read = AuditEvent.select().where(AuditEvent.action == VIEWED).order_by(
        AuditEvent.id.desc()).get()
    assert AuditEvent.select().count() == since + 1
    assert (read.on_behalf_of_id, read.object_type, read.actor_role) == (
        consumer.id, "PremiumInvoice", "assister")
    assert read.detail.startswith("premium invoice: Invoice ")


def test_without_the_consent_to_read_notices_the_assister_sees_no_invoice(
    client, navigator_case
):
    consumer, invoice = navigator_case
    Association.update(may_see_documents=False).execute()
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    assert "has not authorized you to read their notices and invoices" in details
    assert invoice.invoice_number not in details and "$44.00" not in details
    response = client.get(f"/invoices/{invoice.id}")
    assert response.status_code == 403
    assert invoice.invoice_number not in response.get_data(as_text=True)


def test_another_households_invoice_is_not_found(client, navigator_case, factories):
    _consumer, _invoice = navigator_case
    other = factories.consumer()
    # Another household's invoice (the navigator has no association with them).
    forged = factories.premium_invoice(Case.get())
    PremiumInvoice.update(consumer=other.id).where(PremiumInvoice.id == forged.id).execute()
    for invoice_id in (forged.id, 987654321, 2**70):
        assert client.get(f"/invoices/{invoice_id}").status_code == 404, invoice_id


def test_the_consumer_sees_their_invoices_at_home(client, post_form, sign_in, navigator_case):
    consumer, invoice = navigator_case
    post_form("/sign-out", {}, page="/assister/")
    sign_in(consumer.user)
    home = text(page(client, "/consumer/"))
    assert "Your MinnesotaCare premiums" in home
    assert f"{invoice.coverage_month:%B %Y} $44.00 {invoice.due_on:%B %-d, %Y} overdue" in home
    since = AuditEvent.select().where(AuditEvent.action == VIEWED).count()
    assert invoice.invoice_number in page(client, f"/invoices/{invoice.id}")
    # A consumer reading their own invoice is not an audited read of someone else's data.
    assert AuditEvent.select().where(AuditEvent.action == VIEWED).count() == since


def test_the_work_queue_counts_and_filters_overdue_premiums(client, factories, navigator_case):
    consumer, _invoice = navigator_case
    navigator = Association.get().assister
    # Another client of the navigator's, with nothing overdue.
    other = factories.consumer(first_name="Finn", last_name="Zimmer")
    factories.association(for_consumer=other, for_assister=navigator)
    assert Association.get(Association.consumer == consumer.id).consumer_premium_due_on == (
        TODAY - timedelta(days=3))
    dashboard = text(page(client, "/assister/"))
    assert "Premiums overdue: 1" in dashboard
    listed = text(page(client, "/assister/?status=premium_overdue"))
    assert "Carl Consumer" in listed and "Finn Zimmer" not in listed
    assert f"Premium overdue, due {TODAY - timedelta(days=3):%B %-d, %Y}" in listed
    fragment = client.get("/assister/?status=premium_overdue", headers={"HX-Request": "true"})
    fragment_text = text(fragment.get_data(as_text=True))
    assert "<html" not in fragment.get_data(as_text=True)
    assert "Carl Consumer" in fragment_text and "Finn Zimmer" not in fragment_text
    # Due today is not overdue yet.
    Consumer.update(premium_due_on=TODAY).where(Consumer.id == consumer.id).execute()
    assert "Premiums overdue: 0" in text(page(client, "/assister/"))


def staff_signed_in(client, post_form, sign_in, factories):
    post_form("/sign-out", {}, page="/assister/")
    sign_in(factories.staff())


def test_staff_record_a_payment_and_the_household_sees_it(
    client, post_form, sign_in, factories, navigator_case
):
    consumer, invoice = navigator_case
    staff_signed_in(client, post_form, sign_in, factories)
    listing = text(page(client, "/admin/admin_invoice/?overdue=1"))
    assert invoice.invoice_number in listing and "Carl Consumer" in listing
    url = f"/admin/admin_invoice/payment/?id={invoice.id}"
    for typed, message in (("2026-02-30", "Enter the date like 2026-03-05."),
                           ("", "Enter the date the payment was received."),
                           (f"{TODAY + timedelta(days=1)}", "can't be in the future")):
        response = post_form(url, {"decision": "paid", "paid_on": typed}, page=url)
        assert response.status_code == 422 and message in text(response.get_data(as_text=True))
        assert f'value="{typed}"' in response.get_data(as_text=True) or not typed  # kept
        assert PremiumInvoice.get_by_id(invoice.id).status == "unpaid"
    paid = {"decision": "paid", "paid_on": f"{TODAY}"}
    response = post_form(url, paid, page=url)
    assert response.status_code == 302
    # A double click: the same answer, nothing written twice.
    assert post_form(url, paid, page=url).status_code == 302
    stored = PremiumInvoice.get_by_id(invoice.id)
    assert (stored.status, stored.paid_on) == ("paid", TODAY)
    assert AuditEvent.select().where(AuditEvent.action == "premium_invoice.paid").count() == 1
    assert Consumer.get_by_id(consumer.id).premium_due_on is None
    assert invoice.invoice_number not in text(page(client, "/admin/admin_invoice/?overdue=1"))

    # Mark unpaid: a note is needed.
    response = post_form(url, {"decision": "unpaid", "note": " "}, page=url)
    assert response.status_code == 422
    assert "Say why the invoice is unpaid again." in text(response.get_data(as_text=True))
    response = post_form(url, {"decision": "unpaid", "note": "Check returned"}, page=url)
    assert response.status_code == 302
    assert PremiumInvoice.get_by_id(invoice.id).status == "unpaid"
    unpaid = AuditEvent.get(AuditEvent.action == "premium_invoice.unpaid")
    assert (unpaid.actor_role, unpaid.on_behalf_of_id) == ("staff", consumer.id)

    post_form("/sign-out", {}, page="/admin/")
    sign_in(consumer.user)
    assert "Unpaid" in text(page(client, f"/invoices/{invoice.id}"))


def test_a_get_of_the_payment_page_changes_nothing(
    client, post_form, sign_in, factories, navigator_case
):
    _consumer, invoice = navigator_case
    staff_signed_in(client, post_form, sign_in, factories)
    html = page(client, f"/admin/admin_invoice/payment/?id={invoice.id}&decision=paid"
                        f"&paid_on={TODAY}")
    assert "Record payment" in html
    assert PremiumInvoice.get_by_id(invoice.id).status == "unpaid"
