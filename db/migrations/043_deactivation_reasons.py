"""043: Deactivate is an action with a reason (S9).

Staff deactivate a sign-in account, an assister or an agency, and make it active again, from
its admin page: each time is a row of `deactivation` (who, when, why), the record's history.
The record's own `is_active` stays what every check reads.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Deactivation(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(
            column_name="user_id", field="id", model=migrator.orm["user_account"], null=True
        )
        assister = pw.ForeignKeyField(
            column_name="assister_id", field="id", model=migrator.orm["assister"], null=True
        )
        agency = pw.ForeignKeyField(
            column_name="agency_id", field="id", model=migrator.orm["agency"], null=True
        )
        active = pw.BooleanField()
        reason = pw.CharField(max_length=500, null=True)
        by = pw.ForeignKeyField(
            column_name="by_id", field="id", model=migrator.orm["user_account"], index=False
        )
        at = pw.DateTimeField()

        class Meta:
            table_name = "deactivation"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("deactivation")
