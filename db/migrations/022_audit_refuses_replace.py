"""022: SQLite refuses an audit row whose id is taken, so a REPLACE cannot overwrite one.

`REPLACE INTO` and `INSERT OR REPLACE` delete the row they conflict with, and that delete fires
no DELETE trigger unless the connection has turned recursive_triggers on: migration 002's
triggers let both through. Refusing the insert itself, before its conflict is resolved, holds
whatever the connection's settings; `INSERT OR IGNORE` and `ON CONFLICT DO NOTHING` on a taken
id are refused too, where before they did nothing. The id is the table's only unique key; a new
one would need the same check. An id SQLite assigns itself reads as -1 here (no audit id is).

PostgreSQL has no REPLACE: its upsert and MERGE update or delete through the row triggers of
migration 002, so nothing changes there.
"""

import peewee as pw
from peewee_migrate import Migrator

SQLITE = """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event
    WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"""


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.SqliteDatabase):
        migrator.sql(SQLITE)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.SqliteDatabase):
        migrator.sql("DROP TRIGGER audit_event_no_replace")
