"""018: verification requests, and the work queue's "Verification deadlines".

The consumer row keeps the earliest due date of the household's open requests; as with the
application status (009), a trigger copies it onto each association, so the work queue counts
an assister's clients with documents due from a small partial index of the association alone,
and a page of them is read from that index. The name words carry it too (015's trigger, made
again with one more column), so a search within the queue filter reads no association row.
"""

import peewee as pw
from peewee_migrate import Migrator

# The association's columns 015's trigger copies to the words, and the one this adds.
COPIED_BEFORE = (
    "assister_id",
    "status",
    "requested_at",
    "expires_on",
    "ended_at",
    "consumer_sort_name",
    "consumer_application_status",
)
COPIED = (*COPIED_BEFORE, "consumer_verification_due_on")

VERIFYING_INDEX = (
    "CREATE INDEX association_clients_verifying ON association "
    "(assister_id, consumer_verification_due_on, expires_on, status, requested_at, "
    "consumer_sort_name, consumer_id, id, ended_at) "
    "WHERE ended_at IS NULL AND consumer_verification_due_on IS NOT NULL"
)


# The triggers' makers of 009 and 015, copied: a migration loads no other migration.
def sqlite_copy_triggers(column):
    """The triggers that copy `consumer.<column>` onto each association as
    `consumer_<column>`: when an association is added, and when the consumer's changes."""
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


def sqlite_trigger(copied):
    """The trigger that copies `copied` from each association to its words."""
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


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class VerificationRequest(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name="consumer_id", field="id", model=migrator.orm["consumer"], index=False)
        case = pw.ForeignKeyField(column_name="case_id", field="id", model=migrator.orm["eligibility_case"])
        member = pw.ForeignKeyField(column_name="member_id", field="id", model=migrator.orm["application_member"], null=True, index=False)
        kind = pw.CharField(max_length=20)
        reason = pw.TextField()
        due_on = pw.DateField()
        status = pw.CharField(default="open", max_length=20)
        opened_at = pw.DateTimeField()
        closed_at = pw.DateTimeField(null=True)
        closed_by = pw.ForeignKeyField(column_name="closed_by_id", field="id", model=migrator.orm["user_account"], null=True, index=False)
        closed_note = pw.CharField(max_length=500, null=True)

        class Meta:
            table_name = "verification_request"
            indexes = ((("consumer", "status", "due_on"), False),)

    migrator.add_fields("consumer", verification_due_on=pw.DateField(null=True))
    migrator.add_fields("association", consumer_verification_due_on=pw.DateField(null=True))
    migrator.add_fields("client_name_word", consumer_verification_due_on=pw.DateField(null=True))
    migrator.sql(VERIFYING_INDEX)
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    copy = postgresql_copy_triggers if postgresql else sqlite_copy_triggers
    for statement in copy("verification_due_on"):
        migrator.sql(statement)
    _follow_words(migrator, postgresql, COPIED)


def _follow_words(migrator, postgresql, copied):
    """015's trigger that copies the association's columns to its words, for `copied`."""
    if postgresql:
        migrator.sql("DROP TRIGGER association_name_words_follow ON association")
        migrator.sql("DROP FUNCTION association_copy_to_name_words()")
        for statement in postgresql_trigger(copied):
            migrator.sql(statement)
    else:
        migrator.sql("DROP TRIGGER association_name_words_follow")
        migrator.sql(sqlite_trigger(copied))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    _follow_words(migrator, postgresql, COPIED_BEFORE)
    migrator.remove_fields("client_name_word", "consumer_verification_due_on")
    drop_copy_triggers(migrator, postgresql, "verification_due_on")
    migrator.sql("DROP INDEX association_clients_verifying")
    migrator.remove_fields("association", "consumer_verification_due_on")
    migrator.remove_fields("consumer", "verification_due_on")
    migrator.remove_model("verification_request")
