"""Upload documents as "other" (S6.3), asked for by no verification request, through the real
screens: from the actions on the consumer's home and Client Details (with consent to apply),
refused on the form with nothing stored, listed with their status, reviewed in the admin."""

import pytest

from db.associations import Association
from db.audit import AuditEvent
from db.cases import Case
from db.documents import Document
from db.notices import Notice
from portal.services import audit
from tests.conftest import csrf_token_from
from tests.views.test_documents import ELF, GIF, JPEG, PDF, PNG, post_files, stored_files, text
from tests.views.wizard import page, submitted


@pytest.fixture
def documents_dir(app):
    from pathlib import Path

    return Path(app.config["DOCUMENTS_DIR"])


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def consumer(sign_in, factories, navigator):
    """A consumer with no application yet, signed in, who has a navigator."""
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    factories.association(for_consumer=consumer, for_assister=navigator)
    sign_in(consumer.user)
    return consumer


def url_of(consumer):
    return f"/documents/consumers/{consumer.id}/upload"


def upload(client, url, files, document_type="income", note="", headers=None):
    token = csrf_token_from(page(client, url))
    return post_files(client, url, {"csrf_token": token, "document_type": document_type,
                                    "note": note}, files, headers)


def as_navigator(client, post_form, sign_in, consumer, navigator):
    post_form("/sign-out", {}, page="/consumer/")
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})


def test_the_consumer_sends_a_document_from_their_home(client, consumer, documents_dir):
    url = url_of(consumer)
    home = page(client, "/consumer/")
    assert f'href="{url}"' in home
    form = text(page(client, url))
    assert "Proof of income" in form and "Birth certificate" in form
    assert "Permanent Resident Card" not in form  # a request's documents are not offered
    response = upload(client, url, [("pay stub.pdf", PDF), ("march.png", PNG)],
                      note="Pay stubs from my  new job")
    assert response.status_code == 303 and response.headers["Location"] == url
    shown = text(page(client, url))
    assert "Received pay stub.pdf (Proof of income)." in shown and "Received march.png" in shown
    rows = list(Document.select().order_by(Document.id))
    assert [(d.file_name, d.document_type, d.note, d.verification_request_id, d.case_id,
             d.uploaded_role) for d in rows] == [
        ("pay stub.pdf", "income", "Pay stubs from my new job", None, None, "consumer"),
        ("march.png", "income", "Pay stubs from my new job", None, None, "consumer"),
    ]
    assert stored_files(documents_dir) == sorted(d.storage_name for d in rows)
    assert "Pay stubs from my new job" in shown  # the table of documents sent
    uploaded = AuditEvent.select().where(AuditEvent.action == "document.uploaded_other")
    assert [(e.actor_role, e.on_behalf_of_id) for e in uploaded] == [("consumer", consumer.id)] * 2
    home = text(page(client, "/consumer/"))
    assert "Other documents" in home
    assert "Proof of income (pay stub.pdf), for “Pay stubs from my new job”, sent" in home
    assert "Received, waiting for review" in home
    # Sent again, a double click or later: one document, the first one said.
    assert upload(client, url, [("again.pdf", PDF)], document_type="other").status_code == 303
    assert "again.pdf was already received on" in text(page(client, url))
    assert Document.select().count() == 2 and len(stored_files(documents_dir)) == 2


BAD = {
    "no file": ({"files": []}, "Choose a file to upload."),
    "a program": ({"files": [("stub.pdf", ELF)]}, "stub.pdf is a program"),
    "not a document": ({"files": [("pic.png", GIF)]}, "pic.png is not a PDF, JPEG"),
    "one bad of two": ({"files": [("a.pdf", PDF), ("b.pdf", b"")]}, "b.pdf is empty."),
    "no type": ({"document_type": ""}, "Choose which document this is."),
    "a request's type": ({"document_type": "i551"}, "Not a valid choice."),
    "a long note": ({"note": "x" * 201}, "Keep the note to 200 characters or fewer."),
}


@pytest.mark.parametrize("sent, message", BAD.values(), ids=BAD.keys())
def test_bad_input_is_said_on_the_form_and_nothing_is_stored(
    client, consumer, documents_dir, sent, message
):
    url = url_of(consumer)
    fields = {"document_type": "address", "note": "My lease", "files": [("a.pdf", PDF)]} | sent
    response = upload(client, url, fields.pop("files"), **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in text(html)
    assert f'value="{fields["note"]}"' in html  # what was typed is kept
    assert Document.select().count() == 0 and stored_files(documents_dir) == []
    assert not AuditEvent.select().where(AuditEvent.action == "document.uploaded_other").exists()


def test_htmx_gets_the_upload_section(client, consumer):
    url = url_of(consumer)
    headers = {"HX-Request": "true"}
    response = upload(client, url, [("lease.jpg", JPEG)], document_type="address",
                      headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="upload-section"' in html and "Received lease.jpg (Proof of address)." in text(html)
    refused = upload(client, url, [("x.pdf", ELF)], headers=headers)
    assert refused.status_code == 200 and "is a program" in text(refused.get_data(as_text=True))


def test_the_assister_sends_one_on_the_case_and_it_shows_on_client_details(
    client, post_form, sign_in, consumer, navigator
):
    submitted(client, post_form, consumer.id, "/consumer/")
    case = Case.get(Case.consumer == consumer.id)
    as_navigator(client, post_form, sign_in, consumer, navigator)
    url = url_of(consumer)
    assert f'href="{url}"' in page(client, f"/assister/clients/{consumer.id}")
    reads = AuditEvent.select().where(AuditEvent.action == audit.VIEWED).count()
    assert "Upload documents for Carl Consumer" in text(page(client, url))
    viewed = AuditEvent.select().where(AuditEvent.action == audit.VIEWED).order_by(
        AuditEvent.id.desc()).first()
    assert AuditEvent.select().where(AuditEvent.action == audit.VIEWED).count() == reads + 1
    assert (viewed.on_behalf_of_id, viewed.detail) == (consumer.id, "documents")
    response = upload(client, url, [("coverage.pdf", PDF)], document_type="other_coverage")
    assert response.status_code == 303
    document = Document.get()
    assert (document.uploaded_by_id, document.uploaded_role, document.case_id) == (
        navigator.user_id, "assister", case.id)
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    assert "Proof of other health coverage (coverage.pdf), sent" in details
    assert "Document uploaded (other, not for a verification request)" in details
    post_form("/sign-out", {}, page="/assister/")
    sign_in(consumer.user)
    activity = text(page(client, "/consumer/assisters/activity"))
    assert f"{navigator.user.full_name} Uploaded a document for you (other" in activity


def test_an_assister_without_consent_to_apply_is_refused(
    client, post_form, sign_in, consumer, navigator, documents_dir
):
    Association.update(may_apply=False).where(Association.consumer == consumer.id).execute()
    as_navigator(client, post_form, sign_in, consumer, navigator)
    url = url_of(consumer)
    details = page(client, f"/assister/clients/{consumer.id}")
    assert f'href="{url}"' not in details
    response = client.get(url)
    assert response.status_code == 403
    assert "has not authorized you to apply" in text(response.get_data(as_text=True))
    token = csrf_token_from(details)
    response = post_files(client, url, {"csrf_token": token, "document_type": "income"},
                          [("stub.pdf", PDF)])
    assert response.status_code == 403
    assert Document.select().count() == 0 and stored_files(documents_dir) == []


def test_another_consumers_id_is_not_found(
    client, post_form, sign_in, factories, consumer, documents_dir
):
    url = url_of(consumer)
    post_form("/sign-out", {}, page="/consumer/")
    sign_in(factories.consumer().user)
    assert client.get(url).status_code == 404
    token = csrf_token_from(page(client, "/consumer/"))
    response = post_files(client, url, {"csrf_token": token, "document_type": "income"},
                          [("stub.pdf", PDF)])
    assert response.status_code == 404
    assert client.get("/documents/consumers/987654/upload").status_code == 404
    assert Document.select().count() == 0 and stored_files(documents_dir) == []


def test_an_assister_not_associated_is_not_found(client, sign_in, factories, consumer):
    client.post("/sign-out", data={"csrf_token": csrf_token_from(page(client, "/consumer/"))})
    sign_in(factories.assister("broker", with_account=True).user)
    assert client.get(url_of(consumer)).status_code == 404


def test_staff_accept_and_reject_documents_sent_as_other(
    client, post_form, sign_in, factories, consumer
):
    url = url_of(consumer)
    assert upload(client, url, [("stub.pdf", PDF)], note="My raise").status_code == 303
    assert upload(client, url, [("lease.jpg", JPEG)], document_type="address").status_code == 303
    stub, lease = Document.select().order_by(Document.id)
    post_form("/sign-out", {}, page="/consumer/")
    sign_in(factories.staff())
    listing = text(page(client, "/admin/admin_document/?waiting=1"))
    assert "Other: Proof of income" in listing and "Other: Proof of address" in listing

    review = f"/admin/admin_document/review/?id={stub.id}"
    shown = text(page(client, review))
    assert "Other: not for a verification request" in shown and "My raise" in shown
    response = post_form(review, {"decision": "accept"})
    assert response.status_code == 302
    assert Document.get_by_id(stub.id).status == "accepted"
    accepted = Notice.get(Notice.kind == "document_accepted")
    assert (accepted.title, accepted.case_id) == ("Document accepted: Proof of income", None)
    assert "We keep it with your account, for what you said it is for: My raise." in accepted.body

    review = f"/admin/admin_document/review/?id={lease.id}"
    assert post_form(review, {"decision": "reject", "reason": " "}).status_code == 422
    assert Document.get_by_id(lease.id).status == "received"
    response = post_form(review, {"decision": "reject", "reason": "The address is cut off."})
    assert response.status_code == 302
    rejected = Notice.get(Notice.kind == "document_rejected")
    assert "Why: The address is cut off." in rejected.body
    assert AuditEvent.select().where(AuditEvent.action.in_(
        ["document.accepted", "document.rejected"])).count() == 2

    post_form("/sign-out", {}, page="/admin/")
    sign_in(consumer.user)
    home = text(page(client, "/consumer/"))
    assert "Proof of income (stub.pdf), for “My raise”, sent" in home and "Accepted" in home
    assert "Rejected: The address is cut off." in home
