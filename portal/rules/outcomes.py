"""What a determination says: each member's program, with the reason and the rule, and each tax
return's premium tax credit. The programs' names are lazy: read in the page's or the notice's
language (S13)."""

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from flask_babel import lazy_gettext as _l

PROGRAMS = MappingProxyType(
    {
        "medical_assistance": _l("Medical Assistance"),
        "medical_assistance_referral": _l(
            "Referred to the county for Medical Assistance (65 and over or with Medicare)"
        ),
        "emergency_medical_assistance": _l("Emergency Medical Assistance"),
        "minnesotacare": _l("MinnesotaCare"),
        "qhp_with_aptc": _l("Qualified Health Plan with premium tax credit"),
        "qhp_without_aptc": _l("Qualified Health Plan without financial help"),
        "not_eligible": _l("Not eligible"),
        "not_applying": _l("Not applying for coverage"),
    }
)


# The plan variants a member's cost sharing can be reduced to (45 CFR 155.305(g), 155.350),
# from the least to the most generous: an enrollment group sharing one policy gets the least
# generous level every member qualifies for (155.305(g)(3)).
COST_SHARING = MappingProxyType(
    {
        "limited": _l("Limited cost-sharing: none for care from Indian health providers"),
        "73": _l("Silver plan with reduced cost sharing (73% actuarial value)"),
        "87": _l("Silver plan with reduced cost sharing (87% actuarial value)"),
        "94": _l("Silver plan with reduced cost sharing (94% actuarial value)"),
        "zero": _l("Zero cost-sharing: no deductible, copays or coinsurance"),
    }
)


def group_cost_sharing(levels) -> str | None:
    """The cost-sharing level of a policy covering members with these levels (None: no
    reduction for one of them, so none for the policy)."""
    levels = list(levels)
    if not levels or None in levels:
        return None
    order = tuple(COST_SHARING)
    return min(levels, key=order.index)


@dataclass(frozen=True)
class MemberOutcome:
    key: Hashable
    program: str  # a PROGRAMS key
    reason: str  # one or two plain sentences naming the figures that decided it
    minnesotacare_premium_monthly: Decimal | None = None
    cost_sharing: str | None = None  # a COST_SHARING key, for a member who may buy a plan
    # Index into Determination.tax_households of the return whose credit covers the member.
    tax_household: int | None = None
    rule: str = ""  # the law or regulation that decided, e.g. "42 CFR 435.119"


@dataclass(frozen=True)
class TaxHouseholdCredit:
    """One tax return's premium tax credit: the filer, a spouse filing jointly and their
    dependents (26 USC 36B(d)(1)), with the figures the credit was worked from."""

    member_keys: tuple[Hashable, ...]  # everyone on the return, credited or not
    size: int
    magi: Decimal
    fpl_percent: Decimal
    applicable_percentage: Decimal
    expected_contribution_monthly: Decimal
    benchmark_premium_monthly: Decimal  # for the return's members who get the credit
    max_aptc_monthly: Decimal


@dataclass(frozen=True)
class Determination:
    """The household's figures and one outcome per member, in member order.

    applicable_percentage and expected_contribution_monthly are None when no member gets the
    premium tax credit; benchmark_premium_monthly and max_aptc_monthly are then 0.00.
    """

    plan_year: int
    household_size: int
    magi: Decimal
    fpl_percent: Decimal  # of the guideline the premium tax credit uses (the year before)
    mhcp_fpl_percent: Decimal  # of the guideline Medical Assistance and MinnesotaCare use
    rating_area: int
    applicable_percentage: Decimal | None
    expected_contribution_monthly: Decimal | None
    benchmark_premium_monthly: Decimal
    max_aptc_monthly: Decimal
    outcomes: tuple[MemberOutcome, ...]
    # Every return with a member who gets the credit; the figures above are the first one's.
    tax_households: tuple[TaxHouseholdCredit, ...] = ()

    def outcome_for(self, key: Hashable) -> MemberOutcome:
        for outcome in self.outcomes:
            if outcome.key == key:
                return outcome
        raise KeyError(key)
