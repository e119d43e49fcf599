"""032: documents sent as "other" (S6.3), not for a verification request.

A document's request becomes optional; each document names the consumer's case when there is
one (a request's document, its request's case, filled in here for those already sent), and may
carry a note of what it is for. A consumer holds a file sent as "other" once: a partial unique
index, as the request's documents have their (request, file) pair.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_not_null("document", "verification_request")
    migrator.add_fields(
        "document",
        case=pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["eligibility_case"],
            null=True, index=False,
        ),
        note=pw.CharField(max_length=200, null=True),
    )
    migrator.sql(
        "UPDATE document SET case_id = (SELECT case_id FROM verification_request "
        "WHERE verification_request.id = document.verification_request_id)"
    )
    migrator.sql(
        "CREATE UNIQUE INDEX document_other_one_per_file ON document (consumer_id, sha256) "
        "WHERE verification_request_id IS NULL"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX document_other_one_per_file")
    # A request is required again: the documents sent as "other" can't stay.
    migrator.sql("DELETE FROM document WHERE verification_request_id IS NULL")
    migrator.remove_fields("document", "case", "note")
    migrator.add_not_null("document", "verification_request")
