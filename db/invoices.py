"""MinnesotaCare premium invoices (S6.2, S6.6): one a month for a household whose determination
gives its MinnesotaCare members a premium; staff record each payment."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.cases import Case
from db.consumers import Consumer

INVOICE_STATUSES = (
    ("unpaid", "Unpaid"),
    ("paid", "Paid"),
    # The case's application was rescinded: nothing is owed.
    ("cancelled", "Cancelled"),
)


class PremiumInvoice(BaseModel):
    # Indexed by the consumer's unpaid invoices below, which starts with it.
    consumer = pw.ForeignKeyField(Consumer, backref="premium_invoices", index=False)
    # Indexed by the unique pair below, which starts with it.
    case = pw.ForeignKeyField(Case, backref="premium_invoices", index=False)
    # The first day of the month of coverage the premium pays for.
    coverage_month = pw.DateField()
    # Random digits with a check digit, like case numbers: the household quotes it to pay.
    invoice_number = pw.CharField(max_length=12, unique=True)
    # The household's MinnesotaCare premiums for the month, as the determination has them.
    amount = pw.DecimalField(max_digits=10, decimal_places=2)
    due_on = pw.DateField()
    status = pw.CharField(max_length=20, choices=INVOICE_STATUSES, default="unpaid")
    paid_on = pw.DateField(null=True)
    # The staff member who last recorded a payment or marked it unpaid, when, and their note.
    recorded_by = pw.ForeignKeyField(User, null=True, backref="+", index=False)
    recorded_at = pw.DateTimeField(null=True)
    note = pw.CharField(max_length=500, null=True)
    issued_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "premium_invoice"
        indexes = (
            # A case is billed once a month, however many runs (or concurrent ones) issue it.
            (("case", "coverage_month"), True),
            # A consumer's unpaid invoices, earliest due first: the due date kept on the
            # consumer (portal.services.invoices) for the work queue.
            (("consumer", "status", "due_on"), False),
        )

    @property
    def overdue(self):
        return self.status == "unpaid" and self.due_on < utcnow().date()

    def get_status_display(self):
        return dict(INVOICE_STATUSES)[self.status]

    def __str__(self):
        return f"Invoice {self.invoice_number} for {self.coverage_month:%B %Y}"
