"""007: where each consumer's application and enrollment stand, for the dashboard (S4, S11)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "consumer",
        application_status=pw.CharField(max_length=20, default="not_started"),
        enrollment_status=pw.CharField(max_length=20, default="not_enrolled"),
        home_address=pw.CharField(max_length=300, null=True),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("consumer", "application_status", "enrollment_status", "home_address")
