"""The 2026 figures as read from db/data/plan_year_2026.toml, and income frequencies."""

from decimal import Decimal

import pytest

from portal.rules import FREQUENCIES, annual_income, latest_plan_year, plan_year
from portal.rules.plan_year import STATUSES

PLAN = plan_year(2026)


def test_every_one_of_the_87_counties_has_a_rating_area_from_1_to_9():
    assert len(PLAN.counties) == 87
    assert set(PLAN.counties.values()) == set(range(1, 10))
    names = list(PLAN.counties)
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Aitkin" and names[-1] == "Yellow Medicine"


@pytest.mark.parametrize(
    ("county", "area"),
    [
        ("Olmsted", 1),
        ("St. Louis", 2),
        ("Lake of the Woods", 2),
        ("Blue Earth", 3),
        ("Rock", 4),
        ("Lac qui Parle", 5),
        ("Otter Tail", 6),
        ("Mille Lacs", 7),
        ("Hennepin", 8),
        ("Ramsey", 8),
        ("Red Lake", 9),
    ],
)
def test_rating_area_of_a_county(county, area):
    assert PLAN.rating_area(county) == area


def test_unknown_county_has_no_rating_area():
    with pytest.raises(KeyError):
        PLAN.rating_area("Cook County, Illinois")


@pytest.mark.parametrize(
    ("age", "factor"),
    [
        # Minnesota's curve: 0.890 for every age to 20 (the federal default would give 0.765
        # to 14, then 0.833 ... 0.970), then the federal default from 21.
        (0, "0.890"),
        (14, "0.890"),
        (15, "0.890"),
        (18, "0.890"),
        (20, "0.890"),
        (21, "1.000"),
        (40, "1.278"),
        (63, "2.952"),
        (64, "3.000"),
        (90, "3.000"),
    ],
)
def test_minnesota_age_curve(age, factor):
    assert PLAN.age_factor(age) == Decimal(factor)


def test_benchmark_is_the_age_21_rate_times_the_age_factor_in_cents():
    # Area 8 at 21: 320.95. At 40: 320.95 x 1.278 = 410.1741 -> 410.17.
    assert PLAN.benchmark_premium(8, 21) == Decimal("320.95")
    assert PLAN.benchmark_premium(8, 40) == Decimal("410.17")
    # Area 7 at 64: 403.78 x 3 = 1211.34. A child of 10 in area 1: 358.91 x 0.890 = 319.4299.
    assert PLAN.benchmark_premium(7, 64) == Decimal("1211.34")
    assert PLAN.benchmark_premium(1, 10) == Decimal("319.43")


def test_twin_cities_has_the_lowest_benchmark():
    rates = {area: PLAN.benchmark_premium(area, 40) for area in range(1, 10)}
    assert min(rates, key=rates.get) == 8


@pytest.mark.parametrize(
    ("percent", "applicable"),
    [
        ("100", "2.10"),
        ("132.99", "2.10"),
        ("133", "3.14"),
        # 3.14 + (141.5 - 133) / 17 x 1.05 = 3.665 -> 3.67 (half up)
        ("141.5", "3.67"),
        ("149.99", "4.19"),  # 3.14 + 16.99 / 17 x 1.05 = 4.1894
        ("150", "4.19"),
        ("175", "5.40"),  # 4.19 + 25 / 50 x 2.41 = 5.395
        ("199.99", "6.60"),
        ("200", "6.60"),
        ("225", "7.52"),  # 6.60 + 25 / 50 x 1.84 = 7.52
        ("250", "8.44"),
        ("275", "9.20"),  # 8.44 + 25 / 50 x 1.52 = 9.20
        ("300", "9.96"),
        ("400", "9.96"),
    ],
)
def test_applicable_percentage_is_linear_within_each_band(percent, applicable):
    assert PLAN.applicable_percentage(Decimal(percent)) == Decimal(applicable)


@pytest.mark.parametrize("percent", ["99.99", "400.01"])
def test_no_applicable_percentage_outside_the_credit_range(percent):
    with pytest.raises(ValueError, match="No applicable percentage"):
        PLAN.applicable_percentage(Decimal(percent))


def test_poverty_guidelines_credit_uses_the_year_before():
    assert PLAN.premium_tax_credit_guideline.year == 2025
    assert PLAN.premium_tax_credit_guideline.amount(1) == Decimal(15650)
    assert PLAN.premium_tax_credit_guideline.amount(4) == Decimal(15650 + 3 * 5500)
    assert PLAN.health_care_programs_guideline.year == 2026
    assert PLAN.health_care_programs_guideline.amount(3) == Decimal(15960 + 2 * 5680)


def test_every_figure_has_a_source_year_and_honest_status():
    assert len(PLAN.sources) >= 10
    for what, source, year, status in PLAN.sources:
        assert what and source
        assert year is None or 2010 <= year <= 2026
        assert status in STATUSES
    statuses = {source.what: source.status for source in PLAN.sources}
    benchmark = next(what for what in statuses if what.startswith("Benchmark"))
    assert statuses[benchmark] == "illustrative/unconfirmed"
    premiums = next(what for what in statuses if what.startswith("MinnesotaCare premium"))
    assert statuses[premiums] == "unconfirmed"


def test_plan_year_is_read_once():
    assert plan_year(2026) is PLAN


def test_latest_plan_year_has_a_file():
    assert latest_plan_year() == 2026


def test_a_year_without_figures_is_a_lookup_error():
    with pytest.raises(KeyError, match="No plan-year figures for 1999"):
        plan_year(1999)
    with pytest.raises(LookupError):
        plan_year(2031)


@pytest.mark.parametrize(
    ("frequency", "annual"),
    [
        ("weekly", "52000.00"),
        ("biweekly", "26000.00"),
        ("semimonthly", "24000.00"),
        ("monthly", "12000.00"),
        ("yearly", "1000.00"),
    ],
)
def test_annual_income_per_frequency(frequency, annual):
    assert annual_income(Decimal(1000), frequency) == Decimal(annual)


def test_annual_income_rounds_to_cents_half_up():
    # 10.00125 x 12 = 120.015 -> 120.02
    assert annual_income(Decimal("10.00125"), "monthly") == Decimal("120.02")


def test_frequencies_keep_their_order_and_labels():
    assert list(FREQUENCIES) == ["weekly", "biweekly", "semimonthly", "monthly", "yearly"]
    assert FREQUENCIES["biweekly"] == ("Every two weeks", 26)


def test_unknown_frequency_is_refused():
    with pytest.raises(ValueError, match="Unknown income frequency"):
        annual_income(Decimal(10), "fortnightly")
