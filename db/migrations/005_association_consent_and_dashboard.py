"""005: consent renewal and expiry notices, and the dashboard's sort key and indexes (S11)."""

import peewee as pw
from peewee_migrate import Migrator

DASHBOARD_INDEXES = {
    "association_assister_id_consumer_sort_name": "assister_id, consumer_sort_name",
    "association_assister_id_requested_at": "assister_id, requested_at",
    "association_assister_id_status_consumer_sort_name": "assister_id, status, consumer_sort_name",
}


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "association",
        consumer_sort_name=pw.CharField(max_length=201, default=""),
        renewed_at=pw.DateTimeField(null=True),
        expiry_notice_sent_for=pw.DateField(null=True),
    )
    # Existing rows get their sort key from the consumer's current name.
    migrator.sql(
        "UPDATE association SET consumer_sort_name = (SELECT LOWER(last_name || ' ' || first_name) "
        "FROM consumer WHERE consumer.id = association.consumer_id)"
    )
    for name, columns in DASHBOARD_INDEXES.items():
        migrator.sql(f"CREATE INDEX {name} ON association ({columns}) WHERE ended_at IS NULL")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for name in DASHBOARD_INDEXES:
        migrator.sql(f"DROP INDEX {name}")
    migrator.remove_fields("association", "consumer_sort_name", "renewed_at", "expiry_notice_sent_for")
