"""Associations: created New, one per type, ended by consumer, assister, staff or system."""

import pytest

from db.associations import Association
from db.audit import AuditEvent
from portal.errors import DomainError
from portal.services import associations, consent_expiry


def test_associate_records_consent_as_new(app, factories):
    consumer = factories.consumer()
    association = factories.association(for_consumer=consumer)
    assert association.status == "new"
    assert association.confirmed_by.id == consumer.user.id
    assert association.confirmed_ip == "192.0.2.10"
    assert association.authorization_text.kind == "assister_authorization"
    assert association.may_apply and association.may_enroll
    assert association.expires_on == consent_expiry.default_expiry(association.confirmed_at.date())


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


def test_require_access_checks_association_expiry_and_scope(app, factories):
    from datetime import timedelta

    from db import utcnow
    from portal.errors import NotFound

    consumer = factories.consumer()
    assister = factories.assister("navigator")
    stranger = factories.assister("navigator")
    association = associations.associate(
        factories.actor(consumer.user), consumer, assister, scope=("may_apply",)
    )
    assert associations.require_access(assister, consumer.id).id == association.id
    assert associations.require_access(assister, consumer.id, "apply").id == association.id
    with pytest.raises(associations.ScopeRefused, match="not authorized you to enroll them"):
        associations.require_access(assister, consumer.id, "enroll")
    for who, whom in ((stranger, consumer.id), (assister, 999999), (assister, "abc")):
        with pytest.raises(NotFound):
            associations.require_access(who, whom)
    yesterday = utcnow().date() - timedelta(days=1)
    Association.update(expires_on=yesterday).where(Association.id == association.id).execute()
    with pytest.raises(NotFound):
        associations.require_access(assister, consumer.id)


def test_ended_by_assister_removes_access_at_once_and_keeps_history(app, factories):
    from portal.errors import NotFound

    assister = factories.assister("broker", with_account=True)
    association = factories.association(for_assister=assister)
    associations.end_association(factories.actor(assister.user), association, "Client moved away")
    with pytest.raises(NotFound):
        associations.require_access(assister, association.consumer_id)
    kept = Association.get_by_id(association.id)
    assert kept.ended_by_role == "assister" and kept.end_reason == "Client moved away"
    assert list(associations.past_for_consumer(association.consumer)) == [kept]


def test_expiry_notices_go_to_both_sides_once(app, factories):
    from datetime import timedelta

    from db import utcnow
    from db.mail import OutgoingMail

    association = factories.association()
    soon = utcnow().date() + timedelta(days=20)
    Association.update(expires_on=soon).where(Association.id == association.id).execute()
    factories.association()  # expires later: no notice
    system = factories.actor(None)
    assert consent_expiry.send_expiry_notices(system) == 1
    assert consent_expiry.send_expiry_notices(system) == 0
    recipients = {
        m.to_address
        for m in OutgoingMail.select().where(OutgoingMail.kind.startswith("association_expiring"))
    }
    assert recipients == {association.consumer.email, association.assister.email}
    # Renewing sets a new expiry: its own notice will come in time.
    renewed = associations.renew(factories.actor(association.consumer.user), association)
    assert renewed.expiry_notice_sent_for == soon


def test_default_expiry_is_end_of_coverage_year_and_at_most_a_year():
    from datetime import date

    assert consent_expiry.default_expiry(date(2026, 3, 10)) == date(2026, 12, 31)
    # From November, open enrollment is for next year; a year at most still holds.
    assert consent_expiry.default_expiry(date(2026, 11, 23)) == date(2027, 11, 23)
    assert consent_expiry.latest_expiry(date(2028, 2, 29)) == date(2029, 2, 28)
