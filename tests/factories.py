"""Test data made through the services, as the product makes it."""

from dataclasses import replace
from datetime import date, timedelta
from itertools import count

from db.invoices import PremiumInvoice
from portal.actors import SYSTEM
from portal.services import (
    accounts,
    agencies,
    agency_admins,
    assisters,
    associations,
    consumers,
    courses,
    reference_numbers,
)

PASSWORD = "correct horse battery staple"
_sequence = count(1)


def user(role="consumer", username=None, full_name="Test Person"):
    n = next(_sequence)
    username = username or f"{role}{n}"
    return accounts.create_user(
        SYSTEM, username, f"{username}@example.org", full_name, role, PASSWORD
    )


def staff():
    return user("staff", full_name="Stella Staff")


def actor(for_user):
    return replace(SYSTEM, user=for_user, ip="192.0.2.10", user_agent="pytest")


def agency(**values):
    n = next(_sequence)
    return agencies.create_agency(
        SYSTEM,
        {
            "name": f"Agency {n}",
            "kind": "navigator",
            "street": "1 Main St",
            "city": "Saint Paul",
            "state": "MN",
            "zip_code": "55101",
            "county": "Ramsey",
            "phone": "651-555-0100",
            "email": None,
            "hours": None,
            "languages": "English",
            "is_active": True,
            **values,
        },
    )


def assister(assister_type="navigator", with_account=False, **values):
    n = next(_sequence)
    needs_agency = assister_type in ("navigator", "cac") and "agency" not in values
    return assisters.create_assister(
        SYSTEM,
        {
            "user": user("assister", full_name=f"Ada Assister{n}") if with_account else None,
            "assister_type": assister_type,
            "first_name": "Ada",
            "last_name": f"Assister{n}",
            "email": f"assister{n}@example.org",
            "phone": "612-555-0101",
            "street": "2 Lake St",
            "city": "Minneapolis",
            "state": "MN",
            "zip_code": "55401",
            "county": "Hennepin",
            "languages": "English",
            "license_number": f"MN-{n:08d}" if assister_type == "broker" else None,
            "agency": agency() if needs_agency else None,
            "certified_on": date.today() - timedelta(days=30),
            "certification_expires_on": date.today() + timedelta(days=700),
            "roster_status": "approved" if assister_type in ("navigator", "cac") else None,
            "mastered_course_year": courses.current_course().year,
            "is_active": True,
            **values,
        },
    )


def agency_admin(for_agency=None, with_account=True, **values):
    n = next(_sequence)
    return agency_admins.create_agency_admin(
        SYSTEM,
        {
            "agency": for_agency or agency(),
            "user": user("agency_admin", full_name=f"Agnes Admin{n}") if with_account else None,
            "first_name": "Agnes",
            "last_name": f"Admin{n}",
            "email": f"agency-admin{n}@example.org",
            "phone": "651-555-0103",
            **values,
        },
    )


def consumer(with_account=True, **values):
    n = next(_sequence)
    return consumers.create_consumer(
        SYSTEM,
        {
            "user": user("consumer", full_name=f"Carl Consumer{n}") if with_account else None,
            "first_name": "Carl",
            "last_name": f"Consumer{n}",
            "email": f"consumer{n}@example.org",
            "phone": "763-555-0102",
            "date_of_birth": date(1980, 5, 17),
            "preferred_language": "English",
            **values,
        },
    )


def association(for_consumer=None, for_assister=None):
    for_consumer = for_consumer or consumer()
    for_assister = for_assister or assister()
    return associations.associate(actor(for_consumer.user), for_consumer, for_assister)


def premium_invoice(case, coverage_month=None, amount="44.00", due_on=None, status="unpaid"):
    """A premium invoice on `case` whatever its determination says (the route matrix's subject
    has a plan, not MinnesotaCare). Issuing from a determination is tested through the service."""
    coverage_month = coverage_month or date(2026, 1, 1)
    return PremiumInvoice.create(
        consumer=case.consumer_id, case=case, coverage_month=coverage_month,
        invoice_number=reference_numbers.new(), amount=amount,
        due_on=due_on or coverage_month - timedelta(days=1), status=status,
    )
