"""Documents a household sends (S6.3), to answer a verification request or as "other" (one
nobody asked for: proof of income sent ahead, say): each file kept outside the web root under a
random name, its SHA-256 here; staff accept or reject it."""

import peewee as pw
from flask_babel import lazy_gettext as _l

from db import BaseModel, utcnow
from db.accounts import User
from db.cases import Case
from db.consumers import Consumer
from db.verifications import ACCEPTED_DOCUMENTS, VerificationRequest

DOCUMENT_STATUSES = (
    ("received", _l("Received, waiting for review")),
    ("accepted", _l("Accepted")),
    ("rejected", _l("Rejected")),
)

# What a document sent as "other" may be: what a household is most often asked for later.
OTHER_DOCUMENTS = (
    ("income", _l("Proof of income")),
    ("address", _l("Proof of address")),
    ("other_coverage", _l("Proof of other health coverage")),
    ("birth_certificate", _l("Birth certificate")),
    ("other", _l("Other document")),
)
NOTE_MAX = 200

# Each document type's label, whatever the kind it proves ("Other document" is the same in all).
DOCUMENT_TYPE_LABELS = {
    value: label
    for documents in (*ACCEPTED_DOCUMENTS.values(), OTHER_DOCUMENTS)
    for value, label in documents
}


class Document(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="documents")
    # None for a document sent as "other". Indexed by the unique pair below, which starts with it.
    verification_request = pw.ForeignKeyField(
        VerificationRequest, null=True, backref="documents", index=False
    )
    # The consumer's case when it was sent (the request's; None before any application is
    # submitted). Pages find documents by consumer or request, never by case.
    case = pw.ForeignKeyField(Case, null=True, backref="+", index=False)
    # One of db.verifications.ACCEPTED_DOCUMENTS for the request's kind, or of OTHER_DOCUMENTS.
    document_type = pw.CharField(max_length=30)
    # What a document sent as "other" is for, in the sender's words (optional).
    note = pw.CharField(max_length=NOTE_MAX, null=True)
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
            # Staff's list of documents waiting for review, oldest first, and the whole list
            # (migration 042; the id last: a page continues from the row before it).
            (("status", "uploaded_at", "id"), False),
            (("uploaded_at", "id"), False),
        )

    @property
    def is_other(self):
        return self.verification_request_id is None

    def get_document_type_display(self):
        return DOCUMENT_TYPE_LABELS.get(self.document_type, self.document_type)

    def get_status_display(self):
        return dict(DOCUMENT_STATUSES)[self.status]

    def __str__(self):
        return self.file_name


# The same file sent again as "other" for a consumer (a double click too) is one document.
Document.add_index(
    Document.index(
        Document.consumer, Document.sha256, unique=True, name="document_other_one_per_file"
    ).where(Document.verification_request.is_null())
)
