"""Staff reports (S9): what a report is asked for (a period of months, a county, an agency),
read from the URL's query and checked, and the tables a report is made of.

The queries are in report_queries.py. Each report is one aggregate query or a few, never a loop
over rows. A month is Minnesota's: a row's time, stored in UTC, falls in the month whose first
instant (Minnesota's midnight on the 1st, in UTC) it follows, compared as plain timestamps in a
CASE (`month_of`). That is the same SQL on SQLite and PostgreSQL, right across daylight saving
time, with no time zone arithmetic in either database.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import peewee as pw

from db import row_id
from db.assisters import Agency
from portal import places
from portal.display import LOCAL_ZONE
from portal.errors import DomainError, Refusals
from portal.forms import TEXT_MESSAGE, has_control_characters
from portal.services.client_tables import PAGE_MAX, clean_text, positive_int

# The marketplace opened for enrollment in October 2013: no record is older.
FIRST_YEAR = 2013
# Years ahead a period may reach (a plan year's open enrollment starts in the autumn before).
YEARS_AHEAD = 1
DEFAULT_MONTHS = 12
MOST_MONTHS = 60
MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
LIST_PAGE_SIZE = 100


class InvalidFilters(Refusals):
    """The filters could not be read: `problems` holds one DomainError per field."""


@dataclass(frozen=True)
class Month:
    label: str  # "2026-01"
    starts_at: datetime  # naive UTC: Minnesota's midnight on the 1st


def month_start(first_day):
    """The UTC instant (naive, as stored) at which Minnesota's day `first_day` begins."""
    local = datetime(first_day.year, first_day.month, first_day.day, tzinfo=LOCAL_ZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


def add_months(first_day, count):
    index = first_day.year * 12 + first_day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Filters:
    """A report's period (whole months, `first` to `last`, the 1st of each), county and agency
    (None: any). Which county a report means (the consumer's, the assister's) is its own."""

    first: date
    last: date
    county: str = ""
    agency: Agency | None = None
    page: int = 1

    @property
    def months(self):
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return tuple(
            Month(f"{day:%Y-%m}", month_start(day))
            for day in (add_months(self.first, n) for n in range(count))
        )

    @property
    def starts_at(self):
        return month_start(self.first)

    @property
    def ends_at(self):
        """The first instant after the period (not in it)."""
        return month_start(add_months(self.last, 1))

    def within(self, column):
        """`column` (a UTC time) falls in the period."""
        return (column >= self.starts_at) & (column < self.ends_at)

    def arguments(self):
        """The filters as the URL's query holds them (what an audit row records)."""
        return {
            "from": f"{self.first:%Y-%m}",
            "to": f"{self.last:%Y-%m}",
            "county": self.county,
            "agency": str(self.agency.id) if self.agency else "",
        }

    @classmethod
    def parse(cls, values, today):
        """Filters from a mapping of strings (request.args), or InvalidFilters naming each
        field that can't be used and why. No period given: the 12 months to `today`'s."""
        problems = []

        def read(key, check):
            sent = values.get(key) or ""
            if has_control_characters(sent):
                problems.append(DomainError(str(TEXT_MESSAGE), key))
                return None
            text = clean_text(sent)
            if not text:
                return None
            try:
                return check(text, today)
            except DomainError as error:
                problems.append(error)
                return None

        first = read("from", _month("from"))
        last = read("to", _month("to"))
        county = read("county", _county) or ""
        agency = read("agency", _agency)
        page = positive_int(values.get("page"), 1, PAGE_MAX)
        if problems:
            raise InvalidFilters(problems)
        last = last or (add_months(first, DEFAULT_MONTHS - 1) if first else today.replace(day=1))
        first = first or add_months(last, 1 - DEFAULT_MONTHS)
        if first > last:
            raise InvalidFilters([DomainError(
                "The period's first month is after its last month: swap them.", "from")])
        if add_months(first, MOST_MONTHS) <= last:
            raise InvalidFilters([DomainError(
                f"Choose a period of at most {MOST_MONTHS // 12} years "
                f"({MOST_MONTHS} months).", "to")])
        return cls(first, last, county, agency, page)


def _month(name):
    def check(text, today):
        latest = today.year + YEARS_AHEAD
        expected = DomainError(
            f"Enter a month from {FIRST_YEAR}-01 to {latest}-12, as year-month (2026-01).",
            name,
        )
        found = MONTH.fullmatch(text)
        if not found:
            raise expected
        year, month, day = (int(part) if part else 1 for part in found.groups())
        if not FIRST_YEAR <= year <= latest:
            raise expected
        try:
            return date(year, month, day).replace(day=1)
        except ValueError:
            raise DomainError(f"{text} is not a date in the calendar.", name) from None

    return check


def _county(text, today):
    if text in places.counties():
        return text
    raise DomainError("Choose a Minnesota county from the list.", "county")


def _agency(text, today):
    key = row_id(text)
    found = Agency.get_or_none(Agency.id == key) if key is not None else None
    if found is None:
        raise DomainError("Choose an agency from the list.", "agency")
    return found


def agency_choices():
    """Every agency, by name: the filter's list (a few hundred)."""
    return list(Agency.select(Agency.id, Agency.name).order_by(Agency.name).tuples())


def month_of(column, months):
    """SQL: the label of the month of `months` (in order, the period's) in which `column`, a
    UTC time within the period, falls. A CASE that halves the months at each step, so a row is
    compared with a few month starts (six for five years), not with each."""
    if len(months) == 1:
        return pw.Value(months[0].label)
    middle = len(months) // 2
    return pw.Case(
        None,
        [(column < months[middle].starts_at, month_of(column, months[:middle]))],
        month_of(column, months[middle:]),
    )


@dataclass(frozen=True)
class Table:
    """A report's table: its caption, column headings and rows (tuples of text and numbers),
    all shown on one page (`page` gives them all, whichever page is asked for)."""

    key: str
    caption: str
    columns: tuple
    rows: tuple
    paged = False

    def page(self, number):
        return self.rows, False

    def every_row(self):
        return iter(self.rows)


@dataclass(frozen=True)
class Listing:
    """A table too long for one page: a query of its rows in order, each made a row by
    `shape`, read a page at a time on screen and all at once for a download."""

    key: str
    caption: str
    columns: tuple
    query: object = field(repr=False)
    shape: object = field(repr=False)
    paged = True

    def page(self, number):
        """The rows of page `number` (from 1) and whether another page follows."""
        found = list(self.query.limit(LIST_PAGE_SIZE + 1).offset((number - 1) * LIST_PAGE_SIZE))
        return tuple(map(self.shape, found[:LIST_PAGE_SIZE])), len(found) > LIST_PAGE_SIZE

    def every_row(self):
        return map(self.shape, self.query.clone().iterator())

