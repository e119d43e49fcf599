"""Households for the rules tests: every member answer defaults to the plain case (a citizen
applying, no other coverage, no employer offer), so a test states only what it is about."""

from decimal import Decimal

from portal.rules import Household, Member, determine


def member(key, age, income=0, **answers):
    defaults = {
        "applying": True,
        "pregnant": False,
        "immigration_status": "citizen",
        "annual_deductions": Decimal(0),
        "has_medicare": False,
        "has_other_public_coverage": False,
        "employer_offer": False,
        "employer_premium_monthly": None,
    }
    return Member(key=key, age=age, annual_income=Decimal(str(income)), **defaults | answers)


def household(*members, county="Hennepin", year=2026):
    return Household(plan_year=year, county=county, members=tuple(members))


def outcome(*members, county="Hennepin"):
    """The outcome of the first member, in a household of all of them."""
    determination = determine(household(*members, county=county))
    return determination.outcome_for(members[0].key)
