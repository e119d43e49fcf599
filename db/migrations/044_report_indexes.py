"""044: the staff reports (S9) read a period's rows from indexes, not whole tables.

Each report counts the rows of a period of months: associations confirmed or ended, enrollments
confirmed, applications submitted, and for the navigator report the navigator associated with
each enrollment's household at that moment. No index led with those times, so every report read
all of `association` (twice), `enrollment` and `application`, however short the period: on a
200,000-consumer data set (bench/reports.py) the associations report took 390 ms and the Agent
of Record list, which sorted every enrollment to show a page, 105 ms; with these, 200 ms and
25 ms, and a period's cost follows the period's rows, not the years kept.

Each index leads with the time a period is cut by and holds the columns its query groups and
filters by (assister type, why ended, the consumer for the county, the assister for the agency),
so the rows are counted from the index alone. The partial ones end with their condition's
column: SQLite reads the table row of every entry of a partial index whose condition's column is
not in it (migration 016). The by-consumer one finds the navigator of a household at a moment.
"""

import peewee as pw
from peewee_migrate import Migrator

# Copied, not imported (migrations are frozen).
INDEXES = (
    ("association_report_started", "association",
     "confirmed_at, assister_type, consumer_id, assister_id", ""),
    ("association_report_ended", "association",
     "ended_at, assister_type, ended_by_role, end_reason, consumer_id, assister_id",
     "WHERE ended_at IS NOT NULL"),
    ("association_report_by_consumer", "association",
     "consumer_id, assister_type, confirmed_at, ended_at, assister_id", ""),
    ("enrollment_report_enrolled", "enrollment",
     "enrolled_at, association_id, agent_of_record_id, consumer_id, status",
     "WHERE status = 'enrolled'"),
    ("application_report_submitted", "application",
     "submitted_at, assisted_by_id, county", "WHERE submitted_at IS NOT NULL"),
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, table, columns, condition in INDEXES:
        migrator.sql(f"CREATE INDEX {name} ON {table} ({columns}) {condition}".strip())


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, _table, _columns, _condition in INDEXES:
        migrator.sql(f"DROP INDEX {name}")
