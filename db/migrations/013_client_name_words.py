"""013: the words of each associated consumer's name, for the dashboard's name search.

The search matched the start of any word of the name with a LIKE on every one of the
assister's clients: for 5,000 clients, 2 ms on SQLite and 2.5 ms on PostgreSQL a page, the
slowest dashboard request (bench/RESULTS.md). `client_name_word` holds each word under the
association's assister, so a search is one short range of an index per word typed. The portal
writes the words (the rule for a word is `name_words`); a trigger moves them with an
association handed to another assister.
"""

import re
import unicodedata

import peewee as pw
from peewee_migrate import Migrator

SQLITE_TRIGGER = """CREATE TRIGGER association_name_words_follow
    AFTER UPDATE OF assister_id ON association WHEN NEW.assister_id <> OLD.assister_id
    BEGIN
      UPDATE client_name_word SET assister_id = NEW.assister_id WHERE association_id = NEW.id;
    END"""
POSTGRESQL_TRIGGER = [
    """CREATE FUNCTION association_move_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE client_name_word SET assister_id = NEW.assister_id WHERE association_id = NEW.id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER association_name_words_follow AFTER UPDATE OF assister_id ON association
       FOR EACH ROW WHEN (OLD.assister_id IS DISTINCT FROM NEW.assister_id)
       EXECUTE FUNCTION association_move_name_words()""",
]
BATCH = 5_000

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

    migrator.run(_fill, database)
    if isinstance(database, pw.PostgresqlDatabase):
        for statement in POSTGRESQL_TRIGGER:
            migrator.sql(statement)
    else:
        migrator.sql(SQLITE_TRIGGER)


def _fill(database):
    """The words of every association there is, a batch of associations at a time."""
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


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql("DROP TRIGGER association_name_words_follow ON association")
        migrator.sql("DROP FUNCTION association_move_name_words()")
    else:
        migrator.sql("DROP TRIGGER association_name_words_follow")
    migrator.remove_model("client_name_word")
