"""The questions the eligibility rules need (issue 23), through the wizard: each asked only of
the people it applies to, required then and ignored otherwise; bad dates refused with what was
typed kept and nothing saved; the answers reach the rules; Results name the rule that decided,
the cost-sharing level and which members share each return's credit."""

from datetime import date
from decimal import Decimal

import pytest

from db.applications import TAX_FILING_STATUSES, Application, ApplicationMember
from db.cases import MemberDetermination, TaxHouseholdDetermination
from portal import rules
from portal.services import eligibility
from tests.views.wizard import (
    CONTACT,
    PRIMARY_HOUSEHOLD,
    page,
    per_member,
    post_step,
    start,
    submitted,
)

CHILD = {
    "first_name": "Kim", "last_name": "Consumer", "date_of_birth": "2015-02-03",
    "relationship": "child", "applying": "yes", "tax_filing": "dependent",
    "immigration_status": "citizen", "american_indian": "no", "incarcerated": "no",
    "former_foster_care": "no",
}
NO_COVERAGE = {"has_medicare": "no", "has_other_public_coverage": "no", "employer_offer": "no"}


@pytest.fixture
def application_url(client, post_form, factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    return start(client, post_form, consumer.id, "/consumer/")


def contact(client, url, born="1980-05-17"):
    response = post_step(client, f"{url}/contact", {**CONTACT, "date_of_birth": born})
    assert response.status_code == 302, response.get_data(as_text=True)


def household(client, url, people, new_member=None, expect=302):
    """Post the household step: `people` answers for the people on it (one dict: for
    everyone), `new_member` a person to add."""
    people = people if isinstance(people, list) else [people]
    answers = per_member(page(client, f"{url}/household"), people)
    if new_member:
        answers |= {f"new_member-{name}": value for name, value in new_member.items()}
    response = post_step(client, f"{url}/household", answers)
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def per_person(client, url, step, answers, expect=302):
    response = post_step(client, f"{url}/{step}", per_member(page(client, f"{url}/{step}"),
                                                             answers))
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def primary():
    return ApplicationMember.get(ApplicationMember.is_primary)


def test_the_tax_filing_choices_are_the_rules(app):
    assert dict(TAX_FILING_STATUSES) == dict(rules.TAX_FILING)
    assert [key for key, _label in TAX_FILING_STATUSES] == list(rules.TAX_FILING)


def test_the_abuse_or_abandonment_question_is_for_filing_separately_only(client, application_url):
    url = application_url
    contact(client, url)
    html = page(client, f"{url}/household")
    assert "Only for a married person filing separately" in html
    separately = {**PRIMARY_HOUSEHOLD, "tax_filing": "separately"}
    html = household(client, url, separately, expect=422)
    assert "Say whether this person files separately because of domestic abuse" in html
    assert primary().tax_filing is None
    household(client, url, {**separately, "separate_filing_exception": "yes"})
    assert primary().tax_filing == "separately" and primary().separate_filing_exception is True
    # Another filing status: an answer sent anyway is not kept.
    household(client, url, {**PRIMARY_HOUSEHOLD, "separate_filing_exception": "yes"})
    assert primary().tax_filing == "filer" and primary().separate_filing_exception is None


def test_every_person_is_asked_about_tribe_and_a_sentence(client, application_url):
    url = application_url
    contact(client, url)
    bare = {"applying": "yes", "tax_filing": "separately", "immigration_status": "citizen"}
    html = household(client, url, bare, expect=422)
    # Every message at once: the question that applies here, and those everyone is asked.
    assert "Say whether this person is American Indian or Alaska Native." in html
    assert "Say whether this person is serving a sentence in jail or prison." in html
    assert "files separately because of domestic abuse or abandonment." in html
    bare["tax_filing"] = "filer"
    assert "only while awaiting trial" in html
    household(client, url, {**bare, "american_indian": "yes", "incarcerated": "no"})
    assert primary().american_indian is True and primary().incarcerated is False


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2999-01-01", "can&#39;t be in the future"),
        ("1970-01-01", "can&#39;t be before the date of birth"),
        ("2020-02-31", "Enter the date the permanent resident status was granted"),
        ("", "Enter the date the permanent resident status was granted"),
    ],
)
def test_a_bad_status_date_is_refused_with_what_was_typed_kept(
    client, application_url, typed, message
):
    url = application_url
    contact(client, url)
    resident = {**PRIMARY_HOUSEHOLD, "immigration_status": "permanent_resident",
                "status_since": typed, "american_indian": "yes"}
    html = household(client, url, resident, expect=422)
    assert message in html
    assert f'value="{typed}"' in html
    saved = primary()
    assert saved.immigration_status is None and saved.status_since is None
    assert saved.american_indian is None
    assert Application.get().completed == {"contact"}


def test_the_status_date_is_kept_for_a_permanent_resident_only(client, application_url):
    url = application_url
    contact(client, url)
    resident = {**PRIMARY_HOUSEHOLD, "immigration_status": "permanent_resident",
                "status_since": "2023-06-01"}
    household(client, url, resident)
    assert primary().status_since == date(2023, 6, 1)
    # A citizen's date is ignored, even one that is no date at all.
    household(client, url, {**PRIMARY_HOUSEHOLD, "status_since": "not a date"})
    assert primary().immigration_status == "citizen" and primary().status_since is None


def test_foster_care_is_asked_of_people_under_26_only(client, application_url):
    url = application_url
    contact(client, url)  # the primary applicant is 46 when coverage starts
    html = page(client, f"{url}/household")
    assert 'name="members-0-former_foster_care"' not in html
    assert 'name="new_member-former_foster_care"' in html and "Only for people under 26" in html
    young = {**CHILD, "first_name": "Ana", "relationship": "other", "tax_filing": "filer",
             "date_of_birth": "2005-01-01"}
    del young["former_foster_care"]
    html = household(client, url, PRIMARY_HOUSEHOLD, young, expect=422)
    assert "Say whether this person was in foster care at 18." in html
    assert ApplicationMember.select().count() == 1
    household(client, url, PRIMARY_HOUSEHOLD, {**young, "former_foster_care": "yes"})
    ana = ApplicationMember.get(ApplicationMember.first_name == "Ana")
    assert ana.former_foster_care is True
    older = {**young, "first_name": "Bea", "date_of_birth": "1960-01-01",
             "former_foster_care": "yes"}
    ana = {**young, "former_foster_care": "yes"}
    household(client, url, [PRIMARY_HOUSEHOLD, ana], older)
    assert ApplicationMember.get(ApplicationMember.first_name == "Bea").former_foster_care is None


def test_a_young_primary_applicant_is_asked_about_foster_care(client, application_url):
    url = application_url
    contact(client, url, born="2004-03-01")
    assert 'name="members-0-former_foster_care"' in page(client, f"{url}/household")
    html = household(client, url, PRIMARY_HOUSEHOLD, expect=422)
    assert "foster care at 18" in html
    household(client, url, {**PRIMARY_HOUSEHOLD, "former_foster_care": "no"})
    assert primary().former_foster_care is False


def test_income_from_work_is_asked_of_a_dependent_with_income(client, application_url):
    url = application_url
    contact(client, url)
    household(client, url, PRIMARY_HOUSEHOLD, CHILD)
    html = page(client, f"{url}/income")
    assert 'name="members-0-income_from_work"' not in html
    assert 'name="members-1-income_from_work"' in html
    assert "decides whether their income counts" in html
    adult = {"income_amount": "3000", "income_frequency": "monthly",
             "income_from_work": "yes"}
    teen = {"income_amount": "400", "income_frequency": "monthly"}
    html = per_person(client, url, "income", [adult, teen], expect=422)
    assert "Say whether this person&#39;s income is mostly from work." in html
    assert 'value="400"' in html
    assert ApplicationMember.select().where(ApplicationMember.income_amount.is_null(False)
                                            ).count() == 0
    per_person(client, url, "income", [adult, {**teen, "income_from_work": "no"}])
    kim = ApplicationMember.get(ApplicationMember.first_name == "Kim")
    assert kim.income_from_work is False and primary().income_from_work is None
    # No income: the answer is not kept.
    per_person(client, url, "income", [adult, {**teen, "income_amount": "0",
                                               "income_from_work": "no"}])
    assert ApplicationMember.get_by_id(kim.id).income_from_work is None


def walk_to_coverage(client, url, born="1980-05-17", child=None):
    contact(client, url, born=born)
    household(client, url, PRIMARY_HOUSEHOLD, child)
    incomes = [{"income_amount": "2000", "income_frequency": "monthly"},
               {"income_amount": "0", "income_frequency": "monthly"}]
    per_person(client, url, "income", incomes)


def test_an_offer_from_a_job_asks_minimum_value_and_the_family_premium(client, application_url):
    url = application_url
    walk_to_coverage(client, url, child=CHILD)
    html = page(client, f"{url}/coverage")
    assert 'name="members-0-employer_family_premium_monthly"' in html
    assert 'name="members-0-premium_free_part_a"' not in html
    offer = {**NO_COVERAGE, "employer_offer": "yes", "employer_premium_monthly": "120"}
    html = per_person(client, url, "coverage", [offer, NO_COVERAGE], expect=422)
    assert "Say whether the job&#39;s plan meets the minimum value standard." in html
    assert primary().employer_offer is None
    bad_family = {**offer, "employer_offer_minimum_value": "yes",
                  "employer_family_premium_monthly": "lots"}
    html = per_person(client, url, "coverage", [bad_family, NO_COVERAGE], expect=422)
    assert "Enter an amount in dollars" in html and 'value="lots"' in html
    assert primary().employer_offer is None
    per_person(client, url, "coverage", [
        {**bad_family, "employer_family_premium_monthly": "$410.50"}, NO_COVERAGE])
    saved = primary()
    assert saved.employer_offer_minimum_value is True
    assert saved.employer_family_premium_monthly == Decimal("410.50")
    # No offer: what was sent about one is not kept.
    per_person(client, url, "coverage", [{**bad_family, "employer_offer": "no"}, NO_COVERAGE])
    saved = primary()
    assert saved.employer_premium_monthly is None
    assert saved.employer_offer_minimum_value is None
    assert saved.employer_family_premium_monthly is None


def test_someone_alone_is_not_asked_about_a_family_premium(client, application_url):
    url = application_url
    walk_to_coverage(client, url)
    assert "employer_family_premium_monthly" not in page(client, f"{url}/coverage")
    offer = {**NO_COVERAGE, "employer_offer": "yes", "employer_premium_monthly": "120",
             "employer_offer_minimum_value": "no", "employer_family_premium_monthly": "400"}
    per_person(client, url, "coverage", [offer])
    saved = primary()
    assert saved.employer_offer_minimum_value is False
    assert saved.employer_family_premium_monthly is None


def test_people_65_and_over_without_medicare_are_asked_about_part_a(client, application_url):
    url = application_url
    walk_to_coverage(client, url, born="1950-01-01", child=CHILD)
    html = page(client, f"{url}/coverage")
    assert 'name="members-0-premium_free_part_a"' in html
    assert 'name="members-1-premium_free_part_a"' not in html
    assert "Only if not enrolled in Medicare" in html
    html = per_person(client, url, "coverage", [NO_COVERAGE], expect=422)
    assert "Say whether this person can get Part A without a premium." in html
    per_person(client, url, "coverage", [{**NO_COVERAGE, "premium_free_part_a": "yes"}])
    assert primary().premium_free_part_a is True
    enrolled = {**NO_COVERAGE, "has_medicare": "yes", "premium_free_part_a": "yes"}
    per_person(client, url, "coverage", [enrolled])
    assert primary().has_medicare is True and primary().premium_free_part_a is None


def test_the_answers_are_on_the_summary_and_reach_the_rules(client, application_url):
    url = application_url
    contact(client, url)
    resident = {**PRIMARY_HOUSEHOLD, "tax_filing": "separately",
                "separate_filing_exception": "yes", "immigration_status": "permanent_resident",
                "status_since": "2023-06-01", "american_indian": "yes", "incarcerated": "yes"}
    young = {**CHILD, "date_of_birth": "2005-01-01", "former_foster_care": "yes"}
    household(client, url, resident, young)
    per_person(client, url, "income", [
        {"income_amount": "2000", "income_frequency": "monthly"},
        {"income_amount": "300", "income_frequency": "monthly", "income_from_work": "no"},
    ])
    offer = {**NO_COVERAGE, "employer_offer": "yes", "employer_premium_monthly": "120",
             "employer_offer_minimum_value": "no", "employer_family_premium_monthly": "400"}
    per_person(client, url, "coverage", [offer, NO_COVERAGE])
    summary = page(client, f"{url}/summary")
    for shown in (
        "Filing separately because of domestic abuse or abandonment</dt><dd>Yes",
        "Lawful permanent resident (green card holder), since June 1, 2023",
        "American Indian or Alaska Native</dt><dd>Yes",
        "Serving a jail or prison sentence</dt><dd>Yes",
        "In foster care at 18</dt><dd>Yes",
        "Income mostly from work</dt><dd>No",
        "$120.00 a month for the employee, $400.00 a month with the family members",
        "meets minimum value (pays at least 60% of costs)</dt><dd>No",
    ):
        assert shown in summary.replace("&#39;", "'"), shown
    with client.application.app_context():
        found = eligibility.household(Application.get(), on=date(2026, 12, 3))
    assert found.coverage_start == date(2026, 12, 1)  # within the 2026 plan year
    adult, kim = found.members
    assert adult.tax_filing == "separately" and adult.separate_filing_exception is True
    assert adult.immigration_status == "permanent_resident"
    assert adult.status_since == date(2023, 6, 1)
    assert adult.american_indian is True and adult.incarcerated is True
    assert adult.employer_offer_minimum_value is False
    assert adult.employer_family_premium_monthly == Decimal("400.00")
    assert adult.relationship == "self"
    # Not asked: the rules' plain case.
    assert adult.income_from_work is True and adult.former_foster_care is False
    assert kim.tax_filing == "dependent" and kim.income_from_work is False
    # Her age on the coverage start date, Dec 1 2026.
    assert kim.former_foster_care is True and kim.relationship == "child" and kim.age == 21


def test_an_application_saved_before_the_questions_reads_as_the_plain_case(
    client, application_url
):
    url = application_url
    contact(client, url)
    household(client, url, PRIMARY_HOUSEHOLD, CHILD)
    ApplicationMember.update(tax_filing=None, american_indian=None, incarcerated=None).execute()
    with client.application.app_context():
        adult, kim = eligibility.household(Application.get(), on=date(2026, 12, 3)).members
    assert adult.tax_filing == "filer" and kim.tax_filing == "dependent"
    assert not adult.american_indian and not adult.incarcerated
    assert adult.employer_offer_minimum_value is True


def test_results_name_the_rule_the_cost_sharing_and_each_return(client, post_form, factories,
                                                                 sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    url = submitted(client, post_form, consumer.id, "/consumer/")
    row = MemberDetermination.get()
    row.program, row.cost_sharing, row.rule = "qhp_with_aptc", "87", "26 USC 36B; 45 CFR 155.305(g)"
    row.tax_household = 1
    row.save()
    html = page(client, f"{url}/results")
    assert "Rule: 26 USC 36B; 45 CFR 155.305(g)" in html
    assert str(rules.COST_SHARING["87"]) in html
    assert "Premium tax credit by tax return" not in html
    # A second return (its member made up for the page): each return lists who shares it.
    first = TaxHouseholdDetermination.get_or_none() or TaxHouseholdDetermination.create(
        determination=row.determination, number=1, size=1, magi=Decimal("39600"),
        fpl_percent=Decimal("253.00"), applicable_percentage=Decimal("7.50"),
        expected_contribution_monthly=Decimal("247.50"),
        benchmark_premium_monthly=Decimal("500.00"), max_aptc_monthly=Decimal("252.50"),
    )
    other = ApplicationMember.create(
        application=Application.get(), first_name="Tess", last_name="Consumer",
        date_of_birth=date(2000, 1, 1), relationship="child", tax_filing="filer",
    )
    MemberDetermination.create(
        determination=row.determination, member=other, program="qhp_with_aptc",
        reason="Files her own return.", rule="26 USC 36B(d)(1)", tax_household=2,
    )
    TaxHouseholdDetermination.create(
        determination=row.determination, number=2, size=1, magi=Decimal("30000"),
        fpl_percent=Decimal("191.00"), applicable_percentage=Decimal("5.00"),
        expected_contribution_monthly=Decimal("125.00"),
        benchmark_premium_monthly=Decimal("450.00"), max_aptc_monthly=Decimal("325.00"),
    )
    html = page(client, f"{url}/results")
    assert "Premium tax credit by tax return" in html
    assert "Return 1</th>\n    <td>Carl Consumer</td>" in html
    assert "Return 2</th>\n    <td>Tess Consumer</td>" in html
    assert f"${first.max_aptc_monthly:,.2f} a month" in html and "$325.00 a month" in html


def test_filing_jointly_is_for_both_spouses_or_neither(client, application_url):
    url = application_url
    contact(client, url)
    spouse = {**CHILD, "first_name": "Sam", "relationship": "spouse", "date_of_birth": "1981-01-01",
              "tax_filing": "filer"}
    household(client, url, PRIMARY_HOUSEHOLD, new_member=spouse)
    saved = Application.get().version
    html = household(client, url, [{**PRIMARY_HOUSEHOLD, "tax_filing": "joint"},
                                   {**spouse, "tax_filing": "filer"}], expect=422)
    assert "choose it for both of them, or for neither" in html
    assert Application.get().version == saved
    assert primary().tax_filing != "joint"
    household(client, url, [{**PRIMARY_HOUSEHOLD, "tax_filing": "joint"},
                            {**spouse, "tax_filing": "joint"}])
    assert {m.tax_filing for m in ApplicationMember.select()} == {"joint"}
