"""003: publish version 1 of the authorization texts (db/data/authorization/*.txt)."""

from datetime import UTC, datetime

import peewee as pw
from peewee_migrate import Migrator

from db.migrate import DATA_DIR

TEXTS = DATA_DIR / "authorization"
VERSION_1 = [
    ("agent_of_record", "Agent of Record Authorization"),
    ("assister_authorization", "Assister Authorization"),
]


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    def publish():
        published_at = datetime.now(UTC).replace(tzinfo=None)
        migrator.orm["authorization_text"].insert_many(
            [
                {
                    "kind": kind,
                    "version": 1,
                    "title": title,
                    "body": (TEXTS / f"{kind}_v1.txt").read_text(encoding="utf-8"),
                    "published_at": published_at,
                }
                for kind, title in VERSION_1
            ]
        ).execute()

    migrator.run(publish)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DELETE FROM authorization_text WHERE version = 1")
