"""Hand-over (S13): a departing assister's clients are handed over to another of the agency's
assisters of the same type: the old authorizations end at once, each consumer is told and
must confirm the new assister, and nothing is ever half done."""

import pytest

from db.assisters import Assister
from db.associations import AssisterRequest, Association
from db.audit import AuditEvent
from db.mail import OutgoingMail
from db.notices import Notice
from portal.actors import SYSTEM
from portal.errors import DomainError, NotFound
from portal.services import assister_requests, associations, handover, mail, standing
from tests.routes import row_counts


@pytest.fixture
def agency(factories):
    return factories.agency(name="North Star Navigators")


@pytest.fixture
def admin(factories, agency):
    return factories.actor(factories.agency_admin(agency).user)


@pytest.fixture
def departing(factories, agency):
    return factories.assister(
        "navigator", with_account=True, agency=agency, first_name="Nora", last_name="Vang"
    )


@pytest.fixture
def successor(factories, agency):
    # Not listed in Find local help: the agency chose them, the directory plays no part.
    return factories.assister(
        "navigator", with_account=True, agency=agency, first_name="Sam", last_name="Lee",
        listed=False,
    )


@pytest.fixture
def clients(factories, departing):
    return [factories.association(for_assister=departing) for _ in range(2)]


def _lapse(assister, **changes):
    Assister.update(**changes).where(Assister.id == assister.id).execute()
    changed = Assister.get_by_id(assister.id)
    standing.review(SYSTEM, changed)
    return changed


def _refused(admin, agency, departing, successor):
    with pytest.raises(DomainError) as refused:
        handover.hand_over(admin, agency, departing, successor)
    return refused.value


def test_each_refusal_changes_nothing(app, factories, admin, agency, departing, successor,
                                      clients):
    other_agency = factories.assister("navigator", with_account=True)
    cac = factories.assister("cac", with_account=True, agency=agency)
    broker = factories.assister("broker", with_account=True, agency=agency)
    factories.association(for_assister=broker)
    no_account = factories.assister("navigator", agency=agency)
    inactive = _lapse(
        factories.assister("navigator", with_account=True, agency=agency),
        roster_status="inactive",
    )
    without_clients = factories.assister("navigator", with_account=True, agency=agency)
    before = row_counts(app)

    assert isinstance(_refused(admin, agency, other_agency, successor), NotFound)
    assert "never handed over" in _refused(admin, agency, broker, successor).message
    assert "another navigator" in _refused(admin, agency, departing, cac).message
    for target, words in (
        (other_agency, "one of your agency's assisters"),
        (departing, "someone other than Nora Vang"),
        (no_account, "no portal account"),
        (inactive, "Their agency has marked them inactive."),
    ):
        error = _refused(admin, agency, departing, target)
        assert words in error.message and error.field == "to_assister"
    error = _refused(admin, agency, without_clients, successor)
    assert error.message == f"{without_clients.full_name} has no clients to hand over."
    assert row_counts(app) == before
    # Who may take over: the same type, an account, in good standing, not the one leaving.
    assert handover.successors(departing) == [without_clients, successor]
    # Brokers are never listed to hand over from.
    assert [d.assister for d in handover.departing(agency)] == [departing]


def test_associations_end_at_once_and_requests_wait_for_each_consumer(
    app, admin, agency, departing, successor, clients
):
    result = handover.hand_over(admin, agency, departing, successor)

    assert result.not_handed_over == []
    assert {r.consumer_id for r in result.handed_over} == {a.consumer_id for a in clients}
    for association in clients:
        ended = Association.get_by_id(association.id)
        assert ended.ended_at is not None and ended.ended_by_role == "agency_admin"
        assert ended.end_reason == "Handed over by North Star Navigators to Sam Lee"
        assert ended.get_ended_by_role_display() == "Agency administrator"
        # Nobody has access in between: not the old assister, not the new one yet.
        for assister in (departing, successor):
            with pytest.raises(NotFound):
                associations.require_access(assister, association.consumer_id)
        request = AssisterRequest.get(AssisterRequest.consumer == association.consumer_id)
        assert (request.assister_id, request.handed_over_from_id) == (successor.id, departing.id)
        assert request.is_pending and request.association_id is None
        notice = Notice.get(Notice.consumer == association.consumer_id,
                            Notice.kind == "assister_handed_over")
        assert notice.title == (
            "Nora Vang can no longer act for you: North Star Navigators asked Sam Lee to take over"
        )
        assert "nothing is authorized until you do" in notice.body
        assert list(standing.notices_for(association.consumer)) == [notice]
        told = OutgoingMail.get(OutgoingMail.to_address == association.consumer.email,
                                OutgoingMail.kind == "assister_handed_over")
        assert "Review and authorize" in told.body and "/consumer/assisters" in told.body
        actions = {
            row.action for row in AuditEvent.select().where(
                AuditEvent.on_behalf_of == association.consumer_id,
                AuditEvent.actor == admin.user.id,
            )
        }
        assert actions == {"association.ended", "assister_request.handed_over"}
    # One "association ended" mail of the ordinary kind would tell the consumer twice: none.
    assert not OutgoingMail.select().where(OutgoingMail.kind == "association_ended").exists()
    to_successor = OutgoingMail.get(OutgoingMail.kind == "handed_over_to_assister")
    assert to_successor.to_address == successor.email and "take over 2 clients" in " ".join(
        to_successor.body.split())
    assert clients[0].consumer.last_name not in to_successor.body
    assert list(assister_requests.pending_for_assister(successor)) == list(
        handover.handed_over(departing, successor))
    assert handover.departing(agency) == []


def test_the_consumer_confirms_the_new_assister(app, factories, admin, agency, departing,
                                                successor, clients):
    handover.hand_over(admin, agency, departing, successor)
    consumer = clients[0].consumer
    request = AssisterRequest.get(AssisterRequest.consumer == consumer.id)
    association = assister_requests.confirm(factories.actor(consumer.user), request)
    assert association.assister_id == successor.id and association.is_active
    assert associations.require_access(successor, consumer.id).id == association.id
    assert AssisterRequest.get_by_id(request.id).outcome == "confirmed"


def test_a_lapsed_assisters_suspended_clients_are_handed_over(app, admin, agency, departing,
                                                               successor, clients):
    departing = _lapse(departing, roster_status="inactive")
    assert Association.get_by_id(clients[0].id).is_suspended
    [listed] = handover.departing(agency)
    assert (listed.assister, listed.clients) == (departing, 2)
    assert listed.lapse.reason == "Their agency has marked them inactive."
    result = handover.hand_over(admin, agency, departing, successor)
    assert len(result.handed_over) == 2
    assert Association.select().where(Association.ended_at.is_null()).count() == 0


def test_a_consumer_with_a_pending_request_is_reported_not_half_handed_over(
    app, factories, admin, agency, departing, successor, clients
):
    asked = clients[0].consumer
    elsewhere = factories.assister("navigator", with_account=True)
    assister_requests.send(factories.actor(asked.user), asked, elsewhere)
    [waiting, free] = sorted(handover.clients(departing),
                             key=lambda c: c.association.consumer_id != asked.id)
    assert "already has a pending request to" in waiting.refusal and free.refusal is None

    result = handover.hand_over(admin, agency, departing, successor)

    assert [r.consumer_id for r in result.handed_over] == [clients[1].consumer_id]
    [(consumer, why)] = result.not_handed_over
    assert consumer.id == asked.id
    assert why == (
        f"{asked.full_name} already has a pending request to {elsewhere.full_name} for an "
        "assister of this type: they must confirm or withdraw it before they can be handed over."
    )
    kept = Association.get_by_id(clients[0].id)
    assert kept.ended_at is None
    assert not AssisterRequest.select().where(
        AssisterRequest.consumer == asked.id, AssisterRequest.assister == successor.id).exists()
    assert not Notice.select().where(Notice.consumer == asked.id,
                                     Notice.kind == "assister_handed_over").exists()


def test_a_second_hand_over_finds_nothing_left_and_answers_the_first(
    app, admin, agency, departing, successor, clients
):
    first = handover.hand_over(admin, agency, departing, successor)
    before = row_counts(app)
    second = handover.hand_over(admin, agency, departing, successor)
    assert second == first
    assert row_counts(app) == before


def test_a_failure_half_way_leaves_nothing(app, monkeypatch, admin, agency, departing,
                                           successor, clients):
    before = row_counts(app)
    sent = mail.send

    def fails_for_the_second_consumer(kind, to_address, template, **context):
        if to_address == clients[1].consumer.email:
            raise OSError("the mail store is full")
        return sent(kind, to_address, template, **context)

    monkeypatch.setattr(mail, "send", fails_for_the_second_consumer)
    with pytest.raises(OSError):
        handover.hand_over(admin, agency, departing, successor)
    assert row_counts(app) == before
    assert all(Association.get_by_id(a.id).ended_at is None for a in clients)
