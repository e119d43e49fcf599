"""Open the configured database from a URL: SQLite by default, PostgreSQL when asked."""

import time

import peewee as pw
from playhouse.db_url import parse
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

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
# one idle for this long is closed and replaced, so a restarted server is reconnected to.
POOL = {"max_connections": 8, "stale_timeout": 300}
# A PostgreSQL connection handed back less than this long ago is handed out again without the
# pool's `SELECT 1` round trip (a fifth of a dashboard request's database time under load): as
# HikariCP's 500 ms "alive bypass window", a connection this fresh is trusted. One that did die
# in between fails that request, and the pool then discards it.
TRUST_RECENT_SECONDS = 0.5


class PooledPostgresql(PooledPostgresqlDatabase):
    """The peewee pool, without the liveness check of a connection used a moment ago."""

    def __init__(self, *args, **kwargs):
        self._checked_in = {}
        super().__init__(*args, **kwargs)

    def _is_closed(self, conn):
        checked_in = self._checked_in.pop(self.conn_key(conn), None)
        if checked_in is not None and time.monotonic() - checked_in < TRUST_RECENT_SECONDS:
            return bool(conn.closed)
        return super()._is_closed(conn)

    def _close(self, conn, close_conn=False):
        # Noted first: if the pool closes the connection instead (stale, not reusable),
        # `_close_raw` takes the note away again.
        if not close_conn:
            self._checked_in[self.conn_key(conn)] = time.monotonic()
        super()._close(conn, close_conn)

    def _close_raw(self, conn):
        self._checked_in.pop(self.conn_key(conn), None)
        super()._close_raw(conn)


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
            return PooledPostgresql(**options, **POOL)
        return pw.PostgresqlDatabase(**options)
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql:// (got {url.split(':')[0]}:)"
    )
