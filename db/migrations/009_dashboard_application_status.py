"""009: the dashboard's work queue from a few counter rows, an "Applications in progress" queue,
and sort indexes that end in the id.

Each consumer's application status is copied onto their associations, so an assister's work
queue counts and filters it from the association indexes alone; joining 5,000 consumer rows to
count it took 19 ms (bench/RESULTS.md). The database keeps the copy: whichever code changes
`consumer.application_status`, or adds an association, a trigger brings the copy along.

The work queue counted the assister's 5,000 index entries on every dashboard request (≈ 0.9 ms
on both databases, a third of the request). `client_count` holds, per assister, status and
application status, how many associations are not ended, kept by triggers on `association`;
the dashboard adds a range of the expiry index (consents running out, or run out but not ended).

The sort indexes put the id (the tie-breaker of every sort) right after the sort key: with
`expires_on` in between (006), both planners sorted the assister's 5,000 rows again for every
page instead of walking the index (page 150: 1.4 ms on SQLite, 6.4 ms on PostgreSQL; now 0.35
and 0.4 ms).
"""

import peewee as pw
from peewee_migrate import Migrator

OLD = {
    "association_assister_id_consumer_sort_name_expires_on": (
        "assister_id, consumer_sort_name, expires_on"
    ),
    "association_assister_id_requested_at_expires_on": "assister_id, requested_at, expires_on",
    "association_assister_id_status_consumer_sort_name_expires_on": (
        "assister_id, status, consumer_sort_name, expires_on"
    ),
}
# Each sort key, then the id that breaks its ties, then what the dashboard's queries check:
# whether the consent is still current, the status filter, the application status (and for the
# date order, the name a search matches).
NEW = {
    "association_clients_by_name": (
        "assister_id, consumer_sort_name, id, expires_on, status, consumer_application_status"
    ),
    "association_clients_by_requested": (
        "assister_id, requested_at, id, expires_on, status, consumer_sort_name, "
        "consumer_application_status"
    ),
    "association_clients_by_status": (
        "assister_id, status, consumer_sort_name, id, expires_on, consumer_application_status"
    ),
}

EXPIRY_INDEX = (
    "CREATE INDEX association_clients_by_expiry ON association "
    "(assister_id, expires_on, status, consumer_application_status) WHERE ended_at IS NULL"
)
COUNT_KEY = "assister_id, status, consumer_application_status"
FILL_COUNTS = (
    "INSERT INTO client_count (assister_id, status, consumer_application_status, clients) "
    "SELECT assister_id, status, consumer_application_status, COUNT(*) FROM association "
    "WHERE ended_at IS NULL GROUP BY assister_id, status, consumer_application_status"
)


def _sqlite_count(row, delta):
    # The WHERE is SQLite's rule for an upsert fed by a SELECT (it is never false here).
    return (
        f"INSERT INTO client_count ({COUNT_KEY}, clients) "
        f"SELECT {row}.assister_id, {row}.status, {row}.consumer_application_status, {delta} "
        f"WHERE {row}.ended_at IS NULL "
        f"ON CONFLICT ({COUNT_KEY}) DO UPDATE SET clients = clients + excluded.clients;"
    )


SQLITE_COUNT_TRIGGERS = [
    f"""CREATE TRIGGER association_count_insert AFTER INSERT ON association
       BEGIN {_sqlite_count("NEW", 1)} END""",
    f"""CREATE TRIGGER association_count_delete AFTER DELETE ON association
       BEGIN {_sqlite_count("OLD", -1)} END""",
    f"""CREATE TRIGGER association_count_update
       AFTER UPDATE OF assister_id, status, ended_at, consumer_application_status ON association
       BEGIN {_sqlite_count("OLD", -1)} {_sqlite_count("NEW", 1)} END""",
]
POSTGRESQL_COUNT_TRIGGERS = [
    """CREATE FUNCTION association_count_clients() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' AND OLD.ended_at IS NULL THEN
           INSERT INTO client_count (assister_id, status, consumer_application_status, clients)
           VALUES (OLD.assister_id, OLD.status, OLD.consumer_application_status, -1)
           ON CONFLICT (assister_id, status, consumer_application_status)
           DO UPDATE SET clients = client_count.clients - 1;
         END IF;
         IF TG_OP <> 'DELETE' AND NEW.ended_at IS NULL THEN
           INSERT INTO client_count (assister_id, status, consumer_application_status, clients)
           VALUES (NEW.assister_id, NEW.status, NEW.consumer_application_status, 1)
           ON CONFLICT (assister_id, status, consumer_application_status)
           DO UPDATE SET clients = client_count.clients + 1;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER association_count_clients
       AFTER INSERT OR DELETE OR UPDATE OF assister_id, status, ended_at,
         consumer_application_status ON association
       FOR EACH ROW EXECUTE FUNCTION association_count_clients()""",
]

def sqlite_copy_triggers(column):
    """The triggers that copy `consumer.<column>` onto each association as
    `consumer_<column>`: when an association is added, and when the consumer's changes (018
    copies one more column so)."""
    return [
        f"""CREATE TRIGGER association_{column} AFTER INSERT ON association
       BEGIN
         UPDATE association SET consumer_{column} =
           (SELECT {column} FROM consumer WHERE id = NEW.consumer_id)
         WHERE id = NEW.id;
       END""",
        f"""CREATE TRIGGER consumer_{column} AFTER UPDATE OF {column} ON consumer
       BEGIN
         UPDATE association SET consumer_{column} = NEW.{column}
         WHERE consumer_id = NEW.id;
       END""",
    ]


def postgresql_copy_triggers(column):
    return [
        f"""CREATE FUNCTION association_copy_{column}() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         SELECT {column} INTO NEW.consumer_{column}
         FROM consumer WHERE id = NEW.consumer_id;
         RETURN NEW;
       END $$""",
        f"""CREATE TRIGGER association_{column}
       BEFORE INSERT OR UPDATE OF consumer_id ON association
       FOR EACH ROW EXECUTE FUNCTION association_copy_{column}()""",
        f"""CREATE FUNCTION consumer_share_{column}() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE association SET consumer_{column} = NEW.{column}
         WHERE consumer_id = NEW.id;
         RETURN NULL;
       END $$""",
        f"""CREATE TRIGGER consumer_{column} AFTER UPDATE OF {column} ON consumer
       FOR EACH ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column})
       EXECUTE FUNCTION consumer_share_{column}()""",
    ]


def drop_copy_triggers(migrator, postgresql, column):
    if postgresql:
        migrator.sql(f"DROP TRIGGER consumer_{column} ON consumer")
        migrator.sql(f"DROP TRIGGER association_{column} ON association")
        migrator.sql(f"DROP FUNCTION consumer_share_{column}()")
        migrator.sql(f"DROP FUNCTION association_copy_{column}()")
    else:
        migrator.sql(f"DROP TRIGGER consumer_{column}")
        migrator.sql(f"DROP TRIGGER association_{column}")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "association",
        consumer_application_status=pw.CharField(max_length=20, default="not_started"),
    )
    migrator.sql(
        "UPDATE association SET consumer_application_status = (SELECT application_status "
        "FROM consumer WHERE consumer.id = association.consumer_id)"
    )
    for name in OLD:
        migrator.sql(f"DROP INDEX {name}")
    for name, columns in NEW.items():
        migrator.sql(f"CREATE INDEX {name} ON association ({columns}) WHERE ended_at IS NULL")
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    copy = postgresql_copy_triggers if postgresql else sqlite_copy_triggers
    for statement in copy("application_status"):
        migrator.sql(statement)
    add_client_counts(migrator, postgresql)


def add_client_counts(migrator, postgresql):
    """The counter table, filled from the associations there are, and its triggers."""

    @migrator.create_model
    class ClientCount(pw.Model):
        assister = pw.ForeignKeyField(
            column_name="assister_id", field="id", model=migrator.orm["assister"]
        )
        status = pw.CharField(max_length=20)
        consumer_application_status = pw.CharField(max_length=20)
        clients = pw.IntegerField(default=0)

        class Meta:
            table_name = "client_count"
            primary_key = pw.CompositeKey("assister", "status", "consumer_application_status")

    migrator.sql(EXPIRY_INDEX)
    migrator.sql(FILL_COUNTS)
    for statement in POSTGRESQL_COUNT_TRIGGERS if postgresql else SQLITE_COUNT_TRIGGERS:
        migrator.sql(statement)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql("DROP TRIGGER association_count_clients ON association")
        migrator.sql("DROP FUNCTION association_count_clients()")
    else:
        for name in ("insert", "delete", "update"):
            migrator.sql(f"DROP TRIGGER association_count_{name}")
    migrator.remove_model("client_count")
    migrator.sql("DROP INDEX association_clients_by_expiry")
    drop_copy_triggers(migrator, isinstance(database, pw.PostgresqlDatabase), "application_status")
    for name in NEW:
        migrator.sql(f"DROP INDEX {name}")
    for name, columns in OLD.items():
        migrator.sql(f"CREATE INDEX {name} ON association ({columns}) WHERE ended_at IS NULL")
    migrator.remove_fields("association", "consumer_application_status")
