"""034: Find local help's searches answered from indexes alone.

A search by ZIP code narrows to a box on (latitude, longitude), then checks that each listing in
the box is listed, measures it and sorts by distance and name. With only (latitude, longitude)
indexed, every listing in the box's band of latitude was read from its table for that: one
index per listing table now holds all of those columns, so the box is scanned in the index and
only the page's rows are read from the table. Each replaces 033's (latitude, longitude) index,
which it begins with.
"""

import peewee as pw
from peewee_migrate import Migrator

# Copied, not imported (migrations are frozen): the columns a search reads, the box's first.
COVERING = {
    "assister": (
        "latitude, longitude, listed, hidden_by_staff, is_active, certification_expires_on, "
        "user_id, agency_id, assister_type, first_name, last_name, id"
    ),
    "agency": "latitude, longitude, listed, hidden_by_staff, is_active, kind, name, id",
}


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for table, columns in COVERING.items():
        migrator.sql(f"DROP INDEX {table}_latitude_longitude")
        migrator.sql(f"CREATE INDEX {table}_listing ON {table} ({columns})")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in COVERING:
        migrator.sql(f"DROP INDEX {table}_listing")
        migrator.sql(f"CREATE INDEX {table}_latitude_longitude ON {table} (latitude, longitude)")
