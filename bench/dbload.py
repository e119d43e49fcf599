"""Bulk loading for the benchmark generator: SQLite executemany or PostgreSQL COPY, indexes
dropped during the load and rebuilt from the definitions the migrations made."""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import peewee as pw
import psycopg
from playhouse.db_url import parse

DATA_TABLES = ("user_account", "assister", "consumer", "association")


def is_sqlite(url):
    return url.startswith("sqlite:")


def sqlite_path(url):
    return Path(url.split("sqlite:///", 1)[1])


def describe(url):
    if is_sqlite(url):
        return f"SQLite file {sqlite_path(url)}"
    p = parse(url)
    return f"PostgreSQL database {p['database']!r} on {p.get('host', 'localhost')}"


def prepare(url, force):
    """Make sure the target is empty (or wipe it with --force); create the PostgreSQL database."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path.exists():
            with sqlite3.connect(path) as conn:
                has_data = _sqlite_has_data(conn)
            if has_data and not force:
                raise SystemExit(f"{path} already holds data; add --force to replace it.")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    p = parse(url)
    name = p["database"]
    if name in ("test", "postgres", "template0", "template1"):
        raise SystemExit(f"Refusing to load benchmark data into the {name!r} database.")
    conninfo = {k: v for k, v in p.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            with psycopg.connect(dbname=name, **conninfo) as conn:
                has_data = _pg_has_data(conn)
            if has_data and not force:
                raise SystemExit(
                    f"Database {name!r} already holds data; add --force to replace it."
                )
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


BENCH_READY = (
    "SELECT COUNT(*) FROM association a JOIN assister s ON s.id = a.assister_id "
    "JOIN user_account u ON u.id = s.user_id WHERE u.username = 'bench_assister' "
    "AND a.ended_at IS NULL"
)


def bench_ready(url, clients):
    """True when `url` already holds a complete benchmark data set (for --reuse)."""
    try:
        if is_sqlite(url):
            path = sqlite_path(url)
            if not path.exists():
                return False
            with sqlite3.connect(path) as conn:
                return conn.execute(BENCH_READY).fetchone()[0] == clients
        p = parse(url)
        conninfo = {k: v for k, v in p.items() if k in ("host", "port", "user", "password")}
        with psycopg.connect(dbname=p["database"], **conninfo) as conn:
            return conn.execute(BENCH_READY).fetchone()[0] == clients
    except (sqlite3.Error, psycopg.Error):
        return False


def _sqlite_has_data(conn):
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return any(
        conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()  # noqa: S608 - fixed names
        for t in DATA_TABLES
        if t in tables
    )


def _pg_has_data(conn):
    for t in DATA_TABLES:
        if conn.execute("SELECT to_regclass(%s)", (f"public.{t}",)).fetchone()[0] is None:
            continue
        if conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone():  # noqa: S608 - fixed names
            return True
    return False


class Loader:
    def __init__(self, database):
        self.db = database
        self.sqlite = isinstance(getattr(database, "obj", database), pw.SqliteDatabase)

    def sql(self, text, params=None):
        return self.db.execute_sql(text, params)

    @contextmanager
    def load_settings(self):
        """SQLite: no fsync, no rollback journal, a big page cache, during the load only."""
        if self.sqlite:
            for pragma in (
                "synchronous = OFF",
                "journal_mode = MEMORY",
                "foreign_keys = OFF",
                "cache_size = -1000000",
                "temp_store = MEMORY",
            ):
                self.sql(f"PRAGMA {pragma}")
        else:
            self.sql("SET synchronous_commit = off")
            self.sql("SET maintenance_work_mem = '512MB'")
        yield
        if self.sqlite:
            bad = self.sql("PRAGMA foreign_key_check(association)").fetchone()
            if bad:
                raise SystemExit(f"Foreign key check failed: {bad}")
            for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
                self.sql(f"PRAGMA {pragma}")

    def put(self, table, columns, rows):
        cols = columns.split()
        if self.sqlite:
            marks = ", ".join("?" * len(cols))
            self.db.connection().executemany(
                f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({marks})',  # noqa: S608
                rows,
            )
            return
        with self.db.connection().cursor() as cur:
            with cur.copy(f'COPY "{table}" ({", ".join(cols)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)

    def insert(self, table, columns, rows, total):
        with self.db.atomic():
            self.put(table, columns, rows)
        print(f"{table}: {total:,} rows")

    @contextmanager
    def without_indexes(self, *tables):
        """Drop the secondary indexes (and on PostgreSQL the foreign keys) of `tables`, load,
        then rebuild them from the exact definitions the migrations created."""
        rebuild = []
        for table in tables:
            if self.sqlite:
                rows = self.sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                    "AND sql IS NOT NULL",
                    (table,),
                ).fetchall()
                for name, definition in rows:
                    self.sql(f'DROP INDEX "{name}"')
                    rebuild.append(definition)
                continue
            fks = self.sql(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                (table,),
            ).fetchall()
            for name, _definition in fks:
                self.sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            indexes = self.sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                (table,),
            ).fetchall()
            for name, definition in indexes:
                self.sql(f'DROP INDEX "{name}"')
                rebuild.append(definition)
            rebuild += [
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
                for name, definition in fks
            ]
        yield
        print(f"Rebuilding {len(rebuild)} indexes and constraints …")
        for definition in rebuild:
            self.sql(definition)

    def fix_sequences(self, *tables):
        if self.sqlite:
            return
        for table in tables:
            self.sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f'(SELECT MAX(id) FROM "{table}"))'
            )

    def analyze(self):
        if self.sqlite:
            self.sql("ANALYZE")
            return
        # Vacuum too: a freshly copied table has no visibility map, so index-only scans would
        # still visit the heap until autovacuum runs.
        self.db.connection().autocommit = True
        self.sql("VACUUM (ANALYZE)")
