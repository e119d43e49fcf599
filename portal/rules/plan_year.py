"""A plan year's published figures, read from db/data/plan_year_<year>.toml.

The rules never hard-code a threshold: each figure lives in the data file beside its source,
publication year and status, so next year's figures are a new file, not a code change.
"""

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from portal.rules.amounts import cents, two_places

DATA_DIR = Path(__file__).resolve().parents[2] / "db" / "data"
FILE_NAME = re.compile(r"plan_year_(\d{4})\.toml")
STATUSES = {"confirmed", "secondary", "unconfirmed", "illustrative/unconfirmed"}
# The sections whose source the "Where these figures come from" list shows, in that order.
SOURCED_SECTIONS = (
    ("poverty_guidelines", "premium_tax_credit"),
    ("poverty_guidelines", "minnesota_health_care_programs"),
    ("medical_assistance",),
    ("medical_assistance", "former_foster_care"),
    ("medical_assistance", "immigration"),
    ("minnesotacare",),
    ("minnesotacare", "immigration"),
    ("minnesotacare", "status_exception"),
    ("minnesotacare", "premiums"),
    ("minnesotacare", "invoices"),
    ("minnesotacare", "invoices", "payment"),
    ("premium_tax_credit",),
    ("premium_tax_credit", "cliff"),
    ("premium_tax_credit", "below_100_percent"),
    ("cost_sharing_reductions",),
    ("employer_affordability",),
    ("tax_filing",),
    ("rating_areas",),
    ("age_curve",),
    ("benchmark",),
)


class UnknownPlanYear(KeyError):
    def __str__(self):
        return f"No plan-year figures for {self.args[0]}."


class Source(NamedTuple):
    what: str
    source: str
    year: int | None  # None: the source is undated
    status: str


@dataclass(frozen=True)
class PovertyGuideline:
    year: int
    first_person: Decimal
    each_additional_person: Decimal

    def amount(self, household_size: int) -> Decimal:
        return self.first_person + self.each_additional_person * (household_size - 1)


@dataclass(frozen=True)
class IncomeBand:
    """An income range in percent of the poverty guideline: from_percent <= p < to_percent."""

    from_percent: Decimal
    to_percent: Decimal | None  # None: open above
    initial: Decimal
    final: Decimal

    def holds(self, percent: Decimal) -> bool:
        above_floor = self.from_percent <= percent
        return above_floor and (self.to_percent is None or percent < self.to_percent)

    def value_at(self, percent: Decimal) -> Decimal:
        """Linear from initial at the lower edge to final at the upper edge (Rev. Proc. 2025-25)."""
        if self.to_percent is None or self.initial == self.final:
            return self.initial
        share = (percent - self.from_percent) / (self.to_percent - self.from_percent)
        return self.initial + share * (self.final - self.initial)


@dataclass(frozen=True)
class MedicalAssistanceGroup:
    who: str
    rule: str  # the regulation or statute that defines the group
    limit_percent: Decimal  # as published, before any disregard
    effective_limit: Decimal  # what income is compared with
    min_age: int = 0
    max_age: int | None = None
    pregnant: bool = False
    # Tested on modified adjusted gross income (with the disregard); the others, such as people
    # 65 and over, on the non-MAGI basis, which the county decides.
    magi: bool = True

    def covers(self, age: int, pregnant: bool) -> bool:
        if self.pregnant and not pregnant:
            return False
        return self.min_age <= age and (self.max_age is None or age <= self.max_age)


class PremiumPayment(NamedTuple):
    """How MinnesotaCare premiums are paid, as the printable invoice says it, and its source."""

    pay_to: str
    mail_to: str
    online: str
    source: Source


@dataclass(frozen=True)
class PlanYear:
    year: int
    counties: dict[str, int]  # county name -> rating area, alphabetical
    premium_tax_credit_guideline: PovertyGuideline
    health_care_programs_guideline: PovertyGuideline
    credit_min_percent: Decimal
    credit_max_percent: Decimal
    applicable_percentage_bands: tuple[IncomeBand, ...]
    affordability_percent: Decimal
    medical_assistance_groups: tuple[MedicalAssistanceGroup, ...]
    former_foster_care_below_age: int
    five_year_bar_years: int
    status_exemption_below_age: int  # lawfully residing children: no five-year bar
    credit_below_100_for_status_barred: bool
    # (up to and including this percent of the credit's guideline, level), lowest first
    cost_sharing_levels: tuple[tuple[Decimal, str], ...]
    american_indian_zero_up_to_percent: Decimal
    dependent_earned_income_threshold: Decimal
    dependent_unearned_income_threshold: Decimal
    minnesotacare_limit_percent: Decimal
    minnesotacare_below_age: int
    minnesotacare_any_status_below_age: int
    minnesotacare_premium_free_below_age: int
    minnesotacare_premium_bands: tuple[IncomeBand, ...]
    minnesotacare_invoice_min_days_to_pay: int
    minnesotacare_payment: PremiumPayment
    age_factors: tuple[Decimal, ...]  # by age from 0; the last applies to every older age
    benchmark_age_21_monthly: dict[int, Decimal]  # rating area -> second-lowest silver at 21
    sources: tuple[Source, ...]

    @functools.cached_property
    def non_magi_group(self) -> MedicalAssistanceGroup:
        """The group tested on the non-MAGI basis (people 65 and over)."""
        return next(group for group in self.medical_assistance_groups if not group.magi)

    def medical_assistance_group(self, age: int, pregnant: bool) -> MedicalAssistanceGroup:
        """The most generous MAGI group for a person under 65 (or pregnant): a pregnant
        16-year-old is judged as pregnant (283%), not as a child (280%)."""
        by_age = self._magi_groups[pregnant]
        return by_age[min(age, len(by_age) - 1)]

    @functools.cached_property
    def _magi_groups(self) -> dict[bool, tuple[MedicalAssistanceGroup | None, ...]]:
        """The group for each age to 65, worked out once: it is asked for every member."""
        oldest = self.non_magi_group.min_age

        def most_generous(age, pregnant):
            groups = [
                group
                for group in self.medical_assistance_groups
                if group.magi and group.covers(age, pregnant)
            ]
            return max(groups, key=lambda group: group.effective_limit) if groups else None

        return {
            pregnant: tuple(most_generous(age, pregnant) for age in range(oldest + 1))
            for pregnant in (False, True)
        }

    def rating_area(self, county: str) -> int:
        return self.counties[county]

    def age_factor(self, age: int) -> Decimal:
        if age < 0:
            raise ValueError("Age cannot be negative.")
        return self.age_factors[min(age, len(self.age_factors) - 1)]

    def benchmark_premium(self, rating_area: int, age: int) -> Decimal:
        """Monthly second-lowest-cost silver premium at an age: the age-21 rate x the age factor."""
        return cents(self.benchmark_age_21_monthly[rating_area] * self.age_factor(age))

    def applicable_percentage(self, fpl_percent: Decimal) -> Decimal:
        """The share of income (percent, two places) a household at fpl_percent is expected to pay
        for the benchmark plan; only defined within the credit's 100-400% range."""
        if not self.credit_min_percent <= fpl_percent <= self.credit_max_percent:
            raise ValueError(f"No applicable percentage at {fpl_percent}% of the guideline.")
        # The top band includes the credit's upper limit itself.
        band = next(
            (b for b in self.applicable_percentage_bands if b.holds(fpl_percent)),
            self.applicable_percentage_bands[-1],
        )
        return two_places(band.value_at(fpl_percent))

    def cost_sharing_level(self, fpl_percent: Decimal) -> str | None:
        """The silver variant a household with the credit at fpl_percent may buy, if any."""
        if fpl_percent < self.credit_min_percent:
            return None
        return next(
            (level for up_to, level in self.cost_sharing_levels if fpl_percent <= up_to), None
        )

    def minnesotacare_premium(self, age: int, fpl_percent: Decimal) -> Decimal:
        """Monthly MinnesotaCare premium for one enrollee (Minn. Stat. 256L.15 subd. 2)."""
        if age < self.minnesotacare_premium_free_below_age:
            return cents(Decimal(0))
        band = next(b for b in self.minnesotacare_premium_bands if b.holds(fpl_percent))
        return cents(band.initial)

    def minnesotacare_premium_due_on(self, coverage_month: date, issued_on: date) -> date:
        """When the invoice for a month of MinnesotaCare falls due: the last day of the month
        before, or `minnesotacare_invoice_min_days_to_pay` days after it is issued if later
        (the data file's [minnesotacare.invoices])."""
        before_coverage = coverage_month.replace(day=1) - timedelta(days=1)
        days_to_pay = issued_on + timedelta(days=self.minnesotacare_invoice_min_days_to_pay)
        return max(before_coverage, days_to_pay)


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def _band(row: dict, value_key: str | None = None) -> IncomeBand:
    to_percent = row.get("to_percent")
    initial = _decimal(row[value_key]) if value_key else _decimal(row["initial"])
    final = initial if value_key else _decimal(row["final"])
    return IncomeBand(
        from_percent=_decimal(row["from_percent"]),
        to_percent=None if to_percent is None else _decimal(to_percent),
        initial=initial,
        final=final,
    )


def _guideline(row: dict) -> PovertyGuideline:
    return PovertyGuideline(
        year=row["guideline_year"],
        first_person=_decimal(row["first_person"]),
        each_additional_person=_decimal(row["each_additional_person"]),
    )


def _medical_assistance_group(row: dict, disregard_points: Decimal) -> MedicalAssistanceGroup:
    limit = _decimal(row["limit_percent"])
    magi = row.get("disregard", True)
    return MedicalAssistanceGroup(
        who=row["who"],
        rule=row["rule"],
        limit_percent=limit,
        effective_limit=limit + disregard_points if magi else limit,
        min_age=row.get("min_age", 0),
        max_age=row.get("max_age"),
        pregnant=row.get("pregnant", False),
        magi=magi,
    )


def _source(data: dict, path: tuple[str, ...]) -> Source:
    section = functools.reduce(lambda node, name: node[name], path, data)
    status = section["status"]
    if status not in STATUSES:
        raise ValueError(f"{'.'.join(path)}: unknown status {status!r}.")
    return Source(section["what"], section["source"], section.get("published"), status)


def _plan_year_from(data: dict) -> PlanYear:
    guidelines = data["poverty_guidelines"]
    credit = data["premium_tax_credit"]
    medical_assistance = data["medical_assistance"]
    minnesotacare = data["minnesotacare"]
    disregard = _decimal(medical_assistance["disregard_points"])
    counties = {
        county: int(area)
        for area, names in data["rating_areas"]["counties"].items()
        for county in names
    }
    return PlanYear(
        year=data["year"],
        counties=dict(sorted(counties.items(), key=lambda item: item[0].casefold())),
        premium_tax_credit_guideline=_guideline(guidelines["premium_tax_credit"]),
        health_care_programs_guideline=_guideline(guidelines["minnesota_health_care_programs"]),
        credit_min_percent=_decimal(credit["min_percent"]),
        credit_max_percent=_decimal(credit["max_percent"]),
        applicable_percentage_bands=tuple(_band(row) for row in credit["bands"]),
        affordability_percent=_decimal(
            data["employer_affordability"]["required_contribution_percent"]
        ),
        medical_assistance_groups=tuple(
            _medical_assistance_group(row, disregard) for row in medical_assistance["groups"]
        ),
        former_foster_care_below_age=medical_assistance["former_foster_care"]["below_age"],
        five_year_bar_years=medical_assistance["immigration"]["five_year_bar_years"],
        status_exemption_below_age=medical_assistance["immigration"][
            "status_exemption_below_age"
        ],
        credit_below_100_for_status_barred=credit["below_100_percent"][
            "status_barred_immigrants"
        ],
        cost_sharing_levels=tuple(
            (_decimal(row["up_to_percent"]), row["level"])
            for row in data["cost_sharing_reductions"]["levels"]
        ),
        american_indian_zero_up_to_percent=_decimal(
            data["cost_sharing_reductions"]["american_indian_zero_up_to_percent"]
        ),
        dependent_earned_income_threshold=_decimal(
            data["tax_filing"]["dependent_earned_income_threshold"]
        ),
        dependent_unearned_income_threshold=_decimal(
            data["tax_filing"]["dependent_unearned_income_threshold"]
        ),
        minnesotacare_limit_percent=_decimal(minnesotacare["limit_percent"]),
        minnesotacare_below_age=minnesotacare["below_age"],
        minnesotacare_any_status_below_age=minnesotacare["status_exception"][
            "any_status_below_age"
        ],
        minnesotacare_premium_free_below_age=minnesotacare["premiums"]["free_below_age"],
        minnesotacare_premium_bands=tuple(
            _band(row, "monthly") for row in minnesotacare["premiums"]["bands"]
        ),
        minnesotacare_invoice_min_days_to_pay=minnesotacare["invoices"]["min_days_to_pay"],
        minnesotacare_payment=PremiumPayment(
            pay_to=minnesotacare["invoices"]["payment"]["pay_to"],
            mail_to=minnesotacare["invoices"]["payment"]["mail_to"],
            online=minnesotacare["invoices"]["payment"]["online"],
            source=_source(data, ("minnesotacare", "invoices", "payment")),
        ),
        age_factors=tuple(_decimal(factor) for factor in data["age_curve"]["factors"]),
        benchmark_age_21_monthly={
            int(area): _decimal(rate) for area, rate in data["benchmark"]["age_21_monthly"].items()
        },
        sources=tuple(_source(data, path) for path in SOURCED_SECTIONS),
    )


@functools.cache
def plan_year(year: int) -> PlanYear:
    """The figures for a plan year, read once; UnknownPlanYear (a KeyError) if it has no file."""
    path = DATA_DIR / f"plan_year_{year}.toml"
    if not path.is_file():
        raise UnknownPlanYear(year)
    with path.open("rb") as data_file:
        return _plan_year_from(tomllib.load(data_file, parse_float=Decimal))


def latest_plan_year() -> int:
    """The highest year with a plan-year data file."""
    years = [
        int(match.group(1))
        for path in DATA_DIR.iterdir()
        if (match := FILE_NAME.fullmatch(path.name))
    ]
    if not years:
        raise LookupError(f"No plan-year data files in {DATA_DIR}.")
    return max(years)
