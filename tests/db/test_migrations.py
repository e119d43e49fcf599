"""The migrated schema is exactly the models' schema, and audit rows can't be changed."""

import re
import uuid

import peewee as pw
import psycopg
import pytest

from db import database
from db.audit import AuditEvent
from db.connection import open_database
from db.migrate import HISTORY_TABLE, router, upgrade
from db.models import MODELS
from portal.services import audit
from tests.conftest import ON_POSTGRES, POSTGRES_SERVER_URL, _with_database


def _where(sql):
    # "" for none: two indexes may differ by their condition alone, and are sorted by it.
    match = re.search(r"\bwhere\b(.*)$", (sql or "").lower(), re.S)
    return re.sub(r'[\s"()]', "", match.group(1)) if match else ""


def _columns(index):
    # An expression's column (lower(last_name)) has no name: its text, as the index's SQL has it.
    if None not in index.columns:
        return tuple(index.columns)
    keys = re.search(r"\bon\b[^(]*\((.*?)\)\s*(?:where|$)", (index.sql or "").lower(), re.S)
    return (re.sub(r'[\s"]', "", keys.group(1)),)


def _schema(db):
    schema = {}
    for table in sorted(set(db.get_tables()) - {HISTORY_TABLE}):
        schema[table] = {
            "columns": sorted(
                (c.name, c.data_type.lower(), c.null, c.primary_key) for c in db.get_columns(table)
            ),
            "indexes": sorted(
                (_columns(i), i.unique, _where(i.sql)) for i in db.get_indexes(table)
            ),
            "foreign_keys": sorted(
                (f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table)
            ),
        }
    return schema


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same kind, unconnected."""
    if ON_POSTGRES:
        name = f"portal_empty_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield open_database(_with_database(POSTGRES_SERVER_URL, name))
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield open_database(f"sqlite:///{tmp_path / 'empty.db'}")


@pytest.fixture
def models_database(empty_database):
    """An empty database of the same kind, built by create_tables from the models."""
    with empty_database.bind_ctx(MODELS), empty_database.connection_context():
        empty_database.create_tables(MODELS)
        yield empty_database


def test_migrated_schema_equals_the_models(database_url, models_database):
    migrated = open_database(database_url)
    with migrated.connection_context():
        migrated_schema = _schema(migrated)
    assert migrated_schema == _schema(models_database)
    assert "association" in migrated_schema


def test_upgrade_twice_applies_nothing_the_second_time(app):
    assert upgrade(database.obj) == []


def test_the_latest_migration_rolls_back_and_applies_again(empty_database):
    with empty_database.connection_context():
        upgrade(empty_database)
        schema = _schema(empty_database)
        latest = router(empty_database).done[-1]
        router(empty_database).rollback()
        assert router(empty_database).done[-1] != latest
        assert upgrade(empty_database) == [latest]
        assert _schema(empty_database) == schema


def test_one_active_association_per_type_is_a_database_rule(app, factories):
    association = factories.association()
    with pytest.raises(pw.IntegrityError), database.atomic():
        type(association).insert(
            consumer=association.consumer_id,
            assister=factories.assister("navigator"),
            assister_type=association.assister_type,
            authorization_text=association.authorization_text_id,
            expires_on=association.expires_on,
        ).execute()


@pytest.fixture
def audit_row(app, factories):
    return audit.record(factories.actor(factories.staff()), "test.recorded", detail="original")


def test_audit_rows_cannot_be_updated(audit_row):
    with pytest.raises(pw.DatabaseError, match="append-only"), database.atomic():
        AuditEvent.update(detail="changed").where(AuditEvent.id == audit_row.id).execute()
    assert AuditEvent.get_by_id(audit_row.id).detail == "original"


def test_audit_rows_cannot_be_deleted(audit_row):
    with pytest.raises(pw.DatabaseError, match="append-only"), database.atomic():
        AuditEvent.delete().where(AuditEvent.id == audit_row.id).execute()
    assert AuditEvent.select().where(AuditEvent.id == audit_row.id).exists()


@pytest.mark.skipif(not ON_POSTGRES, reason="TRUNCATE exists only on PostgreSQL")
def test_audit_table_cannot_be_truncated(audit_row):
    before = AuditEvent.select().count()
    with pytest.raises(pw.DatabaseError, match="append-only"), database.atomic():
        database.execute_sql("TRUNCATE audit_event CASCADE")
    assert AuditEvent.select().count() == before >= 1
