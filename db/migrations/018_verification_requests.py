"""018: verification requests, and the work queue's "Verification deadlines".

The consumer row keeps the earliest due date of the household's open requests; as with the
application status (009), a trigger copies it onto each association, so the work queue counts
an assister's clients with documents due from a small partial index of the association alone,
and a page of them is read from that index. The name words carry it too (015's trigger, made
again with one more column), so a search within the queue filter reads no association row.
"""

import importlib

import peewee as pw
from peewee_migrate import Migrator

_009 = importlib.import_module("db.migrations.009_dashboard_application_status")
_015 = importlib.import_module("db.migrations.015_name_search_from_one_index")
COPIED = (*_015.COPIED, "consumer_verification_due_on")

VERIFYING_INDEX = (
    "CREATE INDEX association_clients_verifying ON association "
    "(assister_id, consumer_verification_due_on, expires_on, status, requested_at, "
    "consumer_sort_name, consumer_id, id, ended_at) "
    "WHERE ended_at IS NULL AND consumer_verification_due_on IS NOT NULL"
)


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
    copy = _009.postgresql_copy_triggers if postgresql else _009.sqlite_copy_triggers
    for statement in copy("verification_due_on"):
        migrator.sql(statement)
    _follow_words(migrator, postgresql, COPIED)


def _follow_words(migrator, postgresql, copied):
    """015's trigger that copies the association's columns to its words, for `copied`."""
    if postgresql:
        migrator.sql("DROP TRIGGER association_name_words_follow ON association")
        migrator.sql("DROP FUNCTION association_copy_to_name_words()")
        for statement in _015.postgresql_trigger(copied):
            migrator.sql(statement)
    else:
        migrator.sql("DROP TRIGGER association_name_words_follow")
        migrator.sql(_015.sqlite_trigger(copied))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    postgresql = isinstance(database, pw.PostgresqlDatabase)
    _follow_words(migrator, postgresql, _015.COPIED)
    migrator.remove_fields("client_name_word", "consumer_verification_due_on")
    _009.drop_copy_triggers(migrator, postgresql, "verification_due_on")
    migrator.sql("DROP INDEX association_clients_verifying")
    migrator.remove_fields("association", "consumer_verification_due_on")
    migrator.remove_fields("consumer", "verification_due_on")
    migrator.remove_model("verification_request")
