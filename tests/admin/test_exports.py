"""CSV exports: no cell a spreadsheet runs as a formula, never cached, and each one audited."""

import csv
import io
from dataclasses import replace

import pytest

from db.audit import AuditEvent
from portal.services import audit

HYPERLINK = '=HYPERLINK("http://x")'
# Every start a spreadsheet reads as a formula (OWASP CSV injection), each as stored.
HOSTILE_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1")


@pytest.fixture
def staff_client(client, sign_in, factories):
    sign_in(factories.staff())
    return client


def rows_of(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def cells_of(response):
    return [cell for row in rows_of(response) for cell in row]


def test_a_hostile_full_name_exports_as_text(staff_client, factories):
    factories.user("consumer", username="mallory", full_name=HYPERLINK)
    response = staff_client.get("/admin/admin_user/export/csv/")
    assert response.status_code == 200
    header, *rows = rows_of(response)
    mallory = next(row for row in rows if row[header.index("Username")] == "mallory")
    assert mallory[header.index("Full name")] == "'" + HYPERLINK
    assert HYPERLINK not in [cell for row in rows for cell in row]
    assert response.headers["Cache-Control"] == "no-store"


def test_audit_rows_with_a_hostile_user_agent_and_detail_export_as_text(
    app, staff_client, factories
):
    consumer = factories.consumer()
    with app.app_context():
        actor = replace(factories.actor(consumer.user), user_agent=HYPERLINK)
        for text in HOSTILE:
            audit.record(actor, "test.hostile", consumer, detail=text)
    response = staff_client.get("/admin/admin_audit/export/csv/?search=test.hostile")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    header, *rows = rows_of(response)
    hostile = [row for row in rows if row[header.index("Action")] == "test.hostile"]
    assert sorted(row[header.index("Detail")] for row in hostile) == sorted(
        "'" + text for text in HOSTILE
    )
    assert {row[header.index("User Agent")] for row in hostile} == {"'" + HYPERLINK}
    assert not any(cell.startswith(HOSTILE_STARTS) for cell in cells_of(response))


def test_plain_values_are_exported_as_they_are(staff_client, factories):
    factories.user("consumer", username="plain.person", full_name="Ann O'Neil-Smith")
    header, *rows = rows_of(staff_client.get("/admin/admin_user/export/csv/"))
    plain = next(row for row in rows if row[header.index("Username")] == "plain.person")
    assert plain[header.index("Full name")] == "Ann O'Neil-Smith"
    assert plain[header.index("Role")] == "Consumer"


@pytest.mark.parametrize(
    ("url", "what"), [("/admin/admin_user/export/csv/", "Users, CSV"),
                      ("/admin/admin_audit/export/csv/?search=x", "Audit log, CSV (search=x)")]
)
def test_every_export_is_one_audit_row_naming_what_was_exported(staff_client, url, what):
    before = AuditEvent.select().where(AuditEvent.action == "admin.exported").count()
    assert staff_client.get(url).status_code == 200
    exports = AuditEvent.select().where(AuditEvent.action == "admin.exported")
    assert exports.count() == before + 1
    row = exports.order_by(AuditEvent.id.desc()).get()
    assert row.detail == what and row.actor_role == "staff"


def test_a_refused_export_is_not_recorded(staff_client):
    # Agencies are not exportable: flask-admin says so and sends back to the list.
    response = staff_client.get("/admin/admin_agency/export/csv/")
    assert response.status_code == 302
    assert not AuditEvent.select().where(AuditEvent.action == "admin.exported").exists()
