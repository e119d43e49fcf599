"""Every way SQLite and PostgreSQL accept to change or remove a row leaves an audit row as it
was written: the database refuses it (migrations 002 and 022), or it changes nothing."""

import peewee as pw
import pytest

from db import database
from db.audit import AuditEvent
from portal.services import audit
from tests.conftest import ON_POSTGRES

BOTH, SQLITE, POSTGRES = "both", "sqlite", "postgresql"
REFUSED, NOTHING = "refused", "changes nothing"
FORGED = "VALUES ({id}, '2020-01-01 00:00:00', 'staff', 'forged', 'changed')"
COLUMNS = "(id, at, actor_role, action, detail)"

# (database, what it does to the row, statement): `{id}` is the audit row's id.
WRITES = {
    "UPDATE": (BOTH, REFUSED, "UPDATE audit_event SET detail = 'changed' WHERE id = {id}"),
    "UPDATE without WHERE": (BOTH, REFUSED, "UPDATE audit_event SET detail = 'changed'"),
    "DELETE": (BOTH, REFUSED, "DELETE FROM audit_event WHERE id = {id}"),
    # SQLite empties a table with no DELETE trigger at once, without visiting its rows.
    "DELETE without WHERE": (BOTH, REFUSED, "DELETE FROM audit_event"),
    # A REPLACE deletes the row it conflicts with without firing DELETE triggers (unless
    # recursive_triggers is on, a setting of each connection).
    "REPLACE INTO": (SQLITE, REFUSED, f"REPLACE INTO audit_event {COLUMNS} {FORGED}"),
    "INSERT OR REPLACE": (
        SQLITE,
        REFUSED,
        f"INSERT OR REPLACE INTO audit_event {COLUMNS} {FORGED}",
    ),
    "UPDATE OR REPLACE": (
        SQLITE,
        REFUSED,
        "UPDATE OR REPLACE audit_event SET detail = 'changed' WHERE id = {id}",
    ),
    "INSERT OR IGNORE": (SQLITE, REFUSED, f"INSERT OR IGNORE INTO audit_event {COLUMNS} {FORGED}"),
    "upsert DO UPDATE": (
        BOTH,
        REFUSED,
        f"INSERT INTO audit_event {COLUMNS} {FORGED} "
        "ON CONFLICT (id) DO UPDATE SET detail = excluded.detail",
    ),
    # SQLite's insert trigger refuses the id before the conflict is looked at.
    "upsert DO NOTHING (SQLite)": (
        SQLITE,
        REFUSED,
        f"INSERT INTO audit_event {COLUMNS} {FORGED} ON CONFLICT DO NOTHING",
    ),
    "upsert DO NOTHING (PostgreSQL)": (
        POSTGRES,
        NOTHING,
        f"INSERT INTO audit_event {COLUMNS} {FORGED} ON CONFLICT DO NOTHING",
    ),
    "MERGE UPDATE": (
        POSTGRES,
        REFUSED,
        "MERGE INTO audit_event e USING (SELECT {id} AS id) s ON e.id = s.id "
        "WHEN MATCHED THEN UPDATE SET detail = 'changed'",
    ),
    "MERGE DELETE": (
        POSTGRES,
        REFUSED,
        "MERGE INTO audit_event e USING (SELECT {id} AS id) s ON e.id = s.id "
        "WHEN MATCHED THEN DELETE",
    ),
    "TRUNCATE": (POSTGRES, REFUSED, "TRUNCATE audit_event"),
    # The audit rows reference user_account: a cascade truncates audit_event too.
    "TRUNCATE a referenced table CASCADE": (POSTGRES, REFUSED, "TRUNCATE user_account CASCADE"),
}
HERE = POSTGRES if ON_POSTGRES else SQLITE


@pytest.fixture
def audit_row(app, factories):
    return audit.record(factories.actor(factories.staff()), "test.recorded", detail="original").id


def _rows():
    return database.execute_sql("SELECT * FROM audit_event ORDER BY id").fetchall()


@pytest.mark.parametrize(
    "form", [name for name, (where, _, _) in WRITES.items() if where in (BOTH, HERE)]
)
def test_an_audit_row_stays_as_written(audit_row, form):
    _, outcome, statement = WRITES[form]
    before = _rows()
    assert audit_row in [row[0] for row in before]
    if outcome == REFUSED:
        with pytest.raises(pw.DatabaseError, match="append-only"), database.atomic():
            database.execute_sql(statement.format(id=audit_row))
    else:
        with database.atomic():
            database.execute_sql(statement.format(id=audit_row))
    assert _rows() == before


def test_new_rows_are_still_appended_after_a_refused_replace(audit_row, factories):
    with pytest.raises(pw.DatabaseError), database.atomic():
        database.execute_sql(WRITES["upsert DO UPDATE"][2].format(id=audit_row))
    appended = audit.record(factories.actor(factories.staff()), "test.appended")
    stored = AuditEvent.select(AuditEvent.id, AuditEvent.action).where(
        AuditEvent.action.startswith("test.")
    )
    assert list(stored.order_by(AuditEvent.id).tuples()) == [
        (audit_row, "test.recorded"),
        (appended.id, "test.appended"),
    ]
