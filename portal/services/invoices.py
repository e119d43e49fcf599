"""MinnesotaCare premium invoices (S6.2, S6.6): issued each month for every open case whose
current determination gives MinnesotaCare members a premium, the first one at submission;
each is also a notice. Staff record payments. The earliest unpaid due date is kept on the
consumer row (and copied by the database onto each association, migration 030) for the work
queue's "Premiums overdue"."""

from datetime import date, timedelta
from decimal import Decimal

import peewee as pw
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, row_id, utcnow
from db.applications import Application
from db.cases import Case
from db.consumers import Consumer
from db.invoices import PremiumInvoice
from portal import rules
from portal.actors import SYSTEM
from portal.display import long_date, money, month_year
from portal.errors import DomainError, NotFound, required_text
from portal.services import audit, notices, reference_numbers
from portal.services.determinations import results

NOTE_MAX = 500
# Enrollees may pay up to a year ahead (DHS Health Care Programs Manual 25.05.10): a payment
# dated earlier than that before its month is a typing mistake.
ADVANCE_DAYS = 366
# The invoices a page lists: two years of months is more than any household has open.
LISTED = 24
# How to pay online, as the plan-year file says it (db/data/plan_year_*.toml), in the reader's
# language. A new sentence there reads in English until it is added here
# (tests/services/test_invoices.py checks every plan year's).
ONLINE_PAYMENT = {
    "Online by checking account or credit card on the Minnesota Department of Human Services "
    "website, with the case number and invoice number": _l(
        "Online by checking account or credit card on the Minnesota Department of Human "
        "Services website, with the case number and invoice number"
    ),
}


def month_of(day):
    """The first day of `day`'s month: how a coverage month is named."""
    return date(day.year, day.month, 1)


def next_month(today):
    return month_of(month_of(today) + timedelta(days=31))


def billed_members(case):
    """The case's MinnesotaCare members with a premium, as (member, outcome), and the month's
    premium they owe together, from its current determination."""
    billed = [
        (member, row)
        for member, row in results(case)
        if row.program == "minnesotacare" and (row.minnesotacare_premium_monthly or 0) > 0
    ]
    return billed, sum((row.minnesotacare_premium_monthly for _, row in billed), Decimal("0.00"))


def first_month(case):
    """The case's first month of coverage: the one after it was submitted (portal.rules)."""
    return rules.coverage_start(case.application.plan_year, case.created_at.date())


def issue_first(case, issued_at):
    """At submission: the invoice for the first month of coverage, if MinnesotaCare members
    have a premium (None otherwise)."""
    return _issue(case, first_month(case), issued_at)


def issue_for_month(month, now=None):
    """The invoices for `month` (any day of it) of every open case of that plan year with
    MinnesotaCare premiums, covered from that month on and not billed for it yet. Running it
    again, or twice at once, issues nothing twice: the (case, month) pair is unique."""
    now = now or utcnow()
    month = month_of(month)
    billed = PremiumInvoice.select(PremiumInvoice.case).where(
        PremiumInvoice.coverage_month == month
    )
    cases = (
        Case.select(Case, Application)
        .join(Application)
        .where(
            (Case.status == "open")
            & (Application.plan_year == month.year)
            # A run as of `now` (the demo's history) bills only the cases open by then.
            & (Case.created_at <= now)
            & Case.id.not_in(billed)
        )
        .order_by(Case.id)
    )
    issued = []
    for case in cases:
        if month >= first_month(case):
            invoice = _issue(case, month, now)
            if invoice is not None:
                issued.append(invoice)
    return issued


def _issue(case, month, now):
    billed, amount = billed_members(case)
    if not amount:
        return None
    figures = rules.plan_year(month.year)
    due_on = figures.minnesotacare_premium_due_on(month, now.date())
    for _attempt in range(5):
        try:
            with database.atomic():
                invoice = PremiumInvoice.create(
                    consumer=case.consumer_id,
                    case=case,
                    coverage_month=month,
                    invoice_number=reference_numbers.new(),
                    amount=amount,
                    due_on=due_on,
                    issued_at=now,
                )
                notices.issue(
                    case.consumer_id,
                    case,
                    "premium_invoice",
                    # Lazy, the figures too: written in the consumer's language for the notice
                    # and in English for the audit log (notices.issue).
                    _l(
                        "MinnesotaCare premium for %(month)s: %(amount)s due %(due)s "
                        "(case %(case)s)",
                        month=LazyString(month_year, month),
                        amount=LazyString(money, amount),
                        due=LazyString(long_date, due_on),
                        case=case.case_number,
                    ),
                    now,
                    invoice=invoice,
                    primary=results(case)[0][0],
                    billed=billed,
                    payment=figures.minnesotacare_payment,
                    online_payment=online_payment(figures.minnesotacare_payment),
                )
                audit.record(
                    SYSTEM, "premium_invoice.issued", case.consumer_id, invoice, _about(invoice)
                )
                _keep_due_date(case.consumer_id)
                return invoice
        except pw.IntegrityError:
            billed_already = PremiumInvoice.select().where(
                (PremiumInvoice.case == case) & (PremiumInvoice.coverage_month == month)
            )
            if billed_already.exists():
                return None  # another run issued it first
            # Otherwise an invoice number already in use (1 in 10^9): draw again.
    raise RuntimeError("Could not draw an unused invoice number.")


def record_payment(actor, invoice, paid_on):
    """Staff received the premium: the invoice is paid. Recording the same payment again (a
    double click) changes nothing and answers as the first time did."""
    today = utcnow().date()
    if paid_on is None:
        raise DomainError("Enter the date the payment was received.", field="paid_on")
    if paid_on > today:
        raise DomainError("The payment date can't be in the future.", field="paid_on")
    if paid_on < invoice.coverage_month - timedelta(days=ADVANCE_DAYS):
        raise DomainError(
            "That date is more than a year before the month this invoice is for: check it.",
            field="paid_on",
        )
    return _move(
        actor, invoice, "unpaid", {"status": "paid", "paid_on": paid_on, "note": None},
        f", paid {long_date(paid_on)}",
    )


def mark_unpaid(actor, invoice, note):
    """A payment recorded was not received after all (a returned check, a mistake): the
    invoice is owed again, with staff's note why. Again on an unpaid invoice: nothing."""
    note = required_text(
        note, "note", "Say why the invoice is unpaid again.", NOTE_MAX, noun="note"
    )
    return _move(
        actor, invoice, "paid", {"status": "unpaid", "paid_on": None, "note": note}, f": {note}"
    )


def _move(actor, invoice, from_status, values, detail):
    """Move `invoice` from `from_status` to `values`, recorded as staff's and audited (what
    the invoice is, then `detail`), and keep the consumer's earliest due date. Asked again once
    done (a double click), nothing changes and the invoice is answered as it is; moved the other
    way meanwhile, a DomainError says so."""
    with database.atomic():
        changed = (
            PremiumInvoice.update(**values, recorded_by=actor.user, recorded_at=utcnow())
            .where((PremiumInvoice.id == invoice.id) & (PremiumInvoice.status == from_status))
            .execute()
        )
        current = PremiumInvoice.get_by_id(invoice.id)
        if not changed:
            if all(getattr(current, name) == value for name, value in values.items()
                   if name != "note"):
                return current
            raise DomainError(_already(current))
        _keep_due_date(invoice.consumer_id)
        audit.record(
            actor, f"premium_invoice.{values['status']}", invoice.consumer_id, current,
            _about(current) + detail,
        )
    return current


def cancel_for(case):
    """The case's application was rescinded: its unpaid invoices are owed no more."""
    cancelled = (
        PremiumInvoice.update(status="cancelled")
        .where((PremiumInvoice.case == case) & (PremiumInvoice.status == "unpaid"))
        .execute()
    )
    if cancelled:
        _keep_due_date(case.consumer_id)


def find(invoice_id):
    """The invoice `invoice_id` names, with its case (NotFound for none)."""
    key = row_id(invoice_id)
    invoice = None
    if key is not None:
        invoice = (
            PremiumInvoice.select(PremiumInvoice, Case)
            .join(Case)
            .where(PremiumInvoice.id == key)
            .first()
        )
    if invoice is None:
        raise NotFound(_("There is no such invoice."))
    return invoice


def for_consumer(consumer):
    """The household's invoices, the latest month first, with their cases."""
    return list(
        PremiumInvoice.select(PremiumInvoice, Case)
        .join(Case)
        .where(PremiumInvoice.consumer == consumer)
        .order_by(PremiumInvoice.coverage_month.desc(), PremiumInvoice.id.desc())
        .limit(LISTED)
    )


def payment_for(invoice):
    """How the invoice is paid, from its plan year's data file."""
    return rules.plan_year(invoice.coverage_month.year).minnesotacare_payment


def online_payment(payment):
    """How to pay online, in the language being written (a lazy string when translated)."""
    return ONLINE_PAYMENT.get(payment.online, payment.online)


def _keep_due_date(consumer_id):
    earliest = (
        PremiumInvoice.select(pw.fn.MIN(PremiumInvoice.due_on))
        .where((PremiumInvoice.consumer == consumer_id) & (PremiumInvoice.status == "unpaid"))
        .scalar()
    )
    Consumer.update(premium_due_on=earliest).where(Consumer.id == consumer_id).execute()


def _already(invoice):
    if invoice.status == "paid":
        return f"This invoice was already recorded as paid on {long_date(invoice.paid_on)}."
    return f"This invoice is {invoice.get_status_display().lower()}: nothing was changed."


def _about(invoice):
    return (
        f"invoice {invoice.invoice_number}, {invoice.coverage_month:%B %Y}, "
        f"${invoice.amount:,.2f} due {long_date(invoice.due_on)}"
    )
