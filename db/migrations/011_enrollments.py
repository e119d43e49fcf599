"""011: enrollments in a Qualified Health Plan (S6.1), with the Agent of Record."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Enrollment(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name='consumer_id', field='id', model=migrator.orm['consumer'])
        case = pw.ForeignKeyField(column_name='case_id', field='id', model=migrator.orm['eligibility_case'])
        plan_year = pw.IntegerField()
        status = pw.CharField(default='draft', max_length=20)
        version = pw.IntegerField(default=1)
        current_step = pw.CharField(default='privacy', max_length=20)
        completed_steps = pw.CharField(default='', max_length=200)
        held_by = pw.ForeignKeyField(column_name='held_by_id', field='id', model=migrator.orm['user_account'], null=True)
        held_since = pw.DateTimeField(null=True)
        held_seen_at = pw.DateTimeField(null=True)
        privacy_agreed_by = pw.ForeignKeyField(column_name='privacy_agreed_by_id', field='id', model=migrator.orm['user_account'], null=True)
        privacy_agreed_at = pw.DateTimeField(null=True)
        plan = pw.ForeignKeyField(column_name='plan_id', field='id', model=migrator.orm['plan'], null=True)
        aptc_choice = pw.CharField(max_length=10, null=True)
        aptc_part_kind = pw.CharField(max_length=10, null=True)
        aptc_part_value = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        aptc_applied_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        net_premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        tax_filer_statements_agreed = pw.BooleanField(default=False)
        tax_filer_signature = pw.CharField(max_length=201, null=True)
        chose_own_plan_attested = pw.BooleanField(null=True)
        signed_name = pw.CharField(max_length=201, null=True)
        signed_by = pw.ForeignKeyField(column_name='signed_by_id', field='id', model=migrator.orm['user_account'], null=True)
        signed_at = pw.DateTimeField(null=True)
        association = pw.ForeignKeyField(column_name='association_id', field='id', model=migrator.orm['association'], null=True)
        agent_of_record = pw.ForeignKeyField(column_name='agent_of_record_id', field='id', model=migrator.orm['assister'], null=True)
        confirmation_number = pw.CharField(max_length=12, null=True, unique=True)
        created_by = pw.ForeignKeyField(column_name='created_by_id', field='id', model=migrator.orm['user_account'])
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        enrolled_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "enrollment"

    migrator.sql(
        "CREATE UNIQUE INDEX enrollment_one_draft_per_consumer ON enrollment (consumer_id) "
        "WHERE status = 'draft'"
    )
    migrator.sql(
        "CREATE UNIQUE INDEX enrollment_one_per_household_and_year "
        "ON enrollment (consumer_id, plan_year) WHERE status = 'enrolled'"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("enrollment")
