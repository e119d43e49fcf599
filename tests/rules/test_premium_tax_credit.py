"""The premium tax credit: band edges, the 400% cliff, employer affordability, the benchmark.

The credit measures income against the 2025 guideline: $15,650 for one plus $5,500 each. Members
aged 65 or over (without Medicare) are used at the low band edges because MA (100% for them) and
MinnesotaCare (under 65 only) cannot claim them first. Hennepin is rating area 8: age-21 benchmark
$320.95, so a 66-year-old's benchmark is 320.95 x 3.000 = $962.85.
"""

from dataclasses import replace
from decimal import Decimal

import pytest

import portal.rules.determination as determination_module
from portal.rules import determine, plan_year
from tests.rules.households import household, member

SENIOR_BENCHMARK = Decimal("962.85")


def determination_for(*members, county="Hennepin"):
    return determine(household(*members, county=county))


@pytest.mark.parametrize(
    ("income", "fpl", "applicable", "contribution"),
    [
        # 133% x 15,650 = 20,814.50. A dollar under is 132.99%: the flat 2.10% band.
        # 2.10% x 20,813.50 / 12 = 36.4236 -> 36.42
        ("20813.50", "132.99", "2.10", "36.42"),
        # 3.14% x 20,814.50 / 12 = 54.4646 -> 54.46
        ("20814.50", "133.00", "3.14", "54.46"),
        # 3.14 + (1 / 156.50) / 17 x 1.05 = 3.1404 -> 3.14; 3.14% x 20,815.50 / 12 = 54.4672
        ("20815.50", "133.01", "3.14", "54.47"),
        # 150% = 23,475. Under: 149.9936% -> 3.14 + 16.9936 / 17 x 1.05 = 4.1896 -> 4.19
        # 4.19% x 23,474 / 12 = 81.9634 -> 81.96
        ("23474", "149.99", "4.19", "81.96"),
        ("23475", "150.00", "4.19", "81.97"),  # 4.19% x 23,475 / 12 = 81.9669
        ("23476", "150.01", "4.19", "81.97"),  # 4.1903 -> 4.19; 81.9703
        # 200% = 31,300. 6.60% x 31,300 / 12 = 172.15
        ("31299", "199.99", "6.60", "172.14"),  # 6.5997 -> 6.60; 172.1445
        ("31300", "200.00", "6.60", "172.15"),
        ("31301", "200.01", "6.60", "172.16"),  # 6.6002 -> 6.60; 172.1555
        # 250% = 39,125. 8.44% x 39,125 / 12 = 275.1792 -> 275.18
        ("39124", "249.99", "8.44", "275.17"),  # 8.4399 -> 8.44; 275.1721
        ("39125", "250.00", "8.44", "275.18"),
        ("39126", "250.01", "8.44", "275.19"),  # 8.4402 -> 8.44; 275.1862
        # 300% = 46,950. 9.96% x 46,950 / 12 = 389.685 -> 389.69
        ("46949", "299.99", "9.96", "389.68"),  # 9.9598 -> 9.96; 389.6767
        ("46950", "300.00", "9.96", "389.69"),
        ("46951", "300.01", "9.96", "389.69"),  # 389.6933
    ],
)
def test_applicable_percentage_band_edges(income, fpl, applicable, contribution):
    determination = determination_for(member("senior", 66, income))
    assert determination.outcome_for("senior").program == "qhp_with_aptc"
    assert determination.fpl_percent == Decimal(fpl)
    assert determination.applicable_percentage == Decimal(applicable)
    assert determination.expected_contribution_monthly == Decimal(contribution)
    assert determination.benchmark_premium_monthly == SENIOR_BENCHMARK
    assert determination.max_aptc_monthly == SENIOR_BENCHMARK - Decimal(contribution)


def test_the_400_percent_cliff():
    # 400% x 15,650 = 62,600. A 60-year-old's benchmark: 320.95 x 2.714 = 871.0583 -> 871.06.
    # Contribution 9.96% x 62,600 / 12 = 519.58, so the credit is 871.06 - 519.58 = 351.48.
    at_cliff = determination_for(member("a", 60, 62600))
    assert at_cliff.outcome_for("a").program == "qhp_with_aptc"
    assert at_cliff.fpl_percent == Decimal("400.00")
    assert at_cliff.expected_contribution_monthly == Decimal("519.58")
    assert at_cliff.max_aptc_monthly == Decimal("351.48")
    assert at_cliff.outcome_for("a").reason == (
        "Household income is 400% of the 2025 federal poverty guideline, within the 100% to 400% "
        "range for a premium tax credit; the household is expected to pay 9.96% of income "
        "($519.58 a month) toward the benchmark silver plan, which costs $871.06 a month, so the "
        "credit can be up to $351.48 a month."
    )
    # A dollar over: no credit at all in 2026.
    over = determination_for(member("a", 60, 62601))
    result = over.outcome_for("a")
    assert result.program == "qhp_without_aptc"
    assert "400.01% of the federal poverty guideline" in result.reason
    assert "above the 400% limit for a premium tax credit in 2026" in result.reason
    assert over.applicable_percentage is None
    assert over.expected_contribution_monthly is None
    assert over.benchmark_premium_monthly == Decimal("0.00")
    assert over.max_aptc_monthly == Decimal("0.00")


def test_credit_is_zero_not_negative_when_the_benchmark_is_cheap():
    # A 21-year-old at 390%: 61,035. Contribution 9.96% x 61,035 / 12 = 506.5905 -> 506.59, more
    # than the $320.95 benchmark, so the credit is $0.
    determination = determination_for(member("a", 21, 61035))
    assert determination.outcome_for("a").program == "qhp_with_aptc"
    assert determination.expected_contribution_monthly == Decimal("506.59")
    assert determination.max_aptc_monthly == Decimal("0.00")
    assert determination.outcome_for("a").reason.endswith(
        "but the household is expected to pay 9.96% of income ($506.59 a month) toward the "
        "benchmark silver plan, which costs only $320.95 a month, so the credit is $0."
    )


def test_credit_covers_most_of_an_expensive_benchmark_at_low_income():
    # A 64-year-old in area 7 (Aitkin): 403.78 x 3 = 1,211.34. At 133% (20,814.50) the
    # contribution is 54.46, so the credit is 1,156.88.
    determination = determination_for(member("a", 66, "20814.50"), county="Aitkin")
    assert determination.rating_area == 7
    assert determination.benchmark_premium_monthly == Decimal("1211.34")
    assert determination.max_aptc_monthly == Decimal("1156.88")


def test_other_public_coverage_rules_out_minnesotacare_and_the_credit():
    # 15,000 / 15,960 = 93.98%: other public coverage does not bar Medical Assistance.
    assert (
        determination_for(member("a", 40, 15000, has_other_public_coverage=True))
        .outcome_for("a")
        .program
        == "medical_assistance"
    )
    for income in (23940, 40000):  # MinnesotaCare income, then credit income
        result = determination_for(
            member("a", 40, income, has_other_public_coverage=True)
        ).outcome_for("a")
        assert result.program == "qhp_without_aptc"
        assert result.reason == (
            "Already has other public coverage, so neither MinnesotaCare nor a premium tax "
            "credit is available."
        )


def test_below_100_percent_no_credit(monkeypatch):
    # With 2026's figures everyone lawfully present under 100% is on MA; a year whose 65+ MA
    # limit were 90% would leave a gap, and the rules must say so rather than fail.
    figures = plan_year(2026)
    groups = tuple(
        replace(group, effective_limit=Decimal(90)) if group.min_age == 65 else group
        for group in figures.medical_assistance_groups
    )
    monkeypatch.setattr(
        determination_module,
        "plan_year",
        lambda year: replace(figures, medical_assistance_groups=groups),
    )
    # 95% x 15,650 = 14,867.50, which is 93.15% of 15,960: over the 90%.
    determination = determination_for(member("senior", 66, "14867.50"))
    result = determination.outcome_for("senior")
    assert result.program == "qhp_without_aptc"
    assert result.reason == (
        "Household income is 95% of the federal poverty guideline (the 2025 guideline the tax "
        "credit uses), below the 100% a premium tax credit requires."
    )
    assert determination.max_aptc_monthly == Decimal("0.00")


# --- Employer affordability: 9.96% of household income ----------------------------------------


@pytest.mark.parametrize(
    ("premium", "program"),
    [
        ("331.00", "qhp_without_aptc"),
        ("332.00", "qhp_without_aptc"),  # exactly 9.96% x 40,000 / 12 = 332.00: affordable
        ("332.01", "qhp_with_aptc"),
        ("333.00", "qhp_with_aptc"),
    ],
)
def test_employer_offer_affordable_at_9_96_percent(premium, program):
    # 40,000 is 250.63% of 15,960 (no MinnesotaCare) and 255.59% of 15,650 (credit range).
    result = determination_for(
        member("a", 40, 40000, employer_offer=True, employer_premium_monthly=Decimal(premium))
    ).outcome_for("a")
    assert result.program == program


def test_affordable_offer_reason_names_both_amounts():
    result = determination_for(
        member("a", 40, 40000, employer_offer=True, employer_premium_monthly=Decimal("150"))
    ).outcome_for("a")
    assert result.reason == (
        "A job offers coverage that costs the employee $150.00 a month for self-only coverage, "
        "no more than 9.96% of household income ($332.00 a month), which counts as affordable, "
        "so neither MinnesotaCare nor a premium tax credit is available."
    )


def test_affordable_offer_also_rules_out_minnesotacare():
    # 150% of 15,960 = 23,940: MinnesotaCare income; 9.96% x 23,940 / 12 = 198.70 a month.
    result = determination_for(
        member("a", 40, 23940, employer_offer=True, employer_premium_monthly=Decimal("198.70"))
    ).outcome_for("a")
    assert result.program == "qhp_without_aptc"
    unaffordable = determination_for(
        member("a", 40, 23940, employer_offer=True, employer_premium_monthly=Decimal("198.71"))
    ).outcome_for("a")
    assert unaffordable.program == "minnesotacare"


def test_benchmark_rates_only_the_three_oldest_children_under_21():
    # Household of six: 150,000 is 338.14% of 44,360 (children over MA's 280%) and 347.62% of
    # 43,150 (credit at 9.96%: 150,000 x 9.96% / 12 = 1,245.00).
    # Area 8 benchmark: 45 -> 320.95 x 1.444 = 463.45; 44 -> x 1.397 = 448.37;
    # 20, 17 and 15 -> x 0.890 (Minnesota's curve under 21) = 285.6455 -> 285.65 each; the
    # 12-year-old, a fourth child under 21, is not rated. Sum 1,768.77; credit 1,768.77 -
    # 1,245.00 = 523.77.
    determination = determination_for(
        member("mom", 45, 80000),
        member("dad", 44, 70000),
        member("c20", 20),
        member("c17", 17),
        member("c15", 15),
        member("c12", 12),
    )
    assert {outcome.program for outcome in determination.outcomes} == {"qhp_with_aptc"}
    assert determination.benchmark_premium_monthly == Decimal("1768.77")
    assert determination.expected_contribution_monthly == Decimal("1245.00")
    assert determination.max_aptc_monthly == Decimal("523.77")


def test_credit_household_does_not_count_the_expected_baby():
    # Alone and pregnant at 70,000: her MA household of two puts her at 323.48% (over 283%), but
    # the tax household is one: 70,000 / 15,650 = 447.28%, over the cliff.
    result = determination_for(member("her", 30, 70000, pregnant=True)).outcome_for("her")
    assert result.program == "qhp_without_aptc"
    assert result.reason.startswith(
        "Household income is 447.28% of the federal poverty guideline (the 2025 guideline"
    )
