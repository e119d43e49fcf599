"""Properties that hold for any household the wizard can send."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portal.rules import (
    COST_SHARING,
    IMMIGRATION_STATUSES,
    PROGRAMS,
    TAX_FILING,
    Household,
    Member,
    determine,
    plan_year,
)


def cents_up_to(dollars):
    """Amounts to the cent up to a bound, spread evenly by drawing the thousands apart: over a wide
    range hypothesis's integers and decimals crowd near zero, which would leave the credit's
    100-400% range almost untested."""
    thousands = st.integers(min_value=0, max_value=dollars // 1000 - 1)
    rest = st.integers(min_value=0, max_value=1000 * 100)
    return st.builds(lambda k, cents: k * 1000 + Decimal(cents) / 100, thousands, rest)


# Half the members earn nothing (children, a parent at home), the rest up to $80,000.
incomes = st.one_of(st.just(Decimal(0)), cents_up_to(80_000))
premiums = cents_up_to(1_500)
# Answers that change a member's program outright come up one time in eight, so most generated
# households reach the income tests (and the credit) rather than stopping at Medicare.
seldom = st.integers(min_value=0, max_value=7).map(lambda draw: draw == 0)
statuses = st.sampled_from(["citizen"] * 6 + list(IMMIGRATION_STATUSES))


RELATIONSHIPS = ["spouse", "child", "child", "child", "parent", "sibling", "other"]
# Mostly the usual shapes (filing alone or jointly, children claimed), now and then any answer.
filings = st.one_of(
    st.sampled_from(["filer", "joint", "dependent"]), st.sampled_from(list(TAX_FILING))
)
status_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 1, 1))


@st.composite
def members(draw, key):
    offer = draw(seldom)
    status = draw(statuses)
    return Member(
        key=key,
        age=draw(st.integers(min_value=0, max_value=80)),
        applying=not draw(seldom),
        pregnant=draw(seldom),
        immigration_status=status,
        annual_income=draw(incomes),
        annual_deductions=draw(cents_up_to(20_000)),
        has_medicare=draw(seldom),
        has_other_public_coverage=draw(seldom),
        employer_offer=offer,
        employer_premium_monthly=draw(premiums) if offer else None,
        employer_family_premium_monthly=draw(st.none() | premiums) if offer else None,
        employer_offer_minimum_value=not draw(seldom),
        relationship="self" if key == 0 else draw(st.sampled_from(RELATIONSHIPS)),
        tax_filing=draw(filings),
        separate_filing_exception=draw(seldom),
        income_from_work=not draw(seldom),
        status_since=draw(status_dates) if status == "permanent_resident" else None,
        american_indian=draw(seldom),
        former_foster_care=draw(seldom),
        incarcerated=draw(seldom),
        premium_free_part_a=draw(seldom),
    )


@st.composite
def households(draw):
    size = draw(st.integers(min_value=1, max_value=6))
    people = [draw(members(key)) for key in range(size)]
    # The wizard insists on at least one applicant.
    people[0] = replace(people[0], applying=True)
    county = draw(st.sampled_from(list(plan_year(2026).counties)))
    return Household(plan_year=2026, county=county, members=tuple(people))


def total_credit(determination):
    return sum((credit.max_aptc_monthly for credit in determination.tax_households), Decimal(0))


@given(households())
def test_credit_is_never_negative(household):
    determination = determine(household)
    for credit in determination.tax_households:
        assert credit.max_aptc_monthly >= 0
        assert credit.max_aptc_monthly == max(
            Decimal(0), credit.benchmark_premium_monthly - credit.expected_contribution_monthly
        )


@given(households())
def test_every_member_gets_exactly_one_outcome(household):
    determination = determine(household)
    assert [outcome.key for outcome in determination.outcomes] == [
        member.key for member in household.members
    ]
    for member, outcome in zip(household.members, determination.outcomes, strict=True):
        assert outcome.program in PROGRAMS
        assert outcome.reason
        assert (outcome.program == "not_applying") == (not member.applying)
        assert (outcome.minnesotacare_premium_monthly is not None) == (
            outcome.program == "minnesotacare"
        )
        assert outcome.rule or outcome.program == "not_applying"
        # A reduction only for someone who may buy a plan; silver variants only with the credit.
        assert outcome.cost_sharing is None or outcome.cost_sharing in COST_SHARING
        if outcome.cost_sharing is not None:
            assert outcome.program in ("qhp_with_aptc", "qhp_without_aptc")
        if outcome.cost_sharing in ("94", "87", "73", "zero"):
            assert outcome.program == "qhp_with_aptc"
        assert (outcome.tax_household is not None) == (outcome.program == "qhp_with_aptc")


@settings(max_examples=300)
@given(households(), st.data())
def test_more_income_never_means_more_credit(household, data):
    """More income never yields a larger credit *while the set of members on the credit is
    unchanged*. Across a change of program it legitimately can: a member moving from
    MinnesotaCare (no credit) to a plan with the credit raises the household's credit from 0."""
    index = data.draw(st.integers(min_value=0, max_value=len(household.members) - 1))
    raise_by = data.draw(cents_up_to(20_000)) + Decimal("0.01")
    earner = household.members[index]
    richer = replace(
        household,
        members=(
            *household.members[:index],
            replace(earner, annual_income=earner.annual_income + raise_by),
            *household.members[index + 1 :],
        ),
    )
    before, after = determine(household), determine(richer)

    def credited(determination):
        return {o.key for o in determination.outcomes if o.program == "qhp_with_aptc"}

    assume(credited(before) == credited(after))
    assert total_credit(after) <= total_credit(before)


@settings(max_examples=300)
@given(households(), st.data())
def test_a_dependents_income_under_the_filing_threshold_changes_nothing(household, data):
    """26 USC 36B(d)(2)(A), 42 CFR 435.603(d)(2): a dependent who need not file adds no income,
    so the whole determination is the same as with no income at all."""
    assume(len(household.members) > 1)
    index = data.draw(st.integers(min_value=1, max_value=len(household.members) - 1))
    figures = plan_year(2026)
    from_work = data.draw(st.booleans())
    threshold = (
        figures.dependent_earned_income_threshold
        if from_work
        else figures.dependent_unearned_income_threshold
    )
    income = data.draw(st.decimals(min_value=0, max_value=threshold, places=2))
    dependent = replace(
        household.members[index], tax_filing="dependent", income_from_work=from_work
    )

    def with_income(amount):
        members = list(household.members)
        members[index] = replace(dependent, annual_income=amount)
        return determine(replace(household, members=tuple(members)))

    assert with_income(income) == with_income(Decimal(0))
