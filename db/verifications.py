"""Verification requests (S6.2, S6.3): what the marketplace asks a household to prove with
documents, by when. Opened by the rules at submission; closed by staff, or by rescinding."""

import peewee as pw
from flask_babel import lazy_gettext as _l

from db import BaseModel, utcnow
from db.accounts import User
from db.applications import ApplicationMember
from db.cases import Case
from db.consumers import Consumer

# What can be asked for; the rules (portal/rules/verification.py) ask for immigration status.
VERIFICATION_KINDS = (("immigration", _l("Immigration status")),)
# The documents that prove each kind, as the household chooses one when uploading (the
# immigration list follows the documents its notice names, templates/notices/).
ACCEPTED_DOCUMENTS = {
    "immigration": (
        ("i551", _l("Permanent Resident Card (I-551)")),
        ("i766", _l("Employment Authorization Document (I-766)")),
        ("i94", _l("Arrival/Departure Record (I-94)")),
        ("refugee_travel", _l("Refugee travel document")),
        ("passport_visa", _l("Foreign passport with visa")),
        ("other", _l("Other document")),
    ),
}
VERIFICATION_STATUSES = (
    ("open", _l("Waiting for documents")),
    ("verified", _l("Verified")),
    ("withdrawn", _l("Withdrawn (application rescinded)")),
)


class VerificationRequest(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="verification_requests", index=False)
    case = pw.ForeignKeyField(Case, backref="verification_requests")
    # The person whose attestation needs proof (None: the household as a whole).
    member = pw.ForeignKeyField(ApplicationMember, null=True, backref="+", index=False)
    kind = pw.CharField(max_length=20, choices=VERIFICATION_KINDS)
    # What could not be verified and which documents prove it, as the notice says it.
    reason = pw.TextField()
    due_on = pw.DateField()
    status = pw.CharField(max_length=20, choices=VERIFICATION_STATUSES, default="open")
    opened_at = pw.DateTimeField(default=utcnow)
    closed_at = pw.DateTimeField(null=True)
    closed_by = pw.ForeignKeyField(User, null=True, backref="+", index=False)
    closed_note = pw.CharField(max_length=500, null=True)

    class Meta:
        # A consumer's open requests, earliest first: the due date kept on the consumer
        # (portal.services.verifications). Pages list a case's, by the case's index.
        indexes = ((("consumer", "status", "due_on"), False),)

    @property
    def overdue(self):
        return self.status == "open" and self.due_on < utcnow().date()

    def get_kind_display(self):
        return dict(VERIFICATION_KINDS)[self.kind]

    def get_status_display(self):
        return dict(VERIFICATION_STATUSES)[self.status]

    @property
    def accepted_documents(self):
        """(value, label) of the documents that prove what is asked."""
        return ACCEPTED_DOCUMENTS[self.kind]

    def __str__(self):
        return f"{self.get_kind_display()} verification, due {self.due_on:%B %-d, %Y}"
