"""Who in a household qualifies for which program, and the premium tax credit it can get.

The order of the tests is the order a MNsure determination takes: Medicare first (selling a plan
that duplicates Medicare to an enrollee is illegal, Social Security Act 1882(d)(3)), then Medical
Assistance, MinnesotaCare for those above it, the premium tax credit for those above that, and a
plan without financial help for everyone else lawfully present. Immigration is simplified to three
answers: citizens and lawfully present immigrants are treated alike (no five-year bar, no
emergency MA), and people not lawfully present can only have MinnesotaCare, as children under 18
(a marketplace plan needs lawful presence, 42 USC 18032(f)(3)).
"""

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from portal.rules.amounts import as_money, as_percent, cents, two_places
from portal.rules.household import Household, Member
from portal.rules.plan_year import MedicalAssistanceGroup, PlanYear, plan_year
from portal.rules.premiums import family_premium

PROGRAMS = MappingProxyType(
    {
        "medical_assistance": "Medical Assistance",
        "minnesotacare": "MinnesotaCare",
        "qhp_with_aptc": "Qualified Health Plan with premium tax credit",
        "qhp_without_aptc": "Qualified Health Plan without financial help",
        "not_eligible": "Not eligible",
        "not_applying": "Not applying for coverage",
    }
)


# The plan variants a member's cost sharing can be reduced to (45 CFR 155.305(g), 155.350),
# from the least to the most generous: an enrollment group sharing one policy gets the least
# generous level every member qualifies for (155.305(g)(3)).
COST_SHARING = MappingProxyType(
    {
        "limited": "Limited cost-sharing: none for care from Indian health providers",
        "73": "Silver plan with reduced cost sharing (73% actuarial value)",
        "87": "Silver plan with reduced cost sharing (87% actuarial value)",
        "94": "Silver plan with reduced cost sharing (94% actuarial value)",
        "zero": "Zero cost-sharing: no deductible, copays or coinsurance",
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


@dataclass(frozen=True)
class _Finances:
    """What every member's test reads: the household's income against the two guidelines."""

    figures: PlanYear
    size: int
    magi: Decimal
    credit_percent: Decimal  # unrounded, so a limit is a limit to the cent
    programs_percent: Decimal

    def programs_percent_for(self, member: Member) -> Decimal:
        """42 CFR 435.603(b): a pregnant woman's own household counts the expected baby."""
        if not member.pregnant:
            return self.programs_percent
        guideline = self.figures.health_care_programs_guideline.amount(self.size + 1)
        return self.magi * 100 / guideline

    def affordable_offer(self, member: Member) -> bool:
        return member.employer_offer and (
            member.employer_premium_monthly * 12 * 100
            <= self.figures.affordability_percent * self.magi
        )


def determine(household: Household) -> Determination:
    """Determine each member's program and the household's maximum premium tax credit.

    Raises ValueError with a plain message for an unknown county, no members or no one applying,
    and a KeyError for a plan year without figures.
    """
    figures = plan_year(household.plan_year)
    _check(household, figures)
    members = household.members
    size = len(members)
    magi = cents(sum((member.magi for member in members), Decimal(0)))
    finances = _Finances(
        figures=figures,
        size=size,
        magi=magi,
        credit_percent=magi * 100 / figures.premium_tax_credit_guideline.amount(size),
        programs_percent=magi * 100 / figures.health_care_programs_guideline.amount(size),
    )
    outcomes = [_outcome(member, finances) for member in members]
    area = figures.rating_area(household.county)
    credited = [
        member for member, outcome in zip(members, outcomes, strict=True) if outcome is None
    ]
    if credited:
        percentage = figures.applicable_percentage(finances.credit_percent)
        contribution = cents(percentage * magi / 1200)
        benchmark = _benchmark(figures, area, credited)
        credit = max(benchmark - contribution, Decimal(0))
        reason = _credit_reason(finances, percentage, contribution, benchmark, credit)
        outcomes = [
            outcome or MemberOutcome(member.key, "qhp_with_aptc", reason)
            for member, outcome in zip(members, outcomes, strict=True)
        ]
    else:
        percentage = contribution = None
        benchmark = credit = cents(Decimal(0))
    return Determination(
        plan_year=figures.year,
        household_size=size,
        magi=magi,
        fpl_percent=two_places(finances.credit_percent),
        mhcp_fpl_percent=two_places(finances.programs_percent),
        rating_area=area,
        applicable_percentage=percentage,
        expected_contribution_monthly=contribution,
        benchmark_premium_monthly=benchmark,
        max_aptc_monthly=credit,
        outcomes=tuple(outcomes),
    )


def _check(household: Household, figures: PlanYear) -> None:
    if household.county not in figures.counties:
        raise ValueError(f"{household.county!r} is not a Minnesota county.")
    if not household.members:
        raise ValueError("The household has no members.")
    if not any(member.applying for member in household.members):
        raise ValueError("No one in the household is applying for coverage.")


def _outcome(member: Member, finances: _Finances) -> MemberOutcome | None:
    """The member's outcome, or None for the premium tax credit, whose reason needs the
    household's credit (worked out once every member's program is known)."""
    if not member.applying:
        return MemberOutcome(
            member.key,
            "not_applying",
            "Not applying for coverage; still counted in the household's size and income.",
        )
    if member.has_medicare:
        return MemberOutcome(
            member.key,
            "not_eligible",
            "Has Medicare, so the marketplace cannot sell a plan with or without a premium tax "
            "credit, and MinnesotaCare is not available.",
        )
    if not member.lawfully_present:
        return _not_lawfully_present(member, finances)
    return (
        _medical_assistance(member, finances)
        or _minnesotacare(member, finances)
        or _without_credit(member, finances)
    )


def _income_sentence(percent: Decimal, *, counting_baby: bool = False) -> str:
    baby = ", counting the expected baby" if counting_baby else ""
    return f"Household income is {as_percent(percent)} of the federal poverty guideline{baby}"


def _medical_assistance_group(member: Member, figures: PlanYear) -> MedicalAssistanceGroup:
    """The member's most generous group: a pregnant 16-year-old is judged as pregnant (283%),
    not as a child (280%)."""
    return max(
        (
            group
            for group in figures.medical_assistance_groups
            if group.covers(member.age, member.pregnant)
        ),
        key=lambda group: group.effective_limit,
    )


def _medical_assistance(member: Member, finances: _Finances) -> MemberOutcome | None:
    group = _medical_assistance_group(member, finances.figures)
    percent = finances.programs_percent_for(member)
    if percent > group.effective_limit:
        return None
    income = _income_sentence(percent, counting_baby=member.pregnant)
    return MemberOutcome(
        member.key,
        "medical_assistance",
        f"{income}; Medical Assistance covers {group.who} up to "
        f"{as_percent(group.effective_limit)}.",
    )


def _bar_to_financial_help(member: Member, finances: _Finances) -> str | None:
    """Why MinnesotaCare and the premium tax credit are ruled out whatever the income."""
    if member.has_other_public_coverage:
        return "Already has other public coverage"
    if finances.affordable_offer(member):
        share = finances.figures.affordability_percent
        return (
            f"An employer offers coverage for {as_money(member.employer_premium_monthly)} a "
            f"month, no more than {as_percent(share)} of household income "
            f"({as_money(share * finances.magi / 1200)} a month), which counts as affordable"
        )
    return None


def _minnesotacare(member: Member, finances: _Finances) -> MemberOutcome | None:
    figures = finances.figures
    percent = finances.programs_percent_for(member)
    if (
        member.age >= figures.minnesotacare_below_age
        or percent > figures.minnesotacare_limit_percent
        or _bar_to_financial_help(member, finances)
    ):
        return None
    group = _medical_assistance_group(member, figures)
    income = _income_sentence(percent, counting_baby=member.pregnant)
    return _minnesotacare_outcome(
        member,
        finances,
        f"{income}: above Medical Assistance's "
        f"{as_percent(group.effective_limit)} for {group.who} and within MinnesotaCare's "
        f"{as_percent(figures.minnesotacare_limit_percent)}.",
    )


def _minnesotacare_outcome(member: Member, finances: _Finances, reason: str) -> MemberOutcome:
    figures = finances.figures
    premium = figures.minnesotacare_premium(member.age, finances.programs_percent_for(member))
    if member.age < figures.minnesotacare_premium_free_below_age:
        cost = f" No premium for people under {figures.minnesotacare_premium_free_below_age}."
    elif premium:
        cost = f" The premium is {as_money(premium)} a month."
    else:
        cost = " No premium at this income."
    return MemberOutcome(member.key, "minnesotacare", reason + cost, premium)


def _not_lawfully_present(member: Member, finances: _Finances) -> MemberOutcome:
    figures = finances.figures
    cannot_buy = "people who are not lawfully present cannot buy a marketplace plan"
    if member.age >= figures.minnesotacare_any_status_below_age:
        return MemberOutcome(
            member.key,
            "not_eligible",
            f"From {figures.year} MinnesotaCare covers people who are not lawfully present only "
            f"under age {figures.minnesotacare_any_status_below_age}, and {cannot_buy}.",
        )
    percent = finances.programs_percent_for(member)
    limit = figures.minnesotacare_limit_percent
    blocker = _bar_to_financial_help(member, finances)
    income = _income_sentence(percent, counting_baby=member.pregnant)
    if blocker or percent > limit:
        why = blocker or f"{income}, above MinnesotaCare's limit"
        return MemberOutcome(member.key, "not_eligible", f"{why}; and {cannot_buy}.")
    return _minnesotacare_outcome(
        member,
        finances,
        f"{income}, within MinnesotaCare's {as_percent(limit)}; "
        f"children under {figures.minnesotacare_any_status_below_age} can have it whatever their "
        f"immigration status (state-funded).",
    )


def _without_credit(member: Member, finances: _Finances) -> MemberOutcome | None:
    """A plan without financial help, with the reason; None when the credit applies."""
    figures = finances.figures
    blocker = _bar_to_financial_help(member, finances)
    percent = finances.credit_percent
    if blocker:
        why = f"{blocker}, so neither MinnesotaCare nor a premium tax credit is available."
    elif percent > figures.credit_max_percent:
        why = (
            f"{_income_sentence(percent)} (the {figures.premium_tax_credit_guideline.year}"
            f" guideline the tax credit uses), above the {as_percent(figures.credit_max_percent)}"
            f" limit for a premium tax credit in {figures.year}."
        )
    elif percent < figures.credit_min_percent:
        why = (
            f"{_income_sentence(percent)} (the {figures.premium_tax_credit_guideline.year}"
            f" guideline the tax credit uses), below the {as_percent(figures.credit_min_percent)}"
            f" a premium tax credit requires."
        )
    else:
        return None
    return MemberOutcome(member.key, "qhp_without_aptc", why)


def _benchmark(figures: PlanYear, area: int, members: list[Member]) -> Decimal:
    """The benchmark plan's monthly premium for the members getting the credit."""
    rate = figures.benchmark_age_21_monthly[area]
    return family_premium(figures, rate, [member.age for member in members])


def _credit_reason(
    finances: _Finances,
    percentage: Decimal,
    contribution: Decimal,
    benchmark: Decimal,
    credit: Decimal,
) -> str:
    figures = finances.figures
    income = (
        f"Household income is {as_percent(finances.credit_percent)} of the "
        f"{figures.premium_tax_credit_guideline.year} federal poverty guideline, within the "
        f"{as_percent(figures.credit_min_percent)} to {as_percent(figures.credit_max_percent)} "
        f"range for a premium tax credit"
    )
    expected = (
        f"the household is expected to pay {as_percent(percentage)} of income "
        f"({as_money(contribution)} a month) toward the benchmark silver plan"
    )
    if credit:
        return (
            f"{income}; {expected}, which costs {as_money(benchmark)} a month, so the credit "
            f"can be up to {as_money(credit)} a month."
        )
    return (
        f"{income}, but {expected}, which costs only {as_money(benchmark)} a month, so the credit "
        f"is $0."
    )
