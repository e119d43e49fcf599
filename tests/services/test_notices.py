"""Notices (S6.2): issued once and audited, read or unread per reader, and the count of each
association's unread notices that the work queue's "Unread notices" reads (S13)."""

from datetime import timedelta

import pytest

from db import utcnow
from db.associations import Association
from db.audit import AuditEvent
from db.notices import Notice, NoticeRead
from portal.services import associations, clients, notices
from portal.services.client_listing import Listing


@pytest.fixture
def household(factories):
    """A consumer with a navigator and a broker (both with accounts), each authorized."""
    consumer = factories.consumer()
    navigator = factories.assister("navigator", with_account=True)
    broker = factories.assister("broker", with_account=True)
    by_navigator = factories.association(for_consumer=consumer, for_assister=navigator)
    by_broker = factories.association(for_consumer=consumer, for_assister=broker)
    return consumer, by_navigator, by_broker


def issue(consumer, title="Your verification request"):
    return notices.issue(
        consumer.id, None, "assister_restored", title,
        consumer=consumer, assister=Association.get(Association.consumer == consumer).assister,
        association=Association.get(Association.consumer == consumer),
    )


def unread(association):
    return Association.get_by_id(association.id).unread_notices


def test_an_issued_notice_is_unread_for_every_reader_and_audited(household, factories):
    consumer, by_navigator, by_broker = household
    before = (unread(by_navigator), unread(by_broker))
    notice = issue(consumer, "Something to read")
    assert (unread(by_navigator), unread(by_broker)) == (before[0] + 1, before[1] + 1)
    for association in (by_navigator, by_broker):
        assert unread(association) == notices.unread_for(Association.get_by_id(association.id))
    assert notices.unread_count(consumer, consumer.user) == Notice.select().count()
    row = AuditEvent.get(AuditEvent.action == "notice.issued",
                         AuditEvent.object_id == str(notice.id))
    assert (row.actor_id, row.actor_role, row.on_behalf_of_id) == (None, "system", consumer.id)
    assert (row.object_type, row.detail) == ("Notice", "Something to read")


def test_read_by_one_reader_is_unread_for_the_others(household):
    consumer, by_navigator, by_broker = household
    notice = issue(consumer)
    navigator_user = by_navigator.assister.user
    broker_before = unread(by_broker)
    consumer_before = notices.unread_count(consumer, consumer.user)
    notices.mark_read(navigator_user, notice, by_navigator)
    assert unread(by_navigator) == notices.unread_count(consumer, navigator_user)
    assert unread(by_navigator) == Notice.select().count() - 1
    assert unread(by_broker) == broker_before
    assert notices.unread_count(consumer, consumer.user) == consumer_before
    shown = {row.id: bool(row.read) for row in notices.for_reader(consumer, navigator_user)}
    assert shown[notice.id] is True and list(shown.values()).count(True) == 1
    by_consumer = notices.for_reader(consumer, consumer.user)
    assert not any(row.read for row in by_consumer)
    # Newest first.
    assert [row.id for row in by_consumer] == sorted(shown, reverse=True)


def test_opening_twice_or_at_once_keeps_one_row(household):
    consumer, by_navigator, _ = household
    notice = issue(consumer)
    user = by_navigator.assister.user
    notices.mark_read(user, notice, by_navigator)
    notices.mark_read(user, notice, by_navigator)
    # Another request of the same reader wrote its row first: this one's insert gives way.
    other = issue(consumer, "Second")
    NoticeRead.create(notice=other, user=user)
    notices.mark_read(user, other, by_navigator)
    assert NoticeRead.select().where(NoticeRead.user == user).count() == 2
    assert unread(by_navigator) == Notice.select().count() - 2


def test_an_ended_association_counts_no_more(household, factories):
    consumer, by_navigator, by_broker = household
    associations.end_association(factories.actor(consumer.user), by_navigator, "Moved away")
    at_end = unread(by_navigator)
    issue(consumer)
    assert unread(by_navigator) == at_end
    assert clients.client_page(by_navigator.assister, Listing(status="unread_notices")).total == 0
    # The broker's counts the notice of the navigator's end and the one after it.
    assert unread(by_broker) == Notice.select().count()


def test_a_consent_without_notices_counts_none_until_renewed_with_them(factories):
    consumer = factories.consumer()
    navigator = factories.assister("navigator", with_account=True)
    scope = ("may_apply", "may_enroll")
    association = associations.associate(
        factories.actor(consumer.user), consumer, navigator, scope=scope
    )
    issue(consumer)
    assert unread(association) == 0
    page = clients.client_page(navigator, Listing())
    assert page.queue["unread_notices"] == 0
    renewed = associations.renew(factories.actor(consumer.user), association)
    assert renewed.may_see_documents and unread(association) == Notice.select().count() == 2
    associations.renew(factories.actor(consumer.user), association, scope=scope)
    assert unread(association) == 0


def test_a_new_assister_starts_with_the_consumers_notices_unread(household, factories):
    consumer, _, _ = household
    issue(consumer)
    cac = factories.assister("cac", with_account=True)
    association = factories.association(for_consumer=consumer, for_assister=cac)
    # Every notice so far, its own "You authorized …" included.
    assert unread(association) == Notice.select().count() == 4


def test_started_and_ended_notices_say_who_and_why(factories):
    consumer = factories.consumer()
    broker = factories.assister("broker", with_account=True)
    association = factories.association(for_consumer=consumer, for_assister=broker)
    started = Notice.get(Notice.kind == "association_started")
    assert started.title == f"You authorized {broker.full_name} to help you"
    assert started.case_id is None and "Enroll me in a health plan" in started.body
    associations.end_association(
        factories.actor(broker.user), association, "Client moved out of state"
    )
    ended = Notice.get(Notice.kind == "association_ended")
    assert ended.title == f"Your broker, {broker.full_name}, can no longer act for you"
    assert f"{broker.full_name} ended it. Reason: Client moved out of state" in ended.body
    # A replaced assister's end is the consumer's doing.
    other = factories.assister("broker")
    associations.associate(factories.actor(consumer.user), consumer, other, replace=True)
    assert Notice.select().where(Notice.kind == "association_ended").count() == 1
    second = factories.assister("broker")
    associations.associate(factories.actor(consumer.user), consumer, second, replace=True)
    replaced = Notice.select().where(Notice.kind == "association_ended").order_by(
        Notice.id.desc()).first()
    assert "You ended it. Reason: Replaced by consumer" in replaced.body
    issued = AuditEvent.select().where(AuditEvent.action == "notice.issued").count()
    assert issued == Notice.select().count()


def test_the_work_queue_counts_and_filters_clients_with_unread_notices(factories):
    navigator = factories.assister("navigator", with_account=True)
    made = []
    for n in range(5):
        consumer = factories.consumer(first_name=f"Pat{n}", last_name="Reader")
        made.append(factories.association(for_consumer=consumer, for_assister=navigator))
    # Each has the notice of their authorization: reading it takes the client off the queue.
    for association in made[:2]:
        for notice in notices.for_reader(association.consumer, navigator.user):
            notices.mark_read(navigator.user, notice, association)
    # One of them is sent another; an expired consent is not a current client.
    issue(made[0].consumer)
    Association.update(expires_on=utcnow().date() - timedelta(days=1)).where(
        Association.id == made[4].id
    ).execute()
    page = clients.client_page(navigator, Listing(status="unread_notices", sort="name"))
    assert [row.full_name for row in page.rows] == ["Pat0 Reader", "Pat2 Reader", "Pat3 Reader"]
    assert page.total == page.queue["unread_notices"] == 3
    assert page.queue["new"] == 4
    searched = clients.client_page(navigator, Listing(status="unread_notices", q="pat2"))
    assert [row.full_name for row in searched.rows] == ["Pat2 Reader"]
    # Keyset pages walk the same rows as the numbered ones.
    numbered = [
        row.association_id
        for number in (1, 2)
        for row in clients.client_page(
            navigator, Listing(status="unread_notices", per_page=2, page=number)
        ).rows
    ]
    first = clients.client_page(navigator, Listing(status="unread_notices", per_page=2))
    after = clients.client_page(
        navigator,
        Listing(status="unread_notices", per_page=2, page=2, after=first.rows[-1].association_id),
    )
    assert [row.association_id for row in (*first.rows, *after.rows)] == numbered
    assert len(numbered) == 3
