"""Apply the numbered migrations in db/migrations (peewee-migrate keeps the history table)."""

from pathlib import Path

from peewee_migrate import Router

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HISTORY_TABLE = "migratehistory"


def router(database):
    return Router(database, migrate_dir=MIGRATIONS_DIR, ignore=[HISTORY_TABLE])


def upgrade(database):
    """Apply every migration not applied yet; return the names applied."""
    r = router(database)
    todo = r.diff
    r.run()
    return todo
