"""What a plan costs a household: age rating, the three-oldest-children rule, and the credit.

Age factors are the federal default curve in plan_year_2026.toml: 21 -> 1.000, 40 -> 1.278,
38 -> 1.246, 16 -> 0.859, 0-14 -> 0.765, 64 and over -> 3.000.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules import credit_applied, determine, net_premium, plan_premium, plan_year
from portal.rules.premiums import rated_ages
from tests.rules.households import household, member


def test_one_adult_pays_the_age_21_rate_times_the_age_factor():
    assert plan_premium(2026, Decimal("320.95"), [21]) == Decimal("320.95")
    assert plan_premium(2026, Decimal("320.95"), [40]) == Decimal("410.17")  # 410.1741
    assert plan_premium(2026, Decimal("320.95"), [70]) == Decimal("962.85")  # x 3.000


def test_a_family_counts_only_the_three_oldest_children_under_21():
    # 300 x 1.278 = 383.40; x 1.246 = 373.80; the 16-, 12- and 8-year-olds at x 0.890 = 267.00
    # each; the 3-year-old, a fourth child, is free. 1,558.20.
    ages = [40, 38, 16, 12, 8, 3]
    assert plan_premium(2026, Decimal("300.00"), ages) == Decimal("1558.20")
    assert rated_ages(ages) == [40, 38, 16, 12, 8]


def test_a_21_year_old_is_an_adult_and_a_20_year_old_a_child():
    # Four "children" 20, 19, 18, 17: the 17-year-old is not rated. With a 21-year-old sibling
    # everyone under 21 still counts only three.
    assert rated_ages([17, 20, 18, 19]) == [20, 19, 18]
    assert rated_ages([21, 20, 19, 18, 17]) == [21, 20, 19, 18]


def test_each_person_is_rounded_to_the_cent_before_adding():
    # 333.33 x 1.278 = 425.99574 -> 426.00 each: 852.00, not round(851.99148) = 851.99.
    assert plan_premium(2026, Decimal("333.33"), [40, 40]) == Decimal("852.00")


def test_nobody_to_cover_or_a_negative_age_is_refused():
    with pytest.raises(ValueError, match="No one to cover"):
        plan_premium(2026, Decimal("300"), [])
    with pytest.raises(ValueError, match="negative"):
        plan_premium(2026, Decimal("300"), [30, -1])


def test_the_benchmark_is_the_benchmark_rate_priced_as_a_plan():
    # The determination's benchmark and a plan at the benchmark rate cost the same, for a
    # family with four children (one not rated): the same code prices both.
    ages = {"mom": 45, "dad": 44, "c20": 20, "c17": 17, "c15": 15, "c12": 12}
    members = [member(key, age, 75000 if age > 40 else 0) for key, age in ages.items()]
    determination = determine(household(*members, county="Hennepin"))
    rate = plan_year(2026).benchmark_age_21_monthly[8]
    assert determination.benchmark_premium_monthly == Decimal("1768.77")
    assert plan_premium(2026, rate, ages.values()) == Decimal("1768.77")


@pytest.mark.parametrize(
    ("choice", "aptc", "credit", "net"),
    [
        ("all of a credit larger than the premium", "529.53", "400.00", "0.00"),
        ("all of a smaller credit", "250.00", "250.00", "150.00"),
        ("part (an amount)", "100.00", "100.00", "300.00"),
        ("part (half of 529.53 = 264.765, rounded)", "264.77", "264.77", "135.23"),
        ("none", "0", "0.00", "400.00"),
        ("a negative amount counts as none", "-25", "0.00", "400.00"),
        ("exactly the premium", "400.00", "400.00", "0.00"),
    ],
)
def test_premium_after_credit(choice, aptc, credit, net):
    premium = Decimal("400.00")
    assert credit_applied(premium, Decimal(aptc)) == Decimal(credit), choice
    assert net_premium(premium, Decimal(aptc)) == Decimal(net), choice


money = st.decimals(min_value=-1000, max_value=5000, places=2)


@given(premium=st.decimals(min_value=0, max_value=5000, places=2), aptc=money)
def test_the_credit_never_exceeds_the_premium_and_the_net_is_never_negative(premium, aptc):
    credit = credit_applied(premium, aptc)
    net = net_premium(premium, aptc)
    assert Decimal(0) <= credit <= premium
    assert net >= 0
    assert credit + net == premium
