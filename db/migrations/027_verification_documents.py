"""027: documents uploaded for a verification request, and staff's review of each (S6.3).

The files themselves live outside the database (DOCUMENTS_DIR) under random names; a row keeps
the name, the type its content showed, its size and SHA-256. A request holds a file once.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Document(pw.Model):
        id = pw.AutoField()
        consumer = pw.ForeignKeyField(column_name="consumer_id", field="id", model=migrator.orm["consumer"])
        verification_request = pw.ForeignKeyField(column_name="verification_request_id", field="id", model=migrator.orm["verification_request"], index=False)
        document_type = pw.CharField(max_length=30)
        file_name = pw.CharField(max_length=255)
        content_type = pw.CharField(max_length=100)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        storage_name = pw.CharField(max_length=64, unique=True)
        uploaded_by = pw.ForeignKeyField(column_name="uploaded_by_id", field="id", model=migrator.orm["user_account"], index=False)
        uploaded_role = pw.CharField(max_length=20)
        uploaded_at = pw.DateTimeField()
        status = pw.CharField(default="received", max_length=20)
        reviewed_by = pw.ForeignKeyField(column_name="reviewed_by_id", field="id", model=migrator.orm["user_account"], null=True, index=False)
        reviewed_at = pw.DateTimeField(null=True)
        rejection_reason = pw.CharField(max_length=500, null=True)

        class Meta:
            table_name = "document"
            indexes = (
                (("verification_request", "sha256"), True),
                (("status", "uploaded_at"), False),
            )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("document")
