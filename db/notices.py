"""Notices the portal generates for a consumer (S6.2), each kept as the text that was issued,
and who has read each one."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
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
    ("association_started", "Assister authorized notice"),
    ("association_ended", "Assister authorization ended notice"),
)


class Notice(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="notices")
    case = pw.ForeignKeyField(Case, null=True, backref="notices")
    kind = pw.CharField(max_length=30, choices=NOTICE_KINDS)
    # The consumer's language when it was issued: the text is kept as written in it (S13).
    language = pw.CharField(max_length=5, default="en")
    title = pw.CharField(max_length=200)
    body = pw.TextField()
    created_at = pw.DateTimeField(default=utcnow)

    def get_kind_display(self):
        return dict(NOTICE_KINDS)[self.kind]

    def __str__(self):
        return self.title


# The admin's Notices list, newest first (migration 042): its sort and filters, the id last.
for _name, _columns in (
    ("notice_admin_created", (Notice.created_at,)),
    ("notice_admin_kind", (Notice.kind,)),
    ("notice_admin_language", (Notice.language,)),
):
    Notice.add_index(Notice.index(*_columns, Notice.id, name=_name))


class NoticeRead(BaseModel):
    """A reader (the consumer, or one of their assisters) opened the notice: once per reader,
    however often they open it, so "unread" is per person (S6.2)."""

    # The unique index (notice, user) serves every look-up: whether this reader read it.
    notice = pw.ForeignKeyField(Notice, backref="reads", index=False)
    user = pw.ForeignKeyField(User, backref="+", index=False)
    read_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("notice", "user"), True),)
