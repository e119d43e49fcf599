"""Manage Assister through the screens: search, authorize, replace, remove, renew, history."""

from datetime import timedelta

import pytest

from db import utcnow
from db.associations import Association
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import NotFound
from portal.services import associations


@pytest.fixture
def consumer(factories):
    return factories.consumer()


@pytest.fixture
def signed_in(client, consumer, sign_in):
    sign_in(consumer.user)
    return client


def _authorize(post_form, assister, **extra):
    data = {
        "reference_number": assister.reference_number,
        "may_apply": "y",
        "may_enroll": "y",
        "may_see_documents": "y",
        "may_report_changes": "y",
        **extra,
    }
    page = f"/consumer/assisters/authorize?reference_number={assister.reference_number}"
    return post_form("/consumer/assisters/authorize", data, page=page)


def test_toolbar_link_and_empty_details(signed_in):
    page = signed_in.get("/consumer/").get_data(as_text=True)
    assert 'href="/consumer/assisters"' in page and "Manage Assister" in page
    page = signed_in.get("/consumer/assisters").get_data(as_text=True)
    assert "Assister Details" in page and "Add or change my assister" in page
    assert "No assister is helping you" in page


def test_search_shows_the_assister_and_nothing_is_created_before_confirm(signed_in, factories):
    assister = factories.assister("navigator", first_name="Nora", last_name="Vang")
    number = assister.reference_number
    page = signed_in.get(
        f"/consumer/assisters/select?reference_number={number[:3]}-{number[3:6]}-{number[6:]}"
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Nora Vang" in text and assister.phone in text
    page = signed_in.get(f"/consumer/assisters/authorize?reference_number={number}")
    text = page.get_data(as_text=True)
    assert "Assister Authorization" in text and "version 1" in text and "Confirm" in text
    assert Association.select().count() == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the Reference Number"),
        ("12345", "has 10 digits"),
        ("abcdefghij", "has 10 digits"),
    ],
)
def test_search_bad_input(signed_in, typed, message):
    response = signed_in.get(f"/consumer/assisters/select?reference_number={typed}")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and f'value="{typed}"' in text


def test_wrong_check_digit_is_caught_and_audited(signed_in, factories):
    number = factories.assister("cac").reference_number
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = signed_in.get(f"/consumer/assisters/select?reference_number={typo}")
    assert "This is not a valid Reference Number" in response.get_data(as_text=True)
    assert AuditEvent.get(AuditEvent.action == "assister_search.failed").detail.endswith(
        "(check digit)"
    )


def test_inactive_assister_cannot_be_chosen(signed_in, factories, post_form):
    assister = factories.assister("broker", is_active=False)
    response = signed_in.get(
        f"/consumer/assisters/select?reference_number={assister.reference_number}"
    )
    assert "no longer an active assister" in response.get_data(as_text=True)
    response = post_form(
        "/consumer/assisters/authorize",
        {"reference_number": assister.reference_number, "may_apply": "y"},
        page="/consumer/assisters",
    )
    assert (
        response.status_code == 302 and "/consumer/assisters/select" in response.headers["Location"]
    )
    assert Association.select().count() == 0


def test_confirm_creates_a_new_association_with_scope_expiry_and_mail(
    signed_in, consumer, factories, post_form
):
    assister = factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    expires = (utcnow() + timedelta(days=100)).date()
    response = _authorize(
        post_form, assister, may_enroll="", may_apply="y", expires_on=expires.isoformat()
    )
    assert response.status_code == 302
    association = Association.get()
    assert association.status == "new" and association.assister_id == assister.id
    assert association.may_apply and not association.may_enroll
    assert association.expires_on == expires
    assert association.authorization_text.kind == "agent_of_record"
    assert association.confirmed_by_id == consumer.user_id and association.confirmed_ip
    assert OutgoingMail.get(OutgoingMail.kind == "association_started").to_address == consumer.email
    page = signed_in.get("/consumer/assisters").get_data(as_text=True)
    assert "Grace Lindqvist" in page and expires.strftime("%B %-d, %Y") in page
    assert (
        "Enroll me in a health plan"
        not in page.split("Your assisters now")[1].split("Who acted")[0]
    )


def test_double_confirm_creates_one_association(signed_in, factories, post_form):
    assister = factories.assister("navigator")
    _authorize(post_form, assister)
    _authorize(post_form, assister)
    assert Association.select().count() == 1


def test_expiry_over_one_year_is_refused(signed_in, factories, post_form):
    assister = factories.assister("navigator")
    too_late = (utcnow() + timedelta(days=400)).date().isoformat()
    response = _authorize(post_form, assister, expires_on=too_late)
    assert response.status_code == 422
    assert "no later than" in response.get_data(as_text=True)
    assert Association.select().count() == 0


def test_second_of_a_type_asks_then_replaces_and_keeps_other_types(
    signed_in, consumer, factories, post_form
):
    first = factories.assister("cac", first_name="Claire", last_name="Anderson")
    broker = factories.assister("broker")
    second = factories.assister("cac", first_name="Fatima", last_name="Ali")
    _authorize(post_form, first)
    _authorize(post_form, broker)
    response = _authorize(post_form, second)
    assert response.status_code == 422
    assert "replace" in response.get_data(as_text=True)
    assert Association.select().where(Association.ended_at.is_null()).count() == 2
    assert _authorize(post_form, second, replace="y").status_code == 302
    replaced = Association.get(Association.assister == first)
    assert replaced.status == "ended" and replaced.end_reason == "Replaced by consumer"
    assert Association.get(Association.assister == broker).ended_at is None
    page = signed_in.get("/consumer/assisters").get_data(as_text=True)
    assert "Replaced by consumer" in page and "Fatima Ali" in page


def test_remove_asks_then_ends_at_once(signed_in, consumer, factories, post_form):
    association = factories.association(for_consumer=consumer)
    url = f"/consumer/assisters/{association.id}/remove"
    assert "Remove" in signed_in.get(url).get_data(as_text=True)
    assert Association.get_by_id(association.id).ended_at is None
    assert post_form(url, {"reason": ""}).status_code == 302
    ended = Association.get_by_id(association.id)
    assert ended.ended_by_role == "consumer" and ended.end_reason == "Removed by consumer"
    with pytest.raises(NotFound):
        associations.require_access(association.assister, consumer.id)
    assert OutgoingMail.select().where(OutgoingMail.kind == "association_ended").count() == 1
    assert signed_in.get(url).status_code == 404


def test_another_consumers_association_is_not_found(signed_in, factories):
    other = factories.association()
    assert signed_in.get(f"/consumer/assisters/{other.id}/remove").status_code == 404
    assert signed_in.get(f"/consumer/assisters/{other.id}/renew").status_code == 404


def test_expiring_consent_shows_a_notice_and_renews(signed_in, consumer, factories, post_form):
    association = factories.association(for_consumer=consumer)
    soon = utcnow().date() + timedelta(days=10)
    Association.update(expires_on=soon).where(Association.id == association.id).execute()
    page = signed_in.get("/consumer/assisters").get_data(as_text=True)
    assert f"ends on {soon.strftime('%B %-d, %Y')}" in page and "Renew it" in page
    later = utcnow().date() + timedelta(days=300)
    response = post_form(
        f"/consumer/assisters/{association.id}/renew",
        {"may_apply": "y", "expires_on": later.isoformat()},
    )
    assert response.status_code == 302
    renewed = Association.get_by_id(association.id)
    assert renewed.expires_on == later and renewed.renewed_at is not None
    assert renewed.may_apply and not renewed.may_enroll


def test_who_acted_on_my_behalf(signed_in, consumer, factories):
    assister = factories.assister("navigator", with_account=True)
    association = factories.association(for_consumer=consumer, for_assister=assister)
    factories_actor = factories.actor(assister.user)
    with signed_in.application.app_context():
        associations.record_first_opening(factories_actor, association)
    page = signed_in.get("/consumer/assisters").get_data(as_text=True)
    assert f"{assister.user.full_name} started helping you" in page
    full = signed_in.get("/consumer/assisters/activity").get_data(as_text=True)
    assert "Started helping you" in full


def test_print_view(signed_in, factories):
    assister = factories.assister("broker")
    page = signed_in.get(
        f"/consumer/assisters/authorize/print?reference_number={assister.reference_number}"
    )
    text = page.get_data(as_text=True)
    assert (
        page.status_code == 200 and "Agent of Record Authorization" in text and "signature" in text
    )


def test_search_is_rate_limited_per_consumer(test_database_url, factories):
    from portal.app import create_app
    from tests.conftest import ENVIRON, csrf_token_from

    app = create_app(
        {"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, environ=ENVIRON
    )
    client = app.test_client()
    user = factories.consumer().user
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    client.post(
        "/sign-in",
        data={"csrf_token": token, "username": user.username, "password": factories.PASSWORD},
    )
    statuses = [
        client.get(f"/consumer/assisters/select?reference_number=12345678{n:02d}").status_code
        for n in range(21)
    ]
    assert 429 not in statuses[:20] and statuses[20] == 429
    assert client.get("/consumer/assisters/select").status_code == 200
