"""Whole households: mixed programs, members not applying, Medicare, and what is refused."""

from decimal import Decimal

import pytest

from portal.rules import PROGRAMS, Household, determine
from tests.rules.households import household, member


def family(income):
    """Two parents (35 and 33, one earner), a child of 10 and a baby of 1, in Hennepin.
    Household of four: 2026 guideline 33,000 (MA, MinnesotaCare); 2025 guideline 32,150."""
    return household(
        member("mom", 35, income), member("dad", 33), member("kid", 10), member("baby", 1)
    )


def programs(determination):
    return {outcome.key: outcome.program for outcome in determination.outcomes}


def test_children_on_ma_parents_on_minnesotacare():
    # 60,000 / 33,000 = 181.82%: children under 280%/288%, parents over 138% and under 200%
    # (the 180-190 band: $61 each).
    determination = determine(family(60000))
    assert determination.household_size == 4
    assert determination.magi == Decimal("60000.00")
    assert determination.mhcp_fpl_percent == Decimal("181.82")
    assert determination.fpl_percent == Decimal("186.63")  # 60,000 / 32,150
    assert programs(determination) == {
        "mom": "minnesotacare",
        "dad": "minnesotacare",
        "kid": "medical_assistance",
        "baby": "medical_assistance",
    }
    assert determination.outcome_for("mom").minnesotacare_premium_monthly == Decimal("61.00")
    assert determination.outcome_for("kid").minnesotacare_premium_monthly is None
    # No one on the credit.
    assert determination.applicable_percentage is None
    assert determination.max_aptc_monthly == Decimal("0.00")


def test_children_on_ma_parents_with_premium_tax_credit():
    # 80,000 / 33,000 = 242.42%: children still under 280%, parents over MinnesotaCare's 200%.
    # 80,000 / 32,150 = 248.8336% -> 6.60 + 48.8336 / 50 x 1.84 = 8.3971 -> 8.40%.
    # Contribution 8.40% x 80,000 / 12 = 560.00. Benchmark (area 8) for the two parents only:
    # 35 -> 320.95 x 1.222 = 392.20; 33 -> 320.95 x 1.198 = 384.50; 776.70. Credit 216.70.
    determination = determine(family(80000))
    assert programs(determination) == {
        "mom": "qhp_with_aptc",
        "dad": "qhp_with_aptc",
        "kid": "medical_assistance",
        "baby": "medical_assistance",
    }
    assert determination.fpl_percent == Decimal("248.83")
    assert determination.applicable_percentage == Decimal("8.40")
    assert determination.expected_contribution_monthly == Decimal("560.00")
    assert determination.benchmark_premium_monthly == Decimal("776.70")
    assert determination.max_aptc_monthly == Decimal("216.70")


def test_magi_sums_income_less_deductions_never_below_zero():
    determination = determine(
        household(
            member("a", 40, 30000, annual_deductions=Decimal("2500.50")),
            # A loss bigger than income counts as nothing, not as a negative.
            member("b", 40, 1000, annual_deductions=Decimal(4000)),
        )
    )
    assert determination.magi == Decimal("27499.50")


def test_not_applying_member_still_counts_in_size_and_income():
    # The earner is not applying; the child is judged against a household of two with 40,000:
    # 40,000 / 21,640 = 184.84%, under the 280% children's limit.
    determination = determine(
        household(member("child", 8), member("earner", 45, 40000, applying=False))
    )
    assert determination.household_size == 2
    assert determination.magi == Decimal("40000.00")
    assert determination.outcome_for("child").program == "medical_assistance"
    earner = determination.outcome_for("earner")
    assert earner.program == "not_applying"
    assert earner.reason == (
        "Not applying for coverage; still counted in the household's size and income."
    )


def test_medicare_is_not_eligible_for_any_program():
    determination = determine(
        household(member("grandpa", 67, 12000, has_medicare=True), member("a", 40, 10000))
    )
    grandpa = determination.outcome_for("grandpa")
    assert grandpa.program == "not_eligible"
    assert grandpa.reason.startswith("Has Medicare, so the marketplace cannot sell a plan")
    assert determination.outcome_for("a").program == "medical_assistance"


def test_one_outcome_per_member_in_member_order():
    determination = determine(family(80000))
    assert [outcome.key for outcome in determination.outcomes] == ["mom", "dad", "kid", "baby"]
    assert all(outcome.program in PROGRAMS for outcome in determination.outcomes)


def test_outcome_for_unknown_member_is_a_key_error():
    with pytest.raises(KeyError):
        determine(family(60000)).outcome_for("cousin")


def test_unknown_county_is_refused():
    with pytest.raises(ValueError, match="'Gotham' is not a Minnesota county"):
        determine(household(member("a", 30, 20000), county="Gotham"))


def test_household_without_members_is_refused():
    with pytest.raises(ValueError, match="no members"):
        determine(Household(plan_year=2026, county="Hennepin", members=()))


def test_household_without_an_applicant_is_refused():
    with pytest.raises(ValueError, match="No one in the household is applying"):
        determine(household(member("a", 30, 20000, applying=False)))


def test_year_without_figures_is_a_key_error():
    with pytest.raises(KeyError):
        determine(household(member("a", 30, 20000), year=1999))


def test_member_answers_are_checked():
    with pytest.raises(ValueError, match="Unknown immigration status"):
        member("a", 30, immigration_status="martian")
    with pytest.raises(ValueError, match="negative"):
        member("a", -1)
    with pytest.raises(ValueError, match="employer offer needs"):
        member("a", 30, employer_offer=True)
