"""A MinnesotaCare premium invoice, printable (S6.2, S6.6): the consumer's own, or an
assister's acting for them. Reading invoices is part of the consent to read notices ("Read my
notices and invoices"), not of applying: an assister who may apply but not read notices does
not see them, and one who may read notices does, as the consent's words say."""

from flask import Blueprint, current_app, render_template

from portal.auth import require_role
from portal.services import invoices
from views.acting_for import acting_for, audits_reads

bp = Blueprint("invoices", __name__, url_prefix="/invoices")
bp.before_request(require_role("consumer", "assister"))
# What an assister was shown, as the consumer reads it in "Who acted on my behalf".
bp.after_request(audits_reads({"invoices.invoice": "premium invoice: {record}"}, {}))

ACTION = "notices"


@bp.get("/<int:invoice_id>")
def invoice(invoice_id):
    """One invoice as the household prints it: who owes what, by when, and how to pay."""
    found = invoices.find(invoice_id)  # NotFound: a 404 page
    acting = acting_for(found.consumer_id, ACTION, found)
    payment = invoices.payment_for(found)
    return render_template(
        "invoices/invoice.html",
        acting=acting,
        invoice=found,
        case=found.case,
        payment=payment,
        online_payment=invoices.online_payment(payment),
        marketplace=current_app.config["MARKETPLACE_NAME"],
    )
