"""When a consent ends (S13): the date a new or renewed authorization may run to, and the
renewal reminder to both sides before it ends, once per expiry date, sent by the daily job
(`flask associations notify-expiring`)."""

from datetime import date, timedelta

from flask_babel import gettext as _

from db import database, utcnow
from db.associations import Association
from portal.display import long_date
from portal.errors import DomainError
from portal.services import audit, consumers, mail

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
                language=consumers.language_of(association.consumer_id),
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


def latest_expiry(today):
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def default_expiry(today):
    """The end of the coverage year, and never more than a year away (S13).

    From November, open enrollment is for next year's coverage, so that is the year meant.
    """
    coverage_year = today.year + 1 if today.month >= 11 else today.year
    return min(date(coverage_year, 12, 31), latest_expiry(today))


def check_expiry(expires_on, today):
    if expires_on is None or not today < expires_on <= latest_expiry(today):
        raise DomainError(
            _(
                "Choose a date after today and no later than %(latest)s.",
                latest=long_date(latest_expiry(today)),
            ),
            "expires_on",
        )
