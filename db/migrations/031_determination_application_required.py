"""031: every determination names the application it was made from (028 filled them in)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_not_null("determination", "application")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_not_null("determination", "application")
