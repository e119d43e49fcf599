"""033: Find local help (S7) and "Request this assister" (S13).

Agencies and assisters each get a listing: whether they chose to be listed (yes, for those
already here), whether staff hid it and why, and the point distance is measured from (their ZIP
code's centroid), with an index on latitude and longitude that narrows a search to a box around
the consumer's ZIP code. An assister's listing also says whether it shows the street, which
phone to call and their hours; an agency's, its website.

Existing listings are placed from the shipped ZIP table here, so they appear at once; from now
on portal/services/directory.py places a listing whenever its ZIP code changes.

`assister_request` holds a consumer's requests from the directory: pending while `ended_at` is
NULL, one of each assister type at a time (a partial unique index).
"""

import peewee as pw
import zipcodes
from peewee_migrate import Migrator

LISTINGS = ("agency", "assister")
FLAGS = ("listed", "hidden_by_staff")


def _add_flag(migrator, database, table, column, default):
    # In SQL, not `add_fields`: on SQLite peewee adds a NOT NULL column by rebuilding the table,
    # which the foreign keys to agencies and assisters forbid; both databases add these in place.
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql(f"ALTER TABLE {table} ADD COLUMN {column} BOOLEAN NOT NULL DEFAULT {default}")
    else:
        migrator.sql(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER NOT NULL DEFAULT {int(default)}")


def _place_existing(database, table):
    """Place each row of `table` at its Minnesota ZIP code's centroid."""
    param = database.param
    rows = database.execute_sql(f"SELECT id, zip_code FROM {table}").fetchall()  # noqa: S608
    for row_id, zip_code in rows:
        code = (zip_code or "")[:5]
        found = zipcodes.matching(code) if code.isdigit() and len(code) == 5 else []
        if found and found[0]["state"] == "MN" and found[0]["lat"]:
            database.execute_sql(
                f"UPDATE {table} SET latitude = {param}, longitude = {param} "  # noqa: S608
                f"WHERE id = {param}",
                (float(found[0]["lat"]), float(found[0]["long"]), row_id),
            )


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in LISTINGS:
        _add_flag(migrator, database, table, "listed", True)
        _add_flag(migrator, database, table, "hidden_by_staff", False)
        migrator.add_fields(
            table,
            hidden_reason=pw.CharField(max_length=500, null=True),
            latitude=pw.FloatField(null=True),
            longitude=pw.FloatField(null=True),
        )
        migrator.sql(f"CREATE INDEX {table}_latitude_longitude ON {table} (latitude, longitude)")
    migrator.add_fields("agency", website=pw.CharField(max_length=200, null=True))
    _add_flag(migrator, database, "assister", "listing_shows_street", True)
    migrator.add_fields(
        "assister",
        listing_phone=pw.CharField(max_length=20, null=True),
        hours=pw.CharField(max_length=200, null=True),
    )
    for table in LISTINGS:
        migrator.run(_place_existing, database, table)

    @migrator.create_model
    class AssisterRequest(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name="consumer_id", field="id", model=migrator.orm["consumer"])
        assister = pw.ForeignKeyField(column_name="assister_id", field="id", model=migrator.orm["assister"])
        assister_type = pw.CharField(max_length=20)
        message = pw.CharField(max_length=500, null=True)
        requested_at = pw.DateTimeField()
        ended_at = pw.DateTimeField(null=True)
        outcome = pw.CharField(max_length=20, null=True)
        association = pw.ForeignKeyField(column_name="association_id", field="id", model=migrator.orm["association"], null=True)

        class Meta:
            table_name = "assister_request"

    migrator.sql(
        "CREATE UNIQUE INDEX assister_request_consumer_id_assister_type ON assister_request "
        "(consumer_id, assister_type) WHERE ended_at IS NULL"
    )
    migrator.sql(
        "CREATE INDEX assister_request_pending ON assister_request "
        "(assister_id, requested_at, ended_at) WHERE ended_at IS NULL"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("assister_request")
    for table in LISTINGS:
        migrator.sql(f"DROP INDEX {table}_latitude_longitude")
        migrator.remove_fields(table, "hidden_reason", "latitude", "longitude")
    migrator.remove_fields("agency", "website")
    migrator.remove_fields("assister", "listing_phone", "hours")
    # The flags were added in SQL, so the migrator's models don't know them.
    for table, column in (*((t, c) for t in LISTINGS for c in FLAGS), ("assister", "listing_shows_street")):
        migrator.sql(f"ALTER TABLE {table} DROP COLUMN {column}")
