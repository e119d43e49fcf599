"""The data layer: one database proxy bound late by the app factory, and the base model.

Models live one module per aggregate (accounts, assisters, consumers, associations, mail, audit).
This package imports nothing from the rest of the project.
"""

from datetime import UTC, datetime

import peewee as pw

database = pw.DatabaseProxy()


def utcnow():
    """Naive UTC: both SQLite and PostgreSQL `timestamp` columns store it unchanged."""
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False
