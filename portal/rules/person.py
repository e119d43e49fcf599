"""A member as one member's tests read them: their answers with what they are counted with (the
Medicaid household's income, the tax return's), worked out once per determination."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.rules.explanations import N_, Explanation, Percent
from portal.rules.household import Member
from portal.rules.plan_year import PlanYear
from portal.rules.tax_households import TaxReturn


@dataclass(slots=True)
class Person:
    """A member with what their tests read of the household, worked out once."""

    member: Member
    figures: PlanYear
    starts_on: date
    programs_size: int  # the Medicaid household (42 CFR 435.603(f)), without an expected baby
    programs_magi: Decimal
    tax_return: TaxReturn | None
    # The return's household income, or the Medicaid household's for a member on no return.
    credit_income: Decimal
    credit_percent: Decimal  # of the credit's guideline, unrounded
    household: tuple[Member, ...]  # the return's members, else the Medicaid household's
    # Of the programs' guideline; 42 CFR 435.603(b): a pregnant woman's own household counts the
    # expected baby.
    programs_percent: Decimal = field(init=False)
    within_bar: bool = field(init=False)
    full_medical_assistance_status: bool = field(init=False)

    def __post_init__(self):
        member = self.member
        size = self.programs_size + (1 if member.pregnant else 0)
        guideline = self.figures.health_care_programs_guideline.amount(size)
        self.programs_percent = self.programs_magi * 100 / guideline
        # 8 USC 1613: a permanent resident within five years of the date status was granted.
        self.within_bar = (
            member.immigration_status == "permanent_resident"
            and member.status_since is not None
            and self.starts_on < bar_ends(member.status_since, self.figures.five_year_bar_years)
        )
        # Full Medical Assistance: citizens, humanitarian statuses, permanent residents past
        # the bar, and lawfully residing children and pregnant people (Minnesota's option,
        # 42 USC 1396b(v)(4)).
        status = member.immigration_status
        exempt = member.age < self.figures.status_exemption_below_age or member.pregnant
        self.full_medical_assistance_status = (
            status in ("citizen", "humanitarian")
            or (status == "permanent_resident" and not self.within_bar)
            or (status != "not_lawfully_present" and exempt)
        )

    @property
    def income_sentence(self) -> Explanation:
        """The household's income against the programs' guideline, to start a sentence."""
        percent = Percent(self.programs_percent)
        if self.member.pregnant:
            return Explanation(
                N_(
                    "Household income is %(percent)s of the federal poverty guideline, "
                    "counting the expected baby"
                ),
                percent=percent,
            )
        return Explanation(
            N_("Household income is %(percent)s of the federal poverty guideline"),
            percent=percent,
        )

    @property
    def income_clause(self) -> Explanation:
        """The same, within a sentence (the English starts in lower case)."""
        percent = Percent(self.programs_percent)
        if self.member.pregnant:
            return Explanation(
                N_(
                    "household income is %(percent)s of the federal poverty guideline, "
                    "counting the expected baby"
                ),
                percent=percent,
            )
        return Explanation(
            N_("household income is %(percent)s of the federal poverty guideline"),
            percent=percent,
        )


def bar_ends(status_since: date, years: int) -> date:
    """The anniversary `years` after the status date; a February 29 anniversary falls on
    March 1 in a year without one."""
    try:
        return status_since.replace(year=status_since.year + years)
    except ValueError:
        return date(status_since.year + years, 3, 1)
