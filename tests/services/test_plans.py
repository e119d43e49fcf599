"""The 2026 plan data, its loader, and shopping: prices, filters, sorts, compare, bad ids, edits,
and the cost sharing a household's cost-sharing level gives each plan."""

import re
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
# 45 CFR 156.420(a): the 94 and 87 % variants' limit is $10,600 less two-thirds, the 73 %
# variant's less one-fifth, each rounded down to a multiple of $50.
REDUCED_LIMITS = {"94": Decimal("3500"), "87": Decimal("3500"), "73": Decimal("8450")}


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


def test_every_silver_plan_has_three_variants_within_their_limits_and_no_other_plan_has():
    data = plan_data.plan_file(YEAR)
    assert data.reduced_oop_limits == REDUCED_LIMITS
    for row in data.plans:
        figures = {name: row[name] for name in plan_data.VARIANT_FIELDS}
        if row["metal_level"] != "silver":
            assert set(figures.values()) == {None}, row["plan_code"]
            continue
        less_generous = (row["deductible"], row["oop_max"])
        for level in plan_data.VARIANT_LEVELS:
            deductible = row[plan_data.variant_field(level, "deductible")]
            oop_max = row[plan_data.variant_field(level, "oop_max")]
            assert deductible <= oop_max <= REDUCED_LIMITS[level], (row["plan_code"], level)
            assert (deductible, oop_max) <= less_generous
            assert deductible <= less_generous[0] and oop_max <= less_generous[1]
            less_generous = (deductible, oop_max)


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


def _load_edited_file(tmp_path, monkeypatch, edit):
    text = (plan_data.DATA_DIR / f"plans_{YEAR}.toml").read_text()
    (tmp_path / f"plans_{YEAR}.toml").write_text(edit(text))
    monkeypatch.setattr(plan_data, "DATA_DIR", tmp_path)
    plan_data.plan_file.cache_clear()
    try:
        return plan_data.load_plans(SYSTEM, YEAR)
    finally:
        plan_data.plan_file.cache_clear()


@pytest.mark.parametrize(
    ("level", "limit"), [("94", "3,500"), ("87", "3,500"), ("73", "8,450")]
)
def test_a_variant_above_its_reduced_limit_is_refused_naming_the_plan(
    app, tmp_path, monkeypatch, level, limit
):
    # Medica Choice Silver 3500 (the first variants after its plan code): one dollar over.
    over = int(limit.replace(",", "")) + 1

    def edit(text):
        start = text.index('plan_code = "62403MN0020002"')
        table = text.index(f"[plans.cost_sharing_reductions.{level}]", start)
        before, after = text[:table], text[table:]
        return before + re.sub(r"oop_max = \d+", f"oop_max = {over}", after, count=1)

    with pytest.raises(
        ValueError,
        match=rf"62403MN0020002 in area \d: The {level}% variant's out-of-pocket maximum can be "
        rf"at most \${limit}",
    ):
        _load_edited_file(tmp_path, monkeypatch, edit)
    assert Plan.select().count() == 0


def test_a_file_giving_a_gold_plan_variants_is_refused(app, tmp_path, monkeypatch):
    def edit(text):
        start = text.index('metal_level = "gold"')
        table = text.index("[plans.age_21_monthly]", start)
        return text[:table] + "[plans.cost_sharing_reductions.87]\ndeductible = 0\n" + text[table:]

    with pytest.raises(ValueError, match="Only a silver plan has cost-sharing-reduction variants"):
        _load_edited_file(tmp_path, monkeypatch, edit)


def test_loading_again_gives_silver_plans_the_variants_they_lack(loaded, factories):
    # Plans loaded before the variants existed (or a figure left empty): the file fills what is
    # empty and keeps what staff set.
    lacking = _plan(3, "Medica Choice Silver 3500")
    edited = _plan(8, "Medica Choice Silver 3500")
    plans.update_plan(factories.actor(factories.staff()), edited,
                      {"csr87_deductible": Decimal("600")})
    emptied = dict.fromkeys(plan_data.VARIANT_FIELDS)
    Plan.update(emptied).where(Plan.id == lacking.id).execute()
    Plan.update(csr94_deductible=None).where(Plan.id == edited.id).execute()
    report = plan_data.load_plans(SYSTEM, YEAR)
    assert (report.plans_added, report.variants_added, report.added) == (0, 2, True)
    refilled = Plan.get_by_id(lacking.id)
    assert (refilled.csr87_deductible, refilled.csr87_oop_max) == (Decimal("650"), Decimal("3150"))
    assert refilled.csr73_emergency_copay == Decimal("400")
    kept = Plan.get_by_id(edited.id)
    assert (kept.csr87_deductible, kept.csr94_deductible) == (Decimal("600"), Decimal("150"))
    row = AuditEvent.select().where(AuditEvent.action == "plans.loaded").order_by(
        AuditEvent.id.desc()).get()
    assert row.detail == (
        "2026: 0 carrier(s), 0 plan(s) added, 2 silver plan(s) given their variants"
    )
    assert plan_data.load_plans(SYSTEM, YEAR).added is False


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
    # 425.3823 -> 425.38; x 1.246 = 414.7311 -> 414.73; x 0.890 (Minnesota's factor under 21)
    # = 296.2365 -> 296.24. 1,136.35 a month; after a 900 credit, 236.35.
    blue = next(q for q in quotes if q.plan.name == "Blue Plus Silver 5500")
    assert blue.plan.base_premium_age21 == Decimal("332.85")
    assert (blue.premium, blue.credit, blue.net) == (
        Decimal("1136.35"),
        Decimal("900.00"),
        Decimal("236.35"),
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


# --- Cost sharing --------------------------------------------------------------------------


def _figures(sharing):
    return (sharing.deductible, sharing.oop_max, sharing.primary_care_copay,
            sharing.specialist_copay, sharing.generic_drug_copay, sharing.emergency_copay)


def test_a_silver_plan_at_a_reduced_level_has_its_variants_figures(loaded):
    silver = _plan(8, "Medica Choice Silver 3500")
    expected = {
        "73": ("2450", "7800", "25", "55", "10", "400"),
        "87": ("650", "3150", "10", "30", "5", "200"),
        "94": ("150", "1250", "5", "15", "5", "100"),
    }
    for level, figures in expected.items():
        sharing = plans.cost_sharing(silver, level)
        assert sharing.level == level
        assert _figures(sharing) == tuple(map(Decimal, figures))
        assert sharing.label == f"With your cost-sharing reduction ({level}%)"


@pytest.mark.parametrize("level", ["73", "87", "94", None])
def test_other_metal_levels_keep_their_own_figures_for_a_reduction(loaded, level):
    for name in ("Blue Plus Bronze 7500", "UCare Choice Gold 1250"):
        plan = _plan(8, name)
        sharing = plans.cost_sharing(plan, level)
        assert (sharing.level, sharing.label) == (None, None)
        assert _figures(sharing) == (plan.deductible, plan.oop_max, plan.primary_care_copay,
                                     plan.specialist_copay, plan.generic_drug_copay,
                                     plan.emergency_copay)


def test_zero_cost_sharing_is_nothing_on_every_metal_level(loaded):
    on_sale = plans.shop(YEAR, 8, [40], 0, level="zero")
    assert {q.plan.metal_level for q in on_sale} == {"bronze", "silver", "gold", "platinum"}
    for quote in on_sale:
        assert quote.sharing.level == "zero"
        assert _figures(quote.sharing) == (Decimal("0.00"),) * 6
        assert "no deductible, copays or out-of-pocket costs" in quote.sharing.label


def test_a_silver_plan_without_its_variants_on_record_keeps_its_own_figures(loaded):
    silver = _plan(8, "Medica Choice Silver 3500")
    Plan.update(dict.fromkeys(plan_data.VARIANT_FIELDS)).where(Plan.id == silver.id).execute()
    sharing = plans.cost_sharing(Plan.get_by_id(silver.id), "87")
    assert (sharing.level, sharing.deductible) == (None, Decimal("3500"))


def test_limited_cost_sharing_keeps_the_plans_figures_and_says_why(loaded):
    silver = _plan(8, "Medica Choice Silver 3500")
    sharing = plans.cost_sharing(silver, "limited")
    assert sharing.level == "limited"
    assert (sharing.deductible, sharing.oop_max) == (Decimal("3500"), Decimal("9500"))
    assert "Indian Health Service, a tribal health program or an urban Indian" in sharing.label


def test_shop_and_compare_show_the_variant_at_the_households_level_premium_unchanged(loaded):
    standard = {q.plan.id: q for q in plans.shop(YEAR, 8, FAMILY, Decimal(500))}
    reduced = plans.shop(YEAR, 8, FAMILY, Decimal(500), level="87")
    assert [q.plan.id for q in reduced] == list(standard)  # sorted by premium: the same order
    for quote in reduced:
        assert (quote.premium, quote.net) == (standard[quote.plan.id].premium,
                                              standard[quote.plan.id].net)
        silver = quote.plan.metal_level == "silver"
        assert quote.sharing.level == ("87" if silver else None)
        assert quote.sharing.oop_max == (quote.plan.csr87_oop_max if silver
                                         else quote.plan.oop_max)
    # Sorted by the deductible shown: the silver plans' variants move up the list.
    by_deductible = plans.shop(YEAR, 8, FAMILY, 0, sort="deductible", level="87")
    first_silver = [q.plan.metal_level for q in by_deductible].index("silver")
    unreduced = plans.shop(YEAR, 8, FAMILY, 0, sort="deductible")
    assert first_silver < [q.plan.metal_level for q in unreduced].index("silver")
    assert [q.sharing.deductible for q in by_deductible] == sorted(
        q.sharing.deductible for q in by_deductible)
    ids = [_plan(8, "Medica Choice Silver 3500").id, _plan(8, "Blue Plus Bronze 7500").id]
    compared = plans.compare(ids, YEAR, 8, FAMILY, 0, "94")
    assert [q.sharing.deductible for q in compared] == [Decimal("150"), Decimal("7500")]


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


def test_staff_edit_a_variant_within_its_limit(loaded, staff_actor):
    plan = _plan(3, "Medica Choice Silver 3500")
    plans.update_plan(staff_actor, plan, {"csr87_oop_max": Decimal("3500"),
                                          "csr94_specialist_copay": Decimal("10")})
    saved = Plan.get_by_id(plan.id)
    assert (saved.csr87_oop_max, saved.csr94_specialist_copay) == (Decimal("3500"),
                                                                  Decimal("10"))
    row = AuditEvent.get(AuditEvent.action == "plan.updated")
    assert row.detail == "changed: csr87_oop_max, csr94_specialist_copay"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"csr94_oop_max": Decimal("3500.01")}, "csr94_oop_max",
         "The 94% variant's out-of-pocket maximum can be at most $3,500"),
        ({"csr87_oop_max": Decimal("3501")}, "csr87_oop_max",
         "The 87% variant's out-of-pocket maximum can be at most $3,500"),
        ({"csr73_oop_max": Decimal("8451")}, "csr73_oop_max",
         "The 73% variant's out-of-pocket maximum can be at most $8,450"),
        ({"csr87_oop_max": Decimal("600")}, "csr87_oop_max", "cannot be less than its deductible"),
        ({"csr94_deductible": Decimal("700")}, "csr94_deductible",
         "The 94% variant's deductible cannot be more than the less generous plan's ($650.00)"),
        ({"csr73_deductible": None}, "csr73_deductible", "Enter an amount"),
        ({"csr87_emergency_copay": Decimal("-1")}, "csr87_emergency_copay", "$0 or more"),
    ],
)
def test_staff_edit_of_a_variant_breaking_a_rule_changes_nothing(
    loaded, staff_actor, values, field, message
):
    plan = _plan(3, "Medica Choice Silver 3500")
    before = _fields(plan)
    with pytest.raises(DomainError, match=re.escape(message)) as raised:
        plans.update_plan(staff_actor, plan, values)
    assert raised.value.field == field
    assert _fields(Plan.get_by_id(plan.id)) == before


def test_a_plan_that_is_not_silver_takes_no_variant(loaded, staff_actor):
    gold = _plan(8, "UCare Choice Gold 1250")
    with pytest.raises(DomainError, match="Only a silver plan") as raised:
        plans.update_plan(staff_actor, gold, {"csr87_deductible": Decimal("100")})
    assert raised.value.field == "csr87_deductible"
    plans.update_plan(
        staff_actor, gold, {"csr87_deductible": None, "specialist_copay": Decimal("50")}
    )
    assert Plan.get_by_id(gold.id).specialist_copay == Decimal("50")


def test_carrier_names_stay_unique(loaded, staff_actor):
    ucare = Carrier.get(Carrier.short_name == "UCare")
    with pytest.raises(DomainError, match="already exists") as raised:
        plans.update_carrier(staff_actor, ucare, {"name": "medica"})
    assert raised.value.field == "name"
    plans.update_carrier(staff_actor, ucare, {"phone": "612-555-0199"})
    assert Carrier.get_by_id(ucare.id).phone == "612-555-0199"
