"""The 2026 plan data, its loader, and shopping: prices, filters, sorts, compare, bad ids, edits."""

from decimal import Decimal

import pytest

from db import database
from db.audit import AuditEvent
from db.plans import Carrier, Plan
from portal import demo
from portal.actors import SYSTEM
from portal.errors import DomainError, NotFound
from portal.rules import plan_premium, plan_year
from portal.services import plan_data, plans

YEAR = 2026
FAMILY = (40, 38, 10)  # two parents and a child
OOP_LIMIT = Decimal("10600")


@pytest.fixture
def loaded(app):
    return plan_data.load_plans(SYSTEM, YEAR)


def _count_queries(monkeypatch, call):
    calls = []
    original = database.obj.execute_sql
    monkeypatch.setattr(
        database.obj, "execute_sql", lambda *a, **k: calls.append(a) or original(*a, **k)
    )
    result = call()
    monkeypatch.undo()
    return result, len(calls)


def _plan(area, name):
    return Plan.get(Plan.plan_year == YEAR, Plan.rating_area == area, Plan.name == name)


# --- The data file -------------------------------------------------------------------------


def test_the_file_has_at_least_four_carriers_and_every_metal_level():
    data = plan_data.plan_file(YEAR)
    assert len(data.carriers) >= 4
    assert {row["metal_level"] for row in data.plans} == {"bronze", "silver", "gold", "platinum"}
    assert {row["network_type"] for row in data.plans} == {"HMO", "PPO", "EPO"}
    assert data.oop_limit == OOP_LIMIT


def test_no_out_of_pocket_maximum_is_above_the_2026_limit_or_below_the_deductible():
    for row in plan_data.plan_file(YEAR).plans:
        assert row["deductible"] <= row["oop_max"] <= OOP_LIMIT, row["plan_code"]
        assert row["base_premium_age21"] > 0


@pytest.mark.parametrize("area", range(1, 10))
def test_second_lowest_silver_on_sale_is_the_benchmark(loaded, area):
    # Priced for one 21-year-old with no credit: the second of the silver plans, cheapest first,
    # costs exactly the benchmark the rules compute the tax credit from.
    silver = plans.shop(YEAR, area, [21], Decimal(0), metal="silver")
    assert len(silver) >= 2
    assert silver[0].premium < silver[1].premium
    assert silver[1].premium == plan_year(YEAR).benchmark_age_21_monthly[area]
    assert len(plans.carriers_in(YEAR, area)) >= 3


# --- Loading -------------------------------------------------------------------------------


def test_loading_twice_adds_nothing_the_second_time(app):
    first = plan_data.load_plans(SYSTEM, YEAR)
    assert (first.carriers_added, first.plans_added, first.plans_present) == (5, 163, 0)
    counts = (Carrier.select().count(), Plan.select().count())
    second = plan_data.load_plans(SYSTEM, YEAR)
    assert (second.carriers_added, second.plans_added, second.plans_present) == (0, 0, 163)
    assert second.added is False
    assert (Carrier.select().count(), Plan.select().count()) == counts == (5, 163)
    rows = AuditEvent.select().where(AuditEvent.action == "plans.loaded")
    assert [(row.detail, row.actor_id, row.actor_role) for row in rows] == [
        ("2026: 5 carrier(s), 163 plan(s) added", None, "system")
    ]


def test_loading_again_keeps_staff_edits_and_adds_a_missing_plan(loaded, factories):
    plan = _plan(8, "UCare Value Silver 5200")
    staff = factories.actor(factories.staff())
    plans.update_plan(staff, plan, {"base_premium_age21": Decimal("299.99")})
    _plan(1, "Quartz One Gold 1000").delete_instance()
    report = plan_data.load_plans(SYSTEM, YEAR)
    assert (report.carriers_added, report.plans_added) == (0, 1)
    assert Plan.get_by_id(plan.id).base_premium_age21 == Decimal("299.99")
    assert _plan(1, "Quartz One Gold 1000").oop_max == Decimal("6900")


def test_a_file_breaking_a_rule_is_refused_naming_the_plan(app, tmp_path, monkeypatch):
    text = (plan_data.DATA_DIR / f"plans_{YEAR}.toml").read_text()
    (tmp_path / f"plans_{YEAR}.toml").write_text(text.replace("oop_max = 6900", "oop_max = 10601"))
    monkeypatch.setattr(plan_data, "DATA_DIR", tmp_path)
    plan_data.plan_file.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"57129MN0030001 in area 1: .*at most \$10,600"):
            plan_data.load_plans(SYSTEM, YEAR)
    finally:
        plan_data.plan_file.cache_clear()
    assert Plan.select().count() == 0


def test_the_demo_seed_loads_the_plans_once(app, factories):
    factories.user("staff", username="staff")  # an already-seeded demo: only the plans load
    assert demo.seed() is True
    assert Plan.select().count() == 163
    assert demo.seed() is False


# --- Shopping ------------------------------------------------------------------------------


def test_shop_prices_each_plan_for_the_members_with_the_credit(loaded):
    aptc = Decimal("900.00")
    quotes = plans.shop(YEAR, 8, FAMILY, aptc)
    assert len(quotes) == Plan.select().where(Plan.rating_area == 8).count() == 21
    for quote in quotes:
        premium = plan_premium(YEAR, quote.plan.base_premium_age21, FAMILY)
        assert quote.premium == premium
        assert quote.credit == min(aptc, premium)
        assert quote.net == premium - quote.credit >= 0
    # Blue Plus Silver 5500 costs 332.85 at 21 in area 8 (the data file): 332.85 x 1.278 =
    # 425.3823 -> 425.38; x 1.246 = 414.7311 -> 414.73; x 0.765 = 254.63025 -> 254.63.
    # 1,094.74 a month; after a 900 credit, 194.74.
    blue = next(q for q in quotes if q.plan.name == "Blue Plus Silver 5500")
    assert blue.plan.base_premium_age21 == Decimal("332.85")
    assert (blue.premium, blue.credit, blue.net) == (
        Decimal("1094.74"),
        Decimal("900.00"),
        Decimal("194.74"),
    )


def test_shop_is_one_query(loaded, monkeypatch):
    quotes, queries = _count_queries(
        monkeypatch, lambda: [q.plan.carrier.name for q in plans.shop(YEAR, 8, FAMILY, 0)]
    )
    assert len(quotes) == 21 and queries == 1


def test_shop_sells_only_active_plans_of_that_year_and_area(loaded):
    gone = _plan(8, "Medica Choice Gold 750")
    Plan.update(is_active=False).where(Plan.id == gone.id).execute()
    elsewhere = _plan(1, "Quartz One Silver 4600")
    next_year = Plan.create(**{**_fields(_plan(8, "UCare Value Silver 5200")), "plan_year": 2027})
    ids = {q.plan.id for q in plans.shop(YEAR, 8, [30], 0)}
    assert len(ids) == 20
    assert not {gone.id, elsewhere.id, next_year.id} & ids
    assert {q.plan.rating_area for q in plans.shop(YEAR, 1, [30], 0)} == {1}


def _fields(plan):
    return {name: getattr(plan, name) for name in plan._meta.fields if name != "id"}


def test_filter_by_metal_level_and_carrier(loaded):
    gold = plans.shop(YEAR, 8, [30], 0, metal="gold")
    assert {q.plan.metal_level for q in gold} == {"gold"} and len(gold) == 5
    medica = Carrier.get(Carrier.name == "Medica")
    theirs = plans.shop(YEAR, 8, [30], 0, carrier_id=medica.id)
    assert {q.plan.carrier.name for q in theirs} == {"Medica"} and len(theirs) == 6
    both = plans.shop(YEAR, 8, [30], 0, metal="silver", carrier_id=str(medica.id))
    assert [q.plan.name for q in both] == [
        "Medica Connect Silver 5000",
        "Medica Choice Silver 3500",
    ]
    # A hand-edited address: an unknown metal level or a carrier that is not an id is ignored.
    assert len(plans.shop(YEAR, 8, [30], 0, metal="titanium", carrier_id="x")) == 21


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("premium", lambda q: q.net),
        ("deductible", lambda q: q.plan.deductible),
        ("oop_max", lambda q: q.plan.oop_max),
        ("no-such-sort", lambda q: q.net),
    ],
)
def test_sorts_break_ties_by_name_then_id(loaded, sort, key):
    # A credit of 1,200 pays all of most plans for one 40-year-old: many net $0 ties. A twin of
    # one plan (same name and figures, another code) ties on the name too.
    Plan.create(**{**_fields(_plan(8, "UCare Value Silver 5200")), "plan_code": "73534MN0020009"})
    Plan.update(deductible=Decimal("4800"), oop_max=Decimal("9800")).where(
        Plan.id == _plan(8, "Medica Connect Silver 5000").id
    ).execute()
    quotes = plans.shop(YEAR, 8, [40], Decimal("1200"), sort=sort)
    assert quotes == sorted(quotes, key=lambda q: (key(q), q.plan.name, q.plan.id))
    twins = [q.plan.id for q in quotes if q.plan.name == "UCare Value Silver 5200"]
    assert len(twins) == 2 and twins == sorted(twins)
    by_key = [key(q) for q in quotes]
    assert len(set(by_key)) < len(by_key) - 1  # more ties than the twins'


def test_premium_sort_is_after_the_credit(loaded):
    cheapest = plans.shop(YEAR, 8, [40], Decimal("420"))[:3]
    assert [q.net for q in cheapest] == [Decimal("0.00")] * 3
    assert [q.plan.name for q in cheapest] == sorted(q.plan.name for q in cheapest)


# --- One plan, and compare -----------------------------------------------------------------


def test_plan_for_accepts_only_a_plan_on_sale_to_the_household(loaded):
    plan = _plan(8, "HealthPartners Perform Silver 4800")
    assert plans.plan_for(plan.id, YEAR, 8).id == plan.id
    assert plans.plan_for(str(plan.id), YEAR, 8).carrier.name == "HealthPartners"
    other_year = Plan.create(**{**_fields(plan), "plan_year": 2027})
    inactive = _plan(8, "Medica Choice Gold 750")
    Plan.update(is_active=False).where(Plan.id == inactive.id).execute()
    for plan_id, area in (
        (999_999, 8),  # forged
        ("12; drop table plan", 8),
        (None, 8),
        (plan.id, 1),  # HealthPartners sells it in area 1 too, but as another row
        (_plan(2, "UCare Value Silver 5200").id, 8),  # another area's row
        (other_year.id, 8),
        (inactive.id, 8),
    ):
        with pytest.raises(NotFound, match="not on sale where the household lives"):
            plans.plan_for(plan_id, YEAR, area)


def test_compare_up_to_three_in_the_order_chosen(loaded):
    names = ["UCare Choice Gold 1250", "Blue Plus Bronze 7500", "Medica Connect Silver 5000"]
    ids = [_plan(8, name).id for name in names]
    quotes = plans.compare([str(ids[0]), ids[1], ids[2], ids[0]], YEAR, 8, FAMILY, Decimal(500))
    assert [q.plan.name for q in quotes] == names
    assert all(q.credit == Decimal("500.00") for q in quotes)


def test_compare_refuses_a_fourth_plan_none_or_one_from_elsewhere(loaded):
    four = [q.plan.id for q in plans.shop(YEAR, 8, [30], 0)[:4]]
    with pytest.raises(DomainError, match=r"^Compare up to 3 plans at a time\.$"):
        plans.compare(four, YEAR, 8, [30], 0)
    with pytest.raises(DomainError, match="Choose up to 3 plans"):
        plans.compare([], YEAR, 8, [30], 0)
    with pytest.raises(NotFound):
        plans.compare([four[0], _plan(9, "UCare Value Silver 5200").id], YEAR, 8, [30], 0)


def test_carriers_in_an_area_by_name(loaded):
    names = [carrier.short_name for carrier in plans.carriers_in(YEAR, 2)]
    assert names == ["Blue Plus", "Medica", "UCare"]
    Plan.update(is_active=False).where(
        Plan.rating_area == 2, Plan.carrier == Carrier.get(Carrier.short_name == "Medica")
    ).execute()
    assert [c.short_name for c in plans.carriers_in(YEAR, 2)] == ["Blue Plus", "UCare"]
    assert "Quartz" in [c.short_name for c in plans.carriers_in(YEAR, 1)]


# --- Staff edits ---------------------------------------------------------------------------


@pytest.fixture
def staff_actor(factories):
    return factories.actor(factories.staff())


def test_staff_edit_is_saved_and_audited(loaded, staff_actor):
    plan = _plan(3, "Medica Choice Silver 3500")
    plans.update_plan(
        staff_actor,
        plan,
        {"deductible": Decimal("3600"), "is_active": False, "name": "Renamed", "plan_year": 1999},
    )
    saved = Plan.get_by_id(plan.id)
    assert (saved.deductible, saved.is_active) == (Decimal("3600"), False)
    assert (saved.name, saved.plan_year) == ("Medica Choice Silver 3500", YEAR)  # not editable
    row = AuditEvent.get(AuditEvent.action == "plan.updated")
    assert row.object_id == str(plan.id) and row.detail == "changed: deductible, is_active"
    assert row.actor_id == staff_actor.user.id


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"oop_max": Decimal("10600.01")}, "oop_max", "at most $10,600, the federal limit"),
        ({"oop_max": Decimal("3000")}, "oop_max", "cannot be less than the deductible"),
        ({"deductible": Decimal("9900")}, "oop_max", "cannot be less than the deductible"),
        ({"specialist_copay": Decimal("-1")}, "specialist_copay", "$0 or more"),
        ({"base_premium_age21": Decimal("0")}, "base_premium_age21", "more than $0"),
        ({"emergency_copay": Decimal("1.005")}, "emergency_copay", "dollars and cents"),
        ({"generic_drug_copay": None}, "generic_drug_copay", "Enter an amount"),
    ],
)
def test_staff_edit_breaking_a_rule_changes_nothing(loaded, staff_actor, values, field, message):
    plan = _plan(3, "Medica Choice Silver 3500")  # deductible 3,500, OOP max 9,500
    before = _fields(plan)
    with pytest.raises(DomainError, match=message.replace("$", r"\$")) as raised:
        plans.update_plan(staff_actor, plan, values)
    assert raised.value.field == field
    assert _fields(Plan.get_by_id(plan.id)) == before
    assert not AuditEvent.select().where(AuditEvent.action == "plan.updated").exists()


def test_carrier_names_stay_unique(loaded, staff_actor):
    ucare = Carrier.get(Carrier.short_name == "UCare")
    with pytest.raises(DomainError, match="already exists") as raised:
        plans.update_carrier(staff_actor, ucare, {"name": "medica"})
    assert raised.value.field == "name"
    plans.update_carrier(staff_actor, ucare, {"phone": "612-555-0199"})
    assert Carrier.get_by_id(ucare.id).phone == "612-555-0199"
