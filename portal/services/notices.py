"""Notices (S6.2): issuing one, its text written once from `templates/notices/<kind>.txt` and
kept as issued, whatever later changes to the case or the template; listing a consumer's
notices for a reader (the consumer, or an assister acting for them), read or unread for that
reader; and opening one, which records that its reader has read it.

Each association keeps how many of its consumer's notices its assister has not read
(`Association.unread_notices`), so the work queue's "Unread notices" is read from an index,
never counted per request. This module is the only writer of that number."""

import peewee as pw
from flask import render_template
from flask_babel import gettext as _

from db import database, utcnow
from db.accounts import User
from db.associations import Association
from db.consumers import Consumer
from db.notices import Notice, NoticeRead
from portal import languages
from portal.actors import SYSTEM
from portal.errors import NotFound
from portal.services import audit, consumers

ISSUED = "notice.issued"


def issue(consumer_id, case, kind, title, issued_at=None, **context):
    """Issue a notice to the consumer: written now in the consumer's language (S13) and kept as
    written, recorded in the audit log (the Client Details timeline shows it), and unread for
    each assister who may read it. `title` is a lazy string (`lazy_gettext`), read in the
    consumer's language for the notice and in English for the audit log."""
    language = consumers.language_of(consumer_id)
    with languages.writing_in(language):
        written_title = str(title)
        body = render_template(f"notices/{kind}.txt", case=case, **context)
    with database.atomic():
        notice = Notice.create(
            consumer=consumer_id,
            case=case,
            kind=kind,
            language=language,
            title=written_title,
            body=body,
            created_at=issued_at or utcnow(),
        )
        audit.record(SYSTEM, ISSUED, consumer_id, notice, detail=languages.in_english(title))
        # One more unread for every assister whose consent covers notices, in one statement.
        (
            Association.update(unread_notices=Association.unread_notices + 1)
            .where(
                Association.consumer == consumer_id,
                Association.ended_at.is_null(),
                Association.may_see_documents == True,  # noqa: E712
            )
            .execute()
        )
    return notice


def _opened_by(user_id):
    """Whether this user opened the notice of the row (a correlated EXISTS)."""
    return pw.fn.EXISTS(
        NoticeRead.select(NoticeRead.id).where(
            NoticeRead.notice == Notice.id, NoticeRead.user == user_id
        )
    )


def opened_by_consumer():
    """Whether the consumer opened the notice of the row: for a query of notices joined with
    their consumer (a correlated EXISTS, on the (notice, user) index)."""
    return _opened_by(Consumer.user)


def readers(notice):
    """Who opened the notice (the consumer, their assisters), the first first."""
    return list(
        NoticeRead.select(NoticeRead, User)
        .join(User, on=(NoticeRead.user == User.id))
        .where(NoticeRead.notice == notice)
        .order_by(NoticeRead.read_at, NoticeRead.id)
    )


def _unread_by(consumer_id, user_id):
    """The consumer's notices that this user has not opened."""
    return Notice.select().where(Notice.consumer == consumer_id, ~_opened_by(user_id))


def unread_count(consumer, user):
    """How many of the consumer's notices `user` has not opened."""
    return _unread_by(consumer.id, user.id).count()


def unread_for(association):
    """What `association.unread_notices` must be: the consumer's notices its assister has not
    opened, or 0 when the consent does not cover reading notices (nothing for them to read).

    Every notice of the consumer counts, those issued before the association too: a new
    assister has the case's history to catch up on (its eligibility and verification notices
    above all), and the count must agree with the Unread marks of the list they will open."""
    if not association.may_see_documents:
        return 0
    return _unread_by(association.consumer_id, association.assister.user_id).count()


def recount(association):
    """Set the association's count afresh (after its assister opened a notice, or the consent's
    scope changed). Counted again rather than taken down by one: an increment that raced with
    the count, or anything else that drifted, comes right on the assister's next read."""
    Association.update(unread_notices=unread_for(association)).where(
        Association.id == association.id
    ).execute()


def for_reader(consumer, user):
    """Every notice of the consumer, newest first, each with `read`: whether `user` opened it."""
    rows = (
        Notice.select(Notice, _opened_by(user.id).alias("read"))
        .where(Notice.consumer == consumer)
        .order_by(Notice.created_at.desc(), Notice.id.desc())
    )
    return list(rows)


def find(consumer, notice_id):
    """The consumer's notice with this id: another consumer's, or none, is NotFound (a 404)."""
    notice = Notice.get_or_none((Notice.id == notice_id) & (Notice.consumer == consumer))
    if notice is None:
        raise NotFound(_("There is no such notice."))
    return notice


def mark_read(user, notice, association=None):
    """`user` opened the notice: recorded once, however often and however many at once open it
    (the unique index keeps one row; a second insert is ignored). For an assister,
    `association` is theirs with the consumer, and its unread count is counted again."""
    with database.atomic():
        (
            NoticeRead.insert(notice=notice, user=user, read_at=utcnow())
            .on_conflict_ignore()
            .execute()
        )
        if association is not None:
            recount(association)
