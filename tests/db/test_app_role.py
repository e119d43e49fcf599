"""`flask db create-app-role`: the PostgreSQL role the portal connects as in production reads and
writes the portal's tables, appends to the audit log and nothing more, and owns nothing."""

import uuid
from urllib.parse import urlsplit, urlunsplit

import peewee as pw
import psycopg
import pytest

from db import database
from db.accounts import UserSession
from db.audit import AuditEvent
from db.connection import open_database
from portal.app import create_app
from tests.conftest import ENVIRON, ON_POSTGRES

postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="database roles are PostgreSQL's")
PASSWORD = "app-role-password-not-for-production"


def _as_owner(database_url, statement):
    with psycopg.connect(database_url, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def role_name(app, database_url):
    name = f"portal_app_{uuid.uuid4().hex[:8]}"
    yield name
    if not database.is_closed():
        database.close()
    # Roles belong to the server, not to the test's database: drop this one again.
    with psycopg.connect(database_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            conn.execute(f'DROP OWNED BY "{name}"')
            conn.execute(f'DROP ROLE "{name}"')


def _create_app_role(app, name, **env):
    return app.test_cli_runner().invoke(args=["db", "create-app-role", name], env=env)


@pytest.fixture
def role_url(app, role_name):
    """The portal's database URL, connecting as the role the command created."""
    result = _create_app_role(app, role_name, APP_ROLE_PASSWORD=PASSWORD)
    assert result.exit_code == 0, result.output
    assert f"Role {role_name} created" in result.output and PASSWORD not in result.output
    parts = urlsplit(app.config["DATABASE_URL"])
    netloc = f"{role_name}:{PASSWORD}@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture
def role_app(role_url):
    """The portal connected as the app role: every later query in the test runs as it."""
    return create_app({"DATABASE_URL": role_url}, environ=ENVIRON)


@pytest.fixture
def client(role_app):
    """The test client, and so `sign_in` and `post_form`, as the app role."""
    return role_app.test_client()


@postgres_only
def test_the_portal_signs_in_connected_as_the_app_role(client, role_name, sign_in, factories):
    user = factories.assister(with_account=True).user
    assert database.execute_sql("SELECT current_user").fetchone() == (role_name,)
    sign_in(user)
    assert client.get("/assister/").status_code == 200
    assert UserSession.select().where(UserSession.user == user.id).exists()
    actions = AuditEvent.select(AuditEvent.action).where(AuditEvent.actor == user.id)
    assert "sign_in.succeeded" in {event.action for event in actions}


@postgres_only
@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE audit_event SET detail = 'changed'", "permission denied for table audit_event"),
        ("DELETE FROM audit_event", "permission denied for table audit_event"),
        ("TRUNCATE audit_event", "permission denied for table audit_event"),
        ("TRUNCATE user_account CASCADE", "permission denied for table user_account"),
        (
            "INSERT INTO audit_event (at, actor_role, action) VALUES (now(), 'x', 'x') "
            "ON CONFLICT (id) DO UPDATE SET detail = 'changed'",
            "permission denied for table audit_event",
        ),
        ("ALTER TABLE audit_event DISABLE TRIGGER USER", "must be owner of table audit_event"),
        ("DROP TRIGGER audit_event_no_update_delete ON audit_event", "must be owner"),
        ("SET session_replication_role = replica", "permission denied to set parameter"),
        ("CREATE TABLE forged (id int)", "permission denied for schema public"),
        ("CREATE SCHEMA forged", "permission denied for database"),
        ("DELETE FROM migratehistory", "permission denied for table migratehistory"),
    ],
)
def test_the_app_role_cannot_change_the_audit_log_or_the_schema(role_app, statement, refusal):
    before = AuditEvent.select().count()
    with pytest.raises(pw.ProgrammingError, match=refusal), database.atomic():
        database.execute_sql(statement)
    assert AuditEvent.select().count() == before


@postgres_only
def test_the_app_role_has_no_attribute_or_object_of_an_owner(role_app, role_name, database_url):
    (attributes,) = _as_owner(
        database_url,
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin "
        f"FROM pg_roles WHERE rolname = '{role_name}'",
    )
    assert attributes == (False, False, False, False, False, True)
    owned = _as_owner(
        database_url,
        "SELECT relname FROM pg_class WHERE relowner = "
        f"(SELECT oid FROM pg_roles WHERE rolname = '{role_name}')",
    )
    assert owned == []


@postgres_only
def test_tables_of_later_migrations_are_granted_and_a_rerun_changes_no_password(
    app, role_name, role_url, database_url
):
    _as_owner(database_url, "CREATE TABLE later_table (id serial PRIMARY KEY, note text)")
    as_role = open_database(role_url)
    try:
        with as_role.connection_context():
            as_role.execute_sql("INSERT INTO later_table (note) VALUES ('by default')")
        again = _create_app_role(app, role_name)
        assert again.exit_code == 0, again.output
        assert f"Role {role_name} exists" in again.output and "password" not in again.output
        with as_role.connection_context():
            as_role.execute_sql("UPDATE later_table SET note = 'granted again'")
            assert as_role.execute_sql("SELECT note FROM later_table").fetchall() == [
                ("granted again",)
            ]
            with pytest.raises(pw.ProgrammingError, match="audit_event"):
                as_role.execute_sql("DELETE FROM audit_event")
    finally:
        _as_owner(database_url, "DROP TABLE later_table")


@postgres_only
def test_a_role_made_without_a_password_gets_one_printed_once(app, role_name):
    result = _create_app_role(app, role_name)
    assert result.exit_code == 0, result.output
    assert "Its password (shown once, stored nowhere):" in result.output


@postgres_only
def test_the_owner_cannot_be_made_the_app_role(app, database_url):
    (owner,) = _as_owner(database_url, "SELECT current_user")[0]
    result = _create_app_role(app, owner)
    assert result.exit_code == 1
    assert f"{owner} owns the portal's tables" in result.output


@postgres_only
@pytest.mark.parametrize(
    ("made_as", "refusal"),
    [
        ('CREATE ROLE "{name}" LOGIN CREATEDB', "can create databases"),
        ('CREATE ROLE "{name}" LOGIN IN ROLE "{owner}"', "is a member of a role that does"),
    ],
)
def test_an_existing_role_with_an_owners_powers_is_refused(
    app, role_name, database_url, made_as, refusal
):
    (owner,) = _as_owner(database_url, "SELECT current_user")[0]
    _as_owner(database_url, made_as.format(name=role_name, owner=owner))
    result = _create_app_role(app, role_name, APP_ROLE_PASSWORD=PASSWORD)
    assert result.exit_code == 1 and refusal in result.output
    # Nothing was granted to it.
    granted = _as_owner(
        database_url,
        f"SELECT table_name FROM information_schema.table_privileges WHERE grantee = '{role_name}'",
    )
    assert granted == []


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite has no roles")
def test_sqlite_has_no_app_role(app):
    result = _create_app_role(app, "portal_app")
    assert result.exit_code == 1
    assert "PostgreSQL only" in result.output
