"""Opening a page changes nothing: a wizard step, the signature page or the Notice of Rights
and Responsibilities opened (by a link from anywhere) neither takes the edit hold nor records
the notice as read. The save takes the hold; "I have read" is a post."""

from datetime import timedelta

import pytest

from db import database, utcnow
from db.applications import Application
from db.audit import AuditEvent
from db.enrollments import Enrollment
from portal.actors import SYSTEM
from portal.services import plan_data
from tests.conftest import csrf_token_from
from tests.views.test_enrollment import enroll_start, through_summary
from tests.views.wizard import (
    CONTACT,
    complete_to_signature,
    page,
    post_step,
    read_rights,
    start,
    submitted,
    version_of,
)

APPLICATION_PAGES = ("contact", "household", "income", "coverage", "summary", "signature",
                     "rights")
ENROLLMENT_PAGES = ("privacy", "plans", "tax_credit", "summary", "signature")


def snapshot():
    """Every table's rows (the session table's count only: each request refreshes its row)."""
    state = {}
    for table in sorted(database.get_tables()):
        if table == "user_session":
            state[table] = database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchall()
        else:
            rows = database.execute_sql(f'SELECT * FROM "{table}"').fetchall()
            state[table] = sorted(rows, key=repr)
    return state


@pytest.fixture
def consumer(factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return consumer


@pytest.fixture
def navigator_of(app, factories, consumer):
    """The consumer's navigator, signed in on a client of their own, the acknowledgement made."""
    navigator = factories.assister("navigator", with_account=True)
    factories.association(for_consumer=consumer, for_assister=navigator)
    other = app.test_client()
    html = other.get("/sign-in").get_data(as_text=True)
    response = other.post("/sign-in", data={"csrf_token": csrf_token_from(html),
                                            "username": navigator.user.username,
                                            "password": "correct horse battery staple"})
    assert response.status_code == 302
    if response.headers["Location"] != "/assister/":
        from tests.conftest import emailed_code

        step = response.headers["Location"]
        html = other.get(step).get_data(as_text=True)
        data = {"csrf_token": csrf_token_from(html)}
        data |= ({"email": navigator.user.email, "agree": "y"} if step.endswith("register")
                 else {"mode": "email"})
        other.post(step, data=data)
        html = other.get("/sign-in/mfa/code").get_data(as_text=True)
        with app.app_context():
            code = emailed_code(navigator.user)
        response = other.post("/sign-in/mfa/code",
                              data={"csrf_token": csrf_token_from(html), "code": code})
        assert response.status_code == 302, response.get_data(as_text=True)
    html = other.get(f"/assister/clients/{consumer.id}/assist").get_data(as_text=True)
    other.post(f"/assister/clients/{consumer.id}/assist",
               data={"csrf_token": csrf_token_from(html)})
    return navigator, other


def test_opening_every_application_page_changes_nothing(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url)
    Application.update(held_by=None, held_since=None, held_seen_at=None).execute()
    before = snapshot()
    for step in APPLICATION_PAGES:
        assert client.get(f"{url}/{step}").status_code == 200, step
    assert snapshot() == before
    application = Application.get()
    assert application.held_by is None and application.rights_viewed_by is None


def test_a_step_opened_by_the_assister_does_not_lock_the_consumer_out(
    client, post_form, consumer, navigator_of
):
    _, navigator_client = navigator_of
    url = start(client, post_form, consumer.id, "/consumer/")
    # A link the navigator follows (or one planted on another site) opens the step.
    assert navigator_client.get(f"{url}/contact").status_code == 200
    assert Application.get().held_by is None
    response = post_step(client, f"{url}/contact", CONTACT)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert Application.get().street == CONTACT["street"]
    assert Application.get().held_by_id == consumer.user_id


def test_the_signature_is_refused_while_someone_else_holds_it(
    client, post_form, consumer, navigator_of
):
    navigator, _ = navigator_of
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url)
    read_rights(client, url)
    html = page(client, f"{url}/signature")
    # The consumer stepped away; the navigator has been working on it since.
    Application.update(held_by=navigator.user_id, held_since=utcnow(),
                       held_seen_at=utcnow() - timedelta(minutes=1)).execute()
    response = client.post(f"{url}/signature", data={
        "csrf_token": csrf_token_from(html), "version": str(Application.get().version),
        "action": "submit", "attested": "y", "signed_name": "Carl Typed-Consumer"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f"{navigator.user.full_name} (assister) is working on this application" in html
    assert 'value="Carl Typed-Consumer"' in html
    assert Application.get().status == "draft"


def test_rights_are_recorded_as_read_only_by_the_button(client, post_form, consumer):
    url = start(client, post_form, consumer.id, "/consumer/")
    complete_to_signature(client, url)
    rights = page(client, f"{url}/rights")
    assert "I have read my rights and responsibilities" in rights
    assert Application.get().rights_viewed_by is None
    assert not AuditEvent.select().where(
        AuditEvent.action == "application.rights_viewed").exists()
    assert "Open the notice, read it" in page(client, f"{url}/signature")
    # Without the page's CSRF token (a form on another site) nothing is recorded.
    assert client.post(f"{url}/rights", data={}).status_code == 400
    assert Application.get().rights_viewed_by is None
    read_rights(client, url)
    assert Application.get().rights_viewed_by_id == consumer.user_id
    assert AuditEvent.select().where(
        AuditEvent.action == "application.rights_viewed").count() == 1
    assert "You confirmed that you read the notice." in page(client, f"{url}/signature")
    assert "You have confirmed that you read this notice." in page(client, f"{url}/rights")


@pytest.fixture
def plans_on_sale(app):
    with app.app_context():
        plan_data.load_plans(SYSTEM, 2026)


def test_opening_every_enrollment_page_changes_nothing(
    client, post_form, consumer, plans_on_sale
):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    through_summary(client, url)
    Enrollment.update(held_by=None, held_since=None, held_seen_at=None).execute()
    before = snapshot()
    for step in ENROLLMENT_PAGES:
        assert client.get(f"{url}/{step}").status_code == 200, step
    assert snapshot() == before
    assert Enrollment.get().held_by is None


def test_the_enrollment_signature_is_refused_while_someone_else_holds_it(
    client, post_form, consumer, navigator_of, plans_on_sale
):
    navigator, _ = navigator_of
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    through_summary(client, url)
    html = page(client, f"{url}/signature")
    Enrollment.update(held_by=navigator.user_id, held_since=utcnow(),
                      held_seen_at=utcnow() - timedelta(minutes=1)).execute()
    response = client.post(f"{url}/signature", data={
        "csrf_token": csrf_token_from(html), "version": version_of(html),
        "action": "confirm", "signed_name": "Carl Typed-Consumer"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f"{navigator.user.full_name} (assister) is working on this enrollment" in html
    assert 'value="Carl Typed-Consumer"' in html
    assert Enrollment.get().status == "draft"
