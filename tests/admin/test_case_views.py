"""Applications, cases and notices in the admin: listed, searched and filtered; each opened with
its household, its versions and each version's determination, or its text; every look audited;
nothing created or edited."""

import html

import pytest

from db.applications import Application
from db.audit import AuditEvent
from db.cases import Case
from db.notices import Notice
from portal.demo.applications import reported_new_baby
from portal.services import applications, notices
from portal.services.audit import VIEWED
from tests import routes
from tests.admin.test_bad_input import filters_of
from tests.conftest import csrf_token_from
from tests.views.wizard import submitted


@pytest.fixture
def household(app, factories):
    """Ada Lindqvist, helped by a navigator, submitted an application and then reported a baby:
    case versions 1 and 2 (demo.reported_new_baby); another consumer has a draft only."""
    navigator = factories.assister("navigator", with_account=True, first_name="Nora",
                                   last_name="Vang")
    consumer = factories.consumer(first_name="Ada", last_name="Lindqvist")
    with app.app_context():
        reported_new_baby(consumer, navigator)
    drafting = factories.consumer(first_name="Otto", last_name="Olson")
    with app.app_context():
        applications.start(factories.actor(drafting.user), drafting)
    return consumer


def _text(response):
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def _views_of(consumer, object_type):
    return list(AuditEvent.select().where(
        AuditEvent.action == VIEWED, AuditEvent.on_behalf_of == consumer.id,
        AuditEvent.object_type == object_type))


def test_applications_are_listed_searched_and_filtered(staff_client, household):
    case = Case.get(Case.consumer == household)
    page = _text(staff_client.get("/admin/admin_application/"))
    assert "Ada Lindqvist" in page and "Otto Olson" in page
    assert case.case_number in page and "Replaced by a reported change" in page
    for search in (case.case_number, "lindq"):
        page = _text(staff_client.get(f"/admin/admin_application/?search={search}"))
        assert "Ada Lindqvist" in page and "Otto Olson" not in page, search
    status = next(key for (group, operation), key in filters_of(page).items()
                  if group == "Status" and operation == "equals")
    page = _text(staff_client.get(f"/admin/admin_application/?flt0_{status}=draft"))
    assert "Otto Olson" in page and "Ada Lindqvist" not in page


def test_an_assisted_application_and_its_case_name_the_assister(
    app, client, post_form, sign_in, factories
):
    navigator = factories.assister("navigator", with_account=True, first_name="Nora",
                                   last_name="Vang")
    consumer = factories.consumer(first_name="Carl", last_name="Consumer")
    factories.association(consumer, navigator)
    sign_in(navigator.user)
    routes.acknowledge(client, consumer.id)
    submitted(client, post_form, consumer.id, f"/assister/clients/{consumer.id}")
    staff = routes.signed_in_client(app, factories.staff(), "192.0.2.50")
    for model in ("application", "case"):
        page = _text(staff.get(f"/admin/admin_{model}/?search=consumer"))
        assert "Nora Vang (Navigator)" in page, model
    page = _text(staff.get("/admin/admin_application/"))
    assert navigator.agency.name in page


def test_a_case_shows_every_version_and_its_determination(staff_client, household):
    case = Case.get(Case.consumer == household)
    page = _text(staff_client.get("/admin/admin_case/"))
    assert case.case_number in page and "Ada Lindqvist" in page and "Otto Olson" not in page
    page = _text(staff_client.get(f"/admin/admin_case/?search={case.case_number}"))
    assert case.case_number in page

    page = _text(staff_client.get(f"/admin/admin_case/details/?id={case.id}"))
    assert "Version 2, determined" in page and "Version 1, determined" in page
    assert page.index("Version 2, determined") < page.index("Version 1, determined")
    assert "Made by a reported change" in page
    # Version 2: two people, the baby on Medical Assistance; version 1: the parent alone.
    assert "Maya Lindqvist" in page and "Medical Assistance" in page
    assert "Qualified Health Plan with premium tax credit" in page
    assert "Household size" in page and "$36,000.00" in page  # $3,000 a month
    assert "Premium tax credit by tax return" in page
    [view] = _views_of(household, "Case")
    assert view.actor_role == "staff" and view.object_id == str(case.id) and view.detail


def test_an_application_shows_its_household_and_the_version_it_made(staff_client, household):
    case = Case.get(Case.consumer == household)
    first = Application.get(Application.consumer == household, Application.status == "replaced")
    page = _text(staff_client.get(f"/admin/admin_application/details/?id={first.id}"))
    assert "Ada Lindqvist" in page and "Maya" not in page
    assert "Will file a federal tax return" in page and "U.S. citizen or U.S. national" in page
    assert "$3,000.00 every month" in page and "Who entered the answers" in page
    assert f"Case {case.case_number}" in page and "Version 1, determined" in page
    assert "Version 2" not in page
    change = case.application
    page = _text(staff_client.get(f"/admin/admin_application/details/?id={change.id}"))
    assert "Maya Lindqvist" in page and "The answers of a change reported on this case." in page
    assert "Version 2, determined" in page
    assert len(_views_of(household, "Application")) == 2


def test_a_notice_reads_as_the_consumer_reads_it(app, staff_client, household):
    notice = Notice.select().where(Notice.consumer == household, Notice.kind == "change").get()
    page = _text(staff_client.get("/admin/admin_notice/?search=lindqvist"))
    assert notice.title in page and "Ada Lindqvist" in page and "Read by the consumer" in page
    assert "Otto Olson" not in page
    page = _text(staff_client.get(f"/admin/admin_notice/details/?id={notice.id}"))
    assert "As the consumer reads it" in page and notice.title in page
    assert "No one has opened it yet." in page
    assert notice.body.split("\n")[0].strip() in page
    with app.app_context():
        notices.mark_read(household.user, notice)
    page = _text(staff_client.get(f"/admin/admin_notice/details/?id={notice.id}"))
    assert household.user.full_name in page and "No one has opened it yet." not in page
    assert len(_views_of(household, "Notice")) == 2


@pytest.mark.parametrize("model", ["application", "case", "notice"])
def test_nothing_is_created_or_edited(staff_client, household, model):
    row = {"application": Application, "case": Case, "notice": Notice}[model].select().first()
    token = csrf_token_from(staff_client.get("/account").get_data(as_text=True))
    for url in (f"/admin/admin_{model}/new/", f"/admin/admin_{model}/edit/?id={row.id}"):
        response = staff_client.get(url)
        assert response.status_code == 302 and response.location.endswith(f"/admin_{model}/")
        response = staff_client.post(
            url, data={"csrf_token": token, "status": "rescinded", "title": "Changed"}
        )
        assert response.status_code == 302 and response.location.endswith(f"/admin_{model}/")
    assert Case.get(Case.consumer == household).status == "open"
    assert not Notice.select().where(Notice.title == "Changed").exists()


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_other_roles_are_refused(client, factories, sign_in, household, role):
    sign_in(factories.user(role))
    case = Case.get(Case.consumer == household)
    for model, row_id in (("application", case.application_id), ("case", case.id),
                          ("notice", Notice.select().first().id)):
        assert client.get(f"/admin/admin_{model}/").status_code == 403
        assert client.get(f"/admin/admin_{model}/details/?id={row_id}").status_code == 403
    assert not AuditEvent.select().where(AuditEvent.action == VIEWED).exists()
