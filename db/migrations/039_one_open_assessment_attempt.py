"""039: at most one assessment attempt open (not yet submitted) per learner, enforced by a
partial unique index: two "Start the assessment" posts at once (a double click) must not both
draw questions; the second finds the first's attempt."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(
        "CREATE UNIQUE INDEX assessment_attempt_open ON assessment_attempt (assister_id)"
        " WHERE submitted_at IS NULL"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX assessment_attempt_open")
