"""001: the first schema — accounts, agencies, assisters, consumers, associations, mail, audit."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Agency(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=200, unique=True)
        kind = pw.CharField(max_length=20)
        street = pw.CharField(max_length=200)
        city = pw.CharField(max_length=100)
        state = pw.CharField(default='MN', max_length=2)
        zip_code = pw.CharField(max_length=10)
        county = pw.CharField(max_length=100)
        phone = pw.CharField(max_length=20)
        email = pw.CharField(max_length=254, null=True)
        hours = pw.CharField(max_length=200, null=True)
        languages = pw.CharField(default='English', max_length=200)
        is_active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "agency"

    @migrator.create_model
    class User(pw.Model):
        id = pw.AutoField()
        username = pw.CharField(max_length=64, unique=True)
        email = pw.CharField(max_length=254)
        full_name = pw.CharField(max_length=200)
        role = pw.CharField(index=True, max_length=20)
        password_hash = pw.CharField(max_length=255)
        is_active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField()
        last_sign_in_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "user_account"

    @migrator.create_model
    class Assister(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'], null=True, unique=True)
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], null=True)
        assister_type = pw.CharField(index=True, max_length=20)
        first_name = pw.CharField(max_length=100)
        last_name = pw.CharField(max_length=100)
        email = pw.CharField(max_length=254)
        phone = pw.CharField(max_length=20)
        street = pw.CharField(max_length=200)
        city = pw.CharField(max_length=100)
        state = pw.CharField(default='MN', max_length=2)
        zip_code = pw.CharField(max_length=10)
        county = pw.CharField(max_length=100)
        languages = pw.CharField(default='English', max_length=200)
        license_number = pw.CharField(max_length=40, null=True)
        certified_on = pw.DateField()
        certification_expires_on = pw.DateField()
        reference_number = pw.CharField(max_length=10, unique=True)
        is_active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "assister"

    @migrator.create_model
    class Consumer(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'], null=True, unique=True)
        first_name = pw.CharField(max_length=100)
        last_name = pw.CharField(max_length=100)
        email = pw.CharField(max_length=254)
        phone = pw.CharField(max_length=20, null=True)
        date_of_birth = pw.DateField(null=True)
        preferred_language = pw.CharField(default='English', max_length=20)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "consumer"

    @migrator.create_model
    class AuthorizationText(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=30)
        version = pw.IntegerField()
        title = pw.CharField(max_length=200)
        body = pw.TextField()
        published_at = pw.DateTimeField()

        class Meta:
            table_name = "authorization_text"
            indexes = [(('kind', 'version'), True)]

    @migrator.create_model
    class Association(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name='consumer_id', field='id', model=migrator.orm['consumer'])
        assister = pw.ForeignKeyField(column_name='assister_id', field='id', model=migrator.orm['assister'])
        assister_type = pw.CharField(max_length=20)
        status = pw.CharField(default='new', max_length=20)
        requested_at = pw.DateTimeField()
        confirmed_at = pw.DateTimeField(null=True)
        confirmed_by = pw.ForeignKeyField(column_name='confirmed_by_id', field='id', model=migrator.orm['user_account'], null=True)
        confirmed_ip = pw.CharField(max_length=45, null=True)
        authorization_text = pw.ForeignKeyField(column_name='authorization_text_id', field='id', model=migrator.orm['authorization_text'])
        may_apply = pw.BooleanField(default=True)
        may_enroll = pw.BooleanField(default=True)
        may_see_documents = pw.BooleanField(default=True)
        may_report_changes = pw.BooleanField(default=True)
        expires_on = pw.DateField()
        first_opened_at = pw.DateTimeField(null=True)
        ended_at = pw.DateTimeField(null=True)
        ended_by_role = pw.CharField(max_length=20, null=True)
        ended_by = pw.ForeignKeyField(column_name='ended_by_id', field='id', model=migrator.orm['user_account'], null=True)
        end_reason = pw.CharField(max_length=500, null=True)

        class Meta:
            table_name = "association"
            indexes = [(('assister', 'status'), False)]


    # One active assister of each type per consumer; the name is the one peewee gives the model's index.
    migrator.sql(
        "CREATE UNIQUE INDEX association_consumer_id_assister_type "
        "ON association (consumer_id, assister_type) WHERE ended_at IS NULL"
    )

    @migrator.create_model
    class AuditEvent(pw.Model):
        id = pw.AutoField()
        at = pw.DateTimeField(index=True)
        actor = pw.ForeignKeyField(column_name='actor_id', field='id', model=migrator.orm['user_account'], null=True)
        actor_role = pw.CharField(max_length=20)
        on_behalf_of = pw.ForeignKeyField(column_name='on_behalf_of_id', field='id', model=migrator.orm['consumer'], null=True)
        action = pw.CharField(index=True, max_length=60)
        object_type = pw.CharField(max_length=40, null=True)
        object_id = pw.CharField(max_length=40, null=True)
        ip = pw.CharField(max_length=45, null=True)
        user_agent = pw.CharField(max_length=300, null=True)
        detail = pw.TextField(default='')

        class Meta:
            table_name = "audit_event"

    @migrator.create_model
    class HouseholdMember(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name='consumer_id', field='id', model=migrator.orm['consumer'])
        first_name = pw.CharField(max_length=100)
        last_name = pw.CharField(max_length=100)
        relationship = pw.CharField(max_length=20)
        date_of_birth = pw.DateField()

        class Meta:
            table_name = "household_member"

    @migrator.create_model
    class OutgoingMail(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=50)
        to_address = pw.CharField(max_length=254)
        subject = pw.CharField(max_length=200)
        body = pw.TextField()
        created_at = pw.DateTimeField(index=True)
        sent_at = pw.DateTimeField(null=True)
        attempts = pw.IntegerField(default=0)
        last_error = pw.CharField(max_length=500, null=True)

        class Meta:
            table_name = "outgoing_mail"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('outgoing_mail')

    migrator.remove_model('household_member')

    migrator.remove_model('audit_event')

    migrator.remove_model('association')

    migrator.remove_model('authorization_text')

    migrator.remove_model('consumer')

    migrator.remove_model('assister')

    migrator.remove_model('user_account')

    migrator.remove_model('agency')
