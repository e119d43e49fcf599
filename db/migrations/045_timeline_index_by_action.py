"""045: the timeline's index keys each client's entries by action too, so SQLite keeps reading it.

Migration 042 gave the admin's audit log filtered by consumer an index of every entry
(`audit_event_consumer`: consumer, time, id). To SQLite's planner it costs the same as 017's
partial index (consumer, time) for Client Details' timeline, and SQLite chose it: the timeline
then walked every "client.viewed" row again, which is what 017 ended. Keyed by consumer, then
action, then time, the partial index answers the timeline's `action IN (…)` from its keys, which
the full index cannot, and both planners prefer it. It still leaves the views out.
"""

import peewee as pw
from peewee_migrate import Migrator

NAME = "audit_event_timeline"
WHERE = "WHERE action != 'client.viewed'"
BEFORE = "(on_behalf_of_id, at)"
AFTER = "(on_behalf_of_id, action, at)"


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f"DROP INDEX {NAME}")
    migrator.sql(f"CREATE INDEX {NAME} ON audit_event {AFTER} {WHERE}")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f"DROP INDEX {NAME}")
    migrator.sql(f"CREATE INDEX {NAME} ON audit_event {BEFORE} {WHERE}")
