"""Medical Assistance and MinnesotaCare at and around every limit.

Minnesota Health Care Programs use the 2026 poverty guideline: $15,960 for one person plus $5,680
for each additional one (1: 15,960  2: 21,640  3: 27,320  4: 33,000). MAGI groups get the 5-point
disregard on top of the published limit.
"""

from decimal import Decimal

import pytest

from portal.rules import determine
from tests.rules.households import household, member, outcome

# --- Medical Assistance, one group at a time: at the limit, a dollar under and a dollar over ----


# Adults 21-64: (133 + 5)% x 15,960 = 22,024.80.
# Young adults 19-20 share that limit.
@pytest.mark.parametrize("age", [19, 20, 30, 64])
def test_adult_limit_is_138_percent(age):
    assert outcome(member("a", age, "22023.80")).program == "medical_assistance"
    at_limit = outcome(member("a", age, "22024.80"))
    assert at_limit.program == "medical_assistance"
    over = outcome(member("a", age, "22025.80"))
    assert over.program == "minnesotacare"
    # 22,025.80 / 15,960 = 138.0063% -> 138.01%
    assert "138.01% of the federal poverty guideline" in over.reason
    assert "above Medical Assistance's 138% for" in over.reason


def test_medical_assistance_reason_names_income_and_limit():
    # 19,152 / 15,960 = 120%
    result = outcome(member("a", 30, 19152))
    assert result.reason == (
        "Household income is 120% of the federal poverty guideline; Medical Assistance covers "
        "adults up to 138%."
    )
    assert result.minnesotacare_premium_monthly is None


# Children 2-18 in a household of two: (275 + 5)% x 21,640 = 60,592.
@pytest.mark.parametrize("age", [2, 10, 18])
def test_child_limit_is_280_percent(age):
    def child_in(income):
        return outcome(member("child", age), member("parent", 40, income))

    assert child_in(60591).program == "medical_assistance"
    assert child_in(60592).program == "medical_assistance"
    over = child_in(60593)
    # Over MA and over MinnesotaCare's 200%; 60,593 / 21,150 = 286.49% of the 2025 guideline
    assert over.program == "qhp_with_aptc"


# Infants under 2 in a household of two: (283 + 5)% x 21,640 = 62,323.20.
@pytest.mark.parametrize("age", [0, 1])
def test_infant_limit_is_288_percent(age):
    def infant_in(income):
        return outcome(member("baby", age), member("parent", 30, income))

    assert infant_in("62322.20").program == "medical_assistance"
    assert "covers infants under 2 up to 288%" in infant_in("62323.20").reason
    assert infant_in("62324.20").program == "qhp_with_aptc"
    # A two-year-old at the same income is over the 280% children's limit.
    assert outcome(member("child", 2), member("parent", 30, "62323.20")).program != (
        "medical_assistance"
    )


def test_pregnant_woman_counts_as_two_for_her_own_household():
    # Alone she is a household of one, but her own MA household counts the baby: two people.
    # (278 + 5)% x 21,640 = 61,241.20. Against one person's 15,960 that would be 383.7%.
    at_limit = outcome(member("mother", 28, "61241.20", pregnant=True))
    assert at_limit.program == "medical_assistance"
    assert at_limit.reason == (
        "Household income is 283% of the federal poverty guideline, counting the expected baby; "
        "Medical Assistance covers pregnant people up to 283%."
    )
    over = outcome(member("mother", 28, "61242.20", pregnant=True))
    # Tax credit household is still one: 61,242.20 / 15,650 = 391.32%, within 400%.
    assert over.program == "qhp_with_aptc"


def test_pregnancy_counts_only_for_her_own_household():
    # Couple at 150% of the two-person guideline: 1.5 x 21,640 = 32,460 (the husband's measure).
    # Her own household is three: 32,460 / 27,320 = 118.81%, under 283%.
    determination = determine(household(member("her", 30, pregnant=True), member("him", 30, 32460)))
    assert determination.household_size == 2
    assert determination.mhcp_fpl_percent == Decimal("150.00")
    assert determination.outcome_for("her").program == "medical_assistance"
    assert "118.81%" in determination.outcome_for("her").reason
    him = determination.outcome_for("him")
    assert him.program == "minnesotacare"
    assert "150%" in him.reason


def test_pregnant_teenager_gets_the_more_generous_limit():
    # Household of two with her: counts as three. 283% x 27,320 = 77,315.60 > 280% x 27,320.
    income = Decimal("77315.60")
    assert outcome(member("teen", 16, pregnant=True), member("mom", 45, income)).program == (
        "medical_assistance"
    )
    assert outcome(member("teen", 16), member("mom", 45, income)).program != ("medical_assistance")


def test_65_and_over_limit_is_100_percent_without_disregard():
    # Non-MAGI: 100% x 15,960 = 15,960, no 5-point disregard.
    # The non-MAGI basis also counts assets, which the application does not ask: the county
    # decides, so the member is referred.
    assert outcome(member("senior", 70, 15959)).program == "medical_assistance_referral"
    at_limit = outcome(member("senior", 70, 15960))
    assert at_limit.program == "medical_assistance_referral"
    assert "within the 100% limit for people 65 and over" in at_limit.reason
    # A dollar over; 15,961 / 15,650 = 101.99% of the 2025 guideline: the tax credit, not
    # MinnesotaCare, which stops at 65.
    assert outcome(member("senior", 70, 15961)).program == "qhp_with_aptc"
    # Within what would be the disregard (101% = 16,119.60) is still over for 65+.
    assert outcome(member("senior", 70, "16119.60")).program == "qhp_with_aptc"


# --- MinnesotaCare ---------------------------------------------------------------------------


def test_minnesotacare_limit_is_200_percent():
    # 200% x 15,960 = 31,920.
    under = outcome(member("a", 40, 31919))
    assert under.program == "minnesotacare"
    # 31,919 / 15,960 = 199.99%: the 190-200 band, $71
    assert under.minnesotacare_premium_monthly == Decimal("71.00")
    at_limit = outcome(member("a", 40, 31920))
    assert at_limit.program == "minnesotacare"
    assert at_limit.minnesotacare_premium_monthly == Decimal("80.00")
    assert at_limit.reason == (
        "Household income is 200% of the federal poverty guideline: above Medical Assistance's "
        "138% for adults and within MinnesotaCare's 200%. The premium is $80.00 a month."
    )
    over = outcome(member("a", 40, 31921))
    assert over.program == "qhp_with_aptc"
    assert over.minnesotacare_premium_monthly is None


@pytest.mark.parametrize(
    ("income", "premium"),
    [
        ("22025.80", "16.00"),  # 138.01%: 130-140 band
        ("22344.00", "25.00"),  # 140% exactly: 140-150 band
        ("23939.00", "25.00"),  # 149.99%
        ("23940.00", "37.00"),  # 150%
        ("28728.00", "61.00"),  # 180%
    ],
)
def test_minnesotacare_premium_by_income_band(income, premium):
    result = outcome(member("a", 30, income))
    assert result.program == "minnesotacare"
    assert result.minnesotacare_premium_monthly == Decimal(premium)
    assert f"The premium is ${premium} a month." in result.reason


def test_no_minnesotacare_premium_under_21():
    # A 20-year-old alone at 150%: over the 138% MA limit, MinnesotaCare free.
    result = outcome(member("a", 20, 23940))
    assert result.program == "minnesotacare"
    assert result.minnesotacare_premium_monthly == Decimal("0.00")
    assert result.reason.endswith("No premium for people under 21.")


def test_minnesotacare_stops_at_65():
    # A 65-year-old at 150% of the 2026 guideline goes to the tax credit.
    assert outcome(member("a", 65, 23940)).program == "qhp_with_aptc"


def test_undocumented_child_under_18_gets_minnesotacare():
    # Household of two at 60% of 21,640 = 12,984: MA level, but MA needs lawful presence.
    child = outcome(
        member("child", 17, immigration_status="not_lawfully_present"), member("mom", 40, 12984)
    )
    assert child.program == "minnesotacare"
    assert child.minnesotacare_premium_monthly == Decimal("0.00")
    assert "whatever their immigration status" in child.reason


def test_undocumented_child_over_200_percent_has_emergency_medical_assistance():
    # 250% x 21,640 = 54,100: above MinnesotaCare's 200%, within MA's 280% for a child of 10,
    # so Emergency Medical Assistance (42 USC 1396b(v)(2)).
    child = outcome(
        member("child", 10, immigration_status="not_lawfully_present"), member("mom", 40, 54100)
    )
    assert child.program == "emergency_medical_assistance"


def test_undocumented_child_over_the_child_limit_is_not_eligible():
    # 281% x 21,640 = 60,808.40: above MA's 280% for a child too.
    child = outcome(
        member("child", 10, immigration_status="not_lawfully_present"),
        member("mom", 40, "60808.40"),
    )
    assert child.program == "not_eligible"
    assert "above MinnesotaCare's limit" in child.reason
    assert "cannot buy a marketplace plan" in child.reason


@pytest.mark.parametrize("age", [18, 40])
def test_undocumented_adult_within_the_ma_limit_has_emergency_medical_assistance(age):
    # 20,000 / 15,960 = 125.31%, within the adults' 138%.
    result = outcome(member("a", age, 20000, immigration_status="not_lawfully_present"))
    assert result.program == "emergency_medical_assistance"
    assert result.rule.startswith("42 USC 1396b(v)(2)")


@pytest.mark.parametrize("age", [19, 40])
def test_undocumented_adult_above_the_ma_limit_is_not_eligible(age):
    # 30,000 / 15,960 = 187.97%, above the 138% of adults and of 19-year-olds (an 18-year-old
    # is still in the children's 280% group).
    result = outcome(member("a", age, 30000, immigration_status="not_lawfully_present"))
    assert result.program == "not_eligible"
    assert result.reason == (
        "From 2026 MinnesotaCare covers people who are not lawfully present only under age 18; "
        "income is above Medical Assistance's limit for Emergency Medical Assistance; and "
        "people who are not lawfully present cannot buy a marketplace plan."
    )


def test_other_lawfully_present_adult_has_minnesotacare_instead_of_ma():
    # 19,152 / 15,960 = 120%: MA's level, but a visa holder cannot have MA: MinnesotaCare.
    result = outcome(member("a", 30, 19152, immigration_status="lawfully_present"))
    assert result.program == "minnesotacare"
    assert "Medical Assistance is not available" in result.reason
