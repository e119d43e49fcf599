"""MinnesotaCare premiums: staff list the invoices (unpaid, overdue) and record each payment,
or mark one unpaid again with a note. Invoices are issued by the portal
(portal/services/invoices.py), never created, edited or deleted here."""

from datetime import datetime

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from admin.base import SecureModelView
from db import utcnow
from db.cases import Case
from db.consumers import Consumer
from db.invoices import INVOICE_STATUSES, PremiumInvoice
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import invoices

DATE_FORMAT = "%Y-%m-%d"


class PaymentForm(PortalForm):
    # A date input in browsers; typed text (YYYY-MM-DD) in any other.
    paid_on = StringField("Date the payment was received (YYYY-MM-DD)")
    # Required to mark unpaid, by the service; recording a payment needs none.
    note = TextAreaField(
        "Why it is unpaid again (a returned check, a payment recorded by mistake)",
        validators=[
            Length(
                max=invoices.NOTE_MAX,
                message=f"Keep the note to {invoices.NOTE_MAX} characters or fewer.",
            ),
        ],
    )

    def validate_paid_on(self, field):
        if field.data and self.paid_on_date() is None:
            raise ValidationError("Enter the date like 2026-03-05.")

    def paid_on_date(self):
        try:
            return datetime.strptime((self.paid_on.data or "").strip(), DATE_FORMAT).date()
        except ValueError:
            return None


HEADLINE = ("consumer", "case", "coverage_month", "invoice_number", "amount", "due_on", "status")
# The list's arguments for the menu's "Premiums overdue" (unpaid, due before today): not one of
# flask-admin's filters, whose value box its script draws without a label.
OVERDUE = {"overdue": "1"}


class PremiumInvoiceView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = (*HEADLINE, "paid_on")
    column_details_list = (
        *HEADLINE, "paid_on", "issued_at", "recorded_at", "recorded_by", "note",
    )
    column_export_list = column_details_list
    column_searchable_list = (
        Consumer.last_name, Consumer.first_name, Case.case_number, PremiumInvoice.invoice_number,
    )
    search_hint = "Consumer's name, case or invoice number"
    column_filters = ("status", "due_on", "coverage_month")
    column_sortable_list = ("coverage_month", "due_on", "status", "amount")
    # Earliest due first: the longest overdue come first.
    column_default_sort = ("due_on", False)
    column_labels = {
        "coverage_month": "Month",
        "invoice_number": "Invoice number",
        "due_on": "Due",
        "paid_on": "Paid on",
        "recorded_at": "Payment recorded",
        "recorded_by": "Recorded by",
    }
    column_choices = {"status": INVOICE_STATUSES}
    column_formatters = {
        "coverage_month": lambda view, context, row, name: f"{row.coverage_month:%B %Y}",
        "amount": lambda view, context, row, name: f"${row.amount:,.2f}",
    }
    list_joins = (Consumer, Case)
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-usd", ".payment_view", title="Record payment"),
    ]

    def consumer_of(self, row):
        return row.consumer_id

    def get_query(self):
        # flask-admin keeps an argument it does not know in the list's links (page, sort).
        query = super().get_query()
        if request.args.get("overdue") == OVERDUE["overdue"]:
            query = query.where(
                (PremiumInvoice.status == "unpaid") & (PremiumInvoice.due_on < utcnow().date())
            )
        return query

    @expose("/payment/", methods=("GET", "POST"))
    def payment_view(self):
        """Record a payment (its date) or mark the invoice unpaid (a note): a POST each."""
        found = self.get_one(request.args.get("id"))  # a look at it is audited, as a record's
        if found is None:
            flash("That invoice does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = PaymentForm()
        status = 200
        if form.validate_on_submit():
            decision = request.form.get("decision")
            try:
                if decision == "paid":
                    invoices.record_payment(current_actor(), found, form.paid_on_date())
                    message = "Payment recorded. The household's pages show it as paid."
                elif decision == "unpaid":
                    invoices.mark_unpaid(current_actor(), found, form.note.data)
                    message = "Marked unpaid. The household's pages show it as owed again."
                else:
                    raise DomainError("Choose Record payment or Mark unpaid.")
            except DomainError as error:
                if error.field in ("paid_on", "note"):
                    form[error.field].errors = [*form[error.field].errors, error.message]
                else:
                    flash(error.message, "error")
            else:
                flash(message, "success")
                return redirect(url_for(".details_view", id=found.id))
        if form.is_submitted():
            status = 422
        return self.render("admin/premium_payment.html", found=found, form=form), status
