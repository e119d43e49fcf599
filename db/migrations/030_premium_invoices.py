"""030: MinnesotaCare premium invoices, and the work queue's "Premiums overdue".

As with verification deadlines (018), the consumer row keeps the earliest due date of the
household's unpaid invoices and a trigger copies it onto each association, so the work queue
counts an assister's clients with a premium overdue from a small partial index of the
association alone, and a page of them is read from that index in Date Requested order (020).
"""

import peewee as pw
from peewee_migrate import Migrator

PREMIUM_INDEX = (
    "CREATE INDEX association_clients_premium_due ON association "
    "(assister_id, requested_at, id, expires_on, status, consumer_sort_name, consumer_id, "
    "ended_at, consumer_premium_due_on) "
    "WHERE ended_at IS NULL AND consumer_premium_due_on IS NOT NULL"
)


# 018's makers of the copying triggers, copied: a migration loads no other migration.
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


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class PremiumInvoice(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name="consumer_id", field="id", model=migrator.orm["consumer"], index=False)
        case = pw.ForeignKeyField(column_name="case_id", field="id", model=migrator.orm["eligibility_case"], index=False)
        coverage_month = pw.DateField()
        invoice_number = pw.CharField(max_length=12, unique=True)
        amount = pw.DecimalField(decimal_places=2, max_digits=10)
        due_on = pw.DateField()
        status = pw.CharField(default="unpaid", max_length=20)
        paid_on = pw.DateField(null=True)
        recorded_by = pw.ForeignKeyField(column_name="recorded_by_id", field="id", model=migrator.orm["user_account"], null=True, index=False)
        recorded_at = pw.DateTimeField(null=True)
        note = pw.CharField(max_length=500, null=True)
        issued_at = pw.DateTimeField()

        class Meta:
            table_name = "premium_invoice"
            indexes = (
                (("case", "coverage_month"), True),
                (("consumer", "status", "due_on"), False),
            )

    migrator.add_fields("consumer", premium_due_on=pw.DateField(null=True))
    migrator.add_fields("association", consumer_premium_due_on=pw.DateField(null=True))
    migrator.sql(PREMIUM_INDEX)
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    copy = postgresql_copy_triggers if postgresql else sqlite_copy_triggers
    for statement in copy("premium_due_on"):
        migrator.sql(statement)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    drop_copy_triggers(migrator, postgresql, "premium_due_on")
    migrator.sql("DROP INDEX association_clients_premium_due")
    migrator.remove_fields("association", "consumer_premium_due_on")
    migrator.remove_fields("consumer", "premium_due_on")
    migrator.remove_model("premium_invoice")
