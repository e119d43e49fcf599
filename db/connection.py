"""Open the configured database from a URL: SQLite by default, PostgreSQL when asked."""

import peewee as pw
from playhouse.db_url import parse

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Several gunicorn workers share one file: wait for a writer rather than fail at once.
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def open_database(url):
    """Return an unconnected peewee database for `url` (sqlite:///path or postgresql://...)."""
    if url.startswith("sqlite:"):
        path = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else ":memory:"
        return pw.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS)
    if url.startswith(("postgresql:", "postgres:")):
        return pw.PostgresqlDatabase(autorollback=False, prefer_psycopg3=True, **parse(url))
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql:// (got {url.split(':')[0]}:)"
    )
