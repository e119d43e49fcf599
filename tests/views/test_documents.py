"""Upload documents for a verification request (S6.3) through the real screens: the consumer
and their assister upload, every bad file is refused on the form with nothing stored, staff
open (as a download), accept or reject in the admin, and a notice follows either way."""

import hashlib
import io
import re
import zlib
from html import unescape
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from db.applications import Application
from db.audit import AuditEvent
from db.consumers import Consumer
from db.documents import Document
from db.notices import Notice
from db.verifications import VerificationRequest
from portal.services import audit
from tests.conftest import csrf_token_from
from tests.views.wizard import page, submitted

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
PE = b"MZ\x90\x00\x03" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
PDF_OPENS_JS = b"%PDF-1.4\n1 0 obj <</OpenAction <</S /JavaScript /JS (app.alert(1))>>>> endobj\n"
PDF_ESCAPED_JS = b"%PDF-1.4\n1 0 obj <</AA <</O <</S /J#61vaScript /J#53 (x)>>>>>> endobj\n"
PDF_HIDDEN_JS = (b"%PDF-1.5\n2 0 obj <</Type /ObjStm /Filter /FlateDecode>>\nstream\n"
                 + zlib.compress(b"<</S /JavaScript /JS (app.alert(1))>>") + b"\nendstream\n")


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def documents_dir(app):
    return Path(app.config["DOCUMENTS_DIR"])


def stored_files(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def consumer_case(client, post_form, sign_in, factories, navigator):
    """A lawfully present immigrant applied in their own account (documents are asked for);
    the consumer and the upload page's URL. They have a navigator too."""
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    factories.association(for_consumer=consumer, for_assister=navigator)
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/", immigration_status="lawfully_present")
    request = VerificationRequest.get(VerificationRequest.consumer == consumer.id)
    return consumer, f"/documents/verifications/{request.id}/upload"


def post_files(client, url, fields, files, headers=None):
    """A multipart POST of `fields` and each (name, bytes) file, its body built in memory (the
    test client's own spools a large one to a temporary file it never closes)."""
    parts = MultiDict(fields)
    for name, content in files:
        parts.add("files", FileStorage(io.BytesIO(content), filename=name,
                                       content_type="application/octet-stream"))
    boundary, body = encode_multipart(parts)
    return client.post(url, data=body, headers=headers,
                       content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, url, files, document_type="i551", headers=None):
    """POST the upload form as a browser does: its CSRF token, the type, each (name, bytes)."""
    token = csrf_token_from(page(client, url))
    return post_files(client, url, {"csrf_token": token, "document_type": document_type}, files,
                      headers)


def test_the_consumer_uploads_from_their_home_page(client, consumer_case, documents_dir):
    consumer, url = consumer_case
    home = page(client, "/consumer/")
    assert f'href="{url}"' in home and "Upload documents" in home
    form = text(page(client, url))
    assert "Permanent Resident Card (I-551)" in form and "Foreign passport with visa" in form
    response = upload(client, url, [("green card.pdf", PDF), ("back.png", PNG)])
    assert response.status_code == 303 and response.headers["Location"] == url
    shown = text(page(client, url))
    assert "Received green card.pdf (Permanent Resident Card (I-551))." in shown
    assert "Received back.png" in shown
    rows = list(Document.select().order_by(Document.id))
    assert [(d.file_name, d.content_type, d.size, d.status, d.uploaded_role) for d in rows] == [
        ("green card.pdf", "application/pdf", len(PDF), "received", "consumer"),
        ("back.png", "image/png", len(PNG), "received", "consumer"),
    ]
    # Kept under random names outside the web root, with their checksums; nothing else left.
    assert stored_files(documents_dir) == sorted(d.storage_name for d in rows)
    for document, content in zip(rows, (PDF, PNG), strict=True):
        assert (documents_dir / document.storage_name).read_bytes() == content
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.storage_name not in document.file_name
    uploaded = AuditEvent.select().where(AuditEvent.action == "document.uploaded")
    assert [(e.actor_role, e.on_behalf_of_id) for e in uploaded] == [("consumer", consumer.id)] * 2
    home = text(page(client, "/consumer/"))
    assert "Permanent Resident Card (I-551) (green card.pdf), sent" in home
    assert "Received, waiting for review" in home


def test_the_same_file_again_is_recognized_not_stored_twice(client, consumer_case, documents_dir):
    _consumer, url = consumer_case
    assert upload(client, url, [("card.pdf", PDF)]).status_code == 303
    # Sent again (a double click, or a re-upload under another name): the first one is said.
    response = upload(client, url, [("card again.pdf", PDF), ("card.jpg", JPEG)])
    assert response.status_code == 303
    shown = text(page(client, url))
    assert re.search(r"card again\.pdf was already received on \w+ \d+, \d{4}", shown)
    assert "Received card.jpg" in shown
    assert Document.select().count() == 2 and len(stored_files(documents_dir)) == 2


BAD_FILES = {
    "no file": ([], "Choose a file to upload."),
    "an empty file": ([("empty.pdf", b"")], "empty.pdf is empty."),
    "a file too big": ([("huge.pdf", PDF + b"0" * (10 * 1024 * 1024))],
                       "huge.pdf is larger than 10 MB."),
    "a wrong type": ([("photo.gif", GIF)], "photo.gif is not a PDF, JPEG, PNG, HEIC or TIFF file"),
    "text named .pdf": ([("notes.pdf", b"just some text")], "notes.pdf is not a PDF"),
    "an ELF named .pdf": ([("card.pdf", ELF)], "card.pdf is a program, not a document"),
    "a Windows program named .pdf": ([("card.pdf", PE)], "card.pdf is a program, not a document"),
    "a PDF opening JavaScript": ([("card.pdf", PDF_OPENS_JS)], "contains a script"),
    "a PDF with escaped names": ([("card.pdf", PDF_ESCAPED_JS)], "contains a script"),
    "a PDF with JavaScript compressed": ([("card.pdf", PDF_HIDDEN_JS)], "contains a script"),
    "one bad file among good ones": ([("ok.png", PNG), ("card.pdf", ELF)], "is a program"),
}


@pytest.mark.parametrize("files, message", BAD_FILES.values(), ids=BAD_FILES)
def test_a_bad_file_is_refused_on_the_form_and_nothing_is_stored(
    client, consumer_case, documents_dir, files, message
):
    _consumer, url = consumer_case
    audit_rows = AuditEvent.select().count()
    response = upload(client, url, files, document_type="i766")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in text(html)
    # The document type chosen is kept.
    assert re.search(r'<option selected value="i766">|<option value="i766" selected', html)
    assert Document.select().count() == 0 and stored_files(documents_dir) == []
    assert AuditEvent.select().count() == audit_rows


def test_more_than_the_request_limit_is_said_on_the_form(client, consumer_case, documents_dir):
    _consumer, url = consumer_case
    files = [(f"page{n}.pdf", PDF + b"0" * (9 * 1024 * 1024)) for n in range(3)]
    response = upload(client, url, files)
    assert response.status_code == 303 and response.headers["Location"] == url
    shown = text(page(client, url))
    assert "Nothing was uploaded: the files sent together were larger than 25 MB." in shown
    # With htmx, the whole page is loaded again to show it.
    response = upload(client, url, files, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == url
    assert Document.select().count() == 0 and stored_files(documents_dir) == []


def test_a_failure_half_way_leaves_no_row_and_no_file(
    client, consumer_case, documents_dir, monkeypatch
):
    _consumer, url = consumer_case
    token = csrf_token_from(page(client, url))

    def fails(*args, **kwargs):
        raise RuntimeError("the audit insert failed")

    monkeypatch.setattr(audit, "record", fails)
    with pytest.raises(RuntimeError):
        post_files(client, url, {"csrf_token": token, "document_type": "i551"},
                   [("card.pdf", PDF)])
    assert Document.select().count() == 0
    assert stored_files(documents_dir) == []


def test_htmx_gets_the_upload_section(client, consumer_case):
    _consumer, url = consumer_case
    response = upload(client, url, [("card.pdf", PDF)], headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="upload-section"' in html and "Received card.pdf" in text(html)
    refused = upload(client, url, [("card.pdf", ELF)], headers={"HX-Request": "true"})
    assert refused.status_code == 200 and "is a program" in text(refused.get_data(as_text=True))


def test_the_assister_uploads_from_client_details(
    client, post_form, sign_in, consumer_case, navigator
):
    consumer, url = consumer_case
    post_form("/sign-out", {}, page="/consumer/")
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    details = page(client, f"/assister/clients/{consumer.id}")
    assert f'href="{url}"' in details
    reads = AuditEvent.select().where(AuditEvent.action == audit.VIEWED).count()
    assert "Upload documents for Carl Consumer" in text(page(client, url))
    viewed = AuditEvent.select().where(AuditEvent.action == audit.VIEWED).order_by(
        AuditEvent.id.desc()).first()
    assert AuditEvent.select().where(AuditEvent.action == audit.VIEWED).count() == reads + 1
    assert viewed.on_behalf_of_id == consumer.id and viewed.detail.startswith(
        "verification request: Immigration status")
    assert upload(client, url, [("i94.jpg", JPEG)], document_type="i94").status_code == 303
    document = Document.get()
    assert (document.uploaded_by_id, document.uploaded_role, document.document_type) == (
        navigator.user_id, "assister", "i94")
    event = AuditEvent.get(AuditEvent.action == "document.uploaded")
    assert event.actor_id == navigator.user_id and event.on_behalf_of_id == consumer.id
    # "Who acted on my behalf" tells the consumer.
    post_form("/sign-out", {}, page="/assister/")
    sign_in(consumer.user)
    activity = text(page(client, "/consumer/assisters/activity"))
    assert f"{navigator.user.full_name} Uploaded a document for you" in activity


def test_an_assister_without_consent_to_apply_is_refused(
    client, post_form, sign_in, consumer_case, navigator, documents_dir
):
    from db.associations import Association

    consumer, url = consumer_case
    post_form("/sign-out", {}, page="/consumer/")
    Association.update(may_apply=False).where(Association.consumer == consumer.id).execute()
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    details = page(client, f"/assister/clients/{consumer.id}")
    assert f'href="{url}"' not in details and "Upload documents" not in details
    response = client.get(url)
    assert response.status_code == 403
    assert "has not authorized you to apply" in text(response.get_data(as_text=True))
    token = csrf_token_from(page(client, f"/assister/clients/{consumer.id}"))
    response = post_files(client, url, {"csrf_token": token, "document_type": "i551"},
                          [("card.pdf", PDF)])
    assert response.status_code == 403
    assert Document.select().count() == 0 and stored_files(documents_dir) == []


def test_another_consumers_request_is_not_found(
    client, post_form, sign_in, factories, consumer_case, documents_dir
):
    _consumer, url = consumer_case
    post_form("/sign-out", {}, page="/consumer/")
    sign_in(factories.consumer().user)
    assert client.get(url).status_code == 404
    token = csrf_token_from(page(client, "/consumer/"))
    response = post_files(client, url, {"csrf_token": token, "document_type": "i551"},
                          [("card.pdf", PDF)])
    assert response.status_code == 404
    assert client.get("/documents/verifications/987654/upload").status_code == 404
    assert Document.select().count() == 0 and stored_files(documents_dir) == []


def test_a_post_without_csrf_is_refused(client, consumer_case, documents_dir):
    _consumer, url = consumer_case
    response = post_files(client, url, {"document_type": "i551"}, [("card.pdf", PDF)])
    assert response.status_code == 400
    assert Document.select().count() == 0 and stored_files(documents_dir) == []


def staff_reviews(client, post_form, sign_in, factories, signed_out_from="/consumer/"):
    post_form("/sign-out", {}, page=signed_out_from)
    sign_in(factories.staff())


def test_staff_open_accept_and_the_request_is_verified(
    client, post_form, sign_in, factories, consumer_case
):
    consumer, url = consumer_case
    assert upload(client, url, [("card.pdf", PDF)]).status_code == 303
    document = Document.get()
    staff_reviews(client, post_form, sign_in, factories)
    admin_home = page(client, "/admin/")
    waiting = "/admin/admin_document/?waiting=1"
    assert f'href="{waiting}"' in admin_home and "Documents to review" in admin_home
    listing = text(page(client, waiting))
    assert "card.pdf" in listing and "Received, waiting for review" in listing

    opened = client.get(f"/admin/admin_document/open/?id={document.id}")
    assert opened.status_code == 200 and opened.data == PDF
    assert opened.headers["Content-Disposition"].startswith("attachment;")
    assert "card.pdf" in opened.headers["Content-Disposition"]
    assert opened.headers["X-Content-Type-Options"] == "nosniff"
    assert opened.headers["Content-Type"] == "application/pdf"
    opened.close()
    event = AuditEvent.get(AuditEvent.action == "document.opened")
    assert event.actor_role == "staff" and event.on_behalf_of_id == consumer.id

    review = f"/admin/admin_document/review/?id={document.id}"
    assert "Permanent Resident Card (I-551)" in text(page(client, review))
    assert Document.get_by_id(document.id).status == "received"  # a GET changes nothing
    response = post_form(review, {"decision": "accept"})
    assert response.status_code == 302
    assert Document.get_by_id(document.id).status == "accepted"
    request = VerificationRequest.get_by_id(document.verification_request_id)
    assert request.status == "verified" and "card.pdf" in request.closed_note
    assert Consumer.get_by_id(consumer.id).verification_due_on is None
    notice = Notice.get(Notice.kind == "document_accepted")
    assert "We accepted the document" in notice.body and "card.pdf" in notice.body
    assert AuditEvent.select().where(AuditEvent.action == "document.accepted").count() == 1
    # Reviewed once: a second decision is refused, nothing more written.
    response = post_form(review, {"decision": "reject", "reason": "blurry"})
    assert response.status_code == 422
    assert Document.get_by_id(document.id).status == "accepted"
    assert Notice.select().where(Notice.kind.startswith("document")).count() == 1
    assert "card.pdf" not in text(page(client, waiting))
    assert "card.pdf" in text(page(client, "/admin/admin_document/"))


def test_staff_reject_with_a_reason_shown_to_consumer_and_assister(
    client, post_form, sign_in, factories, consumer_case, navigator
):
    consumer, url = consumer_case
    assert upload(client, url, [("card.jpg", JPEG)]).status_code == 303
    document = Document.get()
    staff_reviews(client, post_form, sign_in, factories)
    review = f"/admin/admin_document/review/?id={document.id}"
    response = post_form(review, {"decision": "reject", "reason": "   "})
    assert response.status_code == 422
    assert "Give the reason for rejecting this document." in text(response.get_data(as_text=True))
    assert Document.get_by_id(document.id).status == "received"
    assert Notice.select().where(Notice.kind == "document_rejected").count() == 0
    response = post_form(review, {"decision": "reject", "reason": "The card's expiry is cut off."})
    assert response.status_code == 302
    rejected = Document.get_by_id(document.id)
    assert (rejected.status, rejected.rejection_reason) == ("rejected",
                                                             "The card's expiry is cut off.")
    assert VerificationRequest.get_by_id(document.verification_request_id).status == "open"
    notice = Notice.get(Notice.kind == "document_rejected")
    assert "Why: The card's expiry is cut off." in notice.body

    post_form("/sign-out", {}, page="/admin/")
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    assert "Rejected: The card's expiry is cut off." in details
    assert ("Document not accepted (Permanent Resident Card (I-551), card.jpg: The card's "
            "expiry is cut off.)") in details
    assert "Document uploaded for verification (Permanent Resident Card (I-551), card.jpg)" \
        in details
    assert "Rejected: The card's expiry is cut off." in text(page(client, url))
    post_form("/sign-out", {}, page="/assister/")
    sign_in(consumer.user)
    assert "Rejected: The card's expiry is cut off." in text(page(client, "/consumer/"))
    # The notice is on the case, with the others, and opens as they do.
    application = Application.get(Application.consumer == consumer.id)
    results = page(client, f"/applications/{application.id}/results")
    assert "Document not accepted: Permanent Resident Card (I-551)" in text(results)
    shown = text(page(client, f"/clients/{consumer.id}/notices/{notice.id}"))
    assert "Why: The card's expiry is cut off." in shown and "Send one by" in shown


def test_a_closed_request_takes_no_more_documents(
    client, consumer_case, documents_dir
):
    _consumer, url = consumer_case
    VerificationRequest.update(status="verified").execute()
    shown = text(page(client, url))
    assert "This request is verified: no more documents are needed for it." in shown
    # Its own link is gone; documents may still be sent as "other".
    assert f'href="{url}"' not in page(client, "/consumer/")
