"""Properties that hold for any household the wizard can send."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portal.rules import IMMIGRATION_STATUSES, PROGRAMS, Household, Member, determine, plan_year


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


@st.composite
def members(draw, key):
    offer = draw(seldom)
    return Member(
        key=key,
        age=draw(st.integers(min_value=0, max_value=80)),
        applying=not draw(seldom),
        pregnant=draw(seldom),
        immigration_status=draw(statuses),
        annual_income=draw(incomes),
        annual_deductions=draw(cents_up_to(20_000)),
        has_medicare=draw(seldom),
        has_other_public_coverage=draw(seldom),
        employer_offer=offer,
        employer_premium_monthly=draw(premiums) if offer else None,
    )


@st.composite
def households(draw):
    size = draw(st.integers(min_value=1, max_value=6))
    people = [draw(members(key)) for key in range(size)]
    # The wizard insists on at least one applicant.
    people[0] = replace(people[0], applying=True)
    county = draw(st.sampled_from(list(plan_year(2026).counties)))
    return Household(plan_year=2026, county=county, members=tuple(people))


@given(households())
def test_credit_is_never_negative(household):
    determination = determine(household)
    assert determination.max_aptc_monthly >= 0
    assert determination.max_aptc_monthly == max(
        Decimal(0),
        determination.benchmark_premium_monthly
        - (determination.expected_contribution_monthly or Decimal(0)),
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
    assert after.max_aptc_monthly <= before.max_aptc_monthly
