"""Who in a household qualifies for which program, and the premium tax credit each tax return
can get.

Each member's Medicaid household and tax return are worked out first (tax_households.py); then
each member's tests run in the order a MNsure determination takes them (programs.py); the
members left for the credit get it per return: the return's household income against the
credit's guideline, and the benchmark premium of its members who get it.
"""

from decimal import Decimal

from portal.rules import programs
from portal.rules.amounts import cents, two_places
from portal.rules.explanations import N_, Explanation, Money, Percent
from portal.rules.household import Household, Member
from portal.rules.outcomes import Determination, MemberOutcome, TaxHouseholdCredit
from portal.rules.person import Person
from portal.rules.plan_year import PlanYear, plan_year
from portal.rules.premiums import family_premium
from portal.rules.tax_households import (
    TaxReturn,
    counted_incomes,
    medicaid_household,
    tax_returns,
)

RULE_CREDIT = "26 USC 36B(b); 45 CFR 155.305(f)"


def determine(household: Household) -> Determination:
    """Determine each member's program and each return's maximum premium tax credit.

    Raises ValueError with a plain message for an unknown county, no members or no one applying,
    and a KeyError for a plan year without figures.
    """
    figures = plan_year(household.plan_year)
    _check(household, figures)
    members = household.members
    returns = tax_returns(members, figures)
    filed_by = {id(member): filed for filed in returns for member in filed.members}
    counted = counted_incomes(members, figures)
    # Members counted with the same people share their figures: worked out once.
    shared = {}
    people = [
        _person(member, household, filed_by.get(id(member)), counted, shared, figures)
        for member in members
    ]
    outcomes = [programs.outcome(person) for person in people]
    area = figures.rating_area(household.county)
    credits = []
    for filed in returns:
        credited = [
            index
            for index, person in enumerate(people)
            if outcomes[index] is None and person.tax_return is filed
        ]
        if not credited:
            continue
        credit, percent = _credit(figures, area, filed, [people[i].member for i in credited])
        reason = _credit_reason(figures, percent, credit)
        for index in credited:
            outcomes[index] = MemberOutcome(
                people[index].member.key,
                "qhp_with_aptc",
                reason,
                cost_sharing=_cost_sharing(people[index].member, figures, percent),
                tax_household=len(credits),
                rule=RULE_CREDIT,
            )
        credits.append(credit)
    primary = people[0]
    first = credits[0] if credits else None
    return Determination(
        plan_year=figures.year,
        household_size=primary.programs_size,
        magi=primary.programs_magi,
        fpl_percent=two_places(
            primary.programs_magi
            * 100
            / figures.premium_tax_credit_guideline.amount(primary.programs_size)
        ),
        mhcp_fpl_percent=two_places(
            primary.programs_magi
            * 100
            / figures.health_care_programs_guideline.amount(primary.programs_size)
        ),
        rating_area=area,
        applicable_percentage=first.applicable_percentage if first else None,
        expected_contribution_monthly=first.expected_contribution_monthly if first else None,
        benchmark_premium_monthly=first.benchmark_premium_monthly if first else cents(0),
        max_aptc_monthly=first.max_aptc_monthly if first else cents(0),
        outcomes=tuple(outcomes),
        tax_households=tuple(credits),
    )


def _check(household: Household, figures: PlanYear) -> None:
    if household.county not in figures.counties:
        raise ValueError(f"{household.county!r} is not a Minnesota county.")
    if not household.members:
        raise ValueError("The household has no members.")
    if not any(member.applying for member in household.members):
        raise ValueError("No one in the household is applying for coverage.")


def _person(
    member: Member,
    household: Household,
    filed: TaxReturn | None,
    counted: dict[int, Decimal],
    shared: dict,
    figures: PlanYear,
) -> Person:
    medicaid = medicaid_household(member, household.members, filed)
    key = (tuple(map(id, medicaid)), id(filed))
    if key not in shared:
        programs_magi = cents(sum([counted[id(other)] for other in medicaid], Decimal(0)))
        if filed is None:
            counted_with, credit_income = medicaid, programs_magi
        else:
            counted_with, credit_income = filed.members, filed.magi
        guideline = figures.premium_tax_credit_guideline.amount(len(counted_with))
        shared[key] = (programs_magi, counted_with, credit_income, credit_income * 100 / guideline)
    programs_magi, counted_with, credit_income, credit_percent = shared[key]
    return Person(
        member=member,
        figures=figures,
        starts_on=household.starts_on,
        programs_size=len(medicaid),
        programs_magi=programs_magi,
        tax_return=filed,
        credit_income=credit_income,
        credit_percent=credit_percent,
        household=counted_with,
    )


def _credit(
    figures: PlanYear, area: int, filed: TaxReturn, credited: list[Member]
) -> tuple[TaxHouseholdCredit, Decimal]:
    """The return's credit, and its income in percent of the guideline (unrounded)."""
    percent = filed.magi * 100 / figures.premium_tax_credit_guideline.amount(filed.size)
    applicable = figures.applicable_percentage(percent)
    contribution = cents(applicable * filed.magi / 1200)
    rate = figures.benchmark_age_21_monthly[area]
    benchmark = family_premium(figures, rate, [member.age for member in credited])
    return (
        TaxHouseholdCredit(
            member_keys=tuple(member.key for member in filed.members),
            size=filed.size,
            magi=filed.magi,
            fpl_percent=two_places(percent),
            applicable_percentage=applicable,
            expected_contribution_monthly=contribution,
            benchmark_premium_monthly=benchmark,
            max_aptc_monthly=max(benchmark - contribution, cents(0)),
        ),
        percent,
    )


def _cost_sharing(member: Member, figures: PlanYear, percent: Decimal) -> str | None:
    """45 CFR 155.350 for American Indians and Alaska Natives, else 155.305(g) by income."""
    if member.american_indian:
        return "zero" if percent <= figures.american_indian_zero_up_to_percent else "limited"
    return figures.cost_sharing_level(percent)


def _credit_reason(
    figures: PlanYear, percent: Decimal, credit: TaxHouseholdCredit
) -> Explanation:
    income = Explanation(
        N_(
            "Household income is %(percent)s of the %(year)s federal poverty guideline, within "
            "the %(low)s to %(high)s range for a premium tax credit"
        ),
        percent=Percent(percent),
        year=figures.premium_tax_credit_guideline.year,
        low=Percent(figures.credit_min_percent),
        high=Percent(figures.credit_max_percent),
    )
    expected = Explanation(
        N_(
            "the household is expected to pay %(share)s of income (%(contribution)s a month) "
            "toward the benchmark silver plan"
        ),
        share=Percent(credit.applicable_percentage),
        contribution=Money(credit.expected_contribution_monthly),
    )
    benchmark = Money(credit.benchmark_premium_monthly)
    if credit.max_aptc_monthly:
        return Explanation(
            N_(
                "%(income)s; %(expected)s, which costs %(benchmark)s a month, so the credit can "
                "be up to %(credit)s a month."
            ),
            income=income,
            expected=expected,
            benchmark=benchmark,
            credit=Money(credit.max_aptc_monthly),
        )
    return Explanation(
        N_(
            "%(income)s, but %(expected)s, which costs only %(benchmark)s a month, so the "
            "credit is $0."
        ),
        income=income,
        expected=expected,
        benchmark=benchmark,
    )
