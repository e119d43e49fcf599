"""The staff reports' numbers against the hand-built data set of tests/report_data.py."""

from datetime import date, datetime, timedelta

import pytest

from db.certifications import Certification
from portal.services import report_queries, reports
from portal.services.reports import Filters, InvalidFilters
from tests import report_data

TODAY = date(2025, 7, 15)
ZEROS = (0,) * 6  # no association ended, for each reason


@pytest.fixture
def made(app):
    return report_data.build()


def filters(**values):
    return Filters.parse({**report_data.PERIOD, **values}, TODAY)


def rows(table, keys=1):
    """The table's rows as {first cell (or first `keys` cells): the other cells}."""
    return {row[0] if keys == 1 else row[:keys]: row[keys:] for row in table.rows}


# Filters -----------------------------------------------------------------------------------

def test_the_default_period_is_the_twelve_months_to_this_one():
    found = Filters.parse({}, date(2026, 3, 9))
    assert (found.first, found.last) == (date(2025, 4, 1), date(2026, 3, 1))
    assert [month.label for month in found.months][::11] == ["2025-04", "2026-03"]


def test_a_month_starts_at_minnesotas_midnight_in_utc():
    found = Filters.parse({"from": "2025-01", "to": "2025-07"}, TODAY)
    assert found.starts_at == datetime(2025, 1, 1, 6)  # CST
    assert found.months[6].starts_at == datetime(2025, 7, 1, 5)  # CDT
    assert found.ends_at == datetime(2025, 8, 1, 5)


@pytest.mark.parametrize(("values", "field"), [
    ({"from": "2025-07", "to": "2025-01"}, "from"),
    ({"from": "0000-01"}, "from"),
    ({"from": "99999-01"}, "from"),
    ({"to": "2026-02-30"}, "to"),
    ({"to": "2025-13"}, "to"),
    ({"from": "2014-01", "to": "2025-01"}, "to"),
    ({"from": "' OR '1'='1"}, "from"),
    ({"county": "Atlantis"}, "county"),
    ({"county": "Ramsey\x00"}, "county"),
    ({"agency": "99999999999999999999999"}, "agency"),
    ({"agency": "1; DROP TABLE agency"}, "agency"),
])
def test_bad_filters_are_refused_with_a_message_for_their_field(app, values, field):
    with pytest.raises(InvalidFilters) as refused:
        Filters.parse(values, TODAY)
    assert refused.value.problems[0].field == field
    assert refused.value.message


def test_five_years_is_the_longest_period():
    found = Filters.parse({"from": "2020-08", "to": "2025-07"}, TODAY)
    assert len(found.months) == reports.MOST_MONTHS


# Associations ------------------------------------------------------------------------------

def test_associations_started_and_ended_by_month_and_type(made):
    (table,) = report_queries.associations(filters())
    found = rows(table, keys=2)
    # Navigator: one, two (Jan 31 at 11 p.m. in Minnesota), four, seven; one also ended.
    assert found["2025-01", "Navigator"] == (4, 1, 0, 1, 0, 0, 0, 0)
    # Two's navigator A replaced by B on March 5.
    assert found["2025-03", "Navigator"] == (1, 1, 1, 0, 0, 0, 0, 0)
    assert found["2025-02", "Certified application counselor"] == (1, 0, *ZEROS)
    # Ended on June 29 at 11 p.m. in Minnesota (June 30, 04:00 UTC).
    assert found["2025-06", "Certified application counselor"] == (0, 1, 0, 0, 0, 0, 0, 1)
    # The broker's association started in December 2024, before the period.
    assert all(found[month.label, "Broker"] == (0, 0, *ZEROS)
               for month in filters().months)
    assert len(table.rows) == 6 * 3
    assert len(table.columns) == len(table.rows[0])


def test_associations_by_the_consumers_county_and_the_assisters_agency(made):
    (ramsey,) = report_queries.associations(filters(county="Ramsey"))
    assert rows(ramsey, keys=2)["2025-01", "Navigator"][:2] == (2, 1)
    (duluth,) = report_queries.associations(filters(agency=str(made.duluth.id)))
    assert rows(duluth, keys=2)["2025-01", "Navigator"][:2] == (2, 0)
    assert sum(row[2] + row[3] for row in duluth.rows) == 2


# Enrollments and applications --------------------------------------------------------------

def test_enrollments_and_applications_by_month(made):
    by_month, by_assister = report_queries.enrollments(filters())
    assert by_month.columns[1:5] == (
        "Enrollments through a broker", "Enrollments through a navigator",
        "Enrollments through a certified application counselor",
        "Enrollments without an assister")
    found = rows(by_month)
    assert found["2025-01"] == (0, 0, 0, 0, 0, 2)
    assert found["2025-02"] == (0, 0, 1, 0, 1, 1)
    assert found["2025-03"] == (0, 1, 0, 0, 0, 0)
    assert found["2025-04"] == (1, 0, 0, 0, 0, 1)
    assert found["2025-05"] == (0, 0, 0, 1, 0, 1)
    # Seven enrolled alone in June; four's August enrollment is outside the period.
    assert found["2025-06"] == (0, 0, 0, 1, 0, 1)
    assert tuple(by_assister.every_row()) == (
        ("Ada Bravo", "Navigator", "Ramsey Navigators", 1),
        ("Ada Broker", "Broker", "Independent", 1),
        ("Ada Counselor", "Certified application counselor", made.cac.agency.name, 1),
    )


def test_enrollments_by_county_and_agency(made):
    by_month, by_assister = report_queries.enrollments(filters(county="Ramsey"))
    assert sum(row[1] + row[2] + row[3] + row[4] for row in by_month.rows) == 2
    assert [row[0] for row in by_assister.every_row()] == ["Ada Bravo", "Ada Counselor"]
    by_month, by_assister = report_queries.enrollments(filters(agency=str(made.ramsey.id)))
    # Only enrollments and applications through the agency's assisters: none alone.
    assert [row[1:] for row in by_month.rows if any(row[1:])] == [(0, 1, 0, 0, 0, 0)]
    assert tuple(by_assister.every_row()) == (("Ada Bravo", "Navigator", "Ramsey Navigators", 1),)


def test_a_later_period_counts_the_august_enrollment(made):
    by_month, _ = report_queries.enrollments(filters(**{"from": "2025-08", "to": "2025-08"}))
    assert by_month.rows == (("2025-08", 0, 1, 0, 0, 0, 0),)


# Agent of Record ---------------------------------------------------------------------------

def test_agent_of_record_lists_each_brokers_enrollment(made):
    by_month, listing = report_queries.agent_of_record(filters())
    assert rows(by_month)["2025-04"] == (1,)
    assert sum(row[1] for row in by_month.rows) == 1
    enrollment = made.aor_enrollment
    expected = (date(2025, 4, 2), "=Formula Three", "Report Silver", 2025, date(2025, 5, 1),
                "Ada Broker", "=LIC-1", enrollment.confirmation_number)
    assert listing.page(1) == ((expected,), False)
    assert list(listing.every_row()) == [expected]
    # The broker without an enrollment is not in the list.
    assert all("Idle" not in row[5] for row in listing.every_row())


def test_agent_of_record_filters(made):
    assert list(report_queries.agent_of_record(filters(county="Ramsey"))[1].every_row()) == []
    _, listing = report_queries.agent_of_record(filters(county="Hennepin"))
    assert len(list(listing.every_row())) == 1
    _, listing = report_queries.agent_of_record(filters(agency=str(made.ramsey.id)))
    assert list(listing.every_row()) == []
    _, listing = report_queries.agent_of_record(filters(**{"from": "2025-05"}))
    assert list(listing.every_row()) == []


def test_agent_of_record_pages_hold_a_hundred_rows(made, monkeypatch):
    monkeypatch.setattr(reports, "LIST_PAGE_SIZE", 1)
    _, listing = report_queries.agent_of_record(filters())
    assert len(listing.page(1)[0]) == 1 and listing.page(1)[1] is False
    assert listing.page(2) == ((), False)


# Navigator per-enrollee --------------------------------------------------------------------

def test_each_enrollment_counts_once_for_the_navigator_associated_at_that_moment(made):
    by_agency, by_navigator = report_queries.navigators(filters())
    # Two's enrollment began under A and was confirmed after B replaced A: B's. Seven enrolled
    # alone while C was associated: C's. The CAC's and the broker's clients: nobody's.
    assert by_navigator.rows == (
        ("Ada Charlie", "Duluth Helpers", 1),
        ("Ada Bravo", "Ramsey Navigators", 1),
    )
    assert by_agency.rows == (("Duluth Helpers", 1, 1), ("Ramsey Navigators", 1, 1))


def test_navigator_enrollees_outside_the_period_or_filters_are_left_out(made):
    _, by_navigator = report_queries.navigators(filters(**{"from": "2025-08", "to": "2025-12"}))
    assert by_navigator.rows == (("Ada Charlie", "Duluth Helpers", 1),)
    _, by_navigator = report_queries.navigators(filters(county="Ramsey"))
    assert by_navigator.rows == (("Ada Bravo", "Ramsey Navigators", 1),)
    by_agency, by_navigator = report_queries.navigators(filters(agency=str(made.duluth.id)))
    assert by_navigator.rows == (("Ada Charlie", "Duluth Helpers", 1),)
    _, by_navigator = report_queries.navigators(filters(**{"from": "2025-01", "to": "2025-02"}))
    assert by_navigator.rows == ()


def test_an_enrollment_at_the_instant_a_navigator_was_replaced_is_the_new_ones(made):
    from db.associations import Association
    from db.enrollments import Enrollment

    Association.update(ended_at=datetime(2025, 3, 10, 17)).where(
        Association.id == made.replaced.id).execute()
    Enrollment.update(enrolled_at=datetime(2025, 3, 8)).where(
        Enrollment.id == made.two_enrollment.id).execute()
    # A and B both cover March 8 now: the later confirmed (B) has it, once.
    _, by_navigator = report_queries.navigators(filters())
    assert ("Ada Bravo", "Ramsey Navigators", 1) in by_navigator.rows
    assert sum(row[2] for row in by_navigator.rows) == 2


# Certifications ----------------------------------------------------------------------------

def _expires(assister, days):
    Certification.update(expires_on=TODAY + timedelta(days=days),
                         starts_on=TODAY - timedelta(days=300)).where(
        Certification.assister == assister.id).execute()


def test_certifications_expiring_in_30_60_and_90_days(made):
    from db.assisters import Assister

    _expires(made.nav_a, 20)
    _expires(made.nav_c, 45)
    _expires(made.broker, 80)
    _expires(made.cac, 100)
    _expires(made.idle_broker, 20)
    # The idle broker's renewal is confirmed already: they do not lapse.
    Certification.create(assister=made.idle_broker, kind="renewal", status="confirmed",
                         starts_on=TODAY + timedelta(days=21),
                         expires_on=TODAY + timedelta(days=385))
    (table,) = report_queries.certifications(filters(), today=TODAY)
    assert table.rows == (
        ("Broker", 0, 0, 1),
        ("Navigator", 1, 2, 2),
        ("Certified application counselor", 0, 0, 0),
    )
    Assister.update(county="St. Louis").where(Assister.id == made.nav_c.id).execute()
    (table,) = report_queries.certifications(filters(county="St. Louis"), today=TODAY)
    assert table.rows[1] == ("Navigator", 0, 1, 1)
    (table,) = report_queries.certifications(filters(agency=str(made.ramsey.id)), today=TODAY)
    assert table.rows == (("Broker", 0, 0, 0), ("Navigator", 1, 1, 1),
                          ("Certified application counselor", 0, 0, 0))
