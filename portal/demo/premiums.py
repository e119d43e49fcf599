"""The demo's MinnesotaCare premiums: a household billed for the months since it applied, one
invoice paid and one overdue, issued and paid through the invoices service as the monthly run
and staff would have done it."""

from datetime import datetime, time, timedelta

from db.applications import Application
from db.cases import Case
from db.notices import Notice
from portal.services import invoices

# How long before each month the monthly run issued its invoice.
ISSUED_DAYS_BEFORE = 12


def premium_history(consumer, staff_actor, today):
    """The household applied in the month before last: the invoice for that month was paid,
    last month's is overdue, this month's paid (the next month's was issued at submission).
    In January and February, when those months fall before the plan year, there is none."""
    case = Case.get(Case.consumer == consumer)
    this_month = invoices.month_of(today)
    last_month = invoices.month_of(this_month - timedelta(days=1))
    paid_month = invoices.month_of(last_month - timedelta(days=1))
    if paid_month.year != case.application.plan_year:
        return
    _applied_on(case, datetime.combine(paid_month - timedelta(days=20), time(15, 0)))
    for month, paid_on in ((paid_month, paid_month - timedelta(days=4)),
                           (last_month, None), (this_month, this_month - timedelta(days=3))):
        issued_at = datetime.combine(month - timedelta(days=ISSUED_DAYS_BEFORE), time(6, 0))
        invoices.issue_for_month(month, issued_at)
        invoice = next(i for i in invoices.for_consumer(consumer) if i.coverage_month == month)
        if paid_on is not None:
            # Paid once issued (the one issued at submission, today), and by today.
            paid_on = min(max(paid_on, invoice.issued_at.date()), today)
            invoices.record_payment(staff_actor, invoice, paid_on)


def _applied_on(case, at):
    # The seed runs in one day; a household with a history of premiums applied months before.
    Case.update(created_at=at).where(Case.id == case.id).execute()
    Application.update(submitted_at=at, signed_at=at).where(
        Application.id == case.application_id
    ).execute()
    Notice.update(created_at=at).where(
        (Notice.case == case) & (Notice.kind == "eligibility")
    ).execute()
