"""Documents a household sends to answer a verification request (S6.3): each file kept outside
the web root under a random name, its SHA-256 here; staff accept or reject it."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.consumers import Consumer
from db.verifications import ACCEPTED_DOCUMENTS, VerificationRequest

DOCUMENT_STATUSES = (
    ("received", "Received, waiting for review"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
)

# Each document type's label, whatever the kind it proves ("Other document" is the same in all).
DOCUMENT_TYPE_LABELS = {
    value: label for documents in ACCEPTED_DOCUMENTS.values() for value, label in documents
}


class Document(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="documents")
    # Indexed by the unique pair below, which starts with it.
    verification_request = pw.ForeignKeyField(
        VerificationRequest, backref="documents", index=False
    )
    # One of db.verifications.ACCEPTED_DOCUMENTS for the request's kind.
    document_type = pw.CharField(max_length=30)
    # The name it was sent with, made safe to show; never a path to it.
    file_name = pw.CharField(max_length=255)
    # As its content says (portal/services/documents.py), whatever the name claimed.
    content_type = pw.CharField(max_length=100)
    size = pw.IntegerField()
    sha256 = pw.CharField(max_length=64)
    # The file's random name in the documents folder.
    storage_name = pw.CharField(max_length=64, unique=True)
    uploaded_by = pw.ForeignKeyField(User, backref="+", index=False)
    uploaded_role = pw.CharField(max_length=20)
    uploaded_at = pw.DateTimeField(default=utcnow)
    status = pw.CharField(max_length=20, choices=DOCUMENT_STATUSES, default="received")
    reviewed_by = pw.ForeignKeyField(User, null=True, backref="+", index=False)
    reviewed_at = pw.DateTimeField(null=True)
    rejection_reason = pw.CharField(max_length=500, null=True)

    class Meta:
        indexes = (
            # The same file sent twice for a request is one document (a double click too).
            (("verification_request", "sha256"), True),
            # Staff's list of documents waiting for review, oldest first.
            (("status", "uploaded_at"), False),
        )

    def get_document_type_display(self):
        return DOCUMENT_TYPE_LABELS.get(self.document_type, self.document_type)

    def get_status_display(self):
        return dict(DOCUMENT_STATUSES)[self.status]

    def __str__(self):
        return self.file_name
