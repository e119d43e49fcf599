"""016: the dashboard's indexes hold everything its statements read, on SQLite too.

The sort, expiry and name-search indexes (009, 015) are partial, WHERE ended_at IS NULL, and
were meant to answer the dashboard alone. PostgreSQL used them so; SQLite 3.40 does not count
a partial index as covering when the column of its condition is not in it, so for every entry
it walked it read the table row as well: the 420-odd consents of the expiry range on every
request, every entry a deep page skips, each row of a page. With `ended_at` (always NULL
there) at the end of each, SQLite reads the indexes alone: the work queue's statement went
from 71 to 55 µs and page 150's from 452 to 375 µs, medians of six rounds alternated on copies
of the benchmark's data set (bench/RESULTS.md).

The sort indexes also end in what a page shows of the association (date requested, status,
consumer), so a page's rows come out of the index and only their consumers are looked up: on
PostgreSQL, reading the 25 associations again by id was most of the page statement (0.26 ms
of the server's time a page, 0.08 ms without).
"""

import peewee as pw
from peewee_migrate import Migrator

# The indexes as 009 and 015 made them, written out: a migration loads no other migration.
OLD = {
    "association_clients_by_name": (
        "association",
        "assister_id, consumer_sort_name, id, expires_on, status, consumer_application_status",
    ),
    "association_clients_by_requested": (
        "association",
        "assister_id, requested_at, id, expires_on, status, consumer_sort_name, "
        "consumer_application_status",
    ),
    "association_clients_by_status": (
        "association",
        "assister_id, status, consumer_sort_name, id, expires_on, consumer_application_status",
    ),
    "association_clients_by_expiry": (
        "association",
        "assister_id, expires_on, status, consumer_application_status",
    ),
    "client_name_word_search": (
        "client_name_word",
        "assister_id, word, association_id, expires_on, status, requested_at, "
        "consumer_sort_name, consumer_application_status",
    ),
}
# What a page shows of the association, added to each sort index.
_SHOWN = {
    "association_clients_by_name": "requested_at, consumer_id",
    "association_clients_by_requested": "consumer_id",
    "association_clients_by_status": "requested_at, consumer_id",
}
NEW = {
    name: (table, f"{columns}, {_SHOWN[name] + ', ' if name in _SHOWN else ''}ended_at")
    for name, (table, columns) in OLD.items()
}


def _replace(migrator, indexes):
    for name, (table, columns) in indexes.items():
        migrator.sql(f"DROP INDEX {name}")
        migrator.sql(f"CREATE INDEX {name} ON {table} ({columns}) WHERE ended_at IS NULL")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    _replace(migrator, NEW)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _replace(migrator, OLD)
