"""023: the name search reads the association's sort name; the word table goes.

The dashboard's search looks only among one assister's current clients (at most a few thousand),
which the association's partial indexes already list with their sort name: a LIKE over those
index entries finds them without a second, hand-kept copy of every name. client_name_word, the
words it held and the trigger that copied association columns into it are dropped.

The sort name becomes the name's words, last name first ("José O'Brien-Smith" sorts and is found
as "obrien smith jose"): lower case, accents dropped, apostrophes joined, anything else between
words one space. It is recomputed for every association.

The expiry index gains the verification due date, so that every count of the work queue is read
from that one index's entries of the assister.
"""

import re
import unicodedata

import peewee as pw
from peewee_migrate import Migrator

BATCH = 5_000

# The rule for a name's words when this migration was written, copied so that the migration
# does what it did whatever the portal's rule becomes.
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u02bc`"), None)
_SEPARATORS = re.compile(r"[^0-9a-z]+")
WORD_MAX = 100


def name_words(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _SEPARATORS.split(plain.translate(_APOSTROPHES))
    return list(dict.fromkeys(word[:WORD_MAX] for word in words if word))


def words_sort_name(first, last):
    return " ".join(name_words(f"{last} {first}"))[:201]


def typed_sort_name(first, last):
    """The sort name as the portal wrote it before this migration."""
    return f"{last} {first}".lower()[:201]


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql("DROP TRIGGER association_name_words_follow ON association")
        migrator.sql("DROP FUNCTION association_copy_to_name_words()")
    else:
        migrator.sql("DROP TRIGGER association_name_words_follow")
    migrator.remove_model("client_name_word")
    migrator.run(_sort_names, database, words_sort_name)
    migrator.sql("DROP INDEX association_clients_by_expiry")
    migrator.sql(EXPIRY_INDEX)


EXPIRY_INDEX = (
    "CREATE INDEX association_clients_by_expiry ON association (assister_id, expires_on, status, "
    "consumer_application_status, consumer_verification_due_on, ended_at) WHERE ended_at IS NULL"
)
EXPIRY_INDEX_BEFORE = (
    "CREATE INDEX association_clients_by_expiry ON association (assister_id, expires_on, status, "
    "consumer_application_status, ended_at) WHERE ended_at IS NULL"
)


ASSOCIATION = pw.Table(
    "association",
    (
        "id", "consumer_id", "assister_id", "status", "requested_at", "expires_on", "ended_at",
        "consumer_sort_name", "consumer_application_status", "consumer_verification_due_on",
    ),
)  # fmt: skip
CONSUMER = pw.Table("consumer", ("id", "first_name", "last_name"))


def _batches(database, *columns):
    """Each association's id, its consumer's first and last names and `columns`, a batch at a
    time."""
    last = 0
    while True:
        rows = list(
            ASSOCIATION.select(ASSOCIATION.id, CONSUMER.first_name, CONSUMER.last_name, *columns)
            .join(CONSUMER, on=(CONSUMER.id == ASSOCIATION.consumer_id))
            .where(ASSOCIATION.id > last)
            .order_by(ASSOCIATION.id)
            .limit(BATCH)
            .tuples()
            .bind(database)
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _sort_names(database, rule):
    """Each association's sort name by `rule`."""
    for rows in _batches(database):
        for row_id, first, last_name in rows:
            ASSOCIATION.update(consumer_sort_name=rule(first, last_name)).where(
                ASSOCIATION.id == row_id
            ).execute(database)


# What rollback makes again: the words' table as migrations 015, 018 and 019 left it.
COPIED = (
    "assister_id, status, requested_at, expires_on, ended_at, consumer_sort_name, "
    "consumer_application_status, consumer_verification_due_on"
)
SEARCH_INDEX = (
    "CREATE INDEX client_name_word_search ON client_name_word (assister_id, word, "
    "association_id, expires_on, status, requested_at, consumer_sort_name, "
    "consumer_application_status, name_words, ended_at) WHERE ended_at IS NULL"
)
SQLITE_TRIGGER = """CREATE TRIGGER association_name_words_follow
    AFTER UPDATE OF assister_id, status, requested_at, expires_on, ended_at, consumer_sort_name,
      consumer_application_status, consumer_verification_due_on ON association
    BEGIN
      UPDATE client_name_word SET assister_id = NEW.assister_id, status = NEW.status,
        requested_at = NEW.requested_at, expires_on = NEW.expires_on, ended_at = NEW.ended_at,
        consumer_sort_name = NEW.consumer_sort_name,
        consumer_application_status = NEW.consumer_application_status,
        consumer_verification_due_on = NEW.consumer_verification_due_on
      WHERE association_id = NEW.id;
    END"""
POSTGRESQL_TRIGGER = [
    """CREATE FUNCTION association_copy_to_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE client_name_word SET assister_id = NEW.assister_id, status = NEW.status,
           requested_at = NEW.requested_at, expires_on = NEW.expires_on, ended_at = NEW.ended_at,
           consumer_sort_name = NEW.consumer_sort_name,
           consumer_application_status = NEW.consumer_application_status,
           consumer_verification_due_on = NEW.consumer_verification_due_on
         WHERE association_id = NEW.id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER association_name_words_follow
       AFTER UPDATE OF assister_id, status, requested_at, expires_on, ended_at,
         consumer_sort_name, consumer_application_status, consumer_verification_due_on
       ON association FOR EACH ROW
       WHEN ((OLD.assister_id, OLD.status, OLD.requested_at, OLD.expires_on, OLD.ended_at,
              OLD.consumer_sort_name, OLD.consumer_application_status,
              OLD.consumer_verification_due_on)
             IS DISTINCT FROM
             (NEW.assister_id, NEW.status, NEW.requested_at, NEW.expires_on, NEW.ended_at,
              NEW.consumer_sort_name, NEW.consumer_application_status,
              NEW.consumer_verification_due_on))
       EXECUTE FUNCTION association_copy_to_name_words()""",
]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX association_clients_by_expiry")
    migrator.sql(EXPIRY_INDEX_BEFORE)
    migrator.run(_sort_names, database, typed_sort_name)

    @migrator.create_model
    class ClientNameWord(pw.Model):
        association = pw.ForeignKeyField(
            column_name="association_id",
            field="id",
            model=migrator.orm["association"],
            on_delete="CASCADE",
            index=False,
        )
        assister = pw.ForeignKeyField(
            column_name="assister_id", field="id", model=migrator.orm["assister"], index=False
        )
        word = pw.CharField(max_length=100)
        name_words = pw.TextField(null=True)
        status = pw.CharField(max_length=20)
        requested_at = pw.DateTimeField()
        expires_on = pw.DateField()
        ended_at = pw.DateTimeField(null=True)
        consumer_sort_name = pw.CharField(max_length=201)
        consumer_application_status = pw.CharField(max_length=20)
        consumer_verification_due_on = pw.DateField(null=True)

        class Meta:
            table_name = "client_name_word"
            primary_key = pw.CompositeKey("association", "word")

    migrator.run(_fill_words, database)
    migrator.sql(SEARCH_INDEX)
    if isinstance(database, pw.PostgresqlDatabase):
        for statement in POSTGRESQL_TRIGGER:
            migrator.sql(statement)
    else:
        migrator.sql(SQLITE_TRIGGER)


def _fill_words(database):
    """Every association's words, each with the association's copied columns."""
    copied = [getattr(ASSOCIATION, name) for name in COPIED.split(", ")]
    words = pw.Table(
        "client_name_word", ("association_id", "word", "name_words", *COPIED.split(", "))
    )
    for rows in _batches(database, *copied):
        values = []
        for association, first, last_name, *columns in rows:
            name = name_words(f"{first} {last_name}")
            joined = "".join(f" {word}" for word in name)
            values += [(association, word, joined, *columns) for word in name]
        for chunk in pw.chunked(values, 500):
            words.insert_many(chunk).execute(database)
