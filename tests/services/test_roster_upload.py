"""A roster uploaded as CSV (S8): a report of every row; a file that can't be read is refused
whole; a bad row changes nothing else; the same file twice applies nothing twice."""

import time
from datetime import date

import pytest

from db import database
from db.assisters import Assister
from db.audit import AuditEvent
from db.certifications import RosterUpload
from portal.errors import DomainError
from portal.services import registration, roster_upload
from portal.services.roster_upload import FileRefused

HEADERS = "email,first_name,last_name,type,action\r\n"
MB = 1024 * 1024


@pytest.fixture
def upload(admin_actor, agency_admin):
    def send(text, max_bytes=2 * MB, max_rows=10_000, filename="roster.csv"):
        data = text if isinstance(text, bytes) else text.encode()
        return roster_upload.upload(
            admin_actor, agency_admin.agency, agency_admin, filename, data, max_bytes,
            max_rows,
        )

    return send


def staff(factories, agency_admin, first_name, last_name, assister_type="navigator", **values):
    return factories.assister(
        assister_type, agency=agency_admin.agency, first_name=first_name, last_name=last_name,
        email=f"{first_name.lower()}@example.org", **values,
    )


def row(person, action, **changes):
    cells = {"email": person.email, "first_name": person.first_name,
             "last_name": person.last_name, "type": person.assister_type, "action": action}
    cells |= changes
    return ",".join(cells.values()) + "\r\n"


def results(report):
    return [(r.number, r.result) for r in report.rows]


def status(person):
    return Assister.get_by_id(person.id).roster_status


NORA = b"nora@example.org,Nora,Vang,navigator,approve\r\n"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b" \r\n\r\n", "empty"),
    (b",,\r\n", "empty"),
    (HEADERS.encode(), "no rows"),
    (b"email,name,type,action\r\n" + NORA,
     "headers email, first_name, last_name, type, action.*missing first_name, last_name"
     ".*not expected \u201cname\u201d"),
    (b"email,email,first_name,last_name,type,action\r\n" + NORA, "more than once email"),
    (HEADERS.encode() + NORA + "j@x.org,Jos\u00e9,Li,cac,approve\r\n".encode("latin-1"),
     "not in UTF-8. Save it as \u201cCSV UTF-8\u201d"),
    (b"PK\x03\x04\x14\x00\x06\x00" + NORA, "not a CSV"),
    (HEADERS.encode() + NORA + b"a\x00b,c\r\n", "not a CSV"),
    (HEADERS.encode() + NORA + b'"a' + b"x" * 200_000 + b'"\r\n', "read as CSV"),
])
def test_a_file_that_cannot_be_read_is_refused_whole(
    factories, agency_admin, upload, data, message
):
    person = staff(factories, agency_admin, "Nora", "Vang", roster_status="pending")
    with pytest.raises(FileRefused, match=message):
        upload(data)
    assert status(person) == "pending" and RosterUpload.select().count() == 0


def test_too_large_or_too_many_rows_is_refused_whole(factories, agency_admin, upload):
    person = staff(factories, agency_admin, "Nora", "Vang", roster_status="pending")
    text = HEADERS + row(person, "approve")
    with pytest.raises(FileRefused, match=f"larger than {len(text) - 1:,} bytes"):
        upload(text, max_bytes=len(text) - 1)
    with pytest.raises(FileRefused, match="2 rows; at most 1"):
        upload(text + row(person, "approve"), max_rows=1)
    assert status(person) == "pending"


def test_each_row_is_applied_or_refused_and_said_why(factories, agency_admin, upload):
    nora = staff(factories, agency_admin, "Nora", "Vang", roster_status="pending")
    carl = staff(factories, agency_admin, "Carl", "Li", "cac")
    dana = staff(factories, agency_admin, "Dana", "Ho")
    erin = staff(factories, agency_admin, "Erin", "Ek", is_active=False, roster_status="pending")
    other = factories.assister("navigator", email="other@example.org")
    report = upload(
        "Email, First_Name ,last_name,TYPE,action\r\n"  # headers: any case, spaces around
        + row(nora, "Approve")  # 2 applied
        + row(carl, "inactive")  # 3 applied
        + row(carl, "approve")  # 4 the same email again
        + row(dana, "approve", first_name="Diana")  # 5 names differ
        + row(dana, "approve", type="cac")  # 6 the same email again
        + "nobody@example.org,No,Body,navigator,approve\r\n"  # 7 unknown
        + row(other, "inactive")  # 8 another agency's
        + row(erin, "approve")  # 9 staff made inactive
        + "\r\n"  # a blank row: skipped
        + row(staff(factories, agency_admin, "Finn", "Oy"), "remove")  # 11 no such action
        + row(staff(factories, agency_admin, "Gus", "Au"), "")  # 12 no action: left as it is
        + "x@example.org,X\r\n"  # 13 too few cells
    )
    assert results(report) == [
        (2, "applied"), (3, "applied"), (4, "refused"), (5, "refused"), (6, "refused"),
        (7, "refused"), (8, "refused"), (9, "refused"), (11, "refused"), (12, "unchanged"),
        (13, "refused"),
    ]
    messages = {r.number: r.message for r in report.rows}
    assert "also on row 3" in messages[4] and "also on row 5" in messages[6]
    assert "first name does not match the record for this email (Dana Ho)" in messages[5]
    assert messages[7] == messages[8] == "No one with this email is registered under your agency."
    assert "Marketplace staff" in messages[9] and "ARC" in messages[9]
    assert "\u201cremove\u201d is not an action" in messages[11]
    assert "2 cells" in messages[13]
    assert (status(nora), status(carl), status(dana), status(erin)) == (
        "approved", "inactive", "approved", "pending")
    assert Assister.get_by_id(other.id).roster_status == "approved"
    kept = RosterUpload.get()
    assert (kept.rows_applied, kept.rows_unchanged, kept.rows_refused) == (2, 1, 8)
    assert AuditEvent.get(AuditEvent.action == "roster.uploaded").detail == (
        "roster.csv: 2 applied, 1 unchanged, 8 refused")


def test_a_type_that_does_not_match_is_refused(factories, agency_admin, upload):
    person = staff(factories, agency_admin, "Nora", "Vang", roster_status="pending")
    report = upload(HEADERS + row(person, "approve", type="cac"))
    assert results(report) == [(2, "refused")]
    assert "type \u201ccac\u201d does not match" in report.rows[0].message


def test_formulas_are_refused_and_the_download_neutralises_them(factories, agency_admin, upload):
    sly = staff(factories, agency_admin, "Sly", "=HYPERLINK(1)", roster_status="pending")
    report = upload(HEADERS + row(sly, "approve") + row(sly, "@SUM(1)", email="+x@example.org"))
    assert [r.result for r in report.rows] == ["refused", "refused"]
    assert "last_name cell starts with \u201c=\u201d" in report.rows[0].message
    assert "email cell starts with \u201c+\u201d" in report.rows[1].message
    assert status(sly) == "pending"
    downloaded = roster_upload.download(agency_admin.agency)
    assert "sly@example.org,Sly,'=HYPERLINK(1),navigator,\r\n" in downloaded
    # The download, marked and uploaded as it is: the apostrophe is read off again.
    marked = downloaded.replace("navigator,\r\n", "navigator,approve\r\n")
    assert results(upload(marked)) == [(2, "applied")]
    assert status(sly) == "approved"


def test_the_same_file_twice_applies_nothing_twice(factories, agency_admin, upload):
    nora = staff(factories, agency_admin, "Nora", "Vang", roster_status="pending")
    carl = staff(factories, agency_admin, "Carl", "Li", "cac")
    text = HEADERS + row(nora, "approve") + row(carl, "inactive")
    first = upload(text)
    assert results(first) == [(2, "applied"), (3, "applied")] and first.uploaded_before is None
    audit_rows = AuditEvent.select().count()
    second = upload(text)
    assert results(second) == [(2, "unchanged"), (3, "unchanged")]
    assert second.uploaded_before.id == first.upload.id
    assert "already approved" in second.rows[0].message
    # Only the upload itself is audited the second time.
    assert AuditEvent.select().count() == audit_rows + 1


def test_a_row_failing_half_way_leaves_that_row_unapplied(
    factories, agency_admin, upload, monkeypatch
):
    people = [staff(factories, agency_admin, name, "Lee", roster_status="pending")
              for name in ("Ann", "Bea", "Cy")]
    sending = registration.send_activation_when_ready

    def fails_for_bea(actor, assister):
        if assister.first_name == "Bea":
            raise DomainError("The activation email could not be stored.")
        return sending(actor, assister)

    # Bea's roster status and audit row are written before the email fails.
    monkeypatch.setattr(registration, "send_activation_when_ready", fails_for_bea)
    report = upload(HEADERS + "".join(row(person, "approve") for person in people))
    assert results(report) == [(2, "applied"), (3, "refused"), (4, "applied")]
    assert report.rows[1].message == "The activation email could not be stored."
    assert [status(person) for person in people] == ["approved", "pending", "approved"]
    approved = AuditEvent.select().where(AuditEvent.action == "roster.approved")
    assert {event.object_id for event in approved} == {str(people[0].id), str(people[2].id)}


def test_ten_thousand_rows_in_a_few_seconds(agency_admin, upload):
    rows = [
        {
            "agency": agency_admin.agency_id, "assister_type": "navigator", "first_name": "Nav",
            "last_name": f"N{n:05d}", "email": f"nav{n:05d}@example.org",
            "phone": "612-555-0101", "street": "2 Lake St", "city": "Minneapolis",
            "zip_code": "55401", "county": "Hennepin", "certified_on": date(2026, 1, 1),
            "certification_expires_on": date(2026, 12, 31), "reference_number": f"R{n:09d}",
            "roster_status": "approved",
        }
        for n in range(10_000)
    ]
    with database.atomic():
        for start in range(0, len(rows), 500):
            Assister.insert_many(rows[start:start + 500]).execute()
    # One in twenty leave; the rest are already approved (a roster uploaded again with its
    # changes). Each change is a few statements; each row already so, none.
    text = HEADERS + "".join(
        f"{r['email']},Nav,{r['last_name']},navigator,{'inactive' if n % 20 == 0 else 'approve'}"
        "\r\n" for n, r in enumerate(rows)
    )
    assert len(text.encode()) < 2 * MB
    started = time.perf_counter()
    report = upload(text)
    elapsed = time.perf_counter() - started
    kept = report.upload
    assert (kept.rows_applied, kept.rows_unchanged, kept.rows_refused) == (500, 9_500, 0)
    assert Assister.select().where(Assister.roster_status == "inactive").count() == 500
    assert elapsed < 5, f"{elapsed:.1f} s"
