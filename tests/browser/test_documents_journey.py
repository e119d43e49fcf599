"""Upload documents in Debian chromium: a consumer asked to prove their immigration status opens
Upload documents from their home page, is refused a program named like a PDF (the document type
kept), then uploads a PDF and sees it received — with htmx swapping the section, and again with
JavaScript off — and sends one more as "other" from the home page's actions. The demo broker
uploads one for consumer01, staff accept it from Documents to review, and the broker's
Verification deadlines count drops. axe-core finds no violation."""

import re

import pytest
from playwright.sync_api import expect

from db.accounts import User
from db.assisters import Assister
from db.consumers import Consumer
from db.documents import Document
from portal import demo
from tests.browser.conftest import sign_in_with_mfa
from tests.browser.test_application_journey import browsing, sign_in_consumer
from tests.browser.test_enrollment_journey import Journey, open_client
from tests.conftest import emailed_code
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
    page.get_by_role("link", name=re.compile("^Upload documents for")).click()
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
    # And one nobody asked for, as "other", from the actions on the home page.
    page.goto(f"{live_server}/consumer/")
    page.get_by_role("link", name="Upload documents", exact=True).click()
    no_violations(page)
    page.get_by_label("Which document is it?").select_option(label="Proof of income")
    page.get_by_label("What is it for?").fill("My new job")
    page.get_by_label("Files").set_input_files([file("pay stub.pdf", PDF)])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Received pay stub.pdf (Proof of income).")).to_be_visible()
    expect(page.get_by_role("cell", name="My new job")).to_be_visible()
    no_violations(page)
    page.goto(f"{live_server}/consumer/")
    expect(page.get_by_text("Proof of income (pay stub.pdf), for “My new job”")).to_be_visible()


def test_without_javascript(app, live_server, browser, asked_for_documents):
    with browsing(browser, java_script_enabled=False) as page:
        _journey(page, live_server, asked_for_documents, lambda p: None, "no script.pdf")
    assert [d.file_name for d in Document.select()] == ["no script.pdf"]


def verification_deadlines(page):
    """The work queue's "Verification deadlines: N", as a number."""
    entry = page.locator(".portal-work-queue").get_by_text(re.compile("Verification deadlines"))
    return int(entry.inner_text().rsplit(":", 1)[1].replace(",", ""))


def staff_signs_in(page, base, staff):
    page.goto(f"{base}/sign-in")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(demo.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/sign-in/mfa/register")
    page.get_by_label("Email address").fill(staff.email)
    page.locator("label[for=agree]").click()
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("link", name="Enter the access code").click()
    page.get_by_label("One time access code").fill(emailed_code(staff))
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"{base}/admin/")


def test_the_broker_uploads_for_the_demo_client_and_staff_accept_it(
    app, live_server, page, browser, axe_check
):
    with app.app_context():
        demo.seed()
    consumer = Consumer.get(Consumer.email == "consumer01@consumers.example")
    broker = Assister.get(Assister.user == User.get(User.username == "broker"))

    def check(p):
        assert axe_check(p) == []

    journey = Journey(page, live_server, consumer, broker, demo.PASSWORD, check)
    open_client(journey)
    page.get_by_role("link", name=re.compile("^Upload documents for")).click()
    check(page)
    page.get_by_label("Which document is it?").select_option(
        label="Permanent Resident Card (I-551)")
    page.get_by_label("Files").set_input_files([file("green card.pdf", PDF)])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Received green card.pdf")).to_be_visible()
    page.goto(f"{live_server}/assister/")
    before = verification_deadlines(page)
    assert before >= 1

    with browsing(browser) as admin:
        staff_signs_in(admin, live_server, User.get(User.username == "staff"))
        admin.get_by_role("link", name="Documents to review").click()
        check(admin)
        row = admin.locator("tr", has_text="green card.pdf")
        row.get_by_title("Accept or reject").click()
        check(admin)
        admin.get_by_role("button", name="Accept").click()
        expect(admin.get_by_text("Accepted: the request is verified")).to_be_visible()

    page.goto(f"{live_server}/assister/")
    assert verification_deadlines(page) == before - 1
    page.goto(f"{live_server}/assister/clients/{consumer.id}")
    expect(page.get_by_text("Document accepted (Permanent Resident Card (I-551), green card.pdf)")
           ).to_be_visible()


def test_the_consumer_and_the_broker_read_notices(app, live_server, page, browser, axe_check):
    """The demo broker's Unread notices lists consumer01 (his decision and the request for
    documents came after the broker's authorization); the broker opens one from Client Details,
    and it is read for the broker, still unread for the consumer."""
    with app.app_context():
        demo.seed()
    consumer = Consumer.get(Consumer.email == "consumer01@consumers.example")
    broker = Assister.get(Assister.user == User.get(User.username == "broker"))

    def check(p):
        assert axe_check(p) == []

    sign_in_with_mfa(page, live_server, broker.user, demo.PASSWORD)
    page.get_by_role("link", name=re.compile(r"^Unread notices: \d+$")).click()
    expect(page.get_by_text(re.compile(r"\(with unread notices\)\.$")).first).to_be_visible()
    check(page)
    page.get_by_role("link", name=re.compile(rf"^Assist Client\W+{consumer.full_name}$")).click()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name=re.compile(r"^Notices \(\d+ unread\)$")).click()
    expect(page.get_by_role("heading", name=f"Notices for {consumer.full_name}")).to_be_visible()
    check(page)
    title = page.locator("tbody th a").filter(has_text="Eligibility determination").inner_text()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    check(page)
    page.get_by_role("link", name=f"Notices for {consumer.full_name}").click()
    expect(page.locator("tr", has_text=title).get_by_role("cell", name="Read", exact=True)
           ).to_be_visible()

    with browsing(browser) as own:
        sign_in_consumer(own, live_server, consumer.user.username, demo.PASSWORD)
        own.get_by_role("link", name=re.compile(r"^Notices \(\d+ unread\)$")).click()
        expect(own.get_by_role("heading", name="Your notices")).to_be_visible()
        check(own)
        expect(own.locator("tr", has_text=title).get_by_text("Unread", exact=True)).to_be_visible()
