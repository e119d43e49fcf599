"""The agency's roster (S8): approving staff for portal access, marking them inactive (access
ends at once), confirming renewals; never another agency's staff, never over marketplace staff."""

from datetime import date, timedelta

import pytest

from db.accounts import UserSession
from db.assisters import Assister, RegistrationNumber
from db.associations import Association
from db.audit import AuditEvent
from db.certifications import Certification
from db.mail import OutgoingMail
from db.notices import Notice
from db.training import ModuleProgress
from portal.errors import DomainError, NotFound
from portal.services import certifications, courses, registration, roster, standing


def applied(factories, agency, mastered=True, **values):
    """A navigator who registered under `agency` and waits: their first certification pending,
    not yet approved on the roster, no account."""
    person = factories.assister(
        "navigator", agency=agency, roster_status="pending", certification_status="pending",
        mastered_course_year=courses.current_course().year if mastered else None, **values,
    )
    # Enrolled pending, create_assister recorded the pending first certification.
    return person


def reloaded(person):
    return Assister.get_by_id(person.id)


def actions(name):
    return AuditEvent.select().where(AuditEvent.action == name).count()


def activation_mails(person):
    return OutgoingMail.select().where(
        OutgoingMail.kind == "activation", OutgoingMail.to_address == person.email
    ).count()


def test_approval_confirms_the_certification_and_sends_the_activation_email(
    factories, agency_admin, admin_actor
):
    person = applied(factories, agency_admin.agency)
    outcome = roster.approve(admin_actor, person)
    assert outcome.changed and "activation email sent" in outcome.what
    person = reloaded(person)
    assert (person.roster_status, person.certification_status) == ("approved", "confirmed")
    assert Certification.get(Certification.assister == person.id).status == "confirmed"
    assert activation_mails(person) == 1
    assert actions("roster.approved") == 1 and actions("certification.confirmed") == 1
    event = AuditEvent.get(AuditEvent.action == "roster.approved")
    assert (event.actor_id, event.object_id) == (agency_admin.user_id, str(person.id))


def test_approval_waits_for_mastery_before_the_activation_email(
    factories, agency_admin, admin_actor
):
    person = applied(factories, agency_admin.agency, mastered=False)
    outcome = roster.approve(admin_actor, person)
    assert "not mastered" in outcome.what
    assert reloaded(person).roster_status == "approved"
    assert activation_mails(person) == 0


def test_approving_twice_changes_and_sends_once(factories, agency_admin, admin_actor):
    person = applied(factories, agency_admin.agency)
    assert roster.approve(admin_actor, person).changed
    again = roster.approve(admin_actor, person)
    assert not again.changed and "already approved" in again.what
    assert activation_mails(person) == 1 and actions("roster.approved") == 1


def test_staff_made_inactive_cannot_be_approved_by_the_agency(factories, agency_admin, admin_actor):
    person = applied(factories, agency_admin.agency, is_active=False)
    with pytest.raises(DomainError, match="Marketplace staff.*call the ARC"):
        roster.approve(admin_actor, person)
    person = reloaded(person)
    assert (person.roster_status, person.certification_status) == ("pending", "pending")
    assert actions("roster.approved") == 0


def test_a_refused_certification_cannot_be_approved(factories, agency_admin, admin_actor):
    person = applied(factories, agency_admin.agency)
    certifications.refuse(admin_actor, Certification.get(), "Not trained")
    with pytest.raises(DomainError, match="refused"):
        roster.approve(admin_actor, reloaded(person))
    assert reloaded(person).roster_status == "pending"


def test_marking_inactive_ends_access_at_once_and_tells_the_clients(
    factories, agency_admin, admin_actor
):
    person = factories.assister("navigator", agency=agency_admin.agency, with_account=True)
    clients = [factories.association(for_assister=person) for _ in range(2)]
    UserSession.create(id_hash="1" * 64, user=person.user)
    outcome = roster.mark_inactive(admin_actor, person)
    assert outcome.changed and "2 client(s)" in outcome.what
    assert reloaded(person).roster_status == "inactive"
    assert UserSession.select().where(UserSession.user == person.user).count() == 0
    suspended = Association.select().where(Association.suspended_at.is_null(False))
    assert {a.id for a in suspended} == {c.id for c in clients}
    assert {a.suspended_reason for a in suspended} == {"Their agency has marked them inactive."}
    told = Notice.select().where(Notice.kind == "assister_suspended")
    assert {n.consumer_id for n in told} == {c.consumer_id for c in clients}
    assert standing.lapse_of(reloaded(person)).reason == "Their agency has marked them inactive."
    # Again (a double click): nothing more.
    assert not roster.mark_inactive(admin_actor, reloaded(person)).changed
    assert actions("roster.inactive") == 1 and told.count() == 2


def test_marking_inactive_voids_an_unused_activation_email(factories, agency_admin, admin_actor):
    person = applied(factories, agency_admin.agency)
    roster.approve(admin_actor, person)
    roster.mark_inactive(admin_actor, reloaded(person))
    number = RegistrationNumber.get(RegistrationNumber.assister == person.id)
    assert number.voided_at is not None
    # Approved again: a new activation email, the old number still void.
    roster.approve(admin_actor, reloaded(person))
    assert activation_mails(person) == 2


def test_approval_gives_back_what_the_mark_of_inactive_took(factories, agency_admin, admin_actor):
    person = factories.assister("navigator", agency=agency_admin.agency, with_account=True)
    client = factories.association(for_assister=person)
    roster.mark_inactive(admin_actor, person)
    assert roster.approve(admin_actor, reloaded(person)).changed
    assert Association.get_by_id(client.id).suspended_at is None
    assert Notice.select().where(Notice.kind == "assister_restored").count() == 1
    assert standing.lapse_of(reloaded(person)) is None


def test_a_pending_renewal_is_confirmed_from_the_end_of_the_current_period(
    factories, agency_admin, admin_actor
):
    person = factories.assister("navigator", agency=agency_admin.agency)
    with pytest.raises(DomainError, match="no renewal"):
        roster.confirm_renewal(admin_actor, person)
    Certification.create(assister=person, kind="renewal", starts_on=date.today(),
                         expires_on=date.today() + timedelta(days=364))
    outcome = roster.confirm_renewal(admin_actor, person)
    assert outcome.changed and "renewed to" in outcome.what
    expires_on = person.certification_expires_on
    assert reloaded(person).certification_expires_on == certifications.period_from(
        expires_on + timedelta(days=1))[1]
    again = roster.confirm_renewal(admin_actor, reloaded(person))
    assert not again.changed and again.what == outcome.what
    assert actions("certification.confirmed") == 1


def test_a_renewal_needs_this_years_course(factories, agency_admin, admin_actor):
    person = factories.assister("navigator", agency=agency_admin.agency, mastered_course_year=2000)
    Certification.create(assister=person, kind="renewal", starts_on=date.today(),
                         expires_on=date.today() + timedelta(days=364))
    with pytest.raises(DomainError, match="not mastered"):
        roster.confirm_renewal(admin_actor, person)
    assert Certification.get(Certification.kind == "renewal").status == "pending"


def test_only_the_agencys_own_navigators_and_cacs_are_found(factories, agency_admin):
    own = factories.assister("cac", agency=agency_admin.agency)
    broker = factories.assister("broker", agency=agency_admin.agency)
    other = factories.assister("navigator")
    assert roster.person(agency_admin.agency, own.id).id == own.id
    for assister_id in (broker.id, other.id, 987654321):
        with pytest.raises(NotFound):
            roster.person(agency_admin.agency, assister_id)


def test_the_page_lists_searches_filters_and_pages_by_name(factories, agency_admin, admin_actor):
    agency = agency_admin.agency
    for n in range(27):
        factories.assister("navigator", agency=agency, first_name="Nora", last_name=f"Z{n:02d}")
    waiting = applied(factories, agency, first_name="Wanda", last_name="Able",
                      email="wanda@example.org")
    factories.assister("navigator", first_name="Other", last_name="Agency")
    first = roster.page_of(agency)
    assert (first.total, first.pages, len(first.entries)) == (28, 2, 25)
    assert [e.assister.last_name for e in first.entries[:2]] == ["Able", "Z00"]
    assert roster.page_of(agency, page=99).page == 2
    assert [e.assister.id for e in roster.page_of(agency, "WANDA@").entries] == [waiting.id]
    assert [e.assister.id for e in roster.page_of(agency, "wanda able").entries] == [waiting.id]
    assert [e.assister.id for e in roster.page_of(agency, status="pending").entries] == [
        waiting.id]
    assert roster.page_of(agency, "100%_").total == 0
    entry = roster.page_of(agency, "wanda").entries[0]
    assert (entry.activation_sent_at, entry.mastered) == (None, True)
    roster.approve(admin_actor, waiting)
    assert roster.page_of(agency, "wanda").entries[0].activation_sent_at is not None


def test_the_page_counts_the_current_courses_modules_done(factories, agency_admin):
    person = factories.assister("navigator", agency=agency_admin.agency)
    modules = list(courses.current_course().modules)
    assert roster.page_of(agency_admin.agency).entries[0].modules_done == 0
    for module in modules:
        ModuleProgress.create(assister=person, module=module)
    page = roster.page_of(agency_admin.agency)
    assert (page.entries[0].modules_done, page.modules_total) == (len(modules), len(modules))


def test_a_failure_half_way_leaves_nothing_of_the_approval(
    factories, agency_admin, admin_actor, monkeypatch
):
    person = applied(factories, agency_admin.agency)

    def broken(actor, assister):
        raise DomainError("The activation email could not be stored.")

    monkeypatch.setattr(registration, "send_activation_when_ready", broken)
    with pytest.raises(DomainError):
        roster.approve(admin_actor, person)
    person = reloaded(person)
    assert (person.roster_status, person.certification_status) == ("pending", "pending")
    assert Certification.get().status == "pending"
    assert actions("roster.approved") == 0 and actions("certification.confirmed") == 0
