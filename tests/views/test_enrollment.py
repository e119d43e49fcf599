"""Enroll in a plan through the test client: every step, the tax credit choices, the signature,
Agent of Record, the navigator's attestation, one enrollment per household and year, scope, and
the cost sharing the household's cost-sharing reductions give the plans."""

import html as markup
import re
from datetime import date
from decimal import Decimal

import pytest

from db import utcnow
from db.applications import ApplicationMember
from db.associations import Association
from db.cases import Case, Determination, MemberDetermination, TaxHouseholdDetermination
from db.consumers import Consumer
from db.enrollments import Enrollment
from db.notices import Notice
from db.plans import Plan
from portal import rules
from portal.actors import SYSTEM
from portal.services import enrollments, plan_data
from tests.views.wizard import page, post_step, submitted


@pytest.fixture(autouse=True)
def plans_on_sale(app):
    with app.app_context():
        plan_data.load_plans(SYSTEM, 2026)


def enroll_start(client, post_form, results_url):
    html = page(client, results_url)
    assert "Enroll in Health Plan" in html
    action = re.search(r'action="(/enrollments/start/\d+)"', html).group(1)
    response = post_form(action, {}, page=results_url)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[0]


def cheapest_plan_ids(html, n=3):
    return re.findall(r'name="plan_id" value="(\d+)"', html)[: n * 2 : 2]


def through_summary(client, url, choice="part", kind="amount", value="100", plan_id=None):
    """Privacy Policy, a plan (the cheapest unless `plan_id`), Tax Credit Options, Plan Summary."""
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    plans_html = page(client, f"{url}/plans")
    plan_id = plan_id or cheapest_plan_ids(plans_html, 1)[0]
    assert post_step(client, f"{url}/plans", {"plan_id": plan_id}).status_code == 302
    credit = {"aptc_choice": choice, "aptc_part_kind": kind, "aptc_part_value": value,
              "statements_agreed": "y", "tax_filer_signature": "carl consumer"}
    response = post_step(client, f"{url}/tax_credit", credit)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert post_step(client, f"{url}/summary", {}).status_code == 302
    return Plan.get_by_id(int(plan_id))


@pytest.fixture
def consumer(factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return consumer


def test_a_consumer_enrolls_applying_part_of_the_credit(client, post_form, consumer):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    assert client.get(f"{url}/plans").status_code == 302  # the Privacy Policy comes first
    response = post_step(client, f"{url}/privacy", {})
    assert response.status_code == 422 and "Agree to the Privacy Policy" in response.get_data(
        as_text=True)
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    plans_html = page(client, f"{url}/plans")
    assert "Choose this plan" in plans_html and "Silver" in plans_html
    # Compare three, side by side; a fourth is refused.
    ids = re.findall(r'name="compare" value="(\d+)"', plans_html)
    compared = page(client, f"{url}/plans?" + "&".join(f"compare={i}" for i in ids[:3]))
    assert "Compare plans" in compared and compared.count("before credit") == 3
    assert "Compare up to 3 plans" in page(
        client, f"{url}/plans?" + "&".join(f"compare={i}" for i in ids[:4]))
    plan = through_summary(client, url, "part", "amount", "100")
    summary = page(client, f"{url}/summary")
    assert plan.name in summary and "$100.00" in summary
    # The signature must match the primary applicant's name.
    response = post_step(client, f"{url}/signature", {"signed_name": "Carla Consumer"},
                         action="confirm")
    assert response.status_code == 422 and Enrollment.get().status == "draft"
    response = post_step(client, f"{url}/signature", {"signed_name": "Carl  consumer"},
                         action="confirm")
    assert response.status_code == 302 and response.headers["Location"].endswith("/thank-you")
    enrollment = Enrollment.get()
    assert enrollment.status == "enrolled" and enrollment.confirmation_number
    assert enrollment.aptc_applied_monthly == Decimal("100.00")
    assert enrollment.net_premium_monthly == enrollment.premium_monthly - Decimal("100.00")
    assert enrollment.agent_of_record is None
    thanks = page(client, f"{url}/thank-you")
    assert enrollment.confirmation_number in thanks and "Next steps" in thanks
    assert Consumer.get_by_id(consumer.id).enrollment_status == "enrolled"
    assert Notice.select().where(Notice.kind == "enrollment").count() == 1
    # A second Confirm writes nothing more.
    response = client.post(f"{url}/signature", data={"signed_name": "Carl Consumer"})
    assert response.status_code in (302, 400) and Enrollment.select().count() == 1


@pytest.mark.parametrize(
    ("choice", "kind", "value", "expected"),
    [("all", "", "", "max"), ("none", "", "", "0"), ("part", "share", "50", "half")],
)
def test_each_credit_choice_sets_what_is_paid(client, post_form, consumer, choice, kind, value,
                                             expected):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    through_summary(client, url, choice, kind, value)
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    enrollment = Enrollment.get()
    from db.cases import Determination

    maximum = Determination.get().max_aptc_monthly
    wanted = {"max": min(maximum, enrollment.premium_monthly), "0": Decimal("0.00"),
              "half": min((maximum / 2).quantize(Decimal("0.01")), enrollment.premium_monthly)}
    assert enrollment.aptc_applied_monthly == wanted[expected]
    assert enrollment.net_premium_monthly >= 0


def test_bad_credit_amounts_and_forged_plans_are_refused(client, post_form, consumer):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    post_step(client, f"{url}/privacy", {"agree": "y"})
    other_area = Plan.select().where(Plan.rating_area != 8).first()
    response = post_step(client, f"{url}/plans", {"plan_id": str(other_area.id)})
    assert response.status_code == 422 and "not on sale" in response.get_data(as_text=True)
    response = post_step(client, f"{url}/plans", {"plan_id": "99999999"})
    assert response.status_code == 422 and Enrollment.get().plan is None
    plan_id = cheapest_plan_ids(page(client, f"{url}/plans"), 1)[0]
    post_step(client, f"{url}/plans", {"plan_id": plan_id})
    for value in ("99999", "-5"):
        response = post_step(client, f"{url}/tax_credit", {
            "aptc_choice": "part", "aptc_part_kind": "amount", "aptc_part_value": value,
            "statements_agreed": "y", "tax_filer_signature": "Carl Consumer"})
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and f'value="{value}"' in html
        assert Enrollment.get().aptc_choice is None


def test_without_the_enroll_scope_an_assister_is_refused(client, post_form, sign_in, factories):
    broker = factories.assister("broker", with_account=True)
    consumer = factories.consumer()
    factories.association(for_consumer=consumer, for_assister=broker)
    Association.update(may_enroll=False).execute()
    sign_in(broker.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    application_url = submitted(client, post_form, consumer.id, f"/assister/clients/{consumer.id}")
    results = page(client, f"{application_url}/results")
    case_id = re.search(r'action="/enrollments/start/(\d+)"', results)
    assert case_id is None or post_form(
        f"/enrollments/start/{case_id.group(1)}", {}, page=f"{application_url}/results"
    ).status_code == 403
    assert Enrollment.select().count() == 0


def assister_enrolls(client, post_form, sign_in, factories, kind):
    assister = factories.assister(kind, with_account=True)
    consumer = factories.consumer()
    factories.association(for_consumer=consumer, for_assister=assister)
    sign_in(assister.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})
    application_url = submitted(client, post_form, consumer.id, f"/assister/clients/{consumer.id}")
    details = page(client, f"/assister/clients/{consumer.id}")
    action = re.search(r'action="(/enrollments/start/\d+)"', details).group(1)
    assert "Enroll in a plan" in details
    response = post_form(action, {}, page=f"/assister/clients/{consumer.id}")
    url = response.headers["Location"].rsplit("/", 1)[0]
    through_summary(client, url, "all", "", "")
    return assister, consumer, url, application_url


def test_a_brokers_enrollment_records_the_broker_as_agent_of_record(
    client, post_form, sign_in, factories
):
    broker, consumer, url, _ = assister_enrolls(client, post_form, sign_in, factories, "broker")
    signature = page(client, f"{url}/signature")
    assert "Agent of Record" in signature and "chose this plan themselves" not in signature
    response = post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"},
                         action="confirm")
    assert response.status_code == 302
    enrollment = Enrollment.get()
    assert enrollment.agent_of_record_id == broker.id
    assert enrollment.signed_by_id == broker.user_id
    details = page(client, f"/assister/clients/{consumer.id}")
    assert "Enrolled in a health plan" in details and enrollment.confirmation_number in details
    assert "Agent of Record " + broker.full_name in details
    # Staff list enrollments in the admin with their Agent of Record.
    post_form("/sign-out", {}, page="/assister/")
    sign_in(factories.staff())
    listing = page(client, "/admin/admin_enrollment/")
    assert enrollment.confirmation_number in listing and broker.last_name in listing
    assert broker.last_name in page(client, f"/admin/admin_enrollment/?search={broker.last_name}")


def test_navigators_attest_the_consumer_chose_the_plan(client, post_form, sign_in, factories):
    navigator, consumer, url, _ = assister_enrolls(
        client, post_form, sign_in, factories, "navigator")
    response = post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"},
                         action="confirm")
    assert response.status_code == 422
    assert "chose this plan themselves" in response.get_data(as_text=True)
    assert Enrollment.get().status == "draft"
    response = post_step(client, f"{url}/signature",
                         {"signed_name": "Carl Consumer", "chose_own_plan": "y"},
                         action="confirm")
    assert response.status_code == 302
    enrollment = Enrollment.get()
    assert enrollment.chose_own_plan_attested is True and enrollment.agent_of_record is None


def test_an_enrolled_household_cannot_rescind_or_enroll_again(client, post_form, consumer):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    through_summary(client, url)
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    results = page(client, f"{application_url}/results")
    assert 'action="/enrollments/start/' not in results and "Enrolled in" in results
    response = post_form(f"{application_url}/rescind", {"reason": "changed my mind"})
    assert response.status_code == 422 and "enrolled in a plan" in response.get_data(
        as_text=True)
    home = page(client, "/consumer/")
    assert Enrollment.get().confirmation_number in home


def test_a_stale_enrollment_save_is_refused(client, post_form, consumer):
    from tests.conftest import csrf_token_from
    from tests.views.wizard import version_of

    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    first_tab = page(client, f"{url}/privacy")
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    response = client.post(f"{url}/privacy", data={
        "agree": "y", "action": "next", "csrf_token": csrf_token_from(first_tab),
        "version": version_of(first_tab)})
    assert response.status_code == 409
    assert "changed somewhere else" in response.get_data(as_text=True)
    assert Enrollment.get().version == 2


def test_the_live_preview_shows_a_bad_amount_in_place_of_the_figures(client, post_form, consumer):
    from tests.conftest import csrf_token_from
    from tests.views.wizard import version_of

    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    post_step(client, f"{url}/privacy", {"agree": "y"})
    plan_id = cheapest_plan_ids(page(client, f"{url}/plans"), 1)[0]
    post_step(client, f"{url}/plans", {"plan_id": plan_id})
    html = page(client, f"{url}/tax_credit")
    preview = {"csrf_token": csrf_token_from(html), "version": version_of(html),
               "action": "preview", "aptc_choice": "part", "aptc_part_kind": "amount"}
    good = client.post(f"{url}/tax_credit", data={**preview, "aptc_part_value": "25"},
                       headers={"HX-Request": "true"})
    assert good.status_code == 200 and "tax credit $25.00" in good.get_data(as_text=True)
    assert "<html" not in good.get_data(as_text=True)
    bad = client.post(f"{url}/tax_credit", data={**preview, "aptc_part_value": "1069999"},
                      headers={"HX-Request": "true"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Enter an amount between" in text and "you pay" not in text
    assert Enrollment.get().aptc_choice is None


def test_save_and_exit_then_resume_the_enrollment(client, post_form, consumer):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    response = post_step(client, f"{url}/privacy", {"agree": "y"}, action="exit")
    assert response.status_code == 302 and response.headers["Location"] == "/consumer/"
    enrollment = Enrollment.get()
    assert enrollment.held_by is None and enrollment.current_step == "plans"
    home = page(client, "/consumer/")
    assert "Resume enrollment" in home
    # Resuming opens the step after the one saved; nothing is started twice.
    assert enroll_start(client, post_form, f"{application_url}/results") == url
    response = post_form(re.search(r'action="(/enrollments/start/\d+)"', home).group(1), {},
                         page="/consumer/")
    assert response.headers["Location"] == f"{url}/plans"
    assert Enrollment.select().count() == 1


# --- Cost-sharing reductions ---------------------------------------------------------------


def add_member(first_name, relationship, program, tax_household, cost_sharing=None):
    """One more member on the submitted case, with the outcome the rules would store."""
    determination = Determination.get()
    primary = MemberDetermination.get(MemberDetermination.determination == determination)
    member = ApplicationMember.create(
        application=primary.member.application, first_name=first_name, last_name="Consumer",
        date_of_birth=date(1982, 3, 1), relationship=relationship,
    )
    MemberDetermination.create(
        determination=determination, member=member, program=program, reason="Set by the test.",
        cost_sharing=cost_sharing, tax_household=tax_household,
    )


def with_cost_sharing(*levels):
    """The submitted case's determination as the rules would store it with these cost-sharing
    levels: the primary applicant's first, then one more member on the plan (a spouse on the
    same return) for each further level."""
    primary = MemberDetermination.get()
    MemberDetermination.update(cost_sharing=levels[0]).where(
        MemberDetermination.id == primary.id).execute()
    for level in levels[1:]:
        add_member("Dana", "spouse", "qhp_with_aptc", primary.tax_household, level)


def plan_cards(html):
    """{plan name: the text of its card} on Choose a plan."""
    cards = re.findall(r'<li class="usa-card.*?</li>', html, re.S)
    text = [markup.unescape(card) for card in cards]
    return {re.search(r'usa-card__heading">([^<]+)<', card).group(1): card for card in text}


def dollars(amount):
    return f"${amount:,.2f}"


def shows(card, deductible, oop_max):
    return (f"<dt>Deductible</dt><dd>{dollars(deductible)}</dd>" in card
            and f"<dt>Out-of-pocket maximum</dt><dd>{dollars(oop_max)}</dd>" in card)


def shop_as(client, post_form, consumer, *levels):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    with_cost_sharing(*levels)
    url = enroll_start(client, post_form, f"{application_url}/results")
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    return url, page(client, f"{url}/plans")


def _area_plan(name):
    return Plan.get(Plan.rating_area == 8, Plan.name == name, Plan.plan_year == 2026)


def test_an_87_household_sees_silver_plans_reduced_and_enrolls_at_that_level(
    client, post_form, consumer, sign_in, factories
):
    url, html = shop_as(client, post_form, consumer, "87")
    assert "qualifies for a cost-sharing reduction (87%)" in html
    cards = plan_cards(html)
    assert len(cards) == 21
    for name, card in cards.items():
        plan = _area_plan(name)
        if plan.metal_level == "silver":
            assert "With your cost-sharing reduction (87%)." in card, name
            assert shows(card, plan.csr87_deductible, plan.csr87_oop_max), name
        else:
            assert "cost-sharing reduction" not in card, name
            assert shows(card, plan.deductible, plan.oop_max), name
    silver, bronze = _area_plan("Medica Choice Silver 3500"), _area_plan("Blue Plus Bronze 7500")
    compared = markup.unescape(page(client, f"{url}/plans?compare={silver.id}&compare={bronze.id}"))
    table = compared[compared.index("Compare plans"):compared.index("</table>")]
    assert "<td>With your cost-sharing reduction (87%)</td><td>The plan's own</td>" in table
    assert "<td>$650.00</td><td>$7,500.00</td>" in table  # the deductibles
    through_summary(client, url, "all", "", "", plan_id=str(silver.id))
    summary = markup.unescape(page(client, f"{url}/summary"))
    assert "With your cost-sharing reduction (87%)." in summary
    for label, figure in (("Deductible", "650.00"), ("Out-of-pocket maximum", "3,150.00"),
                          ("Primary care visit", "10.00"), ("Emergency room", "200.00")):
        assert f"<dt>{label}</dt><dd>${figure}</dd>" in summary
    response = post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"},
                         action="confirm")
    assert response.status_code == 302
    enrollment = Enrollment.get()
    assert enrollment.status == "enrolled" and enrollment.cost_sharing == "87"
    thanks = markup.unescape(page(client, f"{url}/thank-you"))
    assert "<dd>With your cost-sharing reduction (87%)</dd>" in thanks
    assert "<dt>Deductible</dt><dd>$650.00</dd>" in thanks
    # Staff read the level on the enrollment's record.
    post_form("/sign-out", {}, page="/consumer/")
    sign_in(factories.staff())
    details = page(client, f"/admin/admin_enrollment/details/?id={enrollment.id}")
    assert "Cost sharing the plan was sold at" in details
    assert "Silver plan with reduced cost sharing (87% actuarial value)" in details


def test_an_87_household_enrolled_in_bronze_keeps_the_plans_figures(client, post_form, consumer):
    url, _ = shop_as(client, post_form, consumer, "87")
    bronze = _area_plan("Blue Plus Bronze 7500")
    through_summary(client, url, "all", "", "", plan_id=str(bronze.id))
    summary = markup.unescape(page(client, f"{url}/summary"))
    assert "cost-sharing reduction" not in summary and "<dd>$7,500.00</dd>" in summary
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    assert Enrollment.get().cost_sharing is None


def test_a_zero_cost_sharing_household_pays_nothing_for_care_on_every_plan(
    client, post_form, consumer
):
    # An American Indian or Alaska Native member the rules give zero cost-sharing.
    url, html = shop_as(client, post_form, consumer, "zero")
    assert "on every plan, at every metal level, there is no deductible" in html
    cards = plan_cards(html)
    assert {_area_plan(name).metal_level for name in cards} == {
        "bronze", "silver", "gold", "platinum"}
    for name, card in cards.items():
        assert "With your zero cost-sharing" in card, name
        assert shows(card, Decimal(0), Decimal(0)), name
    gold = _area_plan("UCare Choice Gold 1250")
    through_summary(client, url, "all", "", "", plan_id=str(gold.id))
    summary = markup.unescape(page(client, f"{url}/summary"))
    for label in ("Deductible", "Out-of-pocket maximum", "Primary care visit", "Specialist visit",
                  "Generic drugs", "Emergency room"):
        assert f"<dt>{label}</dt><dd>$0.00</dd>" in summary
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    assert Enrollment.get().cost_sharing == "zero"


def test_limited_cost_sharing_says_indian_health_care_costs_nothing(client, post_form, consumer):
    url, html = shop_as(client, post_form, consumer, "limited")
    assert "care from the Indian Health Service, a tribal health program or an urban Indian " \
           "health program costs nothing" in markup.unescape(html)
    silver = _area_plan("Medica Choice Silver 3500")
    card = plan_cards(html)[silver.name]
    assert "With your limited cost-sharing" in card and shows(card, silver.deductible,
                                                               silver.oop_max)


def test_a_group_with_a_member_without_a_reduction_sees_the_standard_figures(
    client, post_form, consumer
):
    # 45 CFR 155.305(g)(3): one policy, the least generous level of its members: here none.
    url, html = shop_as(client, post_form, consumer, "87", None)
    assert "Carl Consumer, Dana Consumer" in html
    assert "cost-sharing" not in html.split('id="plan-list"')[1]
    for name, card in plan_cards(html).items():
        plan = _area_plan(name)
        assert shows(card, plan.deductible, plan.oop_max), name
    silver = _area_plan("Medica Choice Silver 3500")
    through_summary(client, url, "all", "", "", plan_id=str(silver.id))
    assert "<dd>$3,500.00</dd>" in page(client, f"{url}/summary")
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    assert Enrollment.get().cost_sharing is None


# --- The credit of each tax return ----------------------------------------------------------


def add_return(number, max_aptc):
    """Another return's credit on the case, its other figures the first return's."""
    first = TaxHouseholdDetermination.get(TaxHouseholdDetermination.number == 1)
    TaxHouseholdDetermination.create(
        determination=first.determination, number=number, size=1, magi=first.magi,
        fpl_percent=first.fpl_percent, applicable_percentage=first.applicable_percentage,
        expected_contribution_monthly=first.expected_contribution_monthly,
        benchmark_premium_monthly=first.benchmark_premium_monthly, max_aptc_monthly=max_aptc,
    )


def test_the_credit_adds_up_the_returns_of_the_members_who_get_it(client, post_form, consumer):
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    first = TaxHouseholdDetermination.get(TaxHouseholdDetermination.number == 1)
    assert first.max_aptc_monthly > 0 and MemberDetermination.get().tax_household == 1
    # An adult son files his own return and gets its credit; a daughter on a third return is
    # on Medical Assistance, so her return's credit buys none of this plan.
    add_return(2, Decimal("210.55"))
    add_member("Sam", "child", "qhp_with_aptc", 2)
    add_return(3, Decimal("99.00"))
    add_member("Ann", "child", "medical_assistance", None)
    covered = enrollments.household(Case.get())
    total = first.max_aptc_monthly + Decimal("210.55")
    assert covered.max_aptc == total
    assert [member.first_name for member in covered.members] == ["Carl", "Sam"]
    url = enroll_start(client, post_form, f"{application_url}/results")
    through_summary(client, url, "all", "", "")
    assert f"up to <strong>${total:,.2f} a month</strong>" in page(client, f"{url}/tax_credit")
    post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"}, action="confirm")
    enrollment = Enrollment.get()
    # Still never more than the premium (rules.credit_applied).
    assert enrollment.aptc_applied_monthly == min(total, enrollment.premium_monthly)


def test_a_member_without_the_credit_brings_none(client, post_form, consumer):
    submitted(client, post_form, consumer.id, "/consumer/")
    add_return(2, Decimal("150.00"))
    add_member("Sam", "child", "qhp_without_aptc", 2)
    first = TaxHouseholdDetermination.get(TaxHouseholdDetermination.number == 1)
    assert enrollments.household(Case.get()).max_aptc == first.max_aptc_monthly


def test_premiums_are_for_the_age_at_coverage_start(client, post_form, consumer):
    # Coverage starts on the first of a month (45 CFR 155.410(f)); a birthday between today
    # and then (or, late in the plan year, between then and today) changes the age rated.
    submitted(client, post_form, consumer.id, "/consumer/")
    today = utcnow().date()
    starts = rules.coverage_start(2026, today)
    birthday = max(starts, today)
    born = date(birthday.year - 40, birthday.month, birthday.day)
    ApplicationMember.update(date_of_birth=born).execute()
    assert enrollments.household(Case.get()).ages == [rules.age_on(born, starts)]
    assert rules.age_on(born, starts) != rules.age_on(born, today) or starts == today
