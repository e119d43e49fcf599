"""002: the database itself refuses to change or delete audit rows, on SQLite and PostgreSQL."""

import peewee as pw
from peewee_migrate import Migrator

SQLITE = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
]

POSTGRESQL = [
    """CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$""",
    """CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
]


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for statement in POSTGRESQL if isinstance(database, pw.PostgresqlDatabase) else SQLITE:
        migrator.sql(statement)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql("DROP TRIGGER audit_event_no_truncate ON audit_event")
        migrator.sql("DROP TRIGGER audit_event_no_update_delete ON audit_event")
        migrator.sql("DROP FUNCTION audit_event_refuse_change()")
    else:
        migrator.sql("DROP TRIGGER audit_event_no_delete")
        migrator.sql("DROP TRIGGER audit_event_no_update")
