"""Consents that end soon (S13): a consent's renewal reminder to both sides, once per expiry
date, sent by the daily job (`flask associations notify-expiring`)."""

from datetime import timedelta

from db import database, utcnow
from db.associations import Association
from portal.services import audit, mail, notices

# How many days before a consent ends both sides are told, and the work queue lists it.
NOTICE_DAYS = 30


def expiring(today=None):
    """Current associations whose consent ends within NOTICE_DAYS and whose notice is not sent."""
    today = today or utcnow().date()
    return Association.select().where(
        Association.ended_at.is_null(),
        Association.expires_on >= today,
        Association.expires_on <= today + timedelta(days=NOTICE_DAYS),
        Association.expiry_notice_sent_for.is_null()
        | (Association.expiry_notice_sent_for != Association.expires_on),
    )


def send_expiry_notices(actor, today=None):
    """Tell both sides, once per expiry date, that a consent ends within 30 days (daily job)."""
    sent = 0
    for association in expiring(today):
        with database.atomic():
            claimed = (
                Association.update(expiry_notice_sent_for=association.expires_on)
                .where(
                    Association.id == association.id,
                    Association.expiry_notice_sent_for.is_null()
                    | (Association.expiry_notice_sent_for != association.expires_on),
                )
                .execute()
            )
            if not claimed:
                continue
            mail.send(
                "association_expiring",
                association.consumer.email,
                "association_expiring",
                language=notices.language_of(association.consumer_id),
                association=association,
            )
            mail.send(
                "association_expiring_assister",
                association.assister.email,
                "association_expiring_assister",
                association=association,
            )
            audit.record(actor, "association.expiry_notice", association.consumer, association)
            sent += 1
    return sent
