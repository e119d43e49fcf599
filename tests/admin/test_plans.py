"""Staff and plans: list, filter, search, and edit a plan's figures within the rules (a silver
plan's cost-sharing-reduction variants too); carriers."""

import html
import re
from decimal import Decimal

import pytest

from db import database
from db.audit import AuditEvent
from db.plans import Carrier, Plan
from portal.actors import SYSTEM
from portal.services import plan_data
from portal.services.plan_data import VARIANT_FIELDS

YEAR = 2026
PAGES = ["/admin/admin_plan/", "/admin/admin_carrier/"]


@pytest.fixture
def staff_client(app, client, factories, sign_in):
    with app.app_context():
        plan_data.load_plans(SYSTEM, YEAR)
    sign_in(factories.staff())
    return client


def _plan(area, name):
    return Plan.get(Plan.plan_year == YEAR, Plan.rating_area == area, Plan.name == name)


def _names_listed(page):
    """The plans whose name is a cell of the list."""
    names = {plan.name for plan in Plan.select(Plan.name)}
    return {cell for cell in re.findall(r">\s*([^<>]+?)\s*<", page) if cell in names}


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_only_staff_see_plans(client, factories, sign_in, role):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    sign_in(factories.user(role))
    for url in PAGES:
        assert client.get(url).status_code == 403, url


def test_plan_list_shows_the_figures(staff_client):
    page = staff_client.get("/admin/admin_plan/?page_size=100").get_data(as_text=True)
    assert "Monthly premium at age 21" in page and "Out-of-pocket maximum" in page
    # Blue Plus Silver 5500 in area 8: $332.85 at 21, deductible $5,500, OOP max $10,000.
    assert "Blue Plus Silver 5500" in page and "$332.85" in page and "$10,000.00" in page
    assert re.search(r">\s*Blue Plus\s*<", page) and "Silver" in page and "40711MN0020001" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Rating area 2 sells Blue Plus, Medica and UCare; their gold plans there:
        (
            "flt0_1=2&flt1_2=gold",
            {
                "Blue Plus Gold 1500",
                "Medica Connect Gold 2000",
                "Medica Choice Gold 750",
                "UCare Choice Gold 1250",
            },
        ),
        (
            "flt0_1=2&flt1_2=gold&flt2_3=medica",
            {"Medica Connect Gold 2000", "Medica Choice Gold 750"},
        ),
        (
            "flt0_0=2026&flt1_1=1&flt2_3=quartz&flt3_2=silver",
            {"Quartz One Silver 4600", "Quartz One Silver 2500"},
        ),
        ("flt0_0=2025", set()),
        ("search=quartz+one+gold", {"Quartz One Gold 1000"}),
        ("search=62403MN0030002", {"Medica Choice Gold 750"}),
    ],
)
def test_filter_and_search(staff_client, query, expected):
    page = staff_client.get(f"/admin/admin_plan/?page_size=100&{query}").get_data(as_text=True)
    assert _names_listed(page) == expected


def test_filter_plans_off_sale(staff_client):
    Plan.update(is_active=False).where(Plan.name == "Quartz One Bronze 8700").execute()
    page = staff_client.get("/admin/admin_plan/?flt0_4=0").get_data(as_text=True)
    assert _names_listed(page) == {"Quartz One Bronze 8700"}


def test_hand_edited_list_urls_never_fail(staff_client):
    for query in ("flt0_1=abc", "flt0_0=", "flt0_2=platinum", "flt0_9=x", "sort=99", "page=-1"):
        assert staff_client.get(f"/admin/admin_plan/?{query}").status_code == 200, query


def test_list_queries_do_not_grow_with_the_page(staff_client, monkeypatch):
    counts = []
    for size in (25, 100):
        calls = []
        original = database.obj.execute_sql
        monkeypatch.setattr(
            database.obj,
            "execute_sql",
            lambda *a, _c=calls, _o=original, **k: _c.append(a) or _o(*a, **k),
        )
        assert staff_client.get(f"/admin/admin_plan/?page_size={size}").status_code == 200
        monkeypatch.undo()
        counts.append(len(calls))
    assert counts[0] == counts[1]


def _edit_form(plan, **changes):
    """Every field of the edit page as a browser posts it (a plan that is not silver has its
    variants' fields empty)."""
    form = {
        name: "" if getattr(plan, name) is None else str(getattr(plan, name))
        for name in (
            "base_premium_age21",
            "deductible",
            "oop_max",
            "primary_care_copay",
            "specialist_copay",
            "generic_drug_copay",
            "emergency_copay",
            *VARIANT_FIELDS,
        )
    }
    form["is_active"] = "y"
    return {**form, **changes}


def test_staff_edit_a_plan(staff_client, post_form):
    plan = _plan(8, "HealthPartners Perform Silver 4800")
    url = f"/admin/admin_plan/edit/?id={plan.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Monthly premium at age 21" in page and "Emergency room copay" in page
    form = _edit_form(plan, base_premium_age21="339.50", specialist_copay="70")
    del form["is_active"]  # an unticked box is not sent
    response = post_form(url, form)
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = Plan.get_by_id(plan.id)
    assert saved.base_premium_age21 == Decimal("339.50")
    assert saved.specialist_copay == Decimal("70") and saved.is_active is False
    row = AuditEvent.get(AuditEvent.action == "plan.updated")
    assert row.actor_role == "staff" and row.object_id == str(plan.id)
    assert row.detail == "changed: base_premium_age21, is_active, specialist_copay"


@pytest.mark.parametrize(
    ("changes", "message", "typed"),
    [
        ({"oop_max": "10700"}, "can be at most $10,600, the federal limit for 2026.", "10700"),
        ({"oop_max": "4000"}, "cannot be less than the deductible.", "4000"),
        ({"primary_care_copay": "-5"}, "Enter an amount of $0 or more.", "-5"),
        ({"deductible": "lots"}, "Enter an amount in dollars, like 45.50.", "lots"),
        ({"emergency_copay": " "}, "Enter an amount.", " "),
    ],
)
def test_a_broken_rule_shows_beside_the_field_keeping_what_was_typed(
    staff_client, post_form, changes, message, typed
):
    plan = _plan(8, "HealthPartners Perform Silver 4800")  # deductible 4,800, OOP max 9,800
    url = f"/admin/admin_plan/edit/?id={plan.id}"
    response = post_form(url, _edit_form(plan, specialist_copay="71", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    (field,) = changes
    feedback = page[page.index(f'id="{field}"') :]
    assert message in feedback[: feedback.index("</div>") + 400]
    assert f'value="{typed}"' in page and 'value="71"' in page
    assert Plan.get_by_id(plan.id).specialist_copay == Decimal("75")
    assert not AuditEvent.select().where(AuditEvent.action == "plan.updated").exists()


def test_staff_edit_a_silver_plans_variants(staff_client, post_form):
    plan = _plan(8, "HealthPartners Perform Silver 4800")
    url = f"/admin/admin_plan/edit/?id={plan.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "87% variant: Out-of-pocket maximum" in page and "94% variant: Deductible" in page
    response = post_form(url, _edit_form(plan, csr87_oop_max="3400", csr94_deductible="0"))
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = Plan.get_by_id(plan.id)
    assert (saved.csr87_oop_max, saved.csr94_deductible) == (Decimal("3400"), Decimal("0"))
    details = staff_client.get(f"/admin/admin_plan/details/?id={plan.id}").get_data(as_text=True)
    assert "87% variant: Out-of-pocket maximum" in details and "$3,400.00" in details


@pytest.mark.parametrize(
    ("changes", "message", "typed"),
    [
        ({"csr87_oop_max": "3501"},
         "The 87% variant's out-of-pocket maximum can be at most $3,500", "3501"),
        ({"csr94_oop_max": "3600"},
         "The 94% variant's out-of-pocket maximum can be at most $3,500", "3600"),
        ({"csr73_oop_max": "8451"},
         "The 73% variant's out-of-pocket maximum can be at most $8,450", "8451"),
        ({"csr73_deductible": "some"}, "Enter an amount in dollars, like 45.50.", "some"),
        ({"csr87_deductible": ""}, "Enter an amount.", ""),
    ],
)
def test_a_variant_breaking_a_rule_shows_beside_the_field_keeping_what_was_typed(
    staff_client, post_form, changes, message, typed
):
    plan = _plan(8, "HealthPartners Perform Silver 4800")
    before = {name: getattr(plan, name) for name in VARIANT_FIELDS}
    url = f"/admin/admin_plan/edit/?id={plan.id}"
    response = post_form(url, _edit_form(plan, specialist_copay="71", **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    (field,) = changes
    feedback = page[page.index(f'id="{field}"') :]
    assert message in html.unescape(feedback[: feedback.index("</div>") + 400])
    assert re.search(rf'name="{field}"[^>]*value="{typed}"', page) and 'value="71"' in page
    saved = Plan.get_by_id(plan.id)
    assert {name: getattr(saved, name) for name in VARIANT_FIELDS} == before
    assert saved.specialist_copay == Decimal("75")
    assert not AuditEvent.select().where(AuditEvent.action == "plan.updated").exists()


def test_a_plan_that_is_not_silver_is_saved_with_its_variants_empty(staff_client, post_form):
    plan = _plan(8, "UCare Choice Gold 1250")
    url = f"/admin/admin_plan/edit/?id={plan.id}"
    response = post_form(url, _edit_form(plan, specialist_copay="44"))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert Plan.get_by_id(plan.id).specialist_copay == Decimal("44")
    page = post_form(url, _edit_form(plan, csr87_deductible="100")).get_data(as_text=True)
    assert "Only a silver plan has cost-sharing-reduction variants" in html.unescape(page)
    assert Plan.get_by_id(plan.id).csr87_deductible is None


def test_plans_and_carriers_are_neither_created_nor_deleted_here(staff_client, post_form):
    assert staff_client.get("/admin/admin_plan/new/").status_code == 302
    assert staff_client.get("/admin/admin_carrier/new/").status_code == 302
    plan = _plan(1, "Quartz One Gold 1000")
    response = post_form("/admin/admin_plan/delete/", {"id": str(plan.id)}, page=PAGES[0])
    assert response.status_code in (302, 404, 405)
    assert Plan.select().where(Plan.id == plan.id).exists()
    assert "delete" not in staff_client.get(PAGES[0]).get_data(as_text=True).lower()


def test_staff_edit_a_carrier(staff_client, post_form):
    page = staff_client.get("/admin/admin_carrier/").get_data(as_text=True)
    assert "HealthPartners" in page and "Quartz Health Plan" in page
    carrier = Carrier.get(Carrier.short_name == "UCare")
    url = f"/admin/admin_carrier/edit/?id={carrier.id}"
    form = {
        "name": "UCare",
        "short_name": "UCare",
        "phone": "612-555-0199",
        "website": "https://www.ucare.org",
    }
    page = post_form(url, {**form, "phone": "call us"}).get_data(as_text=True)
    assert "Enter a 10-digit phone number" in page and 'value="call us"' in page
    page = post_form(url, {**form, "name": "Medica"}).get_data(as_text=True)
    assert "A carrier with this name already exists." in page and 'value="Medica"' in page
    assert Carrier.get_by_id(carrier.id).name == "UCare"
    assert post_form(url, form).status_code == 302
    assert Carrier.get_by_id(carrier.id).phone == "612-555-0199"
