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
        "lawfully_present": "Lawfully present immigrant",
        "not_lawfully_present": "Not lawfully present (or prefers not to say)",
    }
)


def age_on(born: date, day: date) -> int:
    """Whole years from `born` to `day`: a birthday not yet reached this year does not count."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def annual_income(amount: Decimal, frequency: str) -> Decimal:
    """A pay amount received at a frequency (a FREQUENCIES key) as a yearly amount in cents."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"Unknown income frequency: {frequency!r}.")
    _label, times_a_year = FREQUENCIES[frequency]
    return cents(amount * times_a_year)


@dataclass(frozen=True)
class Member:
    """One person in the household, applying for coverage or only counted in it."""

    key: Hashable
    age: int
    applying: bool
    pregnant: bool
    immigration_status: str
    annual_income: Decimal
    annual_deductions: Decimal
    has_medicare: bool
    has_other_public_coverage: bool
    employer_offer: bool
    # What the employee would pay a month for the lowest-cost self-only plan offered.
    employer_premium_monthly: Decimal | None = None

    def __post_init__(self):
        if self.immigration_status not in IMMIGRATION_STATUSES:
            raise ValueError(f"Unknown immigration status: {self.immigration_status!r}.")
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
