"""008: applications (answers, provenance, the one-editor hold), cases, determinations, notices."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Application(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name='consumer_id', field='id', model=migrator.orm['consumer'])
        plan_year = pw.IntegerField()
        status = pw.CharField(default='draft', max_length=20)
        version = pw.IntegerField(default=1)
        current_step = pw.CharField(default='contact', max_length=20)
        completed_steps = pw.CharField(default='', max_length=200)
        street = pw.CharField(max_length=200, null=True)
        city = pw.CharField(max_length=100, null=True)
        zip_code = pw.CharField(max_length=10, null=True)
        county = pw.CharField(max_length=40, null=True)
        phone = pw.CharField(max_length=20, null=True)
        email = pw.CharField(max_length=254, null=True)
        held_by = pw.ForeignKeyField(column_name='held_by_id', field='id', model=migrator.orm['user_account'], null=True)
        held_since = pw.DateTimeField(null=True)
        held_seen_at = pw.DateTimeField(null=True)
        rights_viewed_by = pw.ForeignKeyField(column_name='rights_viewed_by_id', field='id', model=migrator.orm['user_account'], null=True)
        rights_viewed_at = pw.DateTimeField(null=True)
        signed_name = pw.CharField(max_length=201, null=True)
        signed_by = pw.ForeignKeyField(column_name='signed_by_id', field='id', model=migrator.orm['user_account'], null=True)
        signed_at = pw.DateTimeField(null=True)
        assisted_by = pw.ForeignKeyField(column_name='assisted_by_id', field='id', model=migrator.orm['association'], null=True)
        assister_organization = pw.CharField(max_length=200, null=True)
        created_by = pw.ForeignKeyField(column_name='created_by_id', field='id', model=migrator.orm['user_account'])
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        submitted_at = pw.DateTimeField(null=True)
        rescinded_by = pw.ForeignKeyField(column_name='rescinded_by_id', field='id', model=migrator.orm['user_account'], null=True)
        rescinded_at = pw.DateTimeField(null=True)
        rescind_reason = pw.CharField(max_length=500, null=True)

        class Meta:
            table_name = "application"

    @migrator.create_model
    class AnswerProvenance(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(column_name='application_id', field='id', model=migrator.orm['application'], on_delete='CASCADE')
        answer = pw.CharField(max_length=80)
        entered_by = pw.ForeignKeyField(column_name='entered_by_id', field='id', model=migrator.orm['user_account'])
        entered_role = pw.CharField(max_length=20)
        entered_at = pw.DateTimeField()

        class Meta:
            table_name = "answer_provenance"
            indexes = [(('application', 'answer'), True)]

    @migrator.create_model
    class ApplicationMember(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(column_name='application_id', field='id', model=migrator.orm['application'], on_delete='CASCADE')
        is_primary = pw.BooleanField(default=False)
        first_name = pw.CharField(max_length=100)
        last_name = pw.CharField(max_length=100)
        date_of_birth = pw.DateField(null=True)
        relationship = pw.CharField(max_length=20)
        applying = pw.BooleanField(default=True)
        tax_filing = pw.CharField(max_length=20, null=True)
        pregnant = pw.BooleanField(default=False)
        immigration_status = pw.CharField(max_length=30, null=True)
        income_amount = pw.DecimalField(decimal_places=2, max_digits=12, null=True)
        income_frequency = pw.CharField(max_length=20, null=True)
        deductions_yearly = pw.DecimalField(decimal_places=2, max_digits=12, null=True)
        employer_offer = pw.BooleanField(null=True)
        employer_premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        has_medicare = pw.BooleanField(null=True)
        has_other_public_coverage = pw.BooleanField(null=True)

        class Meta:
            table_name = "application_member"

    @migrator.create_model
    class Case(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name='consumer_id', field='id', model=migrator.orm['consumer'])
        application = pw.ForeignKeyField(column_name='application_id', field='id', model=migrator.orm['application'], unique=True)
        case_number = pw.CharField(max_length=12, unique=True)
        status = pw.CharField(default='open', max_length=20)
        association = pw.ForeignKeyField(column_name='association_id', field='id', model=migrator.orm['association'], null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "eligibility_case"

    @migrator.create_model
    class Determination(pw.Model):
        id = pw.AutoField()
        case = pw.ForeignKeyField(column_name='case_id', field='id', model=migrator.orm['eligibility_case'], unique=True)
        plan_year = pw.IntegerField()
        household_size = pw.IntegerField()
        magi = pw.DecimalField(decimal_places=2, max_digits=12)
        fpl_percent = pw.DecimalField(decimal_places=2, max_digits=8)
        mhcp_fpl_percent = pw.DecimalField(decimal_places=2, max_digits=8)
        rating_area = pw.IntegerField()
        applicable_percentage = pw.DecimalField(decimal_places=2, max_digits=5, null=True)
        expected_contribution_monthly = pw.DecimalField(decimal_places=2, max_digits=10, null=True)
        benchmark_premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10)
        max_aptc_monthly = pw.DecimalField(decimal_places=2, max_digits=10)
        determined_at = pw.DateTimeField()

        class Meta:
            table_name = "determination"

    @migrator.create_model
    class MemberDetermination(pw.Model):
        id = pw.AutoField()
        determination = pw.ForeignKeyField(column_name='determination_id', field='id', model=migrator.orm['determination'], on_delete='CASCADE')
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['application_member'])
        program = pw.CharField(max_length=30)
        reason = pw.TextField()
        minnesotacare_premium_monthly = pw.DecimalField(decimal_places=2, max_digits=8, null=True)

        class Meta:
            table_name = "member_determination"

    @migrator.create_model
    class Notice(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name='consumer_id', field='id', model=migrator.orm['consumer'])
        case = pw.ForeignKeyField(column_name='case_id', field='id', model=migrator.orm['eligibility_case'], null=True)
        kind = pw.CharField(max_length=30)
        title = pw.CharField(max_length=200)
        body = pw.TextField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "notice"

    # One application in progress per consumer.
    migrator.sql(
        "CREATE UNIQUE INDEX application_one_draft_per_consumer ON application (consumer_id) "
        "WHERE status = 'draft'"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in (
        "notice",
        "member_determination",
        "determination",
        "eligibility_case",
        "application_member",
        "answer_provenance",
        "application",
    ):
        migrator.remove_model(table)
