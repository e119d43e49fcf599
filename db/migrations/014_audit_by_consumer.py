"""014: the audit log read by consumer, newest first, without walking the whole log.

Client Details shows a client's timeline: their audit entries of a dozen actions, newest
first. With the log indexed by consumer alone, SQLite chose to walk the whole log backwards by
time instead, and every "client.viewed" entry made the page slower: 9 ms in-process with 650
entries, 25 ms with 20,000 (bench/RESULTS.md). Indexed by consumer, action and time, the
timeline reads only its own entries; by consumer and time, "Who acted on my behalf" reads the
newest entries first. The consumer-only index is a prefix of both and goes.
"""

import peewee as pw
from peewee_migrate import Migrator

INDEXES = {
    "auditevent_on_behalf_of_id_at": "(on_behalf_of_id, at)",
    "auditevent_on_behalf_of_id_action_at": "(on_behalf_of_id, action, at)",
}


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, columns in INDEXES.items():
        migrator.sql(f"CREATE INDEX {name} ON audit_event {columns}")
    migrator.sql("DROP INDEX auditevent_on_behalf_of_id")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("CREATE INDEX auditevent_on_behalf_of_id ON audit_event (on_behalf_of_id)")
    for name in INDEXES:
        migrator.sql(f"DROP INDEX {name}")
