"""The application as the eligibility rules read it (portal/rules): one place maps the wizard's
answers to the rules' household, so a new question reaches the rules here. The wizard asks here
which of its questions apply to a person, so that it asks only what the rules read."""

from db import utcnow
from portal import rules
from portal.services import applications

# Medical Assistance covers former foster care youth up to this age without an income test
# (42 USC 1396a(a)(10)(A)(i)(IX)); the question is asked of people younger than it.
FOSTER_CARE_BELOW_AGE = 26
# Part A is premium-free from this age for most people (42 USC 426(a)); asked from it.
MEDICARE_AGE = 65

# Answers asked of some people only, NULL when not asked: the rules' Member then keeps its
# default (its plain case), so an application saved before a question existed reads as before.
ASKED_OF_SOME = (
    "separate_filing_exception",
    "income_from_work",
    "status_since",
    "american_indian",
    "former_foster_care",
    "incarcerated",
    "premium_free_part_a",
    "employer_offer_minimum_value",
    "employer_family_premium_monthly",
)


def coverage_starts(application, on=None):
    """When coverage applied for on `on` (today by default) starts: ages are taken that day."""
    return rules.coverage_start(application.plan_year, on or utcnow().date())


def tax_filing(member):
    """How the member files (a rules.TAX_FILING key). Before the question had every answer, a
    missing one meant the primary applicant files and claims everyone else."""
    if member.tax_filing:
        return member.tax_filing
    return "filer" if member.is_primary else "dependent"


def asks_income_from_work(member):
    """A dependent's income counts only above the filing threshold, which depends on whether
    it is earned (26 USC 36B(d)(2)(A)): asked of a person claimed on this application."""
    return tax_filing(member) == "dependent"


def asks_former_foster_care(born, starts):
    return born is not None and rules.age_on(born, starts) < FOSTER_CARE_BELOW_AGE


def asks_premium_free_part_a(born, starts):
    return born is not None and rules.age_on(born, starts) >= MEDICARE_AGE


def household(application, on=None):
    """The application as the rules read it, for coverage bought on `on` (today by default):
    ages are taken on the coverage start date."""
    starts = coverage_starts(application, on)
    return rules.Household(
        plan_year=application.plan_year,
        county=application.county,
        coverage_start=starts,
        members=tuple(
            _member(member, starts) for member in applications.members(application)
        ),
    )


def _member(member, starts):
    answered = {
        name: getattr(member, name)
        for name in ASKED_OF_SOME
        if getattr(member, name) is not None
    }
    return rules.Member(
        key=member.id,
        age=rules.age_on(member.date_of_birth, starts),
        applying=member.applying,
        pregnant=member.pregnant,
        immigration_status=member.immigration_status,
        annual_income=rules.annual_income(
            member.income_amount or 0, member.income_frequency or "yearly"
        ),
        annual_deductions=member.deductions_yearly or 0,
        has_medicare=bool(member.has_medicare),
        has_other_public_coverage=bool(member.has_other_public_coverage),
        employer_offer=bool(member.employer_offer),
        employer_premium_monthly=member.employer_premium_monthly,
        relationship=member.relationship,
        tax_filing=tax_filing(member),
        **answered,
    )
