"""028: a case has versions (S6.5, Report a change).

A change reported after submission is an application of its own, copied from the case's current
version and edited in the same wizard (`case_change` links the two); its people point back at
whom they were (`same_as`) so the new determination can say what changed per person. A case
keeps one determination per version, each naming the application it was made from; the
determinations made before this are version 1 of their case. An enrollment's monthly figures
after a change are rows of their own from the month they take effect.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "application_member",
        same_as=pw.ForeignKeyField(
            column_name="same_as_id", field="id", model=migrator.orm["application_member"],
            null=True, index=False,
        ),
    )
    migrator.add_fields(
        "determination",
        version=pw.IntegerField(default=1),
        application=pw.ForeignKeyField(
            column_name="application_id", field="id", model=migrator.orm["application"],
            null=True, unique=True,
        ),
    )
    migrator.sql(
        "UPDATE determination SET application_id = "
        "(SELECT application_id FROM eligibility_case WHERE eligibility_case.id = "
        "determination.case_id)"
    )
    # Made required by 031 once every row has one: here add_not_null would alter
    # the field above before it is added.
    migrator.drop_index("determination", "case")
    migrator.add_index("determination", "case", "version", unique=True)

    @migrator.create_model
    class CaseChange(pw.Model):
        id = pw.AutoField()
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["eligibility_case"]
        )
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=migrator.orm["application"],
            unique=True,
        )
        version = pw.IntegerField()
        changed_on = pw.DateField(null=True)
        created_by = pw.ForeignKeyField(
            column_name="created_by_id", field="id", model=migrator.orm["user_account"]
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "case_change"
            indexes = [(("case", "version"), True)]

    @migrator.create_model
    class EnrollmentPremium(pw.Model):
        id = pw.AutoField()
        enrollment = pw.ForeignKeyField(
            column_name="enrollment_id", field="id", model=migrator.orm["enrollment"]
        )
        case_version = pw.IntegerField()
        effective_from = pw.DateField()
        premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        aptc_applied_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        net_premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "enrollment_premium"
            indexes = [(("enrollment", "case_version"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("enrollment_premium")
    migrator.remove_model("case_change")
    migrator.drop_index("determination", "case", "version")
    migrator.remove_fields("determination", "version", "application")
    migrator.add_index("determination", "case", unique=True)
    migrator.remove_fields("application_member", "same_as")
