"""What a plan costs a household each month, and how much of it the premium tax credit pays.

The determination's benchmark premium and the premium of every plan on sale are worked out by
`family_premium`, so the credit the rules compute from the benchmark is measured against the same
arithmetic the shopper sees.
"""

from collections.abc import Iterable
from decimal import Decimal

from portal.rules.amounts import cents
from portal.rules.plan_year import PlanYear
from portal.rules.plan_year import plan_year as figures_for

# 45 CFR 147.102(c)(1): a family's premium counts at most the three oldest children under 21.
RATED_CHILDREN = 3
RATED_CHILD_BELOW_AGE = 21


def rated_ages(ages: Iterable[int]) -> list[int]:
    """The ages whose premiums are charged, oldest first: every adult, and the three oldest
    children under 21 (younger children are covered at no charge)."""
    ordered = sorted(ages, reverse=True)
    children = [age for age in ordered if age < RATED_CHILD_BELOW_AGE]
    adults = [age for age in ordered if age >= RATED_CHILD_BELOW_AGE]
    return adults + children[:RATED_CHILDREN]


def family_premium(figures: PlanYear, base_age21: Decimal, ages: Iterable[int]) -> Decimal:
    """The monthly premium for people of these ages: each rated person's age-21 rate times their
    age factor, rounded to the cent as the carrier bills it, then added up."""
    rated = rated_ages(ages)
    if not rated:
        raise ValueError("No one to cover.")
    return sum((cents(base_age21 * figures.age_factor(age)) for age in rated), cents(Decimal(0)))


def plan_premium(plan_year: int, base_age21: Decimal, ages: Iterable[int]) -> Decimal:
    """The monthly premium, before any tax credit, of a plan whose age-21 rate is `base_age21`
    for the covered people of these ages, with the plan year's age curve."""
    return family_premium(figures_for(plan_year), Decimal(base_age21), ages)


def credit_applied(premium: Decimal, aptc: Decimal) -> Decimal:
    """The part of the chosen tax credit that is used: never negative and never more than the
    premium (a credit cannot pay the enrollee)."""
    return cents(min(max(Decimal(aptc), Decimal(0)), Decimal(premium)))


def net_premium(premium: Decimal, aptc: Decimal) -> Decimal:
    """What the enrollee pays each month after the tax credit."""
    return cents(Decimal(premium) - credit_applied(premium, aptc))
