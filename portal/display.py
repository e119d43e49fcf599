"""How dates and times read on screen: stored in UTC, shown in the marketplace's time zone."""

from datetime import UTC
from zoneinfo import ZoneInfo

# The marketplace serves Minnesota.
LOCAL_ZONE = ZoneInfo("America/Chicago")


def local_time(value, fmt="%b %-d, %Y %-I:%M %p"):
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone(LOCAL_ZONE).strftime(fmt)


def long_date(value):
    return value.strftime("%B %-d, %Y") if value else ""
