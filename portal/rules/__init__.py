"""Eligibility rules: which program each member of a household qualifies for, from a plan year's
published figures (db/data/plan_year_<year>.toml). Pure Python: no Flask, no database."""

from portal.rules.determination import determine
from portal.rules.household import (
    FREQUENCIES,
    IMMIGRATION_STATUSES,
    TAX_FILING,
    Household,
    Member,
    age_on,
    annual_income,
    coverage_start,
)
from portal.rules.outcomes import (
    COST_SHARING,
    PROGRAMS,
    Determination,
    MemberOutcome,
    TaxHouseholdCredit,
    group_cost_sharing,
)
from portal.rules.plan_year import PlanYear, latest_plan_year, plan_year
from portal.rules.premiums import credit_applied, net_premium, plan_premium
from portal.rules.verification import DocumentsNeeded, documents_needed

__all__ = [
    "COST_SHARING",
    "FREQUENCIES",
    "IMMIGRATION_STATUSES",
    "PROGRAMS",
    "Determination",
    "DocumentsNeeded",
    "Household",
    "Member",
    "MemberOutcome",
    "PlanYear",
    "TAX_FILING",
    "TaxHouseholdCredit",
    "age_on",
    "annual_income",
    "coverage_start",
    "credit_applied",
    "determine",
    "documents_needed",
    "group_cost_sharing",
    "latest_plan_year",
    "net_premium",
    "plan_premium",
    "plan_year",
]
