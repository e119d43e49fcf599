"""Requests from Find local help: pending (no access), confirmed, withdrawn, declined, lapsed."""

import threading
from datetime import date, timedelta

import pytest

from db import database
from db.assisters import Assister
from db.associations import AssisterRequest, Association
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import DomainError, NotFound
from portal.services import assister_requests, associations
from portal.services.associations import SCOPES
from portal.services.standing import minnesota_today
from tests.conftest import ON_POSTGRES


@pytest.fixture
def consumer(factories):
    return factories.consumer()


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True, first_name="Nora", last_name="Vang")


@pytest.fixture
def me(factories, consumer):
    return factories.actor(consumer.user)


def _sent(factories, consumer, assister, message="Please help with my renewal"):
    return assister_requests.send(factories.actor(consumer.user), consumer, assister, message)


def test_a_request_is_pending_gives_no_access_and_tells_the_assister(
    factories, consumer, navigator
):
    request = _sent(factories, consumer, navigator)
    assert request.is_pending and request.outcome is None and request.association_id is None
    assert request.message == "Please help with my renewal"
    with pytest.raises(NotFound):
        associations.require_access(navigator, consumer.id)
    mail = OutgoingMail.get(OutgoingMail.kind == "assister_request")
    assert mail.to_address == navigator.email and "/assister/requests" in mail.body
    # No personal data in the mail: neither the consumer's name nor their message.
    assert consumer.last_name not in mail.body and "renewal" not in mail.body
    event = AuditEvent.get(AuditEvent.action == "assister_request.sent")
    assert event.on_behalf_of_id == consumer.id and event.object_id == str(request.id)
    assert list(assister_requests.pending_for_assister(navigator)) == [request]
    assert assister_requests.pending_for_assister(navigator).count() == 1
    assert list(assister_requests.pending_for_consumer(consumer)) == [request]


def test_confirm_makes_the_association_manage_assister_makes(factories, consumer, navigator, me):
    request = _sent(factories, consumer, navigator)
    expires = date.today() + timedelta(days=90)
    association = assister_requests.confirm(
        me, request, scope=("may_apply",), expires_on=expires
    )
    assert association.status == "new" and association.assister_id == navigator.id
    assert association.may_apply and not association.may_enroll
    assert association.expires_on == expires
    assert association.confirmed_by_id == consumer.user_id
    assert associations.require_access(navigator, consumer.id).id == association.id
    request = AssisterRequest.get_by_id(request.id)
    assert request.outcome == "confirmed" and request.association_id == association.id
    assert not request.is_pending
    assert OutgoingMail.get(OutgoingMail.kind == "association_started").to_address == consumer.email
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert {"association.started", "notice.issued"} <= set(actions)
    assert actions[-1] == "assister_request.confirmed"
    assert assister_requests.pending_for_assister(navigator).count() == 0
    assert list(assister_requests.recent_for_consumer(consumer)) == [request]


def test_a_second_pending_request_of_a_type_is_refused(factories, consumer, navigator):
    _sent(factories, consumer, navigator)
    other = factories.assister("navigator", with_account=True)
    with pytest.raises(DomainError, match="You already asked Nora Vang .* Withdraw that request"):
        _sent(factories, consumer, other)
    # Another type is another request.
    broker = factories.assister("broker", with_account=True)
    assert _sent(factories, consumer, broker).is_pending
    assert AssisterRequest.select().count() == 2


@pytest.mark.skipif(not ON_POSTGRES, reason="needs two concurrent writers (PostgreSQL)")
def test_two_requests_of_a_type_sent_at_once_leave_one_pending(app, factories, monkeypatch):
    consumer = factories.consumer()
    navigators = [factories.assister("navigator", with_account=True) for _ in range(2)]
    both_checked = threading.Barrier(2, timeout=10)
    real_refusal = assister_requests.refusal
    waited = []

    def after_the_check(*args):
        # Both have found nothing pending: now both insert, and the index must refuse one.
        refused = real_refusal(*args)
        if len(waited) < 2:
            waited.append(True)
            both_checked.wait()
        return refused

    monkeypatch.setattr(assister_requests, "refusal", after_the_check)
    outcomes = []

    def send(navigator):
        with app.app_context(), database.connection_context():
            try:
                _sent(factories, consumer, navigator)
                outcomes.append("sent")
            except DomainError as error:
                outcomes.append(error.message)

    threads = [threading.Thread(target=send, args=(n,)) for n in navigators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("sent") == 1
    assert "You already asked" in next(o for o in outcomes if o != "sent")
    assert AssisterRequest.select().count() == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"listed": False}, NotFound),
        ({"hidden_by_staff": True}, NotFound),
        ({"user": None}, NotFound),
        ({"is_active": False}, NotFound),
        # Minnesota's yesterday: from midnight UTC until Minnesota's midnight, the machine's
        # date is a day ahead of the one a certification expires by.
        ({"certification_expires_on": minnesota_today() - timedelta(days=1)}, NotFound),
    ],
)
def test_an_assister_not_listed_or_not_in_good_standing_cannot_be_asked(
    factories, consumer, navigator, change, error
):
    Assister.update(**change).where(Assister.id == navigator.id).execute()
    with pytest.raises(error):
        _sent(factories, consumer, Assister.get_by_id(navigator.id))
    assert AssisterRequest.select().count() == 0


def test_the_assister_who_already_helps_them_cannot_be_asked(factories, consumer, navigator):
    factories.association(consumer, navigator)
    with pytest.raises(DomainError, match="Nora Vang already helps you"):
        _sent(factories, consumer, navigator)


def test_a_message_over_500_characters_is_refused(factories, consumer, navigator):
    with pytest.raises(DomainError) as raised:
        _sent(factories, consumer, navigator, "x" * 501)
    assert raised.value.field == "message"
    assert _sent(factories, consumer, navigator, "x" * 500).message == "x" * 500


def test_withdraw_once_then_it_has_ended(factories, consumer, navigator, me):
    request = _sent(factories, consumer, navigator)
    assert assister_requests.withdraw(me, request).outcome == "withdrawn"
    # Withdrawn again (a double click): the same request, nothing more written.
    assert assister_requests.withdraw(me, request).outcome == "withdrawn"
    withdrawn = AuditEvent.select().where(AuditEvent.action == "assister_request.withdrawn")
    assert withdrawn.count() == 1
    with pytest.raises(DomainError, match="already ended"):
        assister_requests.decline(factories.actor(navigator.user), request)
    with pytest.raises(DomainError, match="already ended"):
        assister_requests.confirm(me, AssisterRequest.get_by_id(request.id))
    assert Association.select().count() == 0
    # Withdrawn, the consumer may ask again.
    assert _sent(factories, consumer, navigator).is_pending


def test_only_the_consumer_withdraws_or_confirms_their_request(factories, consumer, navigator):
    request = _sent(factories, consumer, navigator)
    stranger = factories.actor(factories.consumer().user)
    for act in (assister_requests.withdraw, assister_requests.confirm):
        with pytest.raises(NotFound):
            act(stranger, request)
    assert AssisterRequest.get_by_id(request.id).is_pending


def test_the_assister_declines_and_the_consumer_is_told(factories, consumer, navigator):
    request = _sent(factories, consumer, navigator)
    declined = assister_requests.decline(
        factories.actor(navigator.user), request, "  Not taking new   clients "
    )
    assert declined.outcome == "declined"
    mail = OutgoingMail.get(OutgoingMail.kind == "assister_request_declined")
    assert mail.to_address == consumer.email and "Their reason: Not taking new clients" in mail.body
    event = AuditEvent.get(AuditEvent.action == "assister_request.declined")
    assert event.on_behalf_of_id == consumer.id and event.detail == "Not taking new clients"


def test_another_assister_cannot_decline_and_a_long_reason_is_refused(
    factories, consumer, navigator
):
    request = _sent(factories, consumer, navigator)
    other = factories.assister("navigator", with_account=True)
    with pytest.raises(NotFound):
        assister_requests.decline(factories.actor(other.user), request)
    with pytest.raises(DomainError) as raised:
        assister_requests.decline(factories.actor(navigator.user), request, "x" * 501)
    assert raised.value.field == "reason"
    assert AssisterRequest.get_by_id(request.id).is_pending


def test_confirm_after_the_assister_lapsed_ends_the_request(factories, consumer, navigator, me):
    request = _sent(factories, consumer, navigator)
    Assister.update(is_active=False).where(Assister.id == navigator.id).execute()
    with pytest.raises(DomainError, match="no longer an active assister"):
        assister_requests.confirm(me, AssisterRequest.get_by_id(request.id))
    assert AssisterRequest.get_by_id(request.id).outcome == "lapsed"
    assert Association.select().count() == 0


def test_a_failed_confirm_writes_nothing(factories, consumer, navigator, me):
    held = factories.association(consumer, factories.assister("navigator"))
    request = _sent(factories, consumer, navigator)
    # Replacing the navigator they have needs their say-so: nothing is half written.
    with pytest.raises(associations.ReplacementNeeded):
        assister_requests.confirm(me, request)
    assert AssisterRequest.get_by_id(request.id).is_pending
    assert Association.select().count() == 1 and associations.is_current(
        Association.get_by_id(held.id)
    )
    association = assister_requests.confirm(me, request, scope=tuple(SCOPES), replace=True)
    assert association.assister_id == navigator.id
    assert Association.get_by_id(held.id).end_reason == "Replaced by consumer"
