"""Outgoing mail: every message is stored first, then delivered, so none is ever lost."""

import peewee as pw

from db import BaseModel, utcnow


class OutgoingMail(BaseModel):
    kind = pw.CharField(max_length=50)
    to_address = pw.CharField(max_length=254)
    subject = pw.CharField(max_length=200)
    body = pw.TextField()
    created_at = pw.DateTimeField(default=utcnow, index=True)
    sent_at = pw.DateTimeField(null=True)
    attempts = pw.IntegerField(default=0)
    last_error = pw.CharField(max_length=500, null=True)
