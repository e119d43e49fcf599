"""Fixtures: a migrated database per test (a copied SQLite file, or an emptied PostgreSQL
database created for this run), the app, its test client and factories.

Set TEST_DATABASE_URL=postgresql://user@host:port/db to run the suite on PostgreSQL: the suite
creates its own database on that server and drops it at the end.
"""

import os
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from jinja2 import FileSystemBytecodeCache

from db import database
from db.connection import close_database, open_database
from db.migrate import HISTORY_TABLE, upgrade
from portal.app import create_app
from portal.extensions import limiter

pytest_plugins = ["tests.mail_server"]

POSTGRES_SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = POSTGRES_SERVER_URL.startswith("postgres")
# Tables whose rows come from migrations (data, not test state): kept between tests.
MIGRATION_DATA_TABLES = {HISTORY_TABLE, "authorization_text"}
# Rows the migrations write that tests change (staff edit the course in the admin): PostgreSQL's
# reset puts them back as the migrations made them, read at the first reset, before any test.
RESTORED_TABLES = ("course", "course_module", "assessment_question")
_migrated_rows = {}
ENVIRON = {"PORTAL_ENV": "testing", "SECRET_KEY": "test-secret-key-not-for-production"}


def pytest_collection_modifyitems(config, items):
    """The browser journeys run once, in the SQLite run: they test what a browser shows (axe,
    the CSP, JavaScript on and off), and every database rule beneath them runs on both
    databases in the service and view tests. Run twice they kept `make test` near 20 minutes."""
    if not ON_POSTGRES:
        return
    once = pytest.mark.skip(reason="browser journeys run in the SQLite run")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(once)


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A freshly migrated database for this run: its URL."""
    if ON_POSTGRES:
        name = f"portal_test_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
            # A commit need not wait for the disk: the database is dropped at the end of the run.
            conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        url = _with_database(POSTGRES_SERVER_URL, name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'portal.db'}"
    migrated = open_database(url)
    with migrated.connection_context():
        upgrade(migrated)
        if not ON_POSTGRES:
            migrated.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    yield url
    if ON_POSTGRES:
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def shared_database_url(database_url, tmp_path_factory):
    """Where each test finds its database: always the same place, so one app serves the run."""
    if ON_POSTGRES:
        return database_url
    return f"sqlite:///{tmp_path_factory.mktemp('shared') / 'portal.db'}"


@pytest.fixture
def test_database_url(database_url, shared_database_url):
    """This test's database, as the migrations left it: a fresh copy of the migrated SQLite
    file (the last test's deleted, with its journal), or PostgreSQL's emptied."""
    if not database.is_closed():
        database.close()
    if ON_POSTGRES:
        empty_postgres(database_url)
        return database_url
    path = Path(shared_database_url.removeprefix("sqlite:///"))
    for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(database_url.removeprefix("sqlite:///"), path)
    return shared_database_url


# The sequences of the tables a test may fill: numbering starts again at 1 after each test.
OWNED_SEQUENCES = """
    SELECT sequence.relname FROM pg_class sequence
    JOIN pg_depend owned ON owned.classid = 'pg_class'::regclass AND owned.objid = sequence.oid
        AND owned.deptype IN ('a', 'i')
    JOIN pg_class owner ON owner.oid = owned.refobjid
    WHERE sequence.relkind = 'S' AND owner.relname = ANY(%s)
"""


def empty_postgres(url):
    """Every row a test may have written deleted, and ids numbered from 1 again: in one
    transaction, as a superuser with triggers off (the audit table refuses deletes to everyone
    else, and foreign keys need no order). A DELETE of a few rows is much cheaper than TRUNCATE,
    which makes every table and index a new file and syncs each to disk."""
    with psycopg.connect(url) as conn, conn.transaction():
        tables = [
            name for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ) if name not in MIGRATION_DATA_TABLES
        ]
        sequences = [name for (name,) in conn.execute(OWNED_SEQUENCES, (tables,))]
        if not _migrated_rows:
            for table in RESTORED_TABLES:
                cursor = conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                _migrated_rows[table] = ([c.name for c in cursor.description], cursor.fetchall())
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute("; ".join(f'DELETE FROM "{table}"' for table in tables))
        for table, (columns, rows) in _migrated_rows.items():
            # Ids as they were, so a test's link to a module or question names the same one.
            names = ", ".join(f'"{c}"' for c in columns)
            values = ", ".join(["%s"] * len(columns))
            conn.cursor().executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({values})', rows  # noqa: S608
            )
        if sequences:
            conn.execute(
                "SELECT " + ", ".join(f"setval('\"{name}\"', 1, false)" for name in sequences)
            )
        conn.execute("SELECT " + ", ".join(
            f"""setval(pg_get_serial_sequence('"{table}"', 'id'),"""
            f""" (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)"""
            for table in RESTORED_TABLES
        ))


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory):
    """Templates compiled once for the run: each test's new app would compile again every
    template it renders (most of a page's time), though no template changes during a run."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("templates")))


@pytest.fixture(scope="session")
def shared_app(shared_database_url, tmp_path_factory, compiled_templates):
    """The app every test uses, and its database: built once, as building one (its ~300 URL
    rules compiled, the admin's forms scaffolded) cost more than most tests. Nothing a test
    changes outlives it: see `app`."""
    app = create_app(
        {"DATABASE_URL": shared_database_url,
         "DOCUMENTS_DIR": str(tmp_path_factory.mktemp("shared") / "documents")},
        environ=ENVIRON,
    )
    app.jinja_env.bytecode_cache = compiled_templates
    return app, database.obj


@pytest.fixture
def app(shared_app, test_database_url):
    """The app on this test's fresh database, with no documents stored; the settings and
    template loader a test changes are put back after it. No app context is held open across
    the test: each request gets its own `g`, as in production."""
    app, own_database = shared_app
    # A test that built an app of its own bound the database to that app's.
    if database.obj is not own_database:
        close_database(database.obj)
        database.initialize(own_database)
    # The limiter is one object for every app, enabled by the last one built (as its init_app
    # does): this app's settings say whether it counts.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    shutil.rmtree(app.config["DOCUMENTS_DIR"], ignore_errors=True)
    config, loader = dict(app.config), app.jinja_env.loader
    yield app
    if not database.is_closed():
        database.close()
    app.config.clear()
    app.config.update(config)
    app.jinja_env.loader = loader


@pytest.fixture
def sql_log(app, monkeypatch):
    """The SQL of each statement sent from now on, in order (clear it to start afresh)."""
    statements = []
    original = database.obj.execute_sql
    monkeypatch.setattr(
        database.obj,
        "execute_sql",
        lambda sql, *a, **k: statements.append(sql) or original(sql, *a, **k),
    )
    return statements


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factories(app):
    """tests/factories.py, each function run inside an app context (services send mail)."""
    from tests import factories as module

    class InApp:
        def __getattr__(self, name):
            attribute = getattr(module, name)
            if not callable(attribute) or isinstance(attribute, type):
                return attribute

            def call(*args, **kwargs):
                with app.app_context():
                    return attribute(*args, **kwargs)

            return call

    return InApp()


CSRF_FIELD = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html):
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF token field"
    return match.group(1) or match.group(2)


@pytest.fixture
def post_form(client):
    """POST `data` to `url` the way a browser does: with the CSRF token of the page it came from."""

    def post(url, data, page=None, **kwargs):
        page_html = client.get(page or url).get_data(as_text=True)
        return client.post(url, data={"csrf_token": csrf_token_from(page_html), **data}, **kwargs)

    return post


@pytest.fixture
def sign_in(client, post_form, factories):
    def sign_in_as(user, password=factories.PASSWORD):
        """Sign in through the real screens, MFA included (registering it the first time)."""
        response = post_form("/sign-in", {"username": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        step = response.headers["Location"]
        if step == "/sign-in/mfa/register":
            response = post_form(step, {"email": user.email, "agree": "y"})
            assert response.status_code == 200, response.get_data(as_text=True)
        elif step == "/sign-in/mfa":
            assert post_form(step, {"mode": "email"}).status_code == 302
        else:
            return response
        response = post_form("/sign-in/mfa/code", {"code": emailed_code(user)})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return sign_in_as


def emailed_code(user):
    """The one-time access code in the newest "One Time Password" mail to `user`."""
    from db.mail import OutgoingMail

    mail = (
        OutgoingMail.select()
        .where(OutgoingMail.kind == "one_time_code", OutgoingMail.to_address == user.email)
        .order_by(OutgoingMail.id.desc())
        .first()
    )
    return re.search(r"\b(\d{6})\b", mail.body).group(1)
