"""Notices the portal generates for a consumer (S6.2), each kept as the text that was issued."""

import peewee as pw

from db import BaseModel, utcnow
from db.cases import Case
from db.consumers import Consumer

NOTICE_KINDS = (
    ("eligibility", "Eligibility determination notice"),
    ("change", "Change in circumstances notice"),
    ("verification", "Verification request notice"),
    ("document_accepted", "Document accepted notice"),
    ("document_rejected", "Document not accepted notice"),
    ("enrollment", "Enrollment confirmation notice"),
    ("premium_invoice", "MinnesotaCare premium invoice"),
    ("assister_suspended", "Assister unable to act notice"),
    ("assister_restored", "Assister able to act again notice"),
)


class Notice(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="notices")
    case = pw.ForeignKeyField(Case, null=True, backref="notices")
    kind = pw.CharField(max_length=30, choices=NOTICE_KINDS)
    title = pw.CharField(max_length=200)
    body = pw.TextField()
    created_at = pw.DateTimeField(default=utcnow)

    def __str__(self):
        return self.title
