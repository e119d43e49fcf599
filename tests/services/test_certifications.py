"""Certification periods (S8): registering, confirming, refusing, renewing, and the history
every assister has."""

from datetime import date, timedelta

import pytest

from db.assisters import Assister
from db.audit import AuditEvent
from db.certifications import Certification
from db.mail import OutgoingMail
from portal.actors import SYSTEM
from portal.errors import DomainError
from portal.services import assisters, certifications, standing, training

TODAY = date(2026, 6, 1)


def values(**changes):
    return {
        "assister_type": "broker",
        "license_number": "MN-40012345",
        "license_expires_on": date(2027, 3, 31),
        "first_name": "Grace",
        "last_name": "Lindqvist",
        "email": "grace@example.org",
        "phone": "651-555-0140",
        "street": "12 Grand Ave",
        "city": "Saint Paul",
        "zip_code": "55105",
        "county": "Ramsey",
        "languages": ["Spanish", "English"],
        **changes,
    }


def counts():
    return tuple(model.select().count()
                 for model in (Assister, Certification, OutgoingMail, AuditEvent))


@pytest.mark.parametrize(
    ("first_day", "last_day"),
    [
        (date(2026, 6, 1), date(2027, 5, 31)),
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 27)),
        (date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_period_is_a_year_and_february_29_runs_to_february_28(first_day, last_day):
    assert certifications.period_from(first_day) == (first_day, last_day)


def test_a_broker_registers_pending_with_their_license_and_a_training_id(app):
    assister = certifications.register(SYSTEM, values(), today=TODAY)
    assert (assister.certification_status, assister.roster_status) == ("pending", None)
    assert (assister.certified_on, assister.certification_expires_on) == (
        TODAY, date(2027, 5, 31))
    assert len(assister.reference_number) == 10 and assister.training_id_hash
    assert assister.languages == "English, Spanish" and assister.license_number == "MN-40012345"
    row = Certification.get(Certification.assister == assister.id)
    assert (row.kind, row.status, row.license_expires_on) == (
        "initial", "pending", date(2027, 3, 31))
    mail = OutgoingMail.get(OutgoingMail.to_address == "grace@example.org")
    assert mail.kind == "training_id"
    actions = {e.action for e in AuditEvent.select()}
    assert {"assister.created", "certification.registered",
            "assister.training_id_sent"} <= actions


def test_a_navigator_registers_under_their_agency_whose_admins_are_told(app, factories):
    agency = factories.agency(name="North Star Navigators")
    factories.agency_admin(agency, email="one@northstar.example")
    factories.agency_admin(agency, email="gone@northstar.example", is_active=False)
    assister = certifications.register(
        SYSTEM, values(assister_type="navigator", agency_id=agency.id, license_number=""),
        today=TODAY)
    assert (assister.agency_id, assister.roster_status) == (agency.id, "pending")
    assert assister.license_number is None
    told = [m.to_address for m in OutgoingMail.select().where(
        OutgoingMail.kind == "certification_registered")]
    assert told == ["one@northstar.example"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"license_number": " "}, "license_number"),
        ({"license_expires_on": None}, "license_expires_on"),
        ({"license_expires_on": TODAY - timedelta(days=1)}, "license_expires_on"),
        ({"assister_type": "navigator", "agency_id": None}, "agency_id"),
        ({"assister_type": "cac", "agency_id": 987654}, "agency_id"),
        ({"zip_code": "10001"}, "zip_code"),
        ({"phone": "12"}, "phone"),
        ({"county": "Nowhere"}, "county"),
        ({"languages": ["Klingon"]}, "languages"),
        ({"first_name": "  "}, "first_name"),
        ({"assister_type": "staff"}, "assister_type"),
    ],
)
def test_a_registration_that_breaks_a_rule_writes_nothing(app, change, field):
    before = counts()
    with pytest.raises(DomainError) as error:
        certifications.register(SYSTEM, values(**change), today=TODAY)
    assert error.value.field == field
    assert counts() == before


def test_a_license_valid_through_today_is_accepted(app):
    assister = certifications.register(SYSTEM, values(license_expires_on=TODAY), today=TODAY)
    assert assister.certification_status == "pending"


def test_an_agency_of_the_other_kind_or_inactive_is_refused(app, factories):
    cac_agency = factories.agency(kind="cac")
    closed = factories.agency(is_active=False)
    for agency in (cac_agency, closed):
        with pytest.raises(DomainError) as error:
            certifications.register(
                SYSTEM, values(assister_type="navigator", agency_id=agency.id), today=TODAY)
        assert error.value.field == "agency_id"
    assert Assister.select().count() == 0


def test_an_email_in_use_is_refused_whatever_its_case(app, factories):
    factories.assister("cac", email="Grace@Example.org")
    before = counts()
    with pytest.raises(DomainError) as error:
        certifications.register(SYSTEM, values(), today=TODAY)
    assert error.value.field == "email" and "already registered" in error.value.message
    assert counts() == before


def test_the_same_registration_again_returns_the_first(app):
    first = certifications.register(SYSTEM, values(), today=TODAY)
    before = counts()
    again = certifications.register(SYSTEM, values(), today=TODAY)
    assert again.id == first.id and counts() == before


def test_a_failure_half_way_through_registering_leaves_nothing(app, monkeypatch):
    before = counts()

    def broken(actor, assister):
        raise DomainError("The Training ID could not be sent.")

    monkeypatch.setattr(training, "issue_training_id", broken)
    with pytest.raises(DomainError):
        certifications.register(SYSTEM, values(), today=TODAY)
    assert counts() == before


def test_staff_enrolled_assisters_have_a_confirmed_first_period(app, factories):
    assister = factories.assister("cac")
    row = Certification.get(Certification.assister == assister.id)
    assert (row.kind, row.status) == ("initial", "confirmed") and row.decided_at
    assert (row.starts_on, row.expires_on) == (
        assister.certified_on, assister.certification_expires_on)


def test_dates_corrected_by_staff_keep_the_period_in_step(app, factories, staff):
    assister = factories.assister("broker")
    fields = ("assister_type", "first_name", "last_name", "email", "phone", "street", "city",
              "state", "zip_code", "county", "languages", "license_number", "agency",
              "is_active")
    record = {name: getattr(assister, name) for name in fields}
    new_start = assister.certified_on - timedelta(days=1)
    new_expiry = assister.certification_expires_on + timedelta(days=31)
    assisters.update_assister(staff, assister, {
        **record, "certified_on": new_start, "certification_expires_on": new_expiry})
    row = Certification.get(Certification.assister == assister.id)
    assert (row.starts_on, row.expires_on) == (new_start, new_expiry)
    assert Certification.select().count() == 1


def test_confirming_a_first_certification_mails_the_period(app, staff):
    assister = certifications.register(SYSTEM, values(), today=TODAY)
    pending = Certification.get(Certification.assister == assister.id)
    confirmed = certifications.confirm(staff, pending, today=date(2026, 6, 3))
    assert (confirmed.status, confirmed.starts_on, confirmed.expires_on) == (
        "confirmed", date(2026, 6, 3), date(2027, 6, 2))
    assister = Assister.get_by_id(assister.id)
    assert assister.certification_status == "confirmed"
    assert assister.certification_expires_on == date(2027, 6, 2)
    mail = OutgoingMail.get(OutgoingMail.kind == "certification_confirmed")
    assert mail.to_address == "grace@example.org"
    assert "June 3, 2026 to June 2, 2027" in mail.body
    # Confirmed twice (a double click): the first result, nothing more.
    before = counts()
    assert certifications.confirm(staff, pending, today=date(2026, 6, 4)).starts_on == date(
        2026, 6, 3)
    assert counts() == before


def test_refusing_mails_the_reason_and_whom_to_call(app, staff, factories):
    agency = factories.agency(kind="cac")
    assister = certifications.register(
        SYSTEM, values(assister_type="cac", agency_id=agency.id, email="c@example.org"),
        today=TODAY)
    pending = Certification.get(Certification.assister == assister.id)
    refused = certifications.refuse(staff, pending, "  Not on   our staff ")
    assert (refused.status, refused.reason) == ("refused", "Not on our staff")
    assert Assister.get_by_id(assister.id).certification_status == "refused"
    mail = OutgoingMail.get(OutgoingMail.kind == "certification_refused")
    assert "Reason: Not on our staff" in mail.body and "the ARC" in mail.body
    before = counts()
    assert certifications.refuse(staff, pending, "Again").reason == "Not on our staff"
    assert counts() == before


def expiring(factories, days, **changes):
    today = standing.minnesota_today()
    return factories.assister(
        "navigator", certified_on=today - timedelta(days=300),
        certification_expires_on=today + timedelta(days=days), **changes)


def test_renewal_opens_90_days_before_expiry(app, factories):
    today = standing.minnesota_today()
    assister = expiring(factories, 91)
    renewal = certifications.renewal_of(assister)
    assert renewal.opens_on == today + timedelta(days=1) and not renewal.is_open
    assert not certifications.renewal_due(assister)
    with pytest.raises(DomainError, match="You can renew your certification from"):
        certifications.request_renewal(SYSTEM, assister, {})
    assert certifications.renewal_of(assister, today + timedelta(days=1)).is_open
    assert certifications.renewal_due(expiring(factories, 90))
    assert certifications.renewal_due(expiring(factories, 0))


def test_a_renewal_is_pending_for_the_year_after_and_asked_once(app, factories, staff):
    today = standing.minnesota_today()
    admin = factories.agency_admin()
    assister = expiring(factories, 30, agency=admin.agency)
    renewal = certifications.request_renewal(SYSTEM, assister, {})
    assert (renewal.kind, renewal.status) == ("renewal", "pending")
    assert renewal.starts_on == today + timedelta(days=31)
    assert renewal.expires_on == certifications.period_from(renewal.starts_on)[1]
    assert OutgoingMail.get(OutgoingMail.kind == "certification_renewal").to_address == (
        admin.email)
    before = counts()
    assert certifications.request_renewal(SYSTEM, assister, {}).id == renewal.id
    assert counts() == before
    assert not certifications.renewal_due(assister)
    confirmed = certifications.confirm(staff, renewal)
    assert confirmed.starts_on == today + timedelta(days=31)
    assister = Assister.get_by_id(assister.id)
    assert assister.certification_expires_on == confirmed.expires_on
    assert assister.certified_on == today - timedelta(days=300)
    assert [c.kind for c in certifications.history(assister)] == ["renewal", "initial"]


def test_renewal_needs_this_years_course(app, factories):
    assister = expiring(factories, 30, mastered_course_year=2000)
    with pytest.raises(DomainError, match="first complete this year"):
        certifications.request_renewal(SYSTEM, assister, {})
    assert not Certification.select().where(Certification.kind == "renewal").exists()


def test_a_broker_renews_with_a_license_that_has_not_expired(app, factories):
    today = standing.minnesota_today()
    broker = factories.assister("broker", certification_expires_on=today + timedelta(days=5))
    with pytest.raises(DomainError) as error:
        certifications.request_renewal(
            SYSTEM, broker, {"license_number": "MN-1",
                             "license_expires_on": today - timedelta(days=1)})
    assert error.value.field == "license_expires_on"
    renewal = certifications.request_renewal(
        SYSTEM, broker, {"license_number": "MN-2", "license_expires_on": today})
    assert renewal.license_number == "MN-2"


def test_a_failure_half_way_through_renewing_leaves_nothing(app, factories, monkeypatch):
    admin = factories.agency_admin()
    assister = expiring(factories, 30, agency=admin.agency)
    before = counts()
    from portal.services import mail

    def broken(*args, **kwargs):
        raise DomainError("The mail could not be stored.")

    monkeypatch.setattr(mail, "send", broken)
    with pytest.raises(DomainError):
        certifications.request_renewal(SYSTEM, assister, {})
    assert counts() == before
