"""Upload documents in Debian chromium: a consumer asked to prove their immigration status opens
Upload documents from their home page, is refused a program named like a PDF (the document type
kept), then uploads a PDF and sees it received — with htmx swapping the section, and again with
JavaScript off. axe-core finds no violation on the page."""

import pytest
from playwright.sync_api import expect

from db.documents import Document
from tests.browser.test_application_journey import browsing, sign_in_consumer
from tests.factories import PASSWORD
from tests.views.wizard import submitted

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def file(name, content):
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


@pytest.fixture
def asked_for_documents(client, post_form, sign_in, factories):
    consumer = factories.consumer(first_name="Nadia", last_name="Noor")
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/", immigration_status="lawfully_present")
    return consumer


def _journey(page, base, consumer, check, received_name):
    sign_in_consumer(page, base, consumer.user.username, PASSWORD)
    page.get_by_role("link", name="Upload documents").click()
    expect(page.get_by_role("heading", name="Upload documents", exact=True)).to_be_visible()
    check(page)
    page.get_by_label("Which document is it?").select_option(
        label="Arrival/Departure Record (I-94)")
    page.get_by_label("Files").set_input_files([file("i94.pdf", ELF)])
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-section .usa-error-message")).to_contain_text(
        "i94.pdf is a program, not a document")
    expect(page.get_by_label("Which document is it?")).to_have_value("i94")
    check(page)
    page.get_by_label("Files").set_input_files([file(received_name, PDF)])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text(f"Received {received_name} (Arrival/Departure Record (I-94)).")
           ).to_be_visible()
    expect(page.get_by_role("cell", name=received_name)).to_be_visible()
    check(page)


def test_a_consumer_uploads_a_document(app, live_server, page, axe_check, asked_for_documents):
    def no_violations(p):
        assert axe_check(p) == []

    _journey(page, live_server, asked_for_documents, no_violations, "i94 scan.pdf")
    assert [d.file_name for d in Document.select()] == ["i94 scan.pdf"]


def test_without_javascript(app, live_server, browser, asked_for_documents):
    with browsing(browser, java_script_enabled=False) as page:
        _journey(page, live_server, asked_for_documents, lambda p: None, "no script.pdf")
    assert [d.file_name for d in Document.select()] == ["no script.pdf"]
