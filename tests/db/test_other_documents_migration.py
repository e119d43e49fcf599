"""Migration 032 (documents sent as "other"): a request's documents already sent get their
request's case; a file sent twice as "other" is one document, by a partial unique index; rolled
back, only the request's documents stay."""

from datetime import date

import peewee as pw
import pytest

from db.accounts import User
from db.applications import Application
from db.cases import Case
from db.consumers import Consumer
from db.documents import Document
from db.migrate import router
from db.models import MODELS
from db.verifications import VerificationRequest
from tests.db.test_migrations import _schema, empty_database  # noqa: F401  (a fixture)

MIGRATION = "032_other_documents"


def _document(consumer, request, n, **values):
    return {
        "consumer_id": consumer.id, "verification_request_id": request, "document_type": "other",
        "file_name": f"{n}.pdf", "content_type": "application/pdf", "size": 8,
        "sha256": "ab" * 32, "storage_name": f"{n:064d}", "uploaded_by_id": consumer.user_id,
        "uploaded_role": "consumer", "uploaded_at": "2026-01-05 10:00:00", "status": "received",
        **values,
    }


def _upgrade_to_032(database):
    # Only as far as 032: later migrations are not what this test is about.
    router(database).run(MIGRATION)
    assert router(database).done[-1] == MIGRATION


def test_032_fills_in_the_case_and_holds_an_other_file_once(empty_database):  # noqa: F811
    with empty_database.bind_ctx(MODELS), empty_database.connection_context():
        before = [name for name in router(empty_database).todo if name < MIGRATION]
        router(empty_database).run(before[-1])
        # As the accounts table was then (later migrations add columns the model has now).
        empty_database.execute_sql(
            "INSERT INTO user_account (username, email, full_name, role, password_hash, "
            "is_active, created_at) VALUES (" + ", ".join([empty_database.param] * 7) + ")",
            ["carl", "carl@example.org", "Carl Consumer", "consumer", "x", True,
             date(2026, 1, 1)],
        )
        user = User.select(User.id).get()
        consumer = Consumer.create(user=user, first_name="Carl", last_name="Consumer",
                                   email="carl@example.org", date_of_birth=date(1980, 5, 17))
        application = Application.create(consumer=consumer, plan_year=2026, created_by=user)
        case = Case.create(consumer=consumer, application=application, case_number="C00000001")
        request = VerificationRequest.create(consumer=consumer, case=case, kind="immigration",
                                             reason="Send one.", due_on=date(2026, 4, 1))
        # As 027 made the table: the columns 032 adds are not there yet.
        empty_database.execute_sql(
            "INSERT INTO document (consumer_id, verification_request_id, document_type, "
            "file_name, content_type, size, sha256, storage_name, uploaded_by_id, uploaded_role,"
            " uploaded_at, status) VALUES (" + ", ".join([empty_database.param] * 12) + ")",
            list(_document(consumer, request.id, 1).values()),
        )
        _upgrade_to_032(empty_database)
        schema = _schema(empty_database)
        assert Document.get().case_id == case.id

        Document.insert(_document(consumer, None, 2)).execute()
        with pytest.raises(pw.IntegrityError), empty_database.atomic():
            Document.insert(_document(consumer, None, 3)).execute()
        assert Document.select().count() == 2  # the same file for a request, and as "other"

        router(empty_database).rollback()
        assert MIGRATION not in router(empty_database).done
        assert [row[0] for row in empty_database.execute_sql("SELECT file_name FROM document")
                ] == ["1.pdf"]
        _upgrade_to_032(empty_database)
        assert _schema(empty_database) == schema
