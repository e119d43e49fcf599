"""017: a client's timeline is read from an index that leaves out the "client.viewed" rows.

Every look at Client Details adds a "client.viewed" row to the client's audit log, so a busy
client's log is mostly views. Migration 014's index (consumer, action, time) lets a planner
read just the timeline's actions, but PostgreSQL chooses to only when its statistics know how
many rows the client has: with statistics older than the views (autovacuum behind, or off as on
the development machine's server) it estimated one row, read the consumer's whole log and
filtered out 20,000 views, 8.3 ms instead of 0.1 ms (bench/RESULTS.md). The views are not in
this partial index at all, whatever the statistics say; the timeline's query repeats its
condition word for word so that any plan, generic or not, can use it.
"""

import peewee as pw
from peewee_migrate import Migrator

NAME = "audit_event_timeline"
CREATE = (
    f"CREATE INDEX {NAME} ON audit_event (on_behalf_of_id, at) "
    "WHERE action != 'client.viewed'"
)
# 014's index, which this one replaces.
OLD = "auditevent_on_behalf_of_id_action_at"
OLD_COLUMNS = "(on_behalf_of_id, action, at)"


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(CREATE)
    migrator.sql(f"DROP INDEX {OLD}")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f"CREATE INDEX {OLD} ON audit_event {OLD_COLUMNS}")
    migrator.sql(f"DROP INDEX {NAME}")
