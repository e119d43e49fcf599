"""The household the rules look at: its members, their income, status and other coverage."""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from portal.rules.amounts import cents

# key -> (label, times a year)
FREQUENCIES = MappingProxyType(
    {
        "weekly": ("Every week", 52),
        "biweekly": ("Every two weeks", 26),
        "semimonthly": ("Twice a month", 24),
        "monthly": ("Every month", 12),
        "yearly": ("Once a year", 1),
    }
)

IMMIGRATION_STATUSES = MappingProxyType(
    {
        "citizen": "U.S. citizen or U.S. national",
        "permanent_resident": "Lawful permanent resident (green card holder)",
        "humanitarian": "Refugee, asylee or another humanitarian status",
        "lawfully_present": "Other lawfully present immigrant (for example a visa or TPS)",
        "not_lawfully_present": "Not lawfully present (or prefers not to say)",
    }
)

# How each member files (or is claimed) for the plan year's federal income tax.
TAX_FILING = MappingProxyType(
    {
        "filer": "Will file a federal tax return",
        "joint": "Will file jointly with a spouse",
        "separately": "Married, will file separately from the spouse",
        "dependent": "Will be claimed as a dependent by someone on this application",
        "dependent_outside": "Will be claimed as a dependent by someone not on this application",
        "not_filing": "Will not file and will not be claimed",
    }
)


def age_on(born: date, day: date) -> int:
    """Whole years from `born` to `day`: a birthday not yet reached this year does not count."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def coverage_start(plan_year: int, applied_on: date) -> date:
    """When coverage bought on `applied_on` starts: the first of the next month (45 CFR
    155.410(f)), within the plan year (an application late in the year still covers its last
    month); ages and the five-year bar are taken on this day."""
    following = date(applied_on.year + applied_on.month // 12, applied_on.month % 12 + 1, 1)
    return min(max(following, date(plan_year, 1, 1)), date(plan_year, 12, 1))


def annual_income(amount: Decimal, frequency: str) -> Decimal:
    """A pay amount received at a frequency (a FREQUENCIES key) as a yearly amount in cents."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"Unknown income frequency: {frequency!r}.")
    _label, times_a_year = FREQUENCIES[frequency]
    return cents(amount * times_a_year)


@dataclass(frozen=True)
class Member:
    """One person in the household, applying for coverage or only counted in it.

    The answers after `employer_premium_monthly` have the plain case as their default (the
    primary applicant filing alone, income from work, no special status), so a caller states only
    what applies."""

    key: Hashable
    age: int  # on the coverage start date
    applying: bool
    pregnant: bool
    immigration_status: str  # an IMMIGRATION_STATUSES key
    annual_income: Decimal
    annual_deductions: Decimal
    has_medicare: bool  # enrolled in Medicare
    has_other_public_coverage: bool
    employer_offer: bool  # the member's own job offers coverage
    # What the employee would pay a month for the lowest-cost self-only plan offered.
    employer_premium_monthly: Decimal | None = None
    # What the employee would pay a month for the lowest-cost plan covering the family members
    # in the household; None when the offer does not cover them.
    employer_family_premium_monthly: Decimal | None = None
    # The offer pays at least 60 % of covered costs (26 USC 36B(c)(2)(C)(ii)).
    employer_offer_minimum_value: bool = True
    relationship: str = "self"  # to the primary applicant: db.consumers.RELATIONSHIPS
    tax_filing: str = "filer"  # a TAX_FILING key
    # Filing separately because of domestic abuse or abandonment (26 CFR 1.36B-2(b)(2)(ii)).
    separate_filing_exception: bool = False
    # A dependent's income is mostly wages, tips or self-employment: the filing threshold for
    # earned income applies rather than the one for unearned income.
    income_from_work: bool = True
    # The date a lawful permanent resident's status was granted (the five-year bar runs from it).
    status_since: date | None = None
    american_indian: bool = False  # American Indian or Alaska Native
    former_foster_care: bool = False  # in foster care on turning 18 (or later)
    incarcerated: bool = False  # serving a sentence, not only awaiting disposition of charges
    # Not enrolled in Medicare but can get Part A without paying a premium.
    premium_free_part_a: bool = False

    def __post_init__(self):
        if self.immigration_status not in IMMIGRATION_STATUSES:
            raise ValueError(f"Unknown immigration status: {self.immigration_status!r}.")
        if self.tax_filing not in TAX_FILING:
            raise ValueError(f"Unknown tax filing status: {self.tax_filing!r}.")
        if self.age < 0:
            raise ValueError("Age cannot be negative.")
        if self.employer_offer and self.employer_premium_monthly is None:
            raise ValueError(
                "An employer offer needs what the employee would pay a month for the "
                "lowest-cost self-only plan."
            )

    @property
    def lawfully_present(self) -> bool:
        return self.immigration_status != "not_lawfully_present"

    @property
    def magi(self) -> Decimal:
        """This member's share of the household's modified adjusted gross income (never below 0)."""
        return max(Decimal(0), self.annual_income - self.annual_deductions)


@dataclass(frozen=True)
class Household:
    """Everyone in the tax household, in the order the application lists them."""

    plan_year: int
    county: str
    members: tuple[Member, ...]
    # Ages are taken on this day, and a five-year bar ends on an anniversary before it; None
    # means January 1 of the plan year.
    coverage_start: date | None = None

    @property
    def starts_on(self) -> date:
        return self.coverage_start or date(self.plan_year, 1, 1)
