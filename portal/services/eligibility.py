"""The application as the eligibility rules read it (portal/rules): one place maps the wizard's
answers to the rules' household, so a new question reaches the rules here."""

from db import utcnow
from portal import rules
from portal.services import applications


def household(application, on=None):
    """The application as the rules read it, for coverage bought on `on` (today by default):
    ages are taken on the coverage start date."""
    starts = rules.coverage_start(application.plan_year, on or utcnow().date())
    return rules.Household(
        plan_year=application.plan_year,
        county=application.county,
        coverage_start=starts,
        members=tuple(
            rules.Member(
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
            )
            for member in applications.members(application)
        ),
    )
