"""021: an association can be suspended while its assister is not in good standing.

When staff deactivate an assister or their agency, or the certification expires, the
assister's associations that have not ended stop giving access but stay as they were, as the
consumer's history: `suspended_at` says since when, `suspended_reason` why (the words the
consumer and staff read). Reactivation or renewal clears both on those still within their
consent period.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "association",
        suspended_at=pw.DateTimeField(null=True),
        suspended_reason=pw.CharField(max_length=500, null=True),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("association", "suspended_at", "suspended_reason")
