"""038: individuals register for certification themselves (S8).

- An assister's email is unique: the services always refused a second assister with the same
  address (ignoring case), so no two rows share one; the index settles two registrations sent at
  once (a double click), which both found none.
- At most one certification period waits for a decision per assister: a renewal requested twice
  at once is one row.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("CREATE UNIQUE INDEX assister_email ON assister (email)")
    migrator.sql(
        "CREATE UNIQUE INDEX certification_one_pending_per_assister ON certification "
        "(assister_id) WHERE status = 'pending'"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX certification_one_pending_per_assister")
    migrator.sql("DROP INDEX assister_email")
