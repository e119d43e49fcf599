"""019: a search's further words are checked on the row of its first word's match.

For "joh s", each client whose name has a word beginning "joh" was then looked up among its own
words for one beginning "s": 242 probes of the words' primary key on the benchmark data set,
0.42 of the statement's 0.91 ms on PostgreSQL (bench/RESULTS.md). Each word now carries the
whole name as its words (" johnson sara"), in the search index, so a further word is a LIKE
on the row at hand (" s" begins a word wherever it is found, as words hold nothing but
[0-9a-z]). Filled from the words themselves.
"""

import peewee as pw
from peewee_migrate import Migrator

NAME = "client_name_word_search"
_TABLE = "client_name_word"
# The index as 016 left it.
OLD_COLUMNS = (
    "assister_id, word, association_id, expires_on, status, requested_at, consumer_sort_name, "
    "consumer_application_status, ended_at"
)
NEW_COLUMNS = OLD_COLUMNS.replace(", ended_at", ", name_words, ended_at")


def _index(migrator, columns):
    migrator.sql(f"DROP INDEX {NAME}")
    migrator.sql(f"CREATE INDEX {NAME} ON {_TABLE} ({columns}) WHERE ended_at IS NULL")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("client_name_word", name_words=pw.TextField(null=True))
    migrator.run(fill, database)
    _index(migrator, NEW_COLUMNS)


FILL_SQLITE = (
    "UPDATE client_name_word SET name_words = ' ' || (SELECT group_concat(word, ' ') "
    "FROM client_name_word other WHERE other.association_id = client_name_word.association_id)"
)
FILL_POSTGRESQL = (
    "UPDATE client_name_word SET name_words = ' ' || (SELECT string_agg(word, ' ') "
    "FROM client_name_word other WHERE other.association_id = client_name_word.association_id)"
)


def fill(database):
    """Each word's name_words, from the words of its association."""
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    database.execute_sql(FILL_POSTGRESQL if postgresql else FILL_SQLITE)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _index(migrator, OLD_COLUMNS)
    migrator.remove_fields("client_name_word", "name_words")
