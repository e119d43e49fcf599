"""The agency's Clients: only this agency's clients, ended associations left out, each sort,
filter and search, paging, the statements a page costs and the audit row it leaves; one
client's status page."""

from datetime import date, datetime, timedelta

import pytest

from db.associations import Association
from db.audit import AuditEvent
from db.consumers import Consumer
from portal.errors import NotFound
from portal.services import activity, agency_clients, associations
from portal.services.agency_clients import SORTS, AgencyListing
from portal.services.audit import VIEWED

# (client first, last, the assister's index, application status, verification due in days)
CLIENTS = [
    ("Ann", "Smith", 0, "submitted", 40),
    ("Bob", "Smith", 1, "in_progress", None),
    ("Cara", "Lee", 0, "not_started", 10),
    ("Dan", "Lee", 1, "submitted", None),
    ("Eve", "Adams", 0, "in_progress", 25),
]


@pytest.fixture
def agency(factories):
    """An agency with two navigators (Nora Vang, Omar Ali) and the clients above, each a day
    apart; another agency's navigator with a client of the same name; and an ended association."""
    home = factories.agency(name="North Star Navigators")
    nora = factories.assister("navigator", agency=home, first_name="Nora", last_name="Vang")
    omar = factories.assister("navigator", agency=home, first_name="Omar", last_name="Ali")
    staff = (nora, omar)
    start = datetime(2026, 1, 1, 12, 0)
    made = []
    for n, (first, last, which, status, due_in) in enumerate(CLIENTS):
        consumer = factories.consumer(with_account=False, first_name=first, last_name=last)
        association = factories.association(consumer, staff[which])
        due = date(2026, 3, 1) + timedelta(days=due_in) if due_in is not None else None
        # The portal's services keep these on the consumer; triggers copy them to the row.
        Consumer.update(application_status=status, verification_due_on=due).where(
            Consumer.id == consumer.id
        ).execute()
        Association.update(requested_at=start + timedelta(days=n)).where(
            Association.id == association.id
        ).execute()
        made.append(association)
    stranger = factories.assister("navigator", first_name="Nora", last_name="Elsewhere")
    factories.association(
        factories.consumer(with_account=False, first_name="Ann", last_name="Smith"), stranger
    )
    ended = factories.association(
        factories.consumer(with_account=False, first_name="Gone", last_name="Away"), nora
    )
    associations.end_association(factories.actor(None), ended, "Moved away")
    admin = factories.agency_admin(home)
    return home, factories.actor(admin.user), staff, made


def names(page):
    return [row.full_name for row in page.rows]


def listed(agency, **asked):
    home, actor, _, _ = agency
    return agency_clients.client_page(actor, home, AgencyListing(**asked))


def test_only_this_agencys_current_clients(agency):
    page = listed(agency)
    assert names(page) == ["Eve Adams", "Cara Lee", "Dan Lee", "Ann Smith", "Bob Smith"]
    assert page.total == 5
    assert [name for _, name, _ in page.assisters] == ["Omar Ali", "Nora Vang"]
    row = page.rows[0]
    assert (row.assister_name, row.assister_type_display, row.application_display) == (
        "Nora Vang", "Navigator", "In progress")
    assert (row.enrollment_display, row.verification_due_on) == ("Not enrolled",
                                                                 date(2026, 3, 26))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Eve Adams", "Cara Lee", "Dan Lee", "Ann Smith", "Bob Smith"]),
        ("-name", ["Bob Smith", "Ann Smith", "Dan Lee", "Cara Lee", "Eve Adams"]),
        # Omar Ali's clients, then Nora Vang's, each by name.
        ("assister", ["Dan Lee", "Bob Smith", "Eve Adams", "Cara Lee", "Ann Smith"]),
        ("-assister", ["Ann Smith", "Cara Lee", "Eve Adams", "Bob Smith", "Dan Lee"]),
        # Without a deadline, last whichever the direction.
        ("deadline", ["Cara Lee", "Eve Adams", "Ann Smith", "Dan Lee", "Bob Smith"]),
        ("-deadline", ["Ann Smith", "Eve Adams", "Cara Lee", "Bob Smith", "Dan Lee"]),
        ("since", ["Ann Smith", "Bob Smith", "Cara Lee", "Dan Lee", "Eve Adams"]),
        ("-since", ["Eve Adams", "Dan Lee", "Cara Lee", "Bob Smith", "Ann Smith"]),
    ],
)
def test_each_sort(agency, sort, expected):
    assert names(listed(agency, sort=sort)) == expected


def test_every_sort_is_tested():
    assert set(SORTS) == {
        "name", "-name", "assister", "-assister", "deadline", "-deadline", "since", "-since"
    }


def test_filter_by_application_status_and_by_assister(agency):
    _, _, (nora, omar), _ = agency
    assert names(listed(agency, status="submitted")) == ["Dan Lee", "Ann Smith"]
    assert names(listed(agency, assister=omar.id)) == ["Dan Lee", "Bob Smith"]
    both = listed(agency, status="submitted", assister=nora.id)
    assert (names(both), both.assister_name) == (["Ann Smith"], "Nora Vang")


def test_another_agencys_assister_is_no_filter(agency, factories):
    stranger = factories.assister("navigator")
    page = listed(agency, assister=stranger.id, page=2)
    assert page.refused == ("assister",)
    assert (page.listing.assister, page.listing.page, page.total) == (None, 1, 5)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("smi", ["Ann Smith", "Bob Smith"]),
        ("lee cara", ["Cara Lee"]),
        # An assister's name finds their clients; a client's name among them narrows.
        ("omar", ["Dan Lee", "Bob Smith"]),
        ("vang smith", ["Ann Smith"]),
        ("ALI", ["Dan Lee", "Bob Smith"]),
        ("nobody", []),
        ("%", []),  # nothing searchable: no one, not everyone
    ],
)
def test_search_by_client_or_assister_name(agency, q, expected):
    page = listed(agency, q=q)
    assert (names(page), page.total) == (expected, len(expected))


def test_pages_and_a_page_past_the_end(agency):
    first = listed(agency, per_page=10)
    assert (first.pages, first.first, first.last) == (1, 1, 5)
    walked = []
    for number in (1, 2, 3):
        page = agency_clients.client_page(
            agency[1], agency[0], AgencyListing(per_page=10).with_(per_page=2, page=number)
        )
        assert (page.total, page.pages) == (5, 3)
        walked += names(page)
    assert walked == names(first)
    past = agency_clients.client_page(
        agency[1], agency[0], AgencyListing().with_(per_page=2, page=7)
    )
    assert (past.listing.page, past.refused, names(past)) == (1, ("page",), names(first)[:2])


def test_two_statements_a_page_and_one_audit_row(agency, sql_log):
    """The agency's assisters, then the rows with their total: whatever the sort, filter,
    search or page; then the audit row."""
    _, _, (nora, _), _ = agency
    counts = set()
    for sort in SORTS:
        for asked in ({}, {"q": "smith"}, {"status": "submitted"}, {"assister": nora.id},
                      {"page": 2, "per_page": 10}):
            sql_log.clear()
            listed(agency, sort=sort, **asked)
            reads = [sql for sql in sql_log if sql.lstrip().upper().startswith("SELECT")]
            writes = [sql for sql in sql_log if sql.lstrip().upper().startswith("INSERT")]
            counts.add((len(reads), len(writes)))
    # A page past the end (page 2 of 1) is the one case that reads again: the first page.
    assert counts == {(2, 1), (3, 1)}
    sql_log.clear()
    listed(agency, page=1)
    assert len([sql for sql in sql_log if "SELECT" in sql.upper()]) == 2


def test_each_page_view_is_one_audit_row_naming_the_agency_and_search(agency):
    home, actor, _, _ = agency
    before = AuditEvent.select().count()
    listed(agency, q="smith", status="submitted", sort="-since")
    rows = list(AuditEvent.select().order_by(AuditEvent.id.desc()).limit(2))
    assert AuditEvent.select().count() == before + 1
    row = rows[0]
    assert (row.action, row.actor_role, row.on_behalf_of_id) == (
        "agency.clients_listed", "agency_admin", None)
    assert (row.object_type, row.object_id) == ("Agency", str(home.id))
    assert row.detail == "sort=-since, q=smith, status=submitted"


def test_the_listing_refuses_what_it_does_not_have():
    query = {"sort": "bogus", "status": "x", "assister": "-3", "page": str(10**12),
             "per_page": "7", "q": "a\x00b"}
    listing = AgencyListing.from_query(query)
    assert listing == AgencyListing(q="a b")
    assert listing.refused(query)
    assert not AgencyListing.from_query({"q": "  ann  "}).refused({"q": "  ann  "})
    good = {"sort": "-deadline", "page": "2", "per_page": "50", "assister": "4"}
    assert not AgencyListing.from_query(good).refused(good)


def test_a_clients_status_is_audited_for_them_and_reads_right_to_them(agency, factories):
    home, actor, (nora, _), made = agency
    association = made[0]
    status = agency_clients.client_status(actor, home, association.id)
    assert (status.consumer.full_name, status.assister.id) == ("Ann Smith", nora.id)
    assert (status.submitted_at, status.enrollment, status.verifications) == (None, None, [])
    row = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (row.action, row.actor_role, row.on_behalf_of_id, row.object_type) == (
        VIEWED, "agency_admin", association.consumer_id, "Association")
    (at, who, what), *_ = activity.for_consumer(association.consumer_id)
    admin_name = actor.user.full_name
    assert who == f"{admin_name} (administrator of North Star Navigators)"
    assert what == "viewed your application and enrollment status"


def test_another_agencys_ended_or_missing_client_is_not_found(agency, factories):
    home, actor, _, _ = agency
    others = Association.select().where(Association.ended_at.is_null()).order_by(
        Association.id.desc()).first()  # the other agency's navigator's client
    ended = Association.get(Association.ended_at.is_null(False))
    before = AuditEvent.select().count()
    for association_id in (others.id, ended.id, 987654321):
        with pytest.raises(NotFound):
            agency_clients.client_status(actor, home, association_id)
    assert AuditEvent.select().count() == before
