"""portal/services/documents.py: files judged by content, stored all or nothing, recognized when
sent again; staff's accept and reject."""

import io
import os
import zlib
from datetime import timedelta
from pathlib import Path

import pytest

from db import utcnow
from db.audit import AuditEvent
from db.cases import Case
from db.documents import Document
from db.notices import Notice
from db.verifications import VerificationRequest
from portal.errors import DomainError
from portal.services import applications, documents

PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# An ISO base media file whose brand is HEIC, as a phone's camera writes it.
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32


def sent(*files):
    return [(name, io.BytesIO(content)) for name, content in files]


@pytest.mark.parametrize("name, shown", [
    ("card.pdf", "card.pdf"),
    ("C:\\Users\\carl\\scans\\card.pdf", "card.pdf"),
    ("../../etc/passwd", "passwd"),
    ("evil\u202efdp.exe", "evilfdp.exe"),  # a right-to-left override, which hides ".exe"
    ("line\nbreak\x00.png", "linebreak.png"),
    ("  many   spaces .pdf ", "many spaces .pdf"),
    ("", "document"),
    ("...", "document"),
    ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
])
def test_a_file_name_is_made_safe_to_show(name, shown):
    assert documents.display_name(name) == shown


@pytest.mark.parametrize("content, content_type", [
    (PDF, "application/pdf"), (PNG, "image/png"), (b"\xff\xd8\xff\xdb" + b"\x00" * 16,
                                                   "image/jpeg"),
    (HEIC, "image/heic"), (TIFF, "image/tiff"),
])
def test_each_kind_of_document_is_known_by_its_content(content, content_type):
    checked = documents.check_file("scan.bin", io.BytesIO(content))
    assert checked.content_type == content_type and checked.file_name == "scan.bin"


@pytest.mark.parametrize("pdf", [
    b"%PDF-1.4 <</OpenAction <</S /JavaScript /JS (x)>>>>",
    b"%PDF-1.4 <</AA <</O 5 0 R>>>> 5 0 obj <</S/JS(x)>>",
    b"%PDF-1.4 <</S /Launch /F (cmd.exe)>>",
    b"%PDF-1.4 <</S /J#61vaScript>>",
    b"%PDF-1.5 stream\n" + zlib.compress(b"<</JS (x)>>") + b"\nendstream",
    # Behind another stream: each one is read from its own start.
    b"%PDF-1.5 1 0 obj stream\n" + zlib.compress(b"BT ET") + b"\nendstream\nendobj\n"
    b"2 0 obj <</Filter /FlateDecode>> stream\n" + zlib.compress(b"<</S /JavaScript>>")
    + b"\nendstream",
])
def test_a_pdf_that_runs_something_is_found(pdf):
    assert documents.runs_something(pdf)


@pytest.mark.parametrize("pdf", [
    PDF,
    b"%PDF-1.4 <</JSON (not a script)>> <</Type /Font /BaseFont /JSans>>",
    b"%PDF-1.5 stream\n" + zlib.compress(b"BT /F1 12 Tf (JavaScript is a word) Tj ET")
    + b"\nendstream",
    b"%PDF-1.5 stream\n\xff\xd8\xff not deflated\nendstream",
])
def test_an_ordinary_pdf_is_not(pdf):
    # A word in the text is not an action: only a name (after a slash) is.
    assert not documents.runs_something(pdf)


def test_a_stream_that_inflates_beyond_reason_counts_as_running_something():
    bomb = zlib.compress(b"\x00" * (documents.PDF_INFLATED_MAX + 1), 9)
    assert documents.runs_something(b"%PDF-1.5 stream\n" + bomb + b"\nendstream")


def test_the_files_of_one_upload_are_checked_together():
    with pytest.raises(documents.FilesRefused) as refused:
        documents.check_files(sent(("a.pdf", b""), ("b.pdf", b"MZ" + b"\x00" * 30),
                                   ("c.png", PNG)))
    assert refused.value.problems == [
        "a.pdf is empty. Choose the file again, or scan it again.",
        "b.pdf is a program, not a document: it can't be uploaded.",
    ]
    nine_mb = PDF + b"0" * (9 * 1024 * 1024)
    with pytest.raises(documents.FilesRefused) as refused:
        documents.check_files(sent(("1.pdf", nine_mb), ("2.pdf", nine_mb + b"1"),
                                   ("3.pdf", nine_mb + b"2")))
    assert refused.value.problems == [
        "The files add up to more than 25 MB. Upload them a few at a time."
    ]


@pytest.fixture
def verification(factories):
    """A consumer's case asking for proof of immigration status (as the rules open one)."""
    consumer = factories.consumer()
    application = applications.start(factories.actor(consumer.user), consumer)
    case = Case.create(consumer=consumer, application=application, case_number="C00000001")
    request = VerificationRequest.create(
        consumer=consumer, case=case, kind="immigration", reason="Send a copy of one document.",
        due_on=utcnow().date() + timedelta(days=95),
    )
    return consumer, request


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "uploads"


def files_in(folder):
    return sorted(path.name for path in Path(folder).iterdir())


def test_an_upload_stores_each_file_once(factories, verification, folder):
    consumer, request = verification
    actor = factories.actor(consumer.user)
    received = documents.upload(actor, request, "i551",
                                sent(("front.pdf", PDF), ("front copy.pdf", PDF)), folder)
    assert [d.file_name for d in received.stored] == ["front.pdf"] and received.already == []
    assert files_in(folder) == [received.stored[0].storage_name]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    again = documents.upload(actor, request, "i766", sent(("again.pdf", PDF), ("b.png", PNG)),
                             folder)
    assert [d.file_name for d in again.stored] == ["b.png"]
    assert [(name, d.file_name) for name, d in again.already] == [("again.pdf", "front.pdf")]
    assert Document.select().count() == 2 and len(files_in(folder)) == 2


def test_a_document_type_the_request_does_not_take_is_refused(factories, verification, folder):
    consumer, request = verification
    with pytest.raises(DomainError) as refused:
        documents.upload(factories.actor(consumer.user), request, "w2", sent(("a.pdf", PDF)),
                         folder)
    assert refused.value.field == "document_type"
    assert Document.select().count() == 0


def test_a_failure_as_the_files_are_put_in_place_leaves_nothing(
    factories, verification, folder, monkeypatch
):
    consumer, request = verification
    real_replace = os.replace
    moved = []

    def second_fails(source, target):
        if moved:
            raise OSError("disk full")
        moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(OSError):
        documents.upload(factories.actor(consumer.user), request, "i551",
                         sent(("a.pdf", PDF), ("b.png", PNG)), folder)
    assert moved  # the first file was in place: it is gone again with its row
    assert Document.select().count() == 0 and files_in(folder) == []
    assert AuditEvent.select().where(AuditEvent.action == "document.uploaded").count() == 0


def test_accept_verifies_the_request_and_issues_a_notice(factories, verification, folder):
    consumer, request = verification
    received = documents.upload(factories.actor(consumer.user), request, "i551",
                                sent(("a.pdf", PDF)), folder)
    staff = factories.actor(factories.staff())
    documents.accept(staff, received.stored[0])
    assert VerificationRequest.get_by_id(request.id).status == "verified"
    assert Notice.get(Notice.kind == "document_accepted").title.startswith("Document accepted")
    with pytest.raises(DomainError, match="already been reviewed"):
        documents.reject(staff, Document.get(), "too late")
    # Closed: no more documents for it.
    with pytest.raises(DomainError, match="verified"):
        documents.upload(factories.actor(consumer.user), VerificationRequest.get_by_id(request.id),
                         "i551", sent(("b.png", PNG)), folder)


def test_reject_needs_a_reason_and_leaves_the_request_open(factories, verification, folder):
    consumer, request = verification
    received = documents.upload(factories.actor(consumer.user), request, "i551",
                                sent(("a.pdf", PDF)), folder)
    staff = factories.actor(factories.staff())
    with pytest.raises(DomainError) as refused:
        documents.reject(staff, received.stored[0], " ")
    assert refused.value.field == "reason" and Document.get().status == "received"
    documents.reject(staff, received.stored[0], "Unreadable:  too dark")
    document = Document.get()
    assert (document.status, document.rejection_reason, document.reviewed_by_id) == (
        "rejected", "Unreadable: too dark", staff.user.id)
    assert VerificationRequest.get_by_id(request.id).status == "open"
    assert "Why: Unreadable: too dark" in Notice.get(Notice.kind == "document_rejected").body
    rejected = AuditEvent.get(AuditEvent.action == "document.rejected")
    assert rejected.on_behalf_of_id == consumer.id and rejected.actor_role == "staff"


def test_a_double_click_that_races_finds_the_first_upload(
    factories, verification, folder, monkeypatch
):
    """The same file stored by another request between this one's look and its insert: the
    unique (request, SHA-256) refuses the second row, and the upload reports the first."""
    consumer, request = verification
    actor = factories.actor(consumer.user)
    write = documents._write_incoming

    def the_other_click_stores_it_first(target, content):
        if not Document.select().exists():
            monkeypatch.setattr(documents, "_write_incoming", write)
            documents.upload(actor, request, "i551", sent(("a.pdf", PDF)), folder)
        return write(target, content)

    monkeypatch.setattr(documents, "_write_incoming", the_other_click_stores_it_first)
    received = documents.upload(actor, request, "i551", sent(("a.pdf", PDF)), folder)
    first = Document.get()
    assert received.stored == [] and received.already == [("a.pdf", first)]
    assert files_in(folder) == [first.storage_name]


# Documents sent as "other": for the consumer (and their open case), no request.


def test_a_document_sent_as_other_is_the_consumers_on_their_open_case(
    factories, verification, folder
):
    consumer, request = verification
    actor = factories.actor(consumer.user)
    received = documents.upload_other(actor, consumer, "income", "  For my   new job ",
                                      sent(("pay.pdf", PDF), ("pay again.pdf", PDF)), folder)
    document = Document.get_by_id(received.stored[0].id)
    assert (document.verification_request_id, document.case_id, document.document_type,
            document.note) == (None, request.case_id, "income", "For my new job")
    assert document.get_document_type_display() == "Proof of income"
    assert files_in(folder) == [document.storage_name]
    uploaded = AuditEvent.get(AuditEvent.action == "document.uploaded_other")
    assert (uploaded.on_behalf_of_id, uploaded.object_id) == (consumer.id, str(document.id))
    # Sent again as "other", whatever its type: one document. For a request: one of its own.
    again = documents.upload_other(actor, consumer, "address", "", sent(("same.pdf", PDF)),
                                   folder)
    assert again.stored == []
    assert [(name, d.id) for name, d in again.already] == [("same.pdf", document.id)]
    for_request = documents.upload(actor, request, "i551", sent(("card.pdf", PDF)), folder)
    assert len(for_request.stored) == 1 and Document.select().count() == 2
    assert documents.other_for(consumer) == [document]


def test_a_document_sent_as_other_before_any_case_has_none(factories, folder):
    consumer = factories.consumer()
    received = documents.upload_other(factories.actor(consumer.user), consumer,
                                      "birth_certificate", None, sent(("b.png", PNG)), folder)
    assert (received.stored[0].case_id, received.stored[0].note) == (None, None)


@pytest.mark.parametrize("document_type, note, files, field", [
    ("i551", "", [("a.pdf", PDF)], "document_type"),  # a request's type, not one for "other"
    ("", "", [("a.pdf", PDF)], "document_type"),
    ("income", "x" * 201, [("a.pdf", PDF)], "note"),
    ("income", "", [("a.pdf", b"MZ\x90\x00" + b"\x00" * 64)], "files"),
    ("income", "", [("a.pdf", PDF), ("b.txt", b"hello")], "files"),
    ("income", "", [], "files"),
])
def test_a_refused_other_upload_stores_nothing(factories, folder, document_type, note, files,
                                               field):
    consumer = factories.consumer()
    with pytest.raises(DomainError) as refused:
        documents.upload_other(factories.actor(consumer.user), consumer, document_type, note,
                               sent(*files), folder)
    assert refused.value.field == field
    assert Document.select().count() == 0
    assert not folder.exists() or files_in(folder) == []
    assert not AuditEvent.select().where(AuditEvent.action == "document.uploaded_other").exists()


def test_a_double_click_on_an_other_upload_that_races_finds_the_first(
    factories, verification, folder, monkeypatch
):
    """The partial unique (consumer, SHA-256) index refuses the second row of a file sent as
    "other" twice at once; the upload reports the first."""
    consumer, _request = verification
    actor = factories.actor(consumer.user)
    write = documents._write_incoming

    def the_other_click_stores_it_first(target, content):
        if not Document.select().exists():
            monkeypatch.setattr(documents, "_write_incoming", write)
            documents.upload_other(actor, consumer, "income", "", sent(("a.pdf", PDF)), folder)
        return write(target, content)

    monkeypatch.setattr(documents, "_write_incoming", the_other_click_stores_it_first)
    received = documents.upload_other(actor, consumer, "income", "", sent(("a.pdf", PDF)), folder)
    first = Document.get()
    assert received.stored == [] and received.already == [("a.pdf", first)]
    assert files_in(folder) == [first.storage_name]


def test_accepting_an_other_document_verifies_no_request(factories, verification, folder):
    consumer, request = verification
    received = documents.upload_other(factories.actor(consumer.user), consumer, "address",
                                      "New lease", sent(("lease.pdf", PDF)), folder)
    documents.accept(factories.actor(factories.staff()), received.stored[0])
    assert Document.get().status == "accepted"
    assert VerificationRequest.get_by_id(request.id).status == "open"
    notice = Notice.get(Notice.kind == "document_accepted")
    assert notice.title == "Document accepted: Proof of address (case C00000001)"
    assert notice.case_id == request.case_id
    assert "We keep it with your account, for what you said it is for: New lease." in notice.body
    assert "verified" not in notice.body


def test_rejecting_an_other_document_says_why_without_a_case(factories, folder):
    consumer = factories.consumer()
    received = documents.upload_other(factories.actor(consumer.user), consumer, "other", "",
                                      sent(("scan.png", PNG)), folder)
    staff = factories.actor(factories.staff())
    with pytest.raises(DomainError) as refused:
        documents.reject(staff, received.stored[0], "")
    assert refused.value.field == "reason" and Document.get().status == "received"
    documents.reject(staff, received.stored[0], "Blank page")
    notice = Notice.get(Notice.kind == "document_rejected")
    assert (notice.title, notice.case_id) == ("Document not accepted: Other document", None)
    assert "Why: Blank page" in notice.body and "send a clear copy" in notice.body
    assert "Send one by" not in notice.body
