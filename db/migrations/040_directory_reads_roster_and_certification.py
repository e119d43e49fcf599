"""040: Find local help leaves out an assister their agency marked inactive on its roster (or has
not yet approved) and one whose certification is not confirmed (S8), still from the index alone.

A search reads only 034's covering index until the page's rows; the two new conditions read
`certification_status` and `roster_status`, so the index is made again with them (after the
flags, before the date) or every listing in the box would be read from the table again.
"""

import peewee as pw
from peewee_migrate import Migrator

# Copied, not imported (migrations are frozen): 034's columns, then this migration's.
BEFORE = (
    "latitude, longitude, listed, hidden_by_staff, is_active, certification_expires_on, "
    "user_id, agency_id, assister_type, first_name, last_name, id"
)
AFTER = (
    "latitude, longitude, listed, hidden_by_staff, is_active, certification_status, "
    "roster_status, certification_expires_on, user_id, agency_id, assister_type, first_name, "
    "last_name, id"
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX assister_listing")
    migrator.sql(f"CREATE INDEX assister_listing ON assister ({AFTER})")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX assister_listing")
    migrator.sql(f"CREATE INDEX assister_listing ON assister ({BEFORE})")
