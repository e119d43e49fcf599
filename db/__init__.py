"""The data layer: one database proxy bound late by the app factory, and the base model.

Models live one module per aggregate (accounts, assisters, consumers, associations, mail, audit).
This package imports nothing from the rest of the project.
"""

from datetime import UTC, datetime

import peewee as pw

database = pw.DatabaseProxy()
# Row ids fit a signed 64-bit integer on both databases; SQLite cannot even be asked about a
# larger number (OverflowError), so such a number names no row.
ROW_ID_MAX = 2**63 - 1


def row_id(value):
    """`value` (text or a number from a form, a URL or a query) as a row id, or None when it
    can name no row: not a whole number, below 1, or beyond 64 bits."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= ROW_ID_MAX else None


def utcnow():
    """Naive UTC: both SQLite and PostgreSQL `timestamp` columns store it unchanged."""
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False
