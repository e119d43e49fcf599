"""Households for the rules tests: every member answer defaults to the plain case (a citizen
applying, no other coverage, no employer offer), so a test states only what it is about.

Members a test gives no relationship are one family on one return, as most households are: the
first member files, the first other adult (19 or over) is a spouse filing jointly, and everyone
else is a child claimed as a dependent."""

import dataclasses
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


def family(members):
    primary, *others = members
    arranged, spouse_found = [], False
    for other in others:
        if other.relationship != "self":
            arranged.append(other)
        elif other.age >= 19 and not spouse_found:
            spouse_found = True
            arranged.append(dataclasses.replace(other, relationship="spouse", tax_filing="joint"))
        else:
            child = dataclasses.replace(other, relationship="child", tax_filing="dependent")
            arranged.append(child)
    if spouse_found and primary.tax_filing == "filer":
        primary = dataclasses.replace(primary, tax_filing="joint")
    return (primary, *arranged)


def household(*members, county="Hennepin", year=2026, coverage_start=None):
    return Household(
        plan_year=year, county=county, members=family(members), coverage_start=coverage_start
    )


def outcome(*members, county="Hennepin"):
    """The outcome of the first member, in a household of all of them."""
    determination = determine(household(*members, county=county))
    return determination.outcome_for(members[0].key)
