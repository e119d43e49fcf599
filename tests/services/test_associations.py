"""Associations: created New, one per type, ended by consumer, assister, staff or system."""

import pytest

from db.associations import Association
from db.audit import AuditEvent
from portal.errors import DomainError
from portal.services import associations


def test_associate_records_consent_as_new(app, factories):
    consumer = factories.consumer()
    association = factories.association(for_consumer=consumer)
    assert association.status == "new"
    assert association.confirmed_by.id == consumer.user.id
    assert association.confirmed_ip == "192.0.2.10"
    assert association.authorization_text.kind == "assister_authorization"
    assert association.may_apply and association.may_enroll
    assert association.expires_on == associations.default_expiry(association.confirmed_at.date())


def test_broker_gets_the_agent_of_record_text(app, factories):
    association = factories.association(for_assister=factories.assister("broker"))
    assert association.authorization_text.kind == "agent_of_record"


def test_a_second_assister_of_the_same_type_replaces_the_first(app, factories):
    consumer = factories.consumer()
    first = factories.association(for_consumer=consumer, for_assister=factories.assister("cac"))
    broker = factories.association(for_consumer=consumer, for_assister=factories.assister("broker"))
    new_cac = factories.assister("cac")
    with pytest.raises(associations.ReplacementNeeded):
        factories.association(for_consumer=consumer, for_assister=new_cac)
    second = associations.associate(factories.actor(consumer.user), consumer, new_cac, replace=True)
    first = Association.get_by_id(first.id)
    assert first.status == "ended" and first.end_reason == "Replaced by consumer"
    assert Association.get_by_id(broker.id).ended_at is None
    assert second.ended_at is None


@pytest.mark.parametrize("role", ["consumer", "assister", "staff"])
def test_ending_records_who_when_and_why(app, factories, role):
    association = factories.association()
    actor = factories.actor(factories.user(role))
    ended = associations.end_association(actor, association, "  Moved out of state  ")
    assert ended.status == "ended" and ended.ended_at is not None
    assert ended.ended_by_role == role and ended.ended_by.id == actor.user.id
    assert ended.end_reason == "Moved out of state"
    row = AuditEvent.get(AuditEvent.action == "association.ended")
    assert row.on_behalf_of.id == association.consumer.id and row.detail == "Moved out of state"


def test_ending_needs_a_reason_and_happens_once(app, factories):
    association = factories.association()
    staff = factories.actor(factories.staff())
    with pytest.raises(DomainError, match="reason"):
        associations.end_association(staff, association, "   ")
    with pytest.raises(DomainError, match="500"):
        associations.end_association(staff, association, "x" * 501)
    assert Association.get_by_id(association.id).ended_at is None
    associations.end_association(staff, association, "Asked by phone")
    with pytest.raises(DomainError, match="already ended"):
        associations.end_association(staff, association, "Again")
    assert Association.get_by_id(association.id).end_reason == "Asked by phone"


def test_first_opening_moves_new_to_in_progress_once(app, factories):
    association = factories.association()
    actor = factories.actor(factories.user("assister"))
    opened = associations.record_first_opening(actor, association)
    assert opened.status == "in_progress"
    again = associations.record_first_opening(actor, opened)
    assert again.first_opened_at == opened.first_opened_at
    assert AuditEvent.select().where(AuditEvent.action == "association.opened").count() == 1
