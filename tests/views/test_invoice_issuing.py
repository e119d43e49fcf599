"""Issuing MinnesotaCare premium invoices (portal/services/invoices.py): what a household owes
each month, once, and the due date kept for the work queue; staff's payments."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest

from db import database, utcnow
from db.applications import ApplicationMember
from db.associations import Association
from db.audit import AuditEvent
from db.cases import Case, MemberDetermination
from db.consumers import Consumer
from db.invoices import PremiumInvoice
from db.notices import Notice
from portal.errors import DomainError
from portal.services import invoices, submission
from portal.services.determinations import results
from tests.views.wizard import submitted

# $2,200 a month for one adult: MinnesotaCare, at $44 a month (about 165% of the guideline).
MINNESOTACARE_INCOME = "2200"


@pytest.fixture
def household(client, post_form, sign_in, factories):
    """A consumer who applied on their own and was found eligible for MinnesotaCare, and the
    navigator they authorized: (consumer, case)."""
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    factories.association(for_consumer=consumer, for_assister=factories.assister("navigator"))
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/", income=MINNESOTACARE_INCOME)
    return Consumer.get_by_id(consumer.id), Case.get(Case.consumer == consumer.id)


def staff_actor(factories):
    return factories.actor(factories.staff())


def test_submission_issues_the_first_months_invoice_and_its_notice(household):
    consumer, case = household
    (_member, row), = results(case)
    assert row.program == "minnesotacare" and row.minnesotacare_premium_monthly == Decimal("44")
    invoice = PremiumInvoice.get()
    first = invoices.first_month(case)
    assert (invoice.case_id, invoice.coverage_month, invoice.amount, invoice.status) == (
        case.id, first, Decimal("44.00"), "unpaid"
    )
    # Due the last day of the month before coverage, or 10 days after issue if later.
    issued = invoice.issued_at.date()
    assert invoice.due_on == max(first - timedelta(days=1), issued + timedelta(days=10))
    assert len(invoice.invoice_number) == 10 and invoice.invoice_number.isdigit()
    notice = Notice.get(Notice.kind == "premium_invoice")
    assert invoice.invoice_number in notice.body and "$44.00" in notice.body
    assert notice.case_id == case.id
    assert Consumer.get_by_id(consumer.id).premium_due_on == invoice.due_on
    # Copied by the database onto the association, for the work queue.
    assert Association.get().consumer_premium_due_on == invoice.due_on
    issued_row = AuditEvent.get(AuditEvent.action == "premium_invoice.issued")
    assert issued_row.actor_role == "system" and issued_row.on_behalf_of_id == consumer.id


def test_the_amount_is_the_sum_of_the_households_minnesotacare_premiums(household, app):
    _consumer, case = household
    (_member, row), = results(case)
    # A second MinnesotaCare member's premium and a member with none, as a determination of a
    # larger household would have them.
    for first_name, premium in (("Rosa", Decimal("25.00")), ("Sofia", None)):
        member = ApplicationMember.create(
            application=case.application_id, first_name=first_name, last_name="Consumer",
            relationship="child",
        )
        MemberDetermination.create(
            determination=row.determination_id, member=member, program="minnesotacare",
            reason="r", minnesotacare_premium_monthly=premium,
        )
    PremiumInvoice.delete().execute()
    with app.app_context():  # the notice's text is rendered from its template
        (invoice,) = invoices.issue_for_month(invoices.first_month(case))
    assert invoice.amount == Decimal("69.00")


def test_issuing_a_month_twice_issues_nothing_the_second_time(household):
    consumer, case = household
    month = invoices.first_month(case)
    assert invoices.issue_for_month(month) == []  # issued at submission already
    assert PremiumInvoice.select().count() == 1
    assert Notice.select().where(Notice.kind == "premium_invoice").count() == 1


def test_concurrent_runs_issue_each_invoice_once(household, app):
    consumer, case = household
    PremiumInvoice.delete().execute()
    Notice.delete().where(Notice.kind == "premium_invoice").execute()
    month = invoices.first_month(case)
    issued, errors = [], []
    start = threading.Barrier(2)

    def run():
        with app.app_context(), database.connection_context():
            start.wait()
            try:
                issued.extend(invoices.issue_for_month(month))
            except Exception as error:  # noqa: BLE001 — reported below
                errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PremiumInvoice.select().count() == 1
    assert Notice.select().where(Notice.kind == "premium_invoice").count() == 1


def test_no_premium_means_no_invoice(client, post_form, sign_in, factories):
    consumer = factories.consumer()
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/")  # a plan with tax credit
    case = Case.get()
    assert invoices.issue_for_month(invoices.first_month(case)) == []
    assert PremiumInvoice.select().count() == 0
    assert Consumer.get_by_id(consumer.id).premium_due_on is None


def test_a_month_before_coverage_began_is_not_billed(household):
    _consumer, case = household
    PremiumInvoice.delete().execute()
    earlier = invoices.first_month(case) - timedelta(days=1)
    if earlier.year == 2026:
        assert invoices.issue_for_month(earlier) == []
    assert invoices.issue_for_month(date(2025, 12, 1)) == []  # another plan year
    # A run as of a time before the case was opened does not bill it.
    before = case.created_at - timedelta(days=1)
    assert invoices.issue_for_month(invoices.first_month(case), before) == []
    assert PremiumInvoice.select().count() == 0


def test_a_rescinded_case_is_not_billed_and_its_unpaid_invoice_is_cancelled(
    household, factories
):
    consumer, case = household
    submission.rescind(factories.actor(consumer.user), case.application, "Moved out of state")
    assert PremiumInvoice.get().status == "cancelled"
    assert Consumer.get_by_id(consumer.id).premium_due_on is None
    assert Association.get().consumer_premium_due_on is None
    PremiumInvoice.delete().execute()
    assert invoices.issue_for_month(invoices.first_month(case)) == []
    assert PremiumInvoice.select().count() == 0


def test_recording_a_payment_clears_the_due_date_and_a_second_click_changes_nothing(
    household, factories
):
    consumer, _case = household
    actor = staff_actor(factories)
    invoice = PremiumInvoice.get()
    today = utcnow().date()
    paid = invoices.record_payment(actor, invoice, today)
    assert (paid.status, paid.paid_on, paid.recorded_by_id) == ("paid", today, actor.user.id)
    assert Consumer.get_by_id(consumer.id).premium_due_on is None
    assert Association.get().consumer_premium_due_on is None
    again = invoices.record_payment(actor, invoice, today)
    assert again.status == "paid"
    assert AuditEvent.select().where(AuditEvent.action == "premium_invoice.paid").count() == 1
    with pytest.raises(DomainError, match="already recorded as paid"):
        invoices.record_payment(actor, invoice, today - timedelta(days=1))


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        (None, "Enter the date"),
        (utcnow().date() + timedelta(days=1), "future"),
        (date(2020, 1, 1), "more than a year before"),
    ],
)
def test_a_bad_payment_date_is_refused_and_changes_nothing(
    household, factories, paid_on, message
):
    invoice = PremiumInvoice.get()
    with pytest.raises(DomainError, match=message) as refused:
        invoices.record_payment(staff_actor(factories), invoice, paid_on)
    assert refused.value.field == "paid_on"
    assert PremiumInvoice.get().status == "unpaid"


def test_marking_unpaid_needs_a_note_and_brings_the_due_date_back(household, factories):
    consumer, _case = household
    actor = staff_actor(factories)
    invoice = invoices.record_payment(actor, PremiumInvoice.get(), utcnow().date())
    with pytest.raises(DomainError, match="Say why"):
        invoices.mark_unpaid(actor, invoice, "  ")
    assert PremiumInvoice.get().status == "paid"
    unpaid = invoices.mark_unpaid(actor, invoice, "Check returned by the bank")
    assert (unpaid.status, unpaid.paid_on, unpaid.note) == (
        "unpaid", None, "Check returned by the bank"
    )
    assert Consumer.get_by_id(consumer.id).premium_due_on == unpaid.due_on
    assert invoices.mark_unpaid(actor, invoice, "again").note == "Check returned by the bank"
    assert AuditEvent.select().where(AuditEvent.action == "premium_invoice.unpaid").count() == 1


def test_the_monthly_command_issues_a_month_once(household, app):
    _consumer, case = household
    PremiumInvoice.delete().execute()
    month = invoices.first_month(case)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["invoices", "issue", "--month", f"{month:%Y-%m}"])
    assert result.exit_code == 0 and f"Issued 1 invoice(s) for {month:%B %Y}." in result.output
    again = runner.invoke(args=["invoices", "issue", "--month", f"{month:%Y-%m}"])
    assert "Issued 0 invoice(s)" in again.output
    assert PremiumInvoice.select().count() == 1
    refused = runner.invoke(args=["invoices", "issue", "--month", "2026-13"])
    assert refused.exit_code != 0 and "Give the month as YYYY-MM" in refused.output
