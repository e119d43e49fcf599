"""An assister's standing: a lapse ends their access at once and tells each consumer; a
reactivation or renewal gives back only what the consumers' consent still covers."""

from datetime import timedelta

import pytest

from db import utcnow
from db.accounts import UserSession
from db.assisters import Agency, Assister
from db.associations import Association
from db.audit import AuditEvent
from db.mail import OutgoingMail
from db.notices import Notice
from portal.actors import SYSTEM
from portal.errors import DomainError, NotFound
from portal.services import agencies, assisters, associations, standing


def _values(assister, **changes):
    """The admin form's values for `assister`, with `changes`."""
    names = (
        "assister_type", "first_name", "last_name", "agency", "license_number", "email", "phone",
        "street", "city", "state", "zip_code", "county", "languages", "certified_on",
        "certification_expires_on", "is_active",
    )  # fmt: skip
    return {name: getattr(assister, name) for name in names} | changes


def _agency_values(agency, **changes):
    names = (
        "name", "kind", "street", "city", "state", "zip_code", "county", "phone", "email",
        "hours", "languages", "is_active",
    )  # fmt: skip
    return {name: getattr(agency, name) for name in names} | changes


def _session(user):
    return UserSession.create(id_hash=f"{user.id:064d}", user=user)


@pytest.fixture
def clients(factories, navigator):
    """Two consumers who authorized the navigator."""
    return [factories.association(for_assister=navigator) for _ in range(2)]


def _reloaded(assister):
    # As a request would load it: nothing cached from before the change.
    return Assister.get_by_id(assister.id)


def test_good_standing_is_active_certified_and_agency_active(app, factories):
    today = standing.minnesota_today()
    broker = factories.assister("broker")
    assert broker.agency_id is None and standing.lapse_of(broker) is None
    broker.certification_expires_on = today
    assert standing.lapse_of(broker) is None, "certified through its last day"
    broker.certification_expires_on = today - timedelta(days=1)
    expired = standing.lapse_of(broker)
    assert (
        expired.reason == f"Their certification expired on {today - timedelta(days=1):%B %-d, %Y}."
    )
    assert "To renew it, call the ARC" in expired.message
    broker.certification_expires_on, broker.is_active = today, False
    inactive = standing.lapse_of(broker)
    assert inactive.reason == "Marketplace staff have made them inactive."
    assert "you can no longer sign in" in inactive.message and "Broker Line" in inactive.message

    navigator = factories.assister("navigator")
    Agency.update(is_active=False).where(Agency.id == navigator.agency_id).execute()
    lapse = standing.lapse_of(_reloaded(navigator))
    assert lapse.reason == (
        f"Their agency, {navigator.agency.name}, is no longer active with the marketplace."
    )
    assert "Ask your agency" in lapse.message


def test_staff_deactivating_ends_sessions_and_suspends_associations_with_the_reason(
    app, factories, staff, navigator, clients
):
    other = factories.assister("navigator", with_account=True)
    _session(navigator.user), _session(other.user)
    kept = factories.association(for_assister=other)
    with app.test_request_context():
        assisters.update_assister(staff, navigator, _values(navigator, is_active=False))

    assert not UserSession.select().where(UserSession.user == navigator.user).exists()
    assert UserSession.select().where(UserSession.user == other.user).exists()
    for association in clients:
        row = Association.get_by_id(association.id)
        assert row.ended_at is None and row.status == "new", "kept as history, not ended"
        assert row.suspended_at is not None
        assert row.suspended_reason == "Marketplace staff have made them inactive."
    assert Association.get_by_id(kept.id).suspended_at is None

    lapsed = AuditEvent.get(AuditEvent.action == "assister.lapsed")
    assert lapsed.actor_id == staff.user.id and lapsed.object_id == str(navigator.id)
    assert "Ended 1 session(s), suspended 2 association(s)" in lapsed.detail
    suspended = AuditEvent.select().where(AuditEvent.action == "association.suspended")
    assert {row.on_behalf_of_id for row in suspended} == {a.consumer_id for a in clients}

    for association in clients:
        consumer = association.consumer
        notice = Notice.get(Notice.consumer == consumer, Notice.kind != "association_started")
        assert notice.kind == "assister_suspended" and notice.case_id is None
        assert notice.title == f"Your navigator, {navigator.full_name}, can no longer act for you"
        assert "Marketplace staff have made them inactive." in notice.body
        assert "Add or change my assister" in notice.body
        sent = OutgoingMail.get(
            OutgoingMail.to_address == consumer.email, OutgoingMail.kind == "assister_suspended"
        )
        assert sent.subject == notice.title and "/consumer/assisters" in sent.body
        assert "Marketplace staff have made them inactive." in sent.body

    with pytest.raises(standing.Lapsed, match="made your assister record inactive"):
        associations.require_access(_reloaded(navigator), clients[0].consumer_id)


def test_a_lapse_happens_once(app, factories, navigator, clients):
    lapse = standing.lapse_of(factories.assister("broker", is_active=False))
    with app.test_request_context():
        assert len(standing.end_access(SYSTEM, navigator, lapse)) == 2
        counts = (
            AuditEvent.select().count(),
            Notice.select().count(),
            OutgoingMail.select().count(),
        )
        assert standing.end_access(SYSTEM, navigator, lapse) == []
    assert (
        AuditEvent.select().count(),
        Notice.select().count(),
        OutgoingMail.select().count(),
    ) == counts


def test_an_expired_certification_is_acted_on_by_the_first_check_without_any_job(
    app, factories, navigator, clients
):
    _session(navigator.user)
    yesterday = standing.minnesota_today() - timedelta(days=1)
    Assister.update(certification_expires_on=yesterday).where(Assister.id == navigator.id).execute()
    with app.test_request_context(), pytest.raises(standing.Lapsed, match="certification expired"):
        associations.require_access(_reloaded(navigator), clients[0].consumer_id)
    assert not UserSession.select().where(UserSession.user == navigator.user).exists()
    rows = Association.select().where(Association.assister == navigator)
    assert [row.suspended_reason for row in rows] == [
        f"Their certification expired on {yesterday:%B %-d, %Y}."
    ] * 2
    assert AuditEvent.get(AuditEvent.action == "assister.lapsed").actor_id is None


def test_reactivation_gives_back_only_associations_within_their_consent(
    app, factories, staff, navigator, clients
):
    within, ran_out = clients
    ended = factories.association(for_assister=navigator)
    with app.test_request_context():
        associations.end_association(staff, ended, "Consumer moved away")
        assisters.update_assister(staff, navigator, _values(navigator, is_active=False))
        yesterday = utcnow().date() - timedelta(days=1)
        Association.update(expires_on=yesterday).where(Association.id == ran_out.id).execute()
        navigator = _reloaded(navigator)
        assisters.update_assister(staff, navigator, _values(navigator, is_active=True))

    back = Association.get_by_id(within.id)
    assert back.suspended_at is None and back.suspended_reason is None
    assert associations.require_access(_reloaded(navigator), within.consumer_id).id == within.id
    history = Association.get_by_id(ran_out.id)
    assert history.suspended_at is not None and history.ended_at is None
    assert Association.get_by_id(ended.id).suspended_at is None, "ended before: never suspended"
    with pytest.raises(NotFound):
        associations.require_access(_reloaded(navigator), ran_out.consumer_id)

    restored = Notice.get(Notice.kind == "assister_restored")
    assert restored.consumer_id == within.consumer_id
    assert restored.title == f"Your navigator, {navigator.full_name}, can act for you again"
    assert (
        not Notice.select()
        .where(Notice.kind == "assister_restored", Notice.consumer == ran_out.consumer)
        .exists()
    )
    assert OutgoingMail.get(OutgoingMail.kind == "assister_restored").to_address == (
        within.consumer.email
    )
    assert AuditEvent.get(AuditEvent.action == "association.restored").on_behalf_of_id == (
        within.consumer_id
    )


def test_renewing_the_certification_gives_access_back(app, factories, staff, navigator, clients):
    today = standing.minnesota_today()
    Assister.update(certification_expires_on=today - timedelta(days=1)).where(
        Assister.id == navigator.id
    ).execute()
    with app.test_request_context():
        assert standing.end_lapsed_access(SYSTEM) == 1
        navigator = _reloaded(navigator)
        assisters.update_assister(
            staff,
            navigator,
            _values(navigator, certification_expires_on=today + timedelta(days=365)),
        )
    assert Association.select().where(Association.suspended_at.is_null(False)).count() == 0
    assert Notice.select().where(Notice.kind == "assister_restored").count() == 2


def test_an_inactive_agency_suspends_its_assisters_and_active_again_restores(
    app, factories, staff, navigator, clients
):
    broker = factories.assister("broker", with_account=True)
    broker_client = factories.association(for_assister=broker)
    agency = navigator.agency
    _session(navigator.user)
    with app.test_request_context():
        agencies.update_agency(staff, agency, _agency_values(agency, is_active=False))
    assert not UserSession.select().where(UserSession.user == navigator.user).exists()
    reasons = {
        row.suspended_reason
        for row in Association.select().where(Association.assister == navigator)
    }
    assert reasons == {f"Their agency, {agency.name}, is no longer active with the marketplace."}
    assert Association.get_by_id(broker_client.id).suspended_at is None

    with app.test_request_context():
        agency = Agency.get_by_id(agency.id)
        agencies.update_agency(staff, agency, _agency_values(agency, is_active=True))
    assert not Association.select().where(Association.suspended_at.is_null(False)).exists()


def test_an_agency_active_again_leaves_an_inactive_assister_suspended(
    app, staff, navigator, clients
):
    agency = navigator.agency
    with app.test_request_context():
        agencies.update_agency(staff, agency, _agency_values(agency, is_active=False))
        assisters.update_assister(
            staff, _reloaded(navigator), _values(_reloaded(navigator), is_active=False)
        )
        agencies.update_agency(
            staff, Agency.get_by_id(agency.id), _agency_values(agency, is_active=True)
        )
    assert Association.select().where(Association.suspended_at.is_null()).count() == 0


def test_the_daily_job_ends_access_of_assisters_who_never_came_back(
    app, factories, navigator, clients
):
    in_good_standing = factories.assister("broker", with_account=True)
    factories.association(for_assister=in_good_standing)
    _session(navigator.user), _session(in_good_standing.user)
    yesterday = standing.minnesota_today() - timedelta(days=1)
    Assister.update(certification_expires_on=yesterday).where(Assister.id == navigator.id).execute()

    result = app.test_cli_runner().invoke(args=["assisters", "end-lapsed-access"])
    assert result.exit_code == 0, result.output
    assert "Access ended for 1 assister(s)" in result.output
    assert not UserSession.select().where(UserSession.user == navigator.user).exists()
    assert UserSession.select().where(UserSession.user == in_good_standing.user).exists()
    suspended = Association.select().where(Association.suspended_at.is_null(False))
    assert {row.assister_id for row in suspended} == {navigator.id}
    assert Notice.select().where(Notice.kind == "assister_suspended").count() == 2

    again = app.test_cli_runner().invoke(args=["assisters", "end-lapsed-access"])
    assert "Access ended for 0 assister(s)" in again.output
    assert Notice.select().where(Notice.kind == "assister_suspended").count() == 2


def test_a_suspended_association_cannot_be_renewed_but_can_be_replaced(
    app, factories, staff, navigator, clients
):
    association = clients[0]
    consumer = association.consumer
    with app.test_request_context():
        assisters.update_assister(staff, navigator, _values(navigator, is_active=False))
        held = Association.get_by_id(association.id)
        with pytest.raises(DomainError, match="can't act for you now"):
            associations.renew(factories.actor(consumer.user), held)
        assert Association.get_by_id(association.id).renewed_at is None
        with pytest.raises(DomainError, match="no longer active"):
            associations.associate(factories.actor(consumer.user), consumer, _reloaded(navigator))
        other = factories.assister("navigator")
        with pytest.raises(associations.ReplacementNeeded):
            associations.associate(factories.actor(consumer.user), consumer, other)
        associations.associate(factories.actor(consumer.user), consumer, other, replace=True)
    replaced = Association.get_by_id(association.id)
    assert replaced.status == "ended" and replaced.end_reason == "Replaced by consumer"


def test_a_suspended_association_gives_no_access_until_it_is_given_back(
    app, staff, navigator, clients
):
    with app.test_request_context():
        assisters.update_assister(staff, navigator, _values(navigator, is_active=False))
    # Active again without the service that gives access back (a change made in the database).
    Assister.update(is_active=True).where(Assister.id == navigator.id).execute()
    with pytest.raises(NotFound):
        associations.require_access(_reloaded(navigator), clients[0].consumer_id)
    with app.test_request_context():
        assert len(standing.review(staff, _reloaded(navigator))) == 2
    assert associations.require_access(_reloaded(navigator), clients[0].consumer_id)
