"""Shopping for a plan: the plans on sale where a household lives, priced for the members it
covers with the tax credit applied and their cost sharing at the household's cost-sharing
level; a few side by side; and staff's edits to plans and carriers.

Premiums come from portal.rules.premiums, the arithmetic the benchmark (and so the maximum tax
credit) is worked out with; nothing here prices a plan any other way.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import row_id
from db.plans import METAL_LEVELS, Carrier, Plan
from portal.errors import DomainError, NotFound
from portal.rules import credit_applied, net_premium, plan_premium
from portal.services import records
from portal.services.plan_data import (
    COST_SHARING_FIELDS,
    MONEY_FIELDS,
    VARIANT_FIELDS,
    VARIANT_LEVELS,
    check_figures,
    plan_file,
    variant_field,
)

SORTS = {
    "premium": _l("Monthly premium after tax credit"),
    "deductible": _l("Deductible"),
    "oop_max": _l("Out-of-pocket maximum"),
}
COMPARE_MAX = 3
PLAN_EDITABLE = (*MONEY_FIELDS, *VARIANT_FIELDS, "is_active")
NOT_ON_SALE = _l("That plan is not on sale where the household lives this plan year.")
CARRIER_UNIQUE = {"name": "A carrier with this name already exists."}


# What the shop says over a plan's figures when the household's cost sharing changed them.
COST_SHARING_LABELS = {
    **{
        level: _l("With your cost-sharing reduction (%(level)s%%)", level=level)
        for level in VARIANT_LEVELS
    },
    "zero": _l("With your zero cost-sharing: no deductible, copays or out-of-pocket costs"),
    "limited": _l(
        "With your limited cost-sharing: no cost sharing for care from the Indian Health "
        "Service, a tribal health program or an urban Indian health program; the figures are "
        "for care from other providers"
    ),
}


@dataclass(frozen=True)
class CostSharing:
    """What an enrollee pays for care under a plan, at the level the plan is sold at."""

    level: str | None  # the portal.rules.COST_SHARING key applied, None: the plan's own figures
    deductible: Decimal
    oop_max: Decimal
    primary_care_copay: Decimal
    specialist_copay: Decimal
    generic_drug_copay: Decimal
    emergency_copay: Decimal

    @property
    def label(self) -> str | None:
        return COST_SHARING_LABELS.get(self.level)


ZERO = Decimal("0.00")


def cost_sharing(plan: Plan, level: str | None) -> CostSharing:
    """The plan's cost sharing for a household at `level` (a COST_SHARING key or None).

    Zero cost-sharing is $0 on every metal level and limited cost-sharing keeps the plan's
    figures (45 CFR 156.420(b)); the 73, 87 and 94 % variants exist for silver plans only
    (156.420(a)), so on another metal level the household pays the plan's own figures.
    """
    if level == "zero":
        return CostSharing("zero", *(ZERO for _ in COST_SHARING_FIELDS))
    if level in VARIANT_LEVELS and plan.metal_level == "silver":
        figures = [getattr(plan, variant_field(level, name)) for name in COST_SHARING_FIELDS]
        # A row loaded before migration 024 has no variant until `flask load-plans` fills it:
        # it shows (and is sold at) its own figures, never a reduction nobody filed.
        if None not in figures:
            return CostSharing(level, *figures)
    own = [getattr(plan, name) for name in COST_SHARING_FIELDS]
    return CostSharing("limited" if level == "limited" else None, *own)


@dataclass(frozen=True)
class Quote:
    plan: Plan
    premium: Decimal  # monthly, before the credit
    credit: Decimal  # the part of the chosen credit this plan uses
    net: Decimal  # what the enrollee pays each month
    sharing: CostSharing  # what the enrollee pays for care


_SORT_KEYS = {
    "premium": lambda quote: quote.net,
    "deductible": lambda quote: quote.sharing.deductible,
    "oop_max": lambda quote: quote.sharing.oop_max,
}


def _on_sale(plan_year: int, rating_area: int):
    """Active plans of the year in the area, each with its carrier (one query)."""
    return (
        Plan.select(Plan, Carrier)
        .join(Carrier)
        .where(
            Plan.plan_year == plan_year,
            Plan.rating_area == rating_area,
            Plan.is_active == True,  # noqa: E712
        )
    )


def quote(plan: Plan, ages: Iterable[int], aptc: Decimal, level: str | None = None) -> Quote:
    """The plan's monthly premium for people of these ages, what is left after the credit, and
    its cost sharing at the household's cost-sharing `level` (a variant costs the same)."""
    premium = plan_premium(plan.plan_year, plan.base_premium_age21, ages)
    return Quote(
        plan,
        premium,
        credit_applied(premium, aptc),
        net_premium(premium, aptc),
        cost_sharing(plan, level),
    )


def shop(plan_year, rating_area, ages, aptc, metal=None, carrier_id=None, sort="premium",
         level=None):
    """The plans a household can buy, priced with `aptc` (the credit to apply), their cost
    sharing at the household's cost-sharing `level`, and sorted (by the figures shown).

    `metal` and `carrier_id` narrow the list; a value that is not a metal level or an id (a
    hand-edited address) is ignored, and an unknown `sort` sorts by premium. Ties go by plan
    name, then id, so the order never changes between two requests.
    """
    ages = tuple(ages)
    query = _on_sale(plan_year, rating_area)
    if metal in dict(METAL_LEVELS):
        query = query.where(Plan.metal_level == metal)
    carrier = row_id(carrier_id)
    if carrier is not None:
        query = query.where(Plan.carrier == carrier)
    by = _SORT_KEYS.get(sort, _SORT_KEYS["premium"])
    quotes = [quote(plan, ages, aptc, level) for plan in query]
    return sorted(quotes, key=lambda q: (by(q), q.plan.name, q.plan.id))


def plan_for(plan_id, plan_year: int, rating_area: int) -> Plan:
    """The plan with this id if the household can buy it; NotFound for any other id (forged,
    another year or area, or no longer sold)."""
    return _plans_on_sale(_plan_ids([plan_id]), plan_year, rating_area)[0]


def carriers_in(plan_year: int, rating_area: int) -> list[Carrier]:
    """The carriers with a plan on sale in the area, by name (the carrier filter's choices)."""
    return list(
        Carrier.select()
        .join(Plan)
        .where(
            Plan.plan_year == plan_year,
            Plan.rating_area == rating_area,
            Plan.is_active == True,  # noqa: E712
        )
        .distinct()
        .order_by(Carrier.name)
    )


def compare(plan_ids, plan_year, rating_area, ages, aptc, level=None) -> list[Quote]:
    """The chosen plans side by side, in the order chosen (a repeated id counts once)."""
    if not plan_ids:
        raise DomainError(_("Choose up to %(most)d plans to compare.", most=COMPARE_MAX))
    ids = _plan_ids(plan_ids)
    if len(ids) > COMPARE_MAX:
        raise DomainError(_("Compare up to %(most)d plans at a time.", most=COMPARE_MAX))
    ages = tuple(ages)
    return [
        quote(plan, ages, aptc, level) for plan in _plans_on_sale(ids, plan_year, rating_area)
    ]


def _plan_ids(values) -> list[int]:
    """The distinct ids in the order given; NotFound for a value that is not an id at all."""
    ids = [row_id(value) for value in values]
    if None in ids:
        raise NotFound(NOT_ON_SALE)
    return list(dict.fromkeys(ids))


def _plans_on_sale(ids: list[int], plan_year, rating_area) -> list[Plan]:
    """These plans, in this order, in one query; NotFound unless every one is on sale there."""
    found = {plan.id: plan for plan in _on_sale(plan_year, rating_area).where(Plan.id.in_(ids))}
    if len(found) < len(ids):
        raise NotFound(NOT_ON_SALE)
    return [found[plan_id] for plan_id in ids]


def update_plan(actor, plan: Plan, values: dict) -> Plan:
    """Staff change a plan's premium, cost sharing (a silver plan's variants too) or whether it
    is sold; the rules of the data file hold (no negative money, each out-of-pocket maximum
    between its deductible and its limit)."""
    changes = {name: value for name, value in values.items() if name in PLAN_EDITABLE}
    current = {name: getattr(plan, name) for name in ("plan_year", "metal_level", "network_type")}
    money = {name: getattr(plan, name) for name in (*MONEY_FIELDS, *VARIANT_FIELDS)}
    data = plan_file(plan.plan_year)
    check_figures({**current, **money, **changes}, data.oop_limit, data.reduced_oop_limits)
    return records.update(actor, plan, changes, {})


def update_carrier(actor, carrier: Carrier, values: dict) -> Carrier:
    return records.update(actor, carrier, values, CARRIER_UNIQUE)
