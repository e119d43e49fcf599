"""004: accounts — activation, MFA, lock-out, recovery tokens, server-side sessions."""

import peewee as pw
from peewee_migrate import Migrator

def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        'user_account',

        email_verified_at=pw.DateTimeField(null=True),
        password_changed_at=pw.DateTimeField(null=True),
        locked_until=pw.DateTimeField(null=True),
        failures_counted_from=pw.DateTimeField(null=True),
        mfa_mode=pw.CharField(max_length=10, null=True),
        mfa_email=pw.CharField(max_length=254, null=True),
        mfa_registered_at=pw.DateTimeField(null=True),
        totp_secret=pw.CharField(max_length=64, null=True),
        totp_last_step=pw.BigIntegerField(null=True),
        mfa_reset_until=pw.DateTimeField(null=True))

    @migrator.create_model
    class AccountToken(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'])
        purpose = pw.CharField(max_length=30)
        token_hash = pw.CharField(max_length=64, unique=True)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        used_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "account_token"

    @migrator.create_model
    class AuthFailure(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'], null=True)
        kind = pw.CharField(max_length=20)
        at = pw.DateTimeField()
        ip = pw.CharField(max_length=45, null=True)

        class Meta:
            table_name = "auth_failure"
            indexes = [(('user', 'at'), False)]

    @migrator.create_model
    class OneTimeCode(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'])
        code_hash = pw.CharField(max_length=64)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        attempts = pw.SmallIntegerField(default=0)
        used_at = pw.DateTimeField(null=True)
        voided_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "one_time_code"

    @migrator.create_model
    class RegistrationNumber(pw.Model):
        id = pw.AutoField()
        assister = pw.ForeignKeyField(column_name='assister_id', field='id', model=migrator.orm['assister'])
        number_hash = pw.CharField(max_length=64, unique=True)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        used_at = pw.DateTimeField(null=True)
        voided_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "registration_number"

    @migrator.create_model
    class SecurityAnswer(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'])
        position = pw.SmallIntegerField()
        question = pw.CharField(max_length=200)
        answer_hash = pw.CharField(max_length=255)

        class Meta:
            table_name = "security_answer"
            indexes = [(('user', 'position'), True)]

    @migrator.create_model
    class UserSession(pw.Model):
        id_hash = pw.CharField(max_length=64, primary_key=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user_account'], null=True)
        data = pw.TextField(default='{}')
        created_at = pw.DateTimeField()
        last_seen_at = pw.DateTimeField(index=True)
        ip = pw.CharField(max_length=45, null=True)
        user_agent = pw.CharField(max_length=300, null=True)

        class Meta:
            table_name = "user_session"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in (
        "user_session", "security_answer", "registration_number", "one_time_code",
        "auth_failure", "account_token",
    ):
        migrator.remove_model(table)
    migrator.remove_fields(
        "user_account", "email_verified_at", "password_changed_at", "locked_until", "failures_counted_from", "mfa_mode",
        "mfa_email", "mfa_registered_at", "totp_secret", "totp_last_step", "mfa_reset_until",
    )
