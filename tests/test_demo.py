"""The demo seed: what `make run` loads, once."""

from datetime import date

import pytest

from db.accounts import User
from db.assisters import Agency, Assister
from db.associations import Association
from db.consumers import Consumer
from portal import demo
from tests import routes


def _counts():
    return [m.select().count() for m in (User, Agency, Assister, Consumer, Association)]


@pytest.fixture(scope="module")
def seeded(database_url, tmp_path_factory, compiled_templates):
    """An app with the demo seeded once, for the tests that only read what it made."""
    with routes.world_app(database_url, tmp_path_factory.mktemp("demo"),
                          compiled_templates) as app:
        with app.app_context():
            demo.seed()
        yield app


def test_seed_loads_the_demo_once(app):
    with app.app_context():
        _seed_twice()


def _seed_twice():
    assert demo.seed() is True
    first = _counts()
    assert demo.seed() is False
    assert _counts() == first
    assert Agency.select().count() == 6 and Consumer.select().count() == 40
    certified = Assister.select().where(Assister.certification_status == "confirmed")
    counts = {kind: certified.where(Assister.assister_type == kind).count()
              for kind in ("broker", "navigator", "cac")}
    assert counts == {"broker": 7, "navigator": 7, "cac": 7}
    # A navigator and a broker who registered themselves wait for confirmation.
    waiting = Assister.select().where(Assister.certification_status == "pending")
    assert sorted(a.assister_type for a in waiting) == ["broker", "navigator"]
    statuses = {a.status for a in Association.select()}
    assert statuses == {"new", "in_progress", "ended"}
    for username, _role, _password in demo.SIGN_INS:
        assert User.get(User.username == username)


def test_the_demo_consumer_has_a_draft_to_resume_with_the_demo_assisters(seeded):
    from db.applications import Application
    from portal.services import applications, associations

    with seeded.app_context():
        consumer = Consumer.get(Consumer.email == "consumer@consumers.example")
        draft = Application.get(Application.consumer == consumer)
        assert draft.status == "draft" and draft.current_step == "income"
        assert draft.completed == {"contact", "household"} and draft.held_by is None
        assert [m.first_name for m in applications.members(draft)][1] == "Maya"
        helping = {a.assister.user.username for a in associations.current_for_consumer(consumer)
                   if a.assister.user_id}
        assert {"broker", "navigator"} <= helping


def test_the_demo_broker_has_a_client_ready_to_enroll_with_documents_to_send(seeded):
    from db.cases import Case
    from db.verifications import VerificationRequest
    from portal.services import enrollments

    with seeded.app_context():
        consumer = Consumer.get(Consumer.email == "consumer01@consumers.example")
        case = Case.get(Case.consumer == consumer)
        assert enrollments.may_enroll(case)
        assert enrollments.household(case).max_aptc > 0
        brokers = [a for a in Association.select().where(
            (Association.consumer == consumer) & Association.ended_at.is_null())
            if a.assister.user_id and a.assister.user.username == "broker"]
        assert len(brokers) == 1
        request = VerificationRequest.get(VerificationRequest.consumer == consumer)
        assert request.kind == "immigration" and request.status == "open"
        assert brokers[0].consumer_verification_due_on == request.due_on
        # Pay stubs sent as "other", on the case, waiting in Documents to review.
        import io
        from pathlib import Path

        from portal.services import documents

        [stub] = documents.other_for(consumer)
        assert (stub.document_type, stub.case_id, stub.status) == ("income", case.id, "received")
        stored = Path(seeded.config["DOCUMENTS_DIR"]) / stub.storage_name
        content = io.BytesIO(stored.read_bytes())
        assert documents.check_file("stub.pdf", content).content_type == "application/pdf"


def test_the_demo_navigator_has_a_mixed_status_family_with_results(seeded):
    from db.cases import Case
    from portal.services import applications, determinations

    with seeded.app_context():
        consumer = Consumer.get(Consumer.email == "consumer39@consumers.example")
        case = Case.get(Case.consumer == consumer)
        parent, spouse, teen = applications.members(case.application)
        assert parent.immigration_status == "permanent_resident" and parent.status_since
        assert spouse.employer_family_premium_monthly and teen.income_from_work is True
        assert len(determinations.results(case)) == 3
        navigators = [a for a in Association.select().where(
            (Association.consumer == consumer) & Association.ended_at.is_null())
            if a.assister.user_id and a.assister.user.username == "navigator"]
        assert len(navigators) == 1


def test_the_demo_broker_has_a_client_with_zero_cost_sharing(seeded):
    from db.cases import Case
    from portal.services import determinations, enrollments

    with seeded.app_context():
        consumer = Consumer.get(Consumer.email == "consumer38@consumers.example")
        case = Case.get(Case.consumer == consumer)
        ((_member, outcome),) = determinations.results(case)
        assert (outcome.program, outcome.cost_sharing) == ("qhp_with_aptc", "zero")
        assert enrollments.household(case).max_aptc > 0


def test_the_demo_navigator_has_a_minnesotacare_household_with_a_premium_overdue(seeded):
    from db.cases import Case
    from db.invoices import PremiumInvoice
    from portal.services import determinations

    with seeded.app_context():
        consumer = Consumer.get(Consumer.email == "consumer36@consumers.example")
        case = Case.get(Case.consumer == consumer)
        outcomes = determinations.results(case)
        assert [row.program for _, row in outcomes] == ["minnesotacare", "minnesotacare"]
        invoices = list(PremiumInvoice.select().where(PremiumInvoice.consumer == consumer)
                        .order_by(PremiumInvoice.coverage_month))
        assert {invoice.amount for invoice in invoices} == {88}
        if case.created_at.date() < date.today().replace(day=1):  # not in January or February
            assert [i.status for i in invoices][:3] == ["paid", "unpaid", "paid"]
            assert invoices[1].overdue
            navigator = next(
                a for a in Association.select().where(
                    (Association.consumer == consumer) & Association.ended_at.is_null())
                if a.assister.user_id and a.assister.user.username == "navigator")
            assert navigator.consumer_premium_due_on == invoices[1].due_on


def test_the_demo_lists_agencies_and_assisters_across_minnesota(app):
    from db.assisters import LANGUAGES
    from portal import places

    with app.app_context():
        demo.seed()
        certified = Assister.select().where(Assister.certification_status == "confirmed")
        listed = [*Agency.select(), *certified]
        # Each is on the map, at its ZIP code, in the county that ZIP code is in.
        assert all(row.latitude is not None and row.longitude is not None for row in listed)
        assert all(places.find(row.zip_code).county == row.county for row in listed)
        counties = {row.county for row in listed}
        assert {"Hennepin", "Ramsey", "St. Louis", "Olmsted", "Stearns", "Blue Earth", "Clay",
                "Beltrami"} <= counties
        assert all(row.street and row.hours for row in listed)
        assert all(set(row.languages.split(", ")) <= set(LANGUAGES) for row in listed)
        assert all(agency.website.startswith("https://") for agency in Agency.select())
        [not_listed] = Assister.select().where(Assister.listed == False)  # noqa: E712
        [hidden] = [row for row in listed if row.hidden_by_staff]
        assert not_listed.last_name == "Okafor" and not not_listed.hidden_by_staff
        assert hidden.last_name == "Berglund" and hidden.hidden_reason
        # The sign-in assisters are listed, and find their listing page as they left it.
        for username in ("broker", "navigator", "cac"):
            assister = User.get(User.username == username).assister_profile.get()
            assert assister.listed and not assister.hidden_by_staff and assister.hours


def test_the_demo_has_an_agency_administrator_an_application_and_registrations(seeded):
    from db.assisters import AgencyAdmin
    from db.certifications import AgencyApplication, Certification
    from portal.services import certifications

    with seeded.app_context():
        agnes = AgencyAdmin.get(AgencyAdmin.email == "agency@assister-portal.test")
        assert agnes.user.username == "agency" and agnes.agency.name == "North Star Navigators"
        assert AgencyApplication.get().status == "pending"
        kofi = Assister.get(Assister.last_name == "Mensah")
        assert (kofi.agency_id, kofi.roster_status) == (agnes.agency_id, "pending")
        assert kofi.training_id_hash is not None
        linnea = Assister.get(Assister.last_name == "Sorensen")
        assert Certification.get(Certification.assister == linnea).status == "pending"
        # Nora Vang may renew now: her certification ends within 90 days.
        nora = Assister.get(Assister.user == User.get(User.username == "navigator").id)
        assert certifications.renewal_due(nora)
