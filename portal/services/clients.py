"""The assister's clients: the Client Requests dashboard (S4, S11, S13 work queue).

The dashboard must stay fast for an assister with 5,000 clients (bench/RESULTS.md): two
statements whatever the page size, and on PostgreSQL one for a first page. The work queue (with
the filtered totals) comes from the counter rows the database keeps in `client_count` and a
short range of the expiry index; the page walks one of the partial indexes of migrations 009
and 016 in its order and takes its rows from the index itself, never reading or sorting every
client. The sort uses the `consumer_sort_name` and the queue the `consumer_application_status`
kept on the association row, which those indexes cover. A name search reads the words of
`client_name_word` instead, whose rows carry the same columns (migration 015;
portal.services.name_search). The names and case columns shown come from a join on the page's
rows only.

The statements' SQL is in portal.services.client_statements.
"""

from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import NamedTuple
from urllib.parse import quote_plus

import peewee as pw

from db import database, utcnow
from db.associations import Association
from db.consumers import APPLICATION_STATUSES, ENROLLMENT_STATUSES
from portal.services.associations import NOTICE_DAYS
from portal.services.client_statements import (
    FILTER_SQL,
    FOUND,
    PageQuery,
    counts_sql,
    current_where,
    found_page_sql,
    with_counts_sql,
)
from portal.services.name_search import matched_params, matched_sql, word_ranges

SORTS = ("-requested", "requested", "name", "-name", "status", "-status")
DEFAULT_SORT = "-requested"
# The work queue, in the order shown: each entry is also a filter of the table.
QUEUE = (
    ("new", "New requests"),
    ("in_progress", "In progress"),
    ("application_in_progress", "Applications in progress"),
    ("verification", "Verification deadlines"),
    ("expiring", f"Consents expiring within {NOTICE_DAYS} days"),
)
FILTERS = tuple(key for key, _label in QUEUE)
PER_PAGE_CHOICES = (10, 25, 50, 100)
DEFAULT_PER_PAGE = 25
SEARCH_MAX = 100
# The status sort puts New before In Progress (New needs the assister first); each group by name.
STATUS_ORDER = {"status": ("new", "in_progress"), "-status": ("in_progress", "new")}
APPLICATION_LABELS = dict(APPLICATION_STATUSES)
ENROLLMENT_LABELS = dict(ENROLLMENT_STATUSES)


@dataclass(frozen=True)
class Listing:
    """What the dashboard asked for, cleaned: anything unknown became the default."""

    sort: str = DEFAULT_SORT
    q: str = ""
    status: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def clean(cls, sort=None, q=None, status=None, page=None, per_page=None):
        """Build a listing from untrusted text (query parameters): bad values fall back."""
        return cls(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            q=_clean_text(q),
            status=status if status in FILTERS else "",
            page=_positive_int(page, 1),
            per_page=_choice_int(per_page, PER_PAGE_CHOICES, DEFAULT_PER_PAGE),
        )

    def with_(self, **changes):
        return replace(self, **changes)

    def query(self, **changes):
        """The URL query of this listing with `changes`, defaults left out (short URLs). A
        dashboard page asks for about twenty (its links), so no Listing is built for each, and
        only the search is quoted: every other value is one of a few words or a number."""
        values = {**self.__dict__, **changes}
        return "&".join(
            f"{key}={quote_plus(values[key]) if key == 'q' else values[key]}"
            for key, default in _DEFAULTS
            if values[key] != default
        )


_DEFAULTS = tuple((field.name, field.default) for field in fields(Listing))


class ClientRow(NamedTuple):
    """One client of the table. A tuple: 25 a page are made on every dashboard request, and a
    frozen dataclass set each of its ten fields one call at a time."""

    association_id: int
    consumer_id: int
    first_name: str
    last_name: str
    requested_at: object
    status: str
    application_status: str
    enrollment_status: str
    # The case's address and phone: None until an application is submitted.
    home_address: str | None
    phone: str | None
    # The earliest due date of the household's open verification requests, if any.
    verification_due_on: object
    # The name as the Name sort orders it (kept on the association).
    sort_name: str

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self):
        return "".join(part[:1].upper() + "." for part in (self.first_name, self.last_name))

    @property
    def status_display(self):
        return "New" if self.status == "new" else "In Progress"

    @property
    def application_display(self):
        return APPLICATION_LABELS.get(self.application_status, self.application_status)

    @property
    def enrollment_display(self):
        return ENROLLMENT_LABELS.get(self.enrollment_status, self.enrollment_status)


@dataclass(frozen=True)
class Page:
    listing: Listing
    rows: list
    total: int
    queue: dict  # the work queue, by QUEUE key (whatever the search and filter)

    @property
    def pages(self):
        return max(1, -(-self.total // self.listing.per_page))

    @property
    def first(self):
        return (self.listing.page - 1) * self.listing.per_page + 1 if self.rows else 0

    @property
    def last(self):
        return self.first + len(self.rows) - 1 if self.rows else 0


def _clean_text(text):
    # Control characters (a NUL cannot even be sent to PostgreSQL) become spaces, runs of
    # spaces one, and the search is cut to SEARCH_MAX characters.
    printable = "".join(ch if ch.isprintable() else " " for ch in (text or "")[: SEARCH_MAX * 10])
    return " ".join(printable.split())[:SEARCH_MAX]


def _positive_int(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= 10**9 else default


def _choice_int(value, choices, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in choices else default


def _filter(listing, soon):
    """The queue filter as SQL on either table (None: none) with its parameters."""
    if listing.status not in FILTER_SQL:
        return None, []
    return FILTER_SQL[listing.status], [soon] if listing.status == "expiring" else []


class _Asked(NamedTuple):
    """What one dashboard request reads: the assister's current clients as of `today` that the
    listing's search (`word_ranges`) and queue filter (`_filter`) leave."""

    assister_id: int
    listing: Listing
    search: tuple
    filter_sql: str | None
    filter_params: list
    today: object
    soon: object

    def matches(self, columns):
        """The clients the search finds, with `columns` (matched_sql), and its parameters."""
        ranges, range_values = self.search
        where_params = [self.assister_id, self.today, *self.filter_params]
        return (
            matched_sql(columns, current_where(False, self.filter_sql), ranges),
            matched_params(where_params, range_values),
        )


def _counts(asked, found=False):
    """The statement of the work queue and the totals, with its parameters (`found`: a
    search's matches are the statement's `found`)."""
    # The page query applies the filter itself, with or without a search; the counts only
    # with one (without, the counter rows and the expiry range give each filter's totals).
    assister_id, today = asked.assister_id, asked.today
    params = [assister_id, assister_id, today, assister_id, today, asked.soon]
    params += [assister_id, today]
    matched = None
    if found:
        matched = "SELECT status FROM found"
    elif asked.search[0] is not None:
        matched, search_params = asked.matches("status")
        params += search_params
    sql = counts_sql(matched, asked.listing.status, database.param)
    return sql, params


def _queue_and_totals(listing, counted):
    """The work queue, and per status how many clients the search and filter leave, from the
    rows of the counts' statement."""
    clients, searched = {}, {}
    ranged = {"expiring": {}, "verification": {}}  # by status when the table is filtered to it
    for kind, status, applying, number in counted:
        key = (status, applying)
        if kind == "all":
            clients[key] = clients.get(key, 0) + number
        elif kind == "expired":
            clients[key] = clients.get(key, 0) - number
        elif kind in ranged:
            ranged[kind][status] = number
        else:
            searched[status] = number
    queue = dict.fromkeys(FILTERS, 0)
    for (status, applying), number in clients.items():
        if status in queue:
            queue[status] += number
        if applying == "in_progress":
            queue["application_in_progress"] += number
    for kind, by_status in ranged.items():
        queue[kind] = sum(by_status.values())
    matching = {}
    for status in ("new", "in_progress"):
        if listing.status in ("new", "in_progress") and listing.status != status:
            matching[status] = 0
        elif listing.q:
            matching[status] = searched.get(status, 0)
        elif listing.status in ranged:
            matching[status] = ranged[listing.status].get(status, 0)
        elif listing.status == "application_in_progress":
            matching[status] = clients.get((status, "in_progress"), 0)
        else:
            matching[status] = _in_status(clients, status)
    return queue, matching


def _in_status(counts, status):
    return sum(number for (of, _applying), number in counts.items() if of == status)


def client_page(assister, listing):
    """One page of the assister's current clients (not ended, not expired), sorted and filtered.

    Two statements: the counts (work queue and filtered totals, by status) say where the page
    lies (a page past the end shows the last page), then the page itself. A first page does not
    depend on the counts, and on PostgreSQL both are read in one statement (_first_page).
    """
    today = utcnow().date()
    soon = today + timedelta(days=NOTICE_DAYS)
    search = word_ranges(listing.q)
    filter_sql, filter_params = _filter(listing, soon)
    one_status = listing.status if listing.status in STATUS_ORDER["status"] else None
    if listing.sort in STATUS_ORDER:
        statuses = [status for status in STATUS_ORDER[listing.sort] if one_status in (None, status)]
        key, descending = "consumer_sort_name", False
        group_rank = "CASE a.status WHEN 'new' THEN 0 ELSE 1 END"
        order = f"{group_rank}{' DESC' if listing.sort == '-status' else ''}, "
        order += "a.consumer_sort_name, a.id"
    else:
        statuses = [one_status]
        descending = listing.sort.startswith("-")
        key = "consumer_sort_name" if listing.sort.endswith("name") else "requested_at"
        direction = " DESC" if descending else ""
        order = f"a.{key}{direction}, a.id{direction}"
    page = PageQuery(assister.id, today, key, descending, search, filter_sql, filter_params)
    asked = _Asked(assister.id, listing, search, filter_sql, filter_params, today, soon)
    if listing.page == 1 and _across_a_network():
        return _first_page(asked, page, order, statuses, one_status)
    counted = database.execute_sql(*_counts(asked)).fetchall()
    queue, matching = _queue_and_totals(listing, counted)
    total = sum(matching.values())
    pages = max(1, -(-total // listing.per_page))
    listing = listing.with_(page=min(listing.page, pages))
    if total == 0:
        return Page(listing=listing, rows=[], total=0, queue=queue)
    remaining, skip = listing.per_page, (listing.page - 1) * listing.per_page
    for status in statuses:
        size = total if status is None else matching[status]
        take = max(0, min(remaining, size - skip))
        if take:
            # Walk from whichever end of the slice is nearer: page 150 of 200 skips 1,250
            # index entries backwards rather than 3,725 forwards (the outer ORDER BY puts
            # the rows back in order).
            from_end = size - skip - take
            backwards = from_end < skip
            page.add_slice(status, take, from_end if backwards else skip, backwards)
            remaining -= take
        skip = max(0, skip - size)
    sql, params = page.sql(order), page.params(listing.per_page)
    rows = [_row(values) for values in database.execute_sql(sql, params).fetchall()]
    return Page(listing=listing, rows=rows, total=total, queue=queue)


def _across_a_network():
    """Whether each statement is a round trip to a database server. On PostgreSQL that is
    ≈ 0.1 ms of CPU (client, kernel and server) on the 2-core machine, more than the union of
    the counts and a first page costs; SQLite, in the worker's own process, runs the two
    statements apart in 9 % fewer instructions than their union (bench/RESULTS.md)."""
    return not isinstance(database.obj, pw.SqliteDatabase)


def _first_page(asked, page, order, statuses, one_status):
    """A first page and the counts in one statement."""
    listing = asked.listing
    found_sql, found_params = None, []
    if asked.search[0] is None:
        # Each status group could fill the page alone: each is asked for a pageful.
        for status in statuses:
            page.add_slice(status, listing.per_page, 0, backwards=False)
        page_sql, page_params = page.sql(order), page.params(listing.per_page)
    else:
        found_sql, found_params = asked.matches(FOUND)
        page_sql = found_page_sql(order, one_status is not None, database.param)
        page_params = [*([one_status] if one_status else []), listing.per_page]
    queue_sql, queue_params = _counts(asked, found=found_sql is not None)
    sql = with_counts_sql(queue_sql, page_sql, order, found_sql, database.param)
    rows, counted = [], []
    for values in database.execute_sql(sql, found_params + queue_params + page_params):
        if values[0] == "row":
            rows.append(_row(values[4:]))
        else:
            counted.append(values[:4])
    queue, matching = _queue_and_totals(listing, counted)
    return Page(listing=listing, rows=rows, total=sum(matching.values()), queue=queue)


_REQUESTED_AT = Association.requested_at.python_value
_DUE_ON = Association.consumer_verification_due_on.python_value


def _row(values):
    # Rows come back as the driver gives them: SQLite's dates and timestamps are text.
    association_id, consumer_id, first, last, requested_at, *shown, due_on, sort_name = values
    return ClientRow(
        association_id, consumer_id, first, last, _REQUESTED_AT(requested_at), *shown,
        _DUE_ON(due_on), sort_name,
    )
