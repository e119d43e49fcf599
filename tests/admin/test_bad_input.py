"""Hand-edited admin addresses are never a 500: an id that can't exist is a 404, a page or a
filter value no database can hold shows the first page with a message, and text with control
characters is refused on the form."""

import html
import json
import re

import pytest

from db.assisters import Assister
from db.audit import AuditEvent
from db.consumers import Consumer

BEYOND_64_BITS = str(2**64 + 1)
NOT_IDS = ["abc", BEYOND_64_BITS, "-" + BEYOND_64_BITS, "0", "1.5", "%00", "1%00"]


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def admin_endpoints(app, view):
    """Every admin model view's URL for `view` (details_view, edit_view, index_view)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin_") and rule.endpoint.endswith(f".{view}")
    )


def test_every_model_view_is_covered(app):
    assert len(admin_endpoints(app, "details_view")) >= 10
    assert len(admin_endpoints(app, "index_view")) >= 10


@pytest.mark.parametrize("view", ["details_view", "edit_view"])
def test_an_id_that_cannot_exist_is_not_found(app, staff_client, factories, view):
    factories.association()
    for url in admin_endpoints(app, view):
        for bad in NOT_IDS:
            response = staff_client.get(f"{url}?id={bad}")
            if response.status_code == 302:
                # A view that edits nothing sends everyone back to its list, whatever the id.
                listing = staff_client.get(response.headers["Location"]).get_data(as_text=True)
                assert "Record does not exist" not in listing, (url, bad)
                continue
            assert response.status_code == 404, (url, bad, response.status_code)


@pytest.mark.parametrize(
    "query",
    [f"page={BEYOND_64_BITS}", f"page={2**62}", f"page_size={BEYOND_64_BITS}",
     f"sort={BEYOND_64_BITS}", f"desc={BEYOND_64_BITS}", "search=%00", "search=Con%00sumer"],
)
def test_a_list_asked_for_the_impossible_shows_the_first_page(app, staff_client, factories,
                                                             query):
    factories.association()
    for url in admin_endpoints(app, "index_view"):
        response = staff_client.get(f"{url}?{query}")
        assert response.status_code == 200, (url, query, response.status_code)


def test_a_search_with_control_characters_says_why_it_was_ignored(staff_client, factories):
    factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    response = staff_client.get("/admin/admin_assister/?search=Lind%00qvist")
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Lindqvist" in text
    assert "invisible control characters" in text


def filters_of(listing):
    """{(group, operation): argument key} of a list page's filters (flask-admin's JSON)."""
    data = re.search(r'id="filter-groups-data" class="d-none">(.*?)</div>', listing, re.S)
    groups = json.loads(data.group(1)) if data else {}
    return {(group, flt["operation"]): flt["arg"] for group, flts in groups.items()
            for flt in flts}


def test_filter_values_no_database_can_hold_are_refused_with_a_message(app, staff_client,
                                                                       factories):
    factories.association()
    for url in admin_endpoints(app, "index_view"):
        keys = filters_of(staff_client.get(url).get_data(as_text=True)).values()
        for key in keys:
            for bad in (BEYOND_64_BITS, "-" + BEYOND_64_BITS, "%00", "a%00b", "1e999", "nan",
                        f"1,{BEYOND_64_BITS}"):
                response = staff_client.get(f"{url}?flt0_{key}={bad}")
                assert response.status_code == 200, (url, key, bad, response.status_code)


@pytest.mark.parametrize(
    ("url", "group", "operation", "bad"),
    [
        ("/admin/admin_assister/", "Agency", "equals", "navi%00gator"),
        ("/admin/admin_plan/", "Plan year", "equals", BEYOND_64_BITS),
        ("/admin/admin_enrollment/", "Plan year", "equals", BEYOND_64_BITS),
    ],
)
def test_a_filter_value_no_database_can_hold_says_why(staff_client, factories, url, group,
                                                      operation, bad):
    factories.assister("navigator", first_name="Nora", last_name="Vang")
    found = filters_of(staff_client.get(url).get_data(as_text=True))
    response = staff_client.get(f"{url}?flt0_{found[(group, operation)]}={bad}")
    assert response.status_code == 200
    assert "Invalid Filter Value" in html.unescape(response.get_data(as_text=True))


def test_a_name_with_control_characters_is_refused_in_the_admin(staff_client, factories,
                                                                post_form):
    consumer = factories.consumer()
    url = f"/admin/admin_consumer/edit/?id={consumer.id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "first_name" in page
    response = post_form(url, {"first_name": "Ca\x00rl", "last_name": "Con\x07sumer",
                               "email": consumer.email, "phone": consumer.phone,
                               "date_of_birth": "1980-05-17", "preferred_language": "English"})
    text = html.unescape(response.get_data(as_text=True))
    assert "invisible control characters" in text
    assert Consumer.get_by_id(consumer.id).first_name == "Carl"
    assert not AuditEvent.select().where(AuditEvent.action.contains("updated")).exists()


def test_an_assister_search_with_a_huge_number_is_not_an_error(staff_client, factories):
    factories.assister("broker")
    assert staff_client.get(f"/admin/admin_assister/?search={BEYOND_64_BITS}").status_code == 200
    assert Assister.select().count() == 1


@pytest.mark.parametrize("agency", ["abc", BEYOND_64_BITS, "-1", "1%00"])
def test_a_forged_related_record_is_not_a_valid_choice(staff_client, post_form, agency):
    response = post_form("/admin/admin_assister/new/", {"agency": agency,
                                                        "assister_type": "no-such-type"})
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Not a valid choice" in text
    assert Assister.select().count() == 0


@pytest.mark.parametrize("view", ["new", "edit", "details", "delete", "action"])
def test_a_return_address_with_a_line_break_is_refused(staff_client, factories, post_form,
                                                       view):
    factories.agency()
    url = f"/admin/admin_agency/{view}/?id=1&url=/admin/%0D%0ALocation:%20x"
    if view in ("delete", "action"):
        response = post_form(url, {"id": "1", "action": "x"}, page="/admin/admin_agency/")
    else:
        response = staff_client.get(url)
    assert response.status_code == 400 and "Location: x" not in str(response.headers)


def test_an_export_records_control_characters_in_its_arguments_as_escapes(staff_client):
    response = staff_client.get("/admin/admin_user/export/csv/?sort=%00&search=a%1bb")
    assert response.status_code == 200
    exported = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert "sort=\\x00" in exported.detail and "search=a\\x1bb" in exported.detail
