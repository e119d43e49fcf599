"""020: the work queue's clients with documents due, indexed in Date Requested order.

Migration 018's index began with the due date, which nothing reads by: a page of the
"Verification deadlines" filter in the dashboard's default order (newest request first) read
all of the assister's entries and sorted them, the only dashboard page not walked in its order
(219 entries for the benchmark's assister; bench/RESULTS.md). In Date Requested order the page
is the first 25 entries walked backwards, and the count still reads the whole small index.
The due date stays in the index, last: a partial index covers a query only if it holds every
column the query names, its condition's included.
"""

import peewee as pw
from peewee_migrate import Migrator

NAME = "association_clients_verifying"
# The index as 018 made it.
OLD = (
    f"CREATE INDEX {NAME} ON association "
    "(assister_id, consumer_verification_due_on, expires_on, status, requested_at, "
    "consumer_sort_name, consumer_id, id, ended_at) "
    "WHERE ended_at IS NULL AND consumer_verification_due_on IS NOT NULL"
)
CREATE = (
    f"CREATE INDEX {NAME} ON association "
    "(assister_id, requested_at, id, expires_on, status, consumer_sort_name, consumer_id, "
    "ended_at, consumer_verification_due_on) "
    "WHERE ended_at IS NULL AND consumer_verification_due_on IS NOT NULL"
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f"DROP INDEX {NAME}")
    migrator.sql(CREATE)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f"DROP INDEX {NAME}")
    migrator.sql(OLD)
