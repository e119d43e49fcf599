"""Open the configured database from a URL: SQLite by default, PostgreSQL when asked."""

import peewee as pw
from playhouse.db_url import parse
from playhouse.pool import PooledDatabase, PooledPostgresqlDatabase, PooledSqliteDatabase

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Several gunicorn workers share one file: wait for a writer rather than fail at once.
    "busy_timeout": 5000,
    "synchronous": "normal",
}
# Every transaction takes the write lock when it begins. A transaction that reads first takes
# it only at its first write, and in WAL mode, if another writer committed in between, SQLite
# answers "database is locked" at once, without waiting the busy timeout (six parallel
# Confirms of one form: five 500s). The portal's transactions are the services' writes.
SQLITE_LOCK = "IMMEDIATE"
# A pooled connection is reused across requests (connecting costs as much as a dashboard query);
# one opened longer ago than this is closed and replaced. PostgreSQL's pool also checks, as it
# hands a connection out, that the server still answers on it: a restarted server is reconnected
# to.
POOL = {"max_connections": 8, "stale_timeout": 300}


def open_database(url, pooled=False):
    """Return an unconnected peewee database for `url` (sqlite:///path or postgresql://...)."""
    if url.startswith("sqlite:"):
        path = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else ":memory:"
        if pooled:
            # A pooled connection is handed to whichever thread asks next (one at a time).
            return PooledSqliteDatabase(
                path, pragmas=SQLITE_PRAGMAS, lock_type=SQLITE_LOCK, check_same_thread=False,
                **POOL,
            )
        return pw.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type=SQLITE_LOCK)
    if url.startswith(("postgresql:", "postgres:")):
        options = {"autorollback": False, "prefer_psycopg3": True, **parse(url)}
        if pooled:
            return PooledPostgresqlDatabase(**options, **POOL)
        return pw.PostgresqlDatabase(**options)
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql:// (got {url.split(':')[0]}:)"
    )


def close_database(db):
    """Close every connection `db` holds that can be closed from here: this thread's, and a
    pool's idle ones (a pool keeps them open for the next request)."""
    if not db.is_closed():
        db.close()
    if isinstance(db, PooledDatabase):
        db.close_all()
