"""006: the dashboard's indexes cover its queries (bench/RESULTS.md): expires_on joins each sort
index, so "not expired" is checked in the index and no table row is read to page or count."""

import peewee as pw
from peewee_migrate import Migrator

OLD = {
    "association_assister_id_consumer_sort_name": "assister_id, consumer_sort_name",
    "association_assister_id_requested_at": "assister_id, requested_at",
    "association_assister_id_status_consumer_sort_name": "assister_id, status, consumer_sort_name",
}
NEW = {
    "association_assister_id_consumer_sort_name_expires_on": (
        "assister_id, consumer_sort_name, expires_on"
    ),
    "association_assister_id_requested_at_expires_on": "assister_id, requested_at, expires_on",
    # Also serves the work-queue counts (GROUP BY status) from the index alone.
    "association_assister_id_status_consumer_sort_name_expires_on": (
        "assister_id, status, consumer_sort_name, expires_on"
    ),
}


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, columns in NEW.items():
        migrator.sql(f"CREATE INDEX {name} ON association ({columns}) WHERE ended_at IS NULL")
    for name in OLD:
        migrator.sql(f"DROP INDEX {name}")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, columns in OLD.items():
        migrator.sql(f"CREATE INDEX {name} ON association ({columns}) WHERE ended_at IS NULL")
    for name in NEW:
        migrator.sql(f"DROP INDEX {name}")
