"""Find local help's search (S7): distance from known ZIP codes, each filter, who is listed, pages,
what a search can't read, and what it never returns (a Reference Number)."""

from dataclasses import fields
from datetime import timedelta

import pytest

from db.assisters import AGENCY_KINDS, ASSISTER_TYPES, LANGUAGES
from portal import display, languages
from portal.actors import SYSTEM
from portal.errors import NotFound
from portal.services import agencies, assisters, directory, standing
from portal.services.directory import Criteria, InvalidCriteria

# Miles from 55401 (downtown Minneapolis) to each ZIP code's centroid.
NEAR = {"55403": 1.32, "55113": 5.82, "55101": 8.99, "55303": 21.92, "55901": 75.07}


def search(**values):
    return directory.search(Criteria.parse(values))


def names(results):
    return [entry.name for entry in results.entries]


def broker(factories, first_name, zip_code="55401", with_account=True, **values):
    """An independent broker (no agency, so no agency listing beside them)."""
    return factories.assister(
        "broker", with_account=with_account, first_name=first_name, zip_code=zip_code,
        **{"last_name": "Lee", **values},
    )


def navigator(factories, first_name, agency=None, **values):
    return factories.assister(
        "navigator", with_account=True, first_name=first_name, last_name="Lee",
        **({"agency": agency} if agency else {}), **values,
    )


def changed(assister, **changes):
    """The assister changed through the service, as the admin changes them."""
    keys = ("assister_type", "certified_on", "certification_expires_on", "license_number",
            "agency")
    return assisters.update_assister(
        SYSTEM, assister, {key: getattr(assister, key) for key in keys} | changes
    )


@pytest.fixture
def around_minneapolis(factories):
    """A broker at each ZIP code of NEAR, named after it."""
    return {code: broker(factories, f"Z{code}", zip_code=code) for code in NEAR}


def test_a_zip_search_lists_by_distance_within_the_radius(around_minneapolis):
    within_25 = search(zip="55401", distance="25")
    assert names(within_25) == ["Z55403 Lee", "Z55113 Lee", "Z55101 Lee", "Z55303 Lee"]
    assert within_25.total == 4
    assert [round(e.distance, 1) for e in within_25.entries] == [1.3, 5.8, 9.0, 21.9]
    assert names(search(zip="55401", distance="5")) == ["Z55403 Lee"]
    assert names(search(zip="55401", distance="10")) == ["Z55403 Lee", "Z55113 Lee", "Z55101 Lee"]
    assert "Z55901 Lee" not in names(search(zip="55401", distance="50"))
    # 25 miles unless asked otherwise; ZIP+4 is read as its ZIP code.
    assert search(zip="55401-1234").total == 4


def test_a_zip_search_sorted_by_name_keeps_the_radius(around_minneapolis):
    results = search(zip="55401", distance="10", sort="name")
    assert names(results) == ["Z55101 Lee", "Z55113 Lee", "Z55403 Lee"]
    assert all(entry.distance is not None for entry in results.entries)


def test_without_a_zip_code_results_are_by_name_with_no_distance(factories):
    for first in ("carla", "Bea", "Al"):
        broker(factories, first)
    results = search(type="broker", sort="distance")
    assert names(results) == ["Al Lee", "Bea Lee", "carla Lee"]
    assert all(entry.distance is None for entry in results.entries)
    assert not Criteria.parse({}).searched


def test_type_filter_maps_onto_assister_types_and_agency_kinds(factories):
    navigators = factories.agency(name="North Navigators", kind="navigator")
    counselors = factories.agency(name="Clinic Counselors", kind="cac")
    navigator(factories, "Nia", navigators)
    factories.assister("cac", with_account=True, first_name="Cal", agency=counselors)
    broker(factories, "Bo")
    by_type = {kind: {(e.kind, e.name.split()[0]) for e in search(type=kind).entries}
               for kind in ("broker", "navigator", "cac")}
    assert by_type["broker"] == {("assister", "Bo")}
    assert by_type["navigator"] == {("assister", "Nia"), ("agency", "North")}
    assert by_type["cac"] == {("assister", "Cal"), ("agency", "Clinic")}


def test_language_matches_within_the_list_whatever_the_case(factories):
    broker(factories, "Sofia", languages="english, SPANISH")
    broker(factories, "Hana", languages="Hmong")
    factories.agency(name="Casa de Ayuda", languages="Spanish, English")
    assert names(search(language="Spanish")) == ["Casa de Ayuda", "Sofia Lee"]
    assert names(search(language="Hmong")) == ["Hana Lee"]
    assert search(language="Somali").total == 0


def test_county_is_read_from_the_zip_code_table_not_the_county_column(factories):
    broker(factories, "Ramsey", zip_code="55101", county="Hennepin")  # a wrong county typed
    broker(factories, "Hennepin", zip_code="55403", county="Hennepin")
    assert names(search(county="Ramsey")) == ["Ramsey Lee"]
    assert names(search(county="Hennepin")) == ["Hennepin Lee"]


def test_name_matches_every_word_of_an_assister_or_agency(factories):
    broker(factories, "Ana", last_name="Berg")
    broker(factories, "Anders", last_name="Lund")
    factories.agency(name="Berg Family Services", kind="broker")
    assert names(search(name="berg")) == ["Ana Berg", "Berg Family Services"]
    assert names(search(name="ana  BERG")) == ["Ana Berg"]
    assert names(search(name="an")) == ["Ana Berg", "Anders Lund"]


def test_filters_combine(factories):
    broker(factories, "Near", zip_code="55403", languages="English, Somali")
    broker(factories, "Far", zip_code="55901", languages="English, Somali")
    broker(factories, "Other", zip_code="55403", languages="English")
    factories.agency(name="Somali Help Center", zip_code="55403", kind="navigator",
                     languages="Somali")
    found = search(zip="55401", distance="10", type="broker", language="Somali", name="near")
    assert names(found) == ["Near Lee"]
    assert names(search(zip="55401", language="Somali")) == ["Near Lee", "Somali Help Center"]


def test_who_is_not_in_good_standing_or_not_listed_is_absent_at_once(factories):
    agency = factories.agency(name="Agency One", zip_code="55403")
    listed = navigator(factories, "Listed", agency)
    shown = {"Listed Lee", "Agency One"}

    def shown_now(**values):
        return {e.name for e in search(zip="55401", **values).entries}

    assert shown_now() == shown
    broker(factories, "Unactivated", with_account=False)
    broker(factories, "Unlisted", listed=False)
    broker(factories, "Hidden", hidden_by_staff=True, hidden_reason="Complaint under review")
    broker(factories, "Elsewhere", zip_code="90210")  # outside Minnesota: no place
    assert shown_now() == shown

    expires_on = listed.certification_expires_on
    today = standing.minnesota_today()
    lapsing = directory.search(Criteria.parse({"zip": "55401"}), today=expires_on)
    assert {e.name for e in lapsing.entries} == shown
    lapsed = directory.search(Criteria.parse({"zip": "55401"}), today=expires_on + timedelta(1))
    assert {e.name for e in lapsed.entries} == {"Agency One"}

    changed(listed, is_active=False)
    assert shown_now() == {"Agency One"}
    changed(listed, is_active=True)
    assert shown_now() == shown
    changed(listed, certification_expires_on=today - timedelta(days=1),
            certified_on=today - timedelta(days=400))
    assert shown_now() == {"Agency One"}


def test_an_assister_off_their_agency_roster_or_not_confirmed_is_absent(factories):
    agency = factories.agency(name="Roster Agency")
    listed = navigator(factories, "Listed", agency)
    inactive = navigator(factories, "Inactive", agency, roster_status="inactive")
    waiting = navigator(factories, "Waiting", agency, roster_status="pending")
    uncertified = navigator(factories, "Uncertified", agency, certification_status="pending")
    refused = broker(factories, "Refused", certification_status="refused")
    assert [e.name for e in search(zip="55401").entries] == ["Listed Lee", "Roster Agency"]
    assert [e.name for e in directory.agency_page(agency.id).assisters] == ["Listed Lee"]
    for person in (inactive, waiting, uncertified, refused):
        with pytest.raises(NotFound):
            directory.assister_listing(person.id)
    assert directory.assister_listing(listed.id).name == "Listed Lee"


def test_an_inactive_agency_takes_its_assisters_with_it(factories):
    agency = factories.agency(name="Closing Agency")
    navigator(factories, "Staying", agency)
    assert search(name="closing").total == 1 and search(name="staying").total == 1
    agencies.update_agency(SYSTEM, agency, {"is_active": False})
    assert search(name="closing").total == 0
    assert search(name="staying").total == 0
    with pytest.raises(NotFound):
        directory.agency_page(agency.id)


def test_pages_of_twenty_and_the_total_in_one_statement(factories, sql_log):
    for n in range(41):
        factories.agency(name=f"Agency {n:02d}", kind="broker", zip_code="55403")
    sql_log.clear()
    first = search(zip="55401", sort="name")
    assert len(sql_log) == 1, "the page and the total together"
    assert (first.total, first.pages, first.page, first.first) == (41, 3, 1, 1)
    assert names(first) == [f"Agency {n:02d}" for n in range(20)]
    last = search(zip="55401", sort="name", page="3")
    assert names(last) == ["Agency 40"] and last.first == 41
    # A page past the last shows the last (counted first, then read).
    sql_log.clear()
    past = search(zip="55401", sort="name", page="99")
    assert (past.page, past.total, names(past)) == (3, 41, ["Agency 40"])
    assert len(sql_log) == 3
    nothing = search(zip="55401", name="nobody", page="2")
    assert (nothing.page, nothing.pages, nothing.total, nothing.entries) == (1, 1, 0, [])


def test_the_directory_never_selects_a_reference_number(factories, sql_log):
    agency = factories.agency(name="Open Agency")
    person = navigator(factories, "Nora", agency)
    sql_log.clear()
    found = search(zip="55401")
    page = directory.agency_page(agency.id)
    listing = directory.assister_listing(person.id)
    assert sql_log and not [sql for sql in sql_log if "reference_number" in sql or "email" in sql]
    assert "reference_number" not in {f.name for f in fields(directory.Entry)}
    for entry in (*found.entries, page.agency, *page.assisters, listing):
        assert person.reference_number not in repr(entry)


def test_a_listing_shows_the_city_only_and_its_own_phone_when_asked(factories):
    person = broker(factories, "Home", listing_shows_street=False, listing_phone="651-555-0199",
                    hours="Evenings")
    listing = directory.assister_listing(person.id)
    assert listing.street is None
    assert listing.address == "Minneapolis, MN 55401"
    assert (listing.phone, listing.hours) == ("651-555-0199", "Evenings")
    other = directory.assister_listing(broker(factories, "Office").id)
    assert other.address == "2 Lake St, Minneapolis, MN 55401"
    assert other.phone == "612-555-0101"


def test_agency_page_lists_its_listed_assisters_only(factories):
    agency = factories.agency(name="Home Agency", website="https://home.example.org")
    for first in ("Zed", "Amy"):
        navigator(factories, first, agency)
    navigator(factories, "Hidden", agency, hidden_by_staff=True)
    navigator(factories, "Elsewhere")
    page = directory.agency_page(agency.id)
    assert page.agency.name == "Home Agency"
    assert page.agency.website_url == "https://home.example.org"
    assert [entry.name for entry in page.assisters] == ["Amy Lee", "Zed Lee"]
    assert all(entry.agency_id == agency.id for entry in page.assisters)


@pytest.mark.parametrize("values", [{"listed": False}, {"hidden_by_staff": True},
                                    {"is_active": False}])
def test_an_agency_not_listed_has_no_page_and_is_not_linked(factories, values):
    agency = factories.agency(**values)
    person = navigator(factories, "Nell", agency)
    with pytest.raises(NotFound):
        directory.agency_page(agency.id)
    if values.get("is_active") is False:
        with pytest.raises(NotFound):
            directory.assister_listing(person.id)
    else:
        listing = directory.assister_listing(person.id)
        assert (listing.agency_name, listing.agency_id) == (agency.name, None)


def test_missing_and_unlisted_assisters_are_not_found(factories):
    hidden = broker(factories, "Hidden", hidden_by_staff=True)
    for assister_id in (hidden.id, 987654321):
        with pytest.raises(NotFound):
            directory.assister_listing(assister_id)
    with pytest.raises(NotFound):
        directory.agency_page(987654321)


def test_only_a_web_address_becomes_a_website_link(factories):
    factories.agency(name="Script Agency", website="javascript:alert(1)")
    (entry,) = search(name="script").entries
    assert entry.website_url is None


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"zip": "5540"}, "zip", "Enter a 5-digit ZIP code, like 55101."),
    ({"zip": "90210"}, "zip", "90210 is not a Minnesota ZIP code."),
    ({"zip": "00000"}, "zip", "We don't know the ZIP code 00000."),
    ({"zip": "55401", "distance": "7"}, "distance", "Choose a distance of 5, 10, 25 or 50"),
    ({"zip": "55401", "distance": "ten"}, "distance", "Choose a distance"),
    ({"zip": "55401", "distance": "1e1"}, "distance", "Choose a distance"),
    ({"type": "broker", "page": "two"}, "page", "The page must be a whole number"),
    ({"type": "broker", "page": "0"}, "page", "The page must be a whole number"),
    ({"type": "broker", "page": "-1"}, "page", "The page must be a whole number"),
    ({"county": "Atlantis"}, "county", "Choose a county from the list."),
    ({"type": "agent"}, "type", "Choose a type of help from the list."),
    ({"language": "Klingon"}, "language", "Choose a language from the list."),
    ({"name": "x" * 101}, "name", "Keep the name to 100 characters or fewer."),
    ({"type": "broker", "sort": "random"}, "sort", "Choose how to sort from the list."),
])
def test_what_a_search_cannot_read_is_named_by_field(values, field, message):
    with pytest.raises(InvalidCriteria) as raised:
        Criteria.parse(values)
    assert [(p.field, p.message.startswith(message)) for p in raised.value.problems] == [
        (field, True)
    ]


def test_every_problem_is_named_at_once_and_empty_values_are_defaults():
    with pytest.raises(InvalidCriteria) as raised:
        Criteria.parse({"zip": "abc", "distance": "x", "page": "y"})
    assert [p.field for p in raised.value.problems] == ["zip", "distance", "page"]
    criteria = Criteria.parse({"zip": " ", "distance": "", "page": "", "name": "  a \t b "})
    assert criteria == Criteria(name="a b")
    assert criteria.args(page=2) == {"name": "a b", "page": 2}


def test_wildcards_sql_and_html_are_text_to_look_for(factories):
    factories.agency(name="100% Helpers", kind="broker")
    factories.agency(name="1000 Helpers", kind="broker")
    broker(factories, "O'Neil")
    assert names(search(name="100%")) == ["100% Helpers"]
    assert names(search(name="100_")) == []
    assert names(search(name="%")) == ["100% Helpers"]
    assert names(search(name="o'neil")) == ["O'Neil Lee"]
    for text in ("' OR '1'='1", "1; DROP TABLE assister; --", "<script>alert(1)</script>",
                 "\\", "a\x00b"):
        assert search(name=text).total == 0
    assert search(type="broker").total == 3


def test_every_stored_type_and_language_has_a_name_to_show():
    """Types and languages are stored in English (db/assisters.py) and shown in the page's
    language: each stored value has its label."""
    assert set(directory.TYPE_LABELS["assister"]) == set(dict(ASSISTER_TYPES))
    assert set(directory.TYPE_LABELS["agency"]) == set(dict(AGENCY_KINDS))
    assert set(display.LANGUAGE_NAMES) == set(LANGUAGES)


def test_languages_are_named_in_the_language_being_written(app):
    entry = directory.Entry("agency", 1, "A", "cac", None, None, "English, Spanish, Hmong",
                            None, "Saint Paul", "MN", "55101", "651", None, None, 44.9, -93.1)
    with app.test_request_context():
        assert entry.language_names == "English, Spanish, Hmong"
        with languages.writing_in("es"):
            assert entry.language_names == "inglés, español, hmong"
            assert entry.type_label.startswith("Organización de consejeros certificados")
