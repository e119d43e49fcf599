"""015: a name search from one index, never the association rows of its matches.

A name search took the ids of the matching words from client_name_word (013), then looked up
each of those associations for its status, expiry and sort key: for "joh", 280 look-ups for
the counts and the same 280 again for the page. On SQLite that made a search's statements
twice a plain page's (0.69 against 0.33 ms); PostgreSQL walked all 5,000 of the assister's
index entries for each instead (1.6 against 0.6 ms; bench/RESULTS.md). The words now carry the
association's columns a search checks and sorts by, and one partial index holds them all.

The portal writes each word with its association's columns (INSERT ... SELECT); a trigger
copies every later change of them, whoever makes it: Assist Client (status), a renewal
(expiry), the end of the association, the application's progress (009's copy on the
association), a hand-over to another assister (which 013's trigger did alone).

The words are derived data: the table is made again and filled afresh, as 013 filled it.
"""

import re
import unicodedata

import peewee as pw
from peewee_migrate import Migrator

# The association's columns the words carry, under the same names.
COPIED = (
    "assister_id",
    "status",
    "requested_at",
    "expires_on",
    "ended_at",
    "consumer_sort_name",
    "consumer_application_status",
)
SEARCH_INDEX = (
    "CREATE INDEX client_name_word_search ON client_name_word (assister_id, word, "
    "association_id, expires_on, status, requested_at, consumer_sort_name, "
    "consumer_application_status) WHERE ended_at IS NULL"
)


def sqlite_trigger(copied):
    """The trigger that copies `copied` from each association to its words (018 adds one)."""
    assignments = ", ".join(f"{column} = NEW.{column}" for column in copied)
    return f"""CREATE TRIGGER association_name_words_follow
    AFTER UPDATE OF {", ".join(copied)} ON association
    BEGIN
      UPDATE client_name_word SET {assignments} WHERE association_id = NEW.id;
    END"""


def postgresql_trigger(copied):
    assignments = ", ".join(f"{column} = NEW.{column}" for column in copied)
    old_row = ", ".join(f"OLD.{column}" for column in copied)
    new_row = ", ".join(f"NEW.{column}" for column in copied)
    return [
        f"""CREATE FUNCTION association_copy_to_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE client_name_word SET {assignments} WHERE association_id = NEW.id;
         RETURN NULL;
       END $$""",
        f"""CREATE TRIGGER association_name_words_follow
       AFTER UPDATE OF {", ".join(copied)} ON association
       FOR EACH ROW WHEN (({old_row}) IS DISTINCT FROM ({new_row}))
       EXECUTE FUNCTION association_copy_to_name_words()""",
    ]


BATCH = 5_000
# A batch of associations with their consumers' names and the COPIED columns.
SELECT_BATCH = (
    "SELECT a.id, c.first_name, c.last_name, a.assister_id, a.status, a.requested_at, "
    "a.expires_on, a.ended_at, a.consumer_sort_name, a.consumer_application_status "
    "FROM association a JOIN consumer c ON c.id = a.consumer_id WHERE a.id > ? "
    "ORDER BY a.id LIMIT ?"
)

# The rule for a name's words when this migration was written (the portal's name_words then),
# copied here so that the migration does what it did whatever the portal's rule becomes.
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u02bc`"), None)
_SEPARATORS = re.compile(r"[^0-9a-z]+")
WORD_MAX = 100


def name_words(text):
    """The words a name search matches: lower case, accents dropped, in order, no repeats."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _SEPARATORS.split(plain.translate(_APOSTROPHES))
    return list(dict.fromkeys(word[:WORD_MAX] for word in words if word))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    _drop_words(migrator, database, "association_move_name_words")

    @migrator.create_model
    class ClientNameWord(pw.Model):
        association = pw.ForeignKeyField(
            column_name="association_id", field="id", model=migrator.orm["association"],
            on_delete="CASCADE", index=False,
        )
        assister = pw.ForeignKeyField(
            column_name="assister_id", field="id", model=migrator.orm["assister"], index=False
        )
        word = pw.CharField(max_length=100)
        status = pw.CharField(max_length=20)
        requested_at = pw.DateTimeField()
        expires_on = pw.DateField()
        ended_at = pw.DateTimeField(null=True)
        consumer_sort_name = pw.CharField(max_length=201)
        consumer_application_status = pw.CharField(max_length=20)

        class Meta:
            table_name = "client_name_word"
            primary_key = pw.CompositeKey("association", "word")

    migrator.run(_fill, database)
    migrator.sql(SEARCH_INDEX)
    if isinstance(database, pw.PostgresqlDatabase):
        for statement in postgresql_trigger(COPIED):
            migrator.sql(statement)
    else:
        migrator.sql(sqlite_trigger(COPIED))


def _fill(database):
    """The words of every association there is, a batch of associations at a time."""
    insert = (
        f"INSERT INTO client_name_word (association_id, word, {', '.join(COPIED)}) "
        f"VALUES ({', '.join([database.param] * (2 + len(COPIED)))})"
    )
    last = 0
    while True:
        rows = database.execute_sql(
            SELECT_BATCH.replace("?", database.param), (last, BATCH)
        ).fetchall()
        if not rows:
            return
        words = [
            (association, word, *copied)
            for association, first, last_name, *copied in rows
            for word in name_words(f"{first} {last_name}")
        ]
        if words:
            database.cursor().executemany(insert, words)
        last = rows[-1][0]


def _drop_words(migrator, database, trigger_function):
    """The words' table and the trigger that keeps it (on PostgreSQL, its function too)."""
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql("DROP TRIGGER association_name_words_follow ON association")
        migrator.sql(f"DROP FUNCTION {trigger_function}()")
    else:
        migrator.sql("DROP TRIGGER association_name_words_follow")
    migrator.remove_model("client_name_word")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _drop_words(migrator, database, "association_copy_to_name_words")
    _restore_013_words(migrator, database)


# 013's words, as its migrate made them: copied, not loaded from 013, so each file stands alone.
SQLITE_013_TRIGGER = """CREATE TRIGGER association_name_words_follow
    AFTER UPDATE OF assister_id ON association WHEN NEW.assister_id <> OLD.assister_id
    BEGIN
      UPDATE client_name_word SET assister_id = NEW.assister_id WHERE association_id = NEW.id;
    END"""
POSTGRESQL_013_TRIGGER = [
    """CREATE FUNCTION association_move_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE client_name_word SET assister_id = NEW.assister_id WHERE association_id = NEW.id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER association_name_words_follow AFTER UPDATE OF assister_id ON association
       FOR EACH ROW WHEN (OLD.assister_id IS DISTINCT FROM NEW.assister_id)
       EXECUTE FUNCTION association_move_name_words()""",
]


def _restore_013_words(migrator, database):
    @migrator.create_model
    class ClientNameWord(pw.Model):
        association = pw.ForeignKeyField(
            column_name="association_id", field="id", model=migrator.orm["association"],
            on_delete="CASCADE", index=False,
        )
        assister = pw.ForeignKeyField(
            column_name="assister_id", field="id", model=migrator.orm["assister"], index=False
        )
        word = pw.CharField(max_length=100)

        class Meta:
            table_name = "client_name_word"
            primary_key = pw.CompositeKey("association", "word")
            indexes = ((("assister", "word", "association"), False),)

    migrator.run(_fill_013, database)
    if isinstance(database, pw.PostgresqlDatabase):
        for statement in POSTGRESQL_013_TRIGGER:
            migrator.sql(statement)
    else:
        migrator.sql(SQLITE_013_TRIGGER)


def _fill_013(database):
    """The words of every association there is, with their assister, as 013 filled them."""
    last = 0
    while True:
        rows = database.execute_sql(
            "SELECT a.id, a.assister_id, c.first_name, c.last_name FROM association a "
            "JOIN consumer c ON c.id = a.consumer_id WHERE a.id > %s ORDER BY a.id LIMIT %s"
            % (database.param, database.param),
            (last, BATCH),
        ).fetchall()
        if not rows:
            return
        words = [
            (association, assister, word)
            for association, assister, first, last_name in rows
            for word in name_words(f"{first} {last_name}")
        ]
        if words:
            database.cursor().executemany(
                "INSERT INTO client_name_word (association_id, assister_id, word) "
                "VALUES (%s, %s, %s)" % ((database.param,) * 3),
                words,
            )
        last = rows[-1][0]
