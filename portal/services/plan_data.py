"""A plan year's carriers and plans, from db/data/plans_<year>.toml into the tables.

The file seeds the tables; from then on the rows are staff's to edit in the admin. So loading
again adds only what is missing (a new carrier, a plan in a new area) and never overwrites a
figure staff changed: a second load of the same file changes nothing.
"""

import functools
import operator
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from db import database
from db.plans import METAL_LEVELS, NETWORK_TYPES, Carrier, Plan
from portal.errors import DomainError
from portal.rules import plan_year
from portal.rules.amounts import as_money
from portal.services import audit

DATA_DIR = Path(__file__).resolve().parents[2] / "db" / "data"
MONEY_FIELDS = (
    "base_premium_age21",
    "deductible",
    "oop_max",
    "primary_care_copay",
    "specialist_copay",
    "generic_drug_copay",
    "emergency_copay",
)
COST_SHARING_FIELDS = MONEY_FIELDS[1:]
# A silver plan's cost-sharing-reduction variants, from the least generous (45 CFR 156.420(a)):
# each has its own figures of COST_SHARING_FIELDS, in the columns variant_field() names.
VARIANT_LEVELS = ("73", "87", "94")
CARRIER_FIELDS = ("name", "short_name", "phone", "website")
PLAN_FIELDS = ("plan_code", "name", "metal_level", "network_type", *COST_SHARING_FIELDS)


def variant_field(level: str, name: str) -> str:
    """The Plan column holding figure `name` of the plan's `level` variant."""
    return f"csr{level}_{name}"


VARIANT_FIELDS = tuple(
    variant_field(level, name) for level in VARIANT_LEVELS for name in COST_SHARING_FIELDS
)


@dataclass(frozen=True)
class PlanFile:
    year: int
    oop_limit: Decimal  # the year's self-only out-of-pocket limit
    reduced_oop_limits: dict  # {variant level: its self-only out-of-pocket limit}
    carriers: tuple[dict, ...]
    plans: tuple[dict, ...]  # one row per plan and rating area, the Plan model's fields


@dataclass(frozen=True)
class LoadReport:
    carriers_added: int
    plans_added: int
    plans_present: int  # already in the table, left as they are
    variants_added: int = 0  # plans in the table given the variant figures they lacked

    @property
    def added(self) -> bool:
        return bool(self.carriers_added or self.plans_added or self.variants_added)


@functools.cache
def plan_file(year: int) -> PlanFile:
    """The plan data for a year, read and checked once; FileNotFoundError if there is none, and
    ValueError naming the plan for a figure that breaks a rule."""
    with (DATA_DIR / f"plans_{year}.toml").open("rb") as data_file:
        data = tomllib.load(data_file, parse_float=Decimal)
    if data["year"] != year:
        raise ValueError(f"plans_{year}.toml says it is for {data['year']}.")
    oop_limit = Decimal(data["out_of_pocket_limit"]["self_only"])
    reduced = data["reduced_out_of_pocket_limit"]
    reduced_limits = {level: Decimal(reduced[f"self_only_{level}"]) for level in VARIANT_LEVELS}
    carriers = tuple({name: row[name] for name in CARRIER_FIELDS} for row in data["carriers"])
    carrier_names = {row["short_name"]: row["name"] for row in data["carriers"]}
    areas = set(plan_year(year).counties.values())
    plans = []
    for row in data["plans"]:
        fields = {name: row[name] for name in PLAN_FIELDS}
        for name in COST_SHARING_FIELDS:
            fields[name] = Decimal(fields[name])
        variants = row.get("cost_sharing_reductions", {})
        for level in VARIANT_LEVELS:
            for name in COST_SHARING_FIELDS:
                figure = variants.get(level, {}).get(name)
                fields[variant_field(level, name)] = None if figure is None else Decimal(figure)
        for area, rate in row["age_21_monthly"].items():
            where = f"plans_{year}.toml: {row['plan_code']} in area {area}"
            if int(area) not in areas:
                raise ValueError(f"{where}: no such rating area.")
            plan = {**fields, "plan_year": year, "rating_area": int(area)}
            plan["base_premium_age21"] = Decimal(rate)
            plan["carrier"] = carrier_names[row["carrier"]]
            try:
                check_figures(plan, oop_limit, reduced_limits)
            except DomainError as error:
                raise ValueError(f"{where}: {error.message}") from error
            plans.append(plan)
    return PlanFile(year, oop_limit, reduced_limits, carriers, tuple(plans))


def check_figures(values: dict, oop_limit: Decimal, reduced_oop_limits: dict) -> None:
    """A plan's money is in dollars and cents, never negative, its premium above $0, and its
    out-of-pocket maximum between its deductible and the year's limit. A silver plan has every
    figure of its three variants, each variant's out-of-pocket maximum between its deductible
    and its reduced limit, and no variant's deductible or out-of-pocket maximum above the less
    generous one's; other metal levels have none. DomainError names the field of the first
    figure that breaks a rule."""
    silver = values["metal_level"] == "silver"
    for name in (*MONEY_FIELDS, *VARIANT_FIELDS):
        amount = values.get(name)
        if name in VARIANT_FIELDS and not silver:
            if amount is not None:
                raise DomainError(
                    "Only a silver plan has cost-sharing-reduction variants: leave this empty.",
                    field=name,
                )
            continue
        if amount is None or not amount.is_finite():
            raise DomainError("Enter an amount.", field=name)
        if amount < 0:
            raise DomainError("Enter an amount of $0 or more.", field=name)
        if amount.as_tuple().exponent < -2:
            raise DomainError("Enter dollars and cents, like 45.50.", field=name)
    if values["base_premium_age21"] == 0:
        raise DomainError("A premium must be more than $0.", field="base_premium_age21")
    if values["oop_max"] > oop_limit:
        limit = as_money(oop_limit).removesuffix(".00")
        raise DomainError(
            f"The out-of-pocket maximum can be at most {limit}, the federal limit for "
            f"{values['plan_year']}.",
            field="oop_max",
        )
    if values["oop_max"] < values["deductible"]:
        raise DomainError(
            "The out-of-pocket maximum cannot be less than the deductible.", field="oop_max"
        )
    if silver:
        _check_variants(values, reduced_oop_limits)
    if values["metal_level"] not in dict(METAL_LEVELS):
        raise DomainError("Choose a metal level.", field="metal_level")
    if values["network_type"] not in dict(NETWORK_TYPES):
        raise DomainError("Choose a network type.", field="network_type")


def _check_variants(values: dict, reduced_oop_limits: dict) -> None:
    less_generous = {"deductible": values["deductible"], "oop_max": values["oop_max"]}
    for level in VARIANT_LEVELS:
        deductible = values[variant_field(level, "deductible")]
        oop_max = values[variant_field(level, "oop_max")]
        oop_field = variant_field(level, "oop_max")
        if oop_max > reduced_oop_limits[level]:
            limit = as_money(reduced_oop_limits[level]).removesuffix(".00")
            raise DomainError(
                f"The {level}% variant's out-of-pocket maximum can be at most {limit}, the "
                f"federal limit for that variant in {values['plan_year']}.",
                field=oop_field,
            )
        if oop_max < deductible:
            raise DomainError(
                f"The {level}% variant's out-of-pocket maximum cannot be less than its "
                "deductible.",
                field=oop_field,
            )
        for name, what in (("deductible", "deductible"), ("oop_max", "out-of-pocket maximum")):
            if values[variant_field(level, name)] > less_generous[name]:
                raise DomainError(
                    f"The {level}% variant's {what} cannot be more than the less generous "
                    f"plan's ({as_money(less_generous[name])}).",
                    field=variant_field(level, name),
                )
        less_generous = {"deductible": deductible, "oop_max": oop_max}


def load_plans(actor, year: int) -> LoadReport:
    """Add the year's carriers and plans that are not in the tables yet; one audit row says
    what was added (none when nothing was)."""
    data = plan_file(year)
    with database.atomic():
        carriers = {carrier.name: carrier for carrier in Carrier.select()}
        new_carriers = [row for row in data.carriers if row["name"] not in carriers]
        for row in new_carriers:
            carriers[row["name"]] = Carrier.create(**row)
        present = set(
            Plan.select(Plan.rating_area, Plan.plan_code).where(Plan.plan_year == year).tuples()
        )
        new_plans = [
            {**row, "carrier": carriers[row["carrier"]]}
            for row in data.plans
            if (row["rating_area"], row["plan_code"]) not in present
        ]
        if new_plans:
            Plan.insert_many(new_plans).execute()
        variants_added = _add_missing_variants(data)
        report = LoadReport(
            len(new_carriers), len(new_plans), len(data.plans) - len(new_plans), variants_added
        )
        if report.added:
            detail = (
                f"{year}: {report.carriers_added} carrier(s), {report.plans_added} plan(s) added"
            )
            if report.variants_added:
                detail += f", {report.variants_added} silver plan(s) given their variants"
            audit.record(actor, "plans.loaded", detail=detail)
    return report


def _add_missing_variants(data: PlanFile) -> int:
    """Silver plans loaded before they had variants get the file's figures for those still
    empty (an empty figure is missing, not staff's: the admin refuses to empty one)."""
    in_file = {(row["rating_area"], row["plan_code"]): row for row in data.plans}
    columns = [getattr(Plan, name) for name in VARIANT_FIELDS]
    lacking = Plan.select(Plan.id, Plan.rating_area, Plan.plan_code, *columns).where(
        Plan.plan_year == data.year,
        Plan.metal_level == "silver",
        functools.reduce(operator.or_, (column.is_null() for column in columns)),
    )
    filled = 0
    for plan in lacking:
        row = in_file.get((plan.rating_area, plan.plan_code))
        if row is None:
            continue
        figures = {name: row[name] for name in VARIANT_FIELDS if getattr(plan, name) is None}
        Plan.update(figures).where(Plan.id == plan.id).execute()
        filled += 1
    return filled
