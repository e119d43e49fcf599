"""Households a navigator meets in the first week of open enrollment, each worked by hand from
the cited rules (the figures: db/data/plan_year_2026.toml). Hennepin County (rating area 8,
benchmark $320.95 at 21) unless said. Guidelines: the credit's (2025) $15,650 + $5,500 a person;
Medical Assistance's and MinnesotaCare's (2026) $15,960 + $5,680 a person."""

from datetime import date
from decimal import Decimal

import pytest

from portal.rules import age_on, coverage_start, determine
from tests.rules.households import household, member


def determined(*members, **options):
    return determine(household(*members, **options))


def programs(determination):
    return {outcome.key: outcome.program for outcome in determination.outcomes}


# --- Tax households ---------------------------------------------------------------------------


def test_married_filing_separately_gets_no_credit():
    # Ana's own return (separately): 40,000 / 15,960 = 250.63% is above MinnesotaCare's 200%, and
    # 26 USC 36B(c)(1)(C) allows no credit on a separate return.
    result = determined(
        member("ana", 35, 40000, tax_filing="separately"),
        member("ben", 36, 30000, relationship="spouse", tax_filing="separately", applying=False),
    )
    ana = result.outcome_for("ana")
    assert ana.program == "qhp_without_aptc"
    assert ana.rule.startswith("26 USC 36B(c)(1)(C)")
    assert result.tax_households == ()


def test_filing_separately_after_domestic_abuse_keeps_the_credit():
    # 26 CFR 1.36B-2(b)(2)(ii): treated as unmarried. 40,000 / 15,650 = 255.59%: 8.44 + 5.59 / 50
    # x 1.52 = 8.61%; 8.61% x 40,000 / 12 = 287.00. Benchmark at 35: 320.95 x 1.222 = 392.20;
    # credit 105.20. Above 250%: no cost-sharing reduction.
    result = determined(
        member("ana", 35, 40000, tax_filing="separately", separate_filing_exception=True),
        member("ben", 36, 30000, relationship="spouse", tax_filing="separately", applying=False),
    )
    ana = result.outcome_for("ana")
    assert ana.program == "qhp_with_aptc"
    assert ana.cost_sharing is None
    (credit,) = result.tax_households
    assert (credit.applicable_percentage, credit.expected_contribution_monthly) == (
        Decimal("8.61"), Decimal("287.00")
    )
    assert credit.max_aptc_monthly == Decimal("105.20")


def parents_and_teen(teen_income, **teen):
    return determined(
        member("carl", 40, 50000, tax_filing="joint"),
        member("dana", 38, 0, relationship="spouse", tax_filing="joint"),
        member("eli", 16, teen_income, relationship="child", tax_filing="dependent", **teen),
    )


def test_a_teens_summer_job_under_the_filing_threshold_does_not_count():
    # Eli's 6,000 from work is under the $16,100 threshold: household income stays 50,000,
    # 50,000 / 27,320 = 183.02%: the parents on MinnesotaCare ($61 each, the 180-190% band), Eli
    # on Medical Assistance (children to 280%).
    result = parents_and_teen(6000)
    assert programs(result) == {
        "carl": "minnesotacare", "dana": "minnesotacare", "eli": "medical_assistance"
    }
    assert result.magi == Decimal("50000.00")
    assert result.outcome_for("carl").minnesotacare_premium_monthly == Decimal("61.00")


def test_a_teens_income_over_the_threshold_counts():
    # 17,000 from work > 16,100: 67,000 / 27,320 = 245.24%, the parents above MinnesotaCare. The
    # return: 67,000 / 26,650 = 251.41%: 8.44 + 1.41 / 50 x 1.52 = 8.48%; x 67,000 / 12 =
    # 473.47. Benchmark for 40 and 38: 410.17 + 399.90 = 810.07; credit 336.60.
    result = parents_and_teen(17000)
    assert programs(result) == {
        "carl": "qhp_with_aptc", "dana": "qhp_with_aptc", "eli": "medical_assistance"
    }
    (credit,) = result.tax_households
    assert credit.magi == Decimal("67000.00")
    assert credit.expected_contribution_monthly == Decimal("473.47")
    assert credit.max_aptc_monthly == Decimal("336.60")


@pytest.mark.parametrize(
    ("income", "counted"),
    [(16100, Decimal("50000.00")), (16101, Decimal("66101.00"))],
)
def test_the_earned_income_threshold_at_a_dollar(income, counted):
    assert parents_and_teen(income).magi == counted


def test_unearned_income_has_a_lower_threshold():
    # 2,000 of interest > 1,350: 52,000 / 27,320 = 190.34%, the 190-200% band: $71.
    result = parents_and_teen(2000, income_from_work=False)
    assert result.magi == Decimal("52000.00")
    assert result.outcome_for("carl").minnesotacare_premium_monthly == Decimal("71.00")
    assert parents_and_teen(1350, income_from_work=False).magi == Decimal("50000.00")


def test_an_adult_child_filing_their_own_return_is_their_own_household():
    # Fay: 30,000 / 15,960 = 187.97%: MinnesotaCare, $61. Gus: 20,000 / 15,960 = 125.31%: MA
    # (adults to 138%). Counted together (50,000 / 21,640 = 231%) both would be above 200%.
    result = determined(
        member("fay", 50, 30000),
        member("gus", 22, 20000, relationship="child", tax_filing="filer"),
    )
    assert programs(result) == {"fay": "minnesotacare", "gus": "medical_assistance"}


def test_a_non_filer_gets_no_credit():
    # 40,000 / 15,960 = 250.63%: above MinnesotaCare; no return, no credit (45 CFR
    # 155.305(f)(4)).
    outcome = determined(member("hal", 30, 40000, tax_filing="not_filing")).outcome_for("hal")
    assert outcome.program == "qhp_without_aptc"
    assert outcome.rule.startswith("26 USC 36B(c)(1)(A)")
    assert "federal tax return" in outcome.reason


def test_claimed_by_someone_outside_the_application():
    # Ida's 45,000 from work > 16,100 counts: 281.95% of 15,960. Her credit could come only on
    # the return of the person claiming her.
    outcome = determined(
        member("ida", 20, 45000, tax_filing="dependent_outside")
    ).outcome_for("ida")
    assert outcome.program == "qhp_without_aptc"
    assert "not on this application" in outcome.reason


def test_two_returns_two_credits():
    # Wes and his sister each file: 45,000 / 15,650 = 287.54% each: 8.44 + 37.54 / 50 x 1.52 =
    # 9.58%; x 45,000 / 12 = 359.25. Benchmarks: 45 -> 463.45, credit 104.20; 40 -> 410.17,
    # credit 50.92.
    result = determined(
        member("wes", 45, 45000),
        member("xia", 40, 45000, relationship="sibling", tax_filing="filer"),
    )
    assert [c.max_aptc_monthly for c in result.tax_households] == [
        Decimal("104.20"), Decimal("50.92")
    ]
    assert [result.outcome_for(key).tax_household for key in ("wes", "xia")] == [0, 1]


# --- Employer coverage ------------------------------------------------------------------------


def family_with_offer(family_premium=None, minimum_value=True):
    return determined(
        member(
            "jay", 40, 60000, tax_filing="joint", employer_offer=True,
            employer_premium_monthly=Decimal("200"),
            employer_family_premium_monthly=family_premium,
            employer_offer_minimum_value=minimum_value,
        ),
        member("kim", 38, 0, relationship="spouse", tax_filing="joint"),
        member("lu", 10, relationship="child", tax_filing="dependent"),
    )


def test_family_glitch_fix_tests_the_family_premium_for_family_members():
    # Return of 3: 60,000 / 26,650 = 225.14%; 9.96% x 60,000 / 12 = 498.00 a month is
    # affordable. Jay's self-only 200 is: no credit for him. Kim's family premium 900 is not
    # (26 CFR 1.36B-2(c)(3)(v)(A)(2)): her credit. 6.60 + 25.14 / 50 x 1.84 = 7.53%; x 60,000 /
    # 12 = 376.50; benchmark at 38: 399.90; credit 23.40; 73% silver (200-250%). Lu: MA.
    result = family_with_offer(Decimal("900"))
    assert programs(result) == {
        "jay": "qhp_without_aptc", "kim": "qhp_with_aptc", "lu": "medical_assistance"
    }
    assert result.outcome_for("jay").rule.startswith("26 USC 36B(c)(2)(C)")
    assert result.max_aptc_monthly == Decimal("23.40")
    assert result.outcome_for("kim").cost_sharing == "73"


def test_an_affordable_family_premium_bars_the_family_too():
    result = family_with_offer(Decimal("498"))
    assert result.outcome_for("kim").program == "qhp_without_aptc"
    assert "family" in result.outcome_for("kim").reason


def test_an_offer_below_minimum_value_does_not_bar_the_credit():
    # Both parents credited: 410.17 + 399.90 = 810.07 - 376.50 = 433.57.
    result = family_with_offer(minimum_value=False)
    assert programs(result)["jay"] == "qhp_with_aptc"
    assert result.max_aptc_monthly == Decimal("433.57")


# --- Immigration status -----------------------------------------------------------------------


def resident(since, **answers):
    # 18,000 / 15,960 = 112.78%: within MA's 138% for adults.
    return determined(
        member("mia", 30, 18000, immigration_status="permanent_resident", status_since=since,
               **answers)
    ).outcome_for("mia")


def test_permanent_resident_within_the_five_year_bar_gets_minnesotacare():
    # Status from June 15 2022: the bar ends June 15 2027, after coverage starts (Jan 1 2026).
    # MinnesotaCare instead (Minn. Stat. 256L.04 subd. 10): the 110-120% band, $14.
    outcome = resident(date(2022, 6, 15))
    assert outcome.program == "minnesotacare"
    assert outcome.minnesotacare_premium_monthly == Decimal("14.00")
    assert "five years" in outcome.reason


@pytest.mark.parametrize(
    ("since", "program"),
    [
        (date(2020, 12, 31), "medical_assistance"),  # bar ended Dec 31 2025
        (date(2021, 1, 1), "medical_assistance"),  # ends on the day coverage starts
        (date(2021, 1, 2), "minnesotacare"),  # ends the day after
    ],
)
def test_the_five_year_anniversary_at_a_day(since, program):
    assert resident(since).program == program


def test_pregnant_and_children_are_covered_within_the_bar():
    assert resident(date(2024, 1, 1), pregnant=True).program == "medical_assistance"
    child = determined(
        member("mom", 40, 18000),
        member("kid", 10, immigration_status="permanent_resident", status_since=date(2024, 1, 1)),
    ).outcome_for("kid")
    assert child.program == "medical_assistance"


def test_refugees_have_no_waiting_period():
    outcome = determined(member("ref", 30, 18000, immigration_status="humanitarian"))
    assert outcome.outcome_for("ref").program == "medical_assistance"


# --- Medicare ---------------------------------------------------------------------------------


def test_dual_eligible_is_referred_for_medical_assistance():
    # 14,000 / 15,960 = 87.72%: within the non-MAGI 100% for people with Medicare.
    outcome = determined(member("ned", 67, 14000, has_medicare=True)).outcome_for("ned")
    assert outcome.program == "medical_assistance_referral"


def test_medicare_above_the_limit_is_not_eligible():
    outcome = determined(member("ned", 67, 30000, has_medicare=True)).outcome_for("ned")
    assert outcome.program == "not_eligible"


def test_premium_free_part_a_means_no_credit():
    outcome = determined(member("ola", 66, 30000, premium_free_part_a=True)).outcome_for("ola")
    assert outcome.program == "qhp_without_aptc"
    assert outcome.rule.startswith("26 USC 5000A")


def test_65_without_part_a_gets_the_credit_and_a_94_percent_silver_plan():
    # An immigrant without 40 quarters: 20,000 / 15,650 = 127.80%: 2.10%, 35.00 a month;
    # benchmark at 66 = 320.95 x 3.000 = 962.85; credit 927.85; 100-150%: the 94% variant.
    result = determined(member("tom", 66, 20000))
    outcome = result.outcome_for("tom")
    assert (outcome.program, outcome.cost_sharing) == ("qhp_with_aptc", "94")
    assert result.max_aptc_monthly == Decimal("927.85")


@pytest.mark.parametrize(
    ("income", "level"),
    [
        ("23475", "94"),  # 150% of 15,650 exactly
        ("23475.01", "87"),
        ("31300", "87"),  # 200%
        ("31300.01", "73"),
        ("39125", "73"),  # 250%
        ("39125.01", None),
    ],
)
def test_cost_sharing_levels_at_their_limits(income, level):
    outcome = determined(member("tom", 66, Decimal(income))).outcome_for("tom")
    assert outcome.cost_sharing == level


@pytest.mark.parametrize(("born", "program"), [
    (date(1961, 1, 1), "medical_assistance_referral"),  # 65 on Jan 1 2026
    (date(1961, 1, 2), "medical_assistance"),  # 64 on the day coverage starts
])
def test_age_is_taken_when_coverage_starts(born, program):
    starts = coverage_start(2026, date(2025, 12, 10))
    assert starts == date(2026, 1, 1)
    age = age_on(born, starts)
    outcome = determined(member("pat", age, 14000)).outcome_for("pat")
    assert outcome.program == program


# --- Other groups -----------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "program"), [(25, "medical_assistance"), (26, "qhp_with_aptc")])
def test_former_foster_youth_to_26_without_an_income_test(age, program):
    outcome = determined(member("yan", age, 50000, former_foster_care=True)).outcome_for("yan")
    assert outcome.program == program


def test_incarcerated_keeps_medical_assistance_but_cannot_buy_a_plan():
    inside = determined(member("zed", 30, 10000, incarcerated=True)).outcome_for("zed")
    assert inside.program == "medical_assistance"
    assert "inpatient" in inside.reason
    above = determined(member("zed", 30, 30000, incarcerated=True)).outcome_for("zed")
    assert above.program == "not_eligible"
    assert above.rule.startswith("45 CFR 155.305(a)(2)")


# --- American Indians and Alaska Natives ------------------------------------------------------


def test_american_indian_pays_no_minnesotacare_premium():
    # 30,000 / 15,960 = 187.97%: MinnesotaCare, $61 for anyone else.
    outcome = determined(member("quinn", 30, 30000, american_indian=True)).outcome_for("quinn")
    assert (outcome.program, outcome.minnesotacare_premium_monthly) == (
        "minnesotacare", Decimal("0.00")
    )


@pytest.mark.parametrize(
    ("income", "program", "level"),
    [
        # 45,000 / 15,650 = 287.54%: with the credit and at most 300%: zero cost sharing.
        (45000, "qhp_with_aptc", "zero"),
        # 50,000 / 15,650 = 319.49%: above 300%: limited.
        (50000, "qhp_with_aptc", "limited"),
        # 70,000: 447.28%, no credit; limited cost sharing all the same.
        (70000, "qhp_without_aptc", "limited"),
    ],
)
def test_american_indian_cost_sharing(income, program, level):
    outcome = determined(member("rae", 30, income, american_indian=True)).outcome_for("rae")
    assert (outcome.program, outcome.cost_sharing) == (program, level)


def test_a_73_percent_household():
    # Vic: 36,000 / 15,960 = 225.56%, above MinnesotaCare; 36,000 / 15,650 = 230.03%: 6.60 +
    # 30.03 / 50 x 1.84 = 7.71%; x 36,000 / 12 = 231.30; benchmark at 40: 410.17; credit 178.87.
    result = determined(member("vic", 40, 36000))
    assert result.outcome_for("vic").cost_sharing == "73"
    assert result.max_aptc_monthly == Decimal("178.87")


@pytest.mark.parametrize(
    ("applied_on", "starts"),
    [
        (date(2025, 11, 1), date(2026, 1, 1)),  # open enrollment: the plan year's first day
        (date(2026, 1, 15), date(2026, 2, 1)),  # the first of the next month
        (date(2026, 11, 30), date(2026, 12, 1)),
        (date(2026, 12, 3), date(2026, 12, 1)),  # late in the year: its last month
    ],
)
def test_coverage_starts_the_first_of_the_next_month_within_the_plan_year(applied_on, starts):
    assert coverage_start(2026, applied_on) == starts
