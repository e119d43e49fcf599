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

The statements are SQL text, made once per shape (sort, search, filter) and cached: composing
them with peewee on every request cost as much as running them (≈ 0.3 ms each).
"""

from dataclasses import dataclass, fields, replace
from datetime import timedelta
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote_plus

import peewee as pw

from db import database, utcnow
from db.associations import Association
from db.consumers import APPLICATION_STATUSES, ENROLLMENT_STATUSES
from portal.services.associations import NOTICE_DAYS
from portal.services.name_search import matched_params, matched_sql, word_ranges

SORTS = ("-requested", "requested", "name", "-name", "status", "-status")
DEFAULT_SORT = "-requested"
# The work queue, in the order shown: each entry is also a filter of the table.
QUEUE = (
    ("new", "New requests"),
    ("in_progress", "In progress"),
    ("application_in_progress", "Applications in progress"),
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


# The assister's current clients (not ended, not expired): the partial indexes' rows. The
# same columns on client_name_word: a search's words.
_ACTIVE = "assister_id = {p} AND ended_at IS NULL AND expires_on >= {p}"
# What each queue filter adds to the search, if anything; "new" and "in_progress" are picked
# out by the counts' GROUP BY and by each page query's status.
_FILTER = {
    "application_in_progress": "consumer_application_status = 'in_progress'",
    "expiring": "expires_on <= {p}",
}


def _filter(listing, soon):
    """The queue filter as SQL on either table (None: none) with its parameters."""
    if listing.status not in _FILTER:
        return None, []
    return _FILTER[listing.status], [soon] if listing.status == "expiring" else []


def _where(by_status, filter_sql):
    return _ACTIVE + (" AND status = {p}" if by_status else "") + (
        f" AND {filter_sql}" if filter_sql else ""
    )


@lru_cache(maxsize=64)
def _counts_sql(matched, expiring_by_status, param):
    """The work queue and the totals as one statement of a few rows (kind, status, application
    status, how many): the counter rows of `client_count` (every association not ended), the
    consents that ran out without being ended (to take off), those running out soon (both a
    short range of the expiry index), and only with a search, the clients it matches (on the
    words' index).

    Those running out soon are counted by status only when the table is filtered to them: a
    GROUP BY over the range's 400-odd entries sorted them all, 8 % of a dashboard request's
    instructions on SQLite (bench/RESULTS.md), where the work queue needs one number."""
    expiring_status, expiring_group = (
        ("status", " GROUP BY status") if expiring_by_status else ("''", "")
    )
    parts = [
        "SELECT 'all' AS kind, status, consumer_application_status AS applying, "
        "clients AS number FROM client_count WHERE assister_id = {p}",
        "SELECT 'expired', status, consumer_application_status, COUNT(*) FROM association "
        "WHERE assister_id = {p} AND ended_at IS NULL AND expires_on < {p} "
        "GROUP BY status, consumer_application_status",
        f"SELECT 'expiring', {expiring_status}, '', COUNT(*) FROM association "  # noqa: S608
        "WHERE assister_id = {p} AND ended_at IS NULL AND expires_on >= {p} "
        f"AND expires_on <= {{p}}{expiring_group}",
    ]
    if matched:
        parts.append(
            f"SELECT 'matching', status, '', COUNT(*) FROM ({matched}) AS matched "  # noqa: S608
            "GROUP BY status"
        )
    return " UNION ALL ".join(parts).format(p=param)


# Every page query returns these, in this order: a ClientRow's fields.
_ROW_COLUMNS = (
    "a.id", "a.consumer_id", "c.first_name", "c.last_name", "a.requested_at", "a.status",
    "c.application_status", "c.enrollment_status", "c.home_address", "c.phone",
    "a.consumer_sort_name",
)  # fmt: skip
_ROW = ", ".join(_ROW_COLUMNS)
# What a slice of a plain page reads from its sort index (migration 016): the association's
# columns of _ROW and the sort keys.
_SLICE = "id, consumer_id, requested_at, status, consumer_sort_name"
# A first page read with the counts: each row of the statement is a count (its first four
# columns) or, of kind 'row', a client (the rest), the other's columns NULL. The counts' status
# is renamed so that the page's ORDER BY, which names the client's, reads the same here.
_COUNT_AND_ROW = "kind, status AS of_status, applying, number, " + ", ".join(
    f"NULL AS {column.split('.')[1]}" for column in _ROW_COLUMNS
)


@lru_cache(maxsize=256)
def _page_sql(slices, order, filter_sql, ranges, param):
    """One page as one statement: each slice walked on an index (OFFSET skips index entries,
    never joined rows), then the page's rows joined to their consumers. A plain page's slices
    are rows of the index itself; a search's are its matched clients' ids, sorted, and their
    associations are read by id.

    `slices` holds, per slice, the sort key, its direction and whether it is one status group;
    `ranges`, a search's ranges of words (None: no search). The page's size is the last
    parameter: slices that may each fill the page (a first page's status groups) are cut to
    it before any consumer is looked up.
    """
    parts = []
    for key, descending, by_status in slices:
        direction = " DESC" if descending else ""
        where = _where(by_status, filter_sql)
        rows = (
            f"SELECT {_SLICE} FROM association WHERE {where}"  # noqa: S608 - fixed fragments
            if ranges is None
            else matched_sql(key, where, ranges)
        )
        parts.append(f"{rows} ORDER BY {key}{direction}, id{direction} LIMIT {{p}} OFFSET {{p}}")
    cut = " LIMIT {p}"
    if len(parts) == 1 and ranges is None:
        rows = parts[0]
    else:
        # Each slice has its own LIMIT (and a search's, its sort key), so each is a subquery.
        columns = "id" if ranges is not None else _SLICE
        rows = " UNION ALL ".join(
            f"SELECT {columns} FROM ({part}) AS slice{n}"  # noqa: S608 - fixed fragments
            for n, part in enumerate(parts)
        )
        if ranges is None:
            rows = f"SELECT {_SLICE} FROM ({rows}) AS a ORDER BY {order}{cut}"  # noqa: S608
            cut = ""
    if ranges is None:
        source, where = f"({rows}) AS a", ""
    else:
        source, where = "association a", f" WHERE a.id IN ({rows})"
    return _joined(source, where, order, cut).format(p=param)


@lru_cache(maxsize=16)
def _found_page_sql(order, by_status, param):
    """A first page of a search: its clients among the statement's `found` (which holds the
    sort keys), in order and cut to the page's size, then their associations and consumers."""
    status = " WHERE a.status = {p}" if by_status else ""
    rows = f"SELECT id FROM found AS a{status} ORDER BY {order} LIMIT {{p}}"  # noqa: S608
    return _joined("association a", f" WHERE a.id IN ({rows})", order, "").format(p=param)


def _joined(source, where, order, cut):
    return (
        f"SELECT {_ROW} FROM {source} JOIN consumer c ON c.id = a.consumer_id{where} "  # noqa: S608
        f"ORDER BY {order}{cut}"
    )


@lru_cache(maxsize=256)
def _with_counts_sql(counts_sql, page_sql, order, found_sql, param):
    """The counts and a first page as one statement: one round trip to the database less for
    the page most asked for (every sort, search and filter starts on it). A search's matches
    (`found_sql`; None: no search) are looked up once for both: the words' look-ups of a
    two-word search were most of its statements' time on PostgreSQL (bench/RESULTS.md)."""
    found = "" if found_sql is None else f"WITH found AS ({found_sql.format(p=param)}) "
    return (
        f"{found}SELECT * FROM (SELECT {_COUNT_AND_ROW} FROM ({counts_sql}) AS counts "  # noqa: S608
        f"UNION ALL SELECT 'row', NULL, NULL, NULL, page.* FROM ({page_sql}) AS page) AS a "
        f"ORDER BY {order}"
    )


# What a first page's search keeps of each client it finds: the counts' and the sorts' keys.
_FOUND = "status, requested_at, consumer_sort_name"


def _counts(assister_id, listing, search, filter_sql, filter_params, today, soon, found=False):
    """The statement of the work queue and the totals, with its parameters (`found`: a
    search's matches are the statement's `found`)."""
    # The page query applies the filter itself, with or without a search; the counts only
    # with one (without, the counter rows and the expiry range give each filter's totals).
    params = [assister_id, assister_id, today, assister_id, today, soon]
    matched = None
    ranges, range_values = search
    if found:
        matched = "SELECT status FROM found"
    elif ranges is not None:
        matched = matched_sql("status", _where(False, filter_sql), ranges)
        params += matched_params([assister_id, today, *filter_params], range_values)
    sql = _counts_sql(matched, listing.status == "expiring", database.param)
    return sql, params


def _queue_and_totals(listing, counted):
    """The work queue, and per status how many clients the search and filter leave, from the
    rows of the counts' statement."""
    clients, expiring, searched = {}, {}, {}
    for kind, status, applying, number in counted:
        key = (status, applying)
        if kind == "all":
            clients[key] = clients.get(key, 0) + number
        elif kind == "expired":
            clients[key] = clients.get(key, 0) - number
        elif kind == "expiring":
            expiring[status] = number
        else:
            searched[status] = number
    queue = dict.fromkeys(FILTERS, 0)
    for (status, applying), number in clients.items():
        if status in queue:
            queue[status] += number
        if applying == "in_progress":
            queue["application_in_progress"] += number
    queue["expiring"] = sum(expiring.values())
    matching = {}
    for status in ("new", "in_progress"):
        if listing.status in ("new", "in_progress") and listing.status != status:
            matching[status] = 0
        elif listing.q:
            matching[status] = searched.get(status, 0)
        elif listing.status == "expiring":
            matching[status] = expiring.get(status, 0)
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
    page = _PageQuery(assister.id, today, key, descending, search, filter_sql, filter_params)
    counts = (assister.id, listing, search, filter_sql, filter_params, today, soon)
    if listing.page == 1 and _across_a_network():
        return _first_page(listing, counts, page, order, statuses)
    counted = database.execute_sql(*_counts(*counts)).fetchall()
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


def _first_page(listing, counts, page, order, statuses):
    """A first page and the counts in one statement (`counts`: _counts' arguments)."""
    assister_id, _listing, search, filter_sql, filter_params, today, _soon = counts
    ranges, range_values = search
    found_sql, found_params = None, []
    if ranges is None:
        # Each status group could fill the page alone: each is asked for a pageful.
        for status in statuses:
            page.add_slice(status, listing.per_page, 0, backwards=False)
        page_sql, page_params = page.sql(order), page.params(listing.per_page)
    else:
        found_sql = matched_sql(_FOUND, _where(False, filter_sql), ranges)
        found_params = matched_params([assister_id, today, *filter_params], range_values)
        one_status = statuses[0] if len(statuses) == 1 else None
        page_sql = _found_page_sql(order, one_status is not None, database.param)
        page_params = [*([one_status] if one_status else []), listing.per_page]
    counts_sql, counts_params = _counts(*counts, found=ranges is not None)
    sql = _with_counts_sql(counts_sql, page_sql, order, found_sql, database.param)
    rows, counted = [], []
    for values in database.execute_sql(sql, found_params + counts_params + page_params):
        if values[0] == "row":
            rows.append(_row(values[4:]))
        else:
            counted.append(values[:4])
    queue, matching = _queue_and_totals(listing, counted)
    return Page(listing=listing, rows=rows, total=sum(matching.values()), queue=queue)


class _PageQuery:
    """A page's statement (_page_sql) and its parameters, put together slice by slice."""

    def __init__(self, assister_id, today, key, descending, search, filter_sql, filter_params):
        self.assister_id, self.today = assister_id, today
        self.key, self.descending = key, descending
        self.ranges, self.range_values = search
        self.filter_sql, self.filter_params = filter_sql, filter_params
        self.slices, self.slice_params = [], []

    def add_slice(self, status, take, skip, backwards):
        """`take` rows of one status group (None: every status), `skip` rows in from the
        start of its order (`backwards`: from the end)."""
        self.slices.append((self.key, self.descending != backwards, status is not None))
        where_params = [self.assister_id, self.today, *([status] if status else [])]
        where_params += self.filter_params
        if self.ranges is not None:
            where_params = matched_params(where_params, self.range_values)
        self.slice_params += [*where_params, take, skip]

    def sql(self, order):
        return _page_sql(tuple(self.slices), order, self.filter_sql, self.ranges, database.param)

    def params(self, per_page):
        return [*self.slice_params, per_page]


_REQUESTED_AT = Association.requested_at.python_value


def _row(values):
    # Rows come back as the driver gives them: SQLite's timestamps are text.
    association_id, consumer_id, first, last, requested_at, *rest = values
    return ClientRow(association_id, consumer_id, first, last, _REQUESTED_AT(requested_at), *rest)
