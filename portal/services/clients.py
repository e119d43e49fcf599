"""The assister's clients: the Client Requests dashboard (S4, S11, S13 work queue).

The dashboard must stay fast for an assister with 5,000 clients: each listing is one aggregate
query (the work queue and the filtered total together) and one query for the page, both
answered by walking the partial indexes of migration 005 in their order, never by reading and
sorting every client. The names shown come from a join; the sort and search use the
`consumer_sort_name` kept on the association row, which those indexes cover.
"""

from dataclasses import dataclass
from datetime import timedelta

import peewee as pw

from db import utcnow
from db.associations import Association
from db.consumers import Consumer
from portal.services.associations import NOTICE_DAYS

SORTS = ("-requested", "requested", "name", "-name", "status", "-status")
DEFAULT_SORT = "-requested"
FILTERS = ("new", "in_progress", "expiring")
PER_PAGE_CHOICES = (10, 25, 50, 100)
DEFAULT_PER_PAGE = 25
SEARCH_MAX = 100
# The status sort puts New before In Progress (New needs the assister first); each group by name.
STATUS_ORDER = {"status": ("new", "in_progress"), "-status": ("in_progress", "new")}


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
        values = {**self.__dict__, **changes}
        return Listing(**values)

    def params(self, **changes):
        """The query parameters for this listing with `changes`, defaults left out (short URLs)."""
        listing = self.with_(**changes)
        defaults = Listing()
        return {
            key: value for key, value in listing.__dict__.items() if value != getattr(defaults, key)
        }


@dataclass(frozen=True)
class ClientRow:
    association_id: int
    consumer_id: int
    first_name: str
    last_name: str
    requested_at: object
    status: str
    expires_on: object

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self):
        return "".join(part[:1].upper() + "." for part in (self.first_name, self.last_name))

    @property
    def status_display(self):
        return "New" if self.status == "new" else "In Progress"


@dataclass(frozen=True)
class Page:
    listing: Listing
    rows: list
    total: int
    queue: dict  # work queue: new, in_progress, expiring (whatever the search and filter)

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


def _active(assister, today):
    return (
        (Association.assister == assister)
        & Association.ended_at.is_null()
        & (Association.expires_on >= today)
    )


def _search(q):
    """Last-name prefix ("smi" finds Smith) or the prefix of any later word (first names)."""
    if not q:
        return None
    words = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # A case-sensitive LIKE on the lower-case sort name: peewee's startswith() is ILIKE on
    # PostgreSQL, which can't be answered from the index (bench/RESULTS.md). What is typed is
    # matched literally (% and _ escaped).
    return _like(f"{words}%") | _like(f"% {words}%")


def _like(pattern):
    # Plain SQL LIKE on both databases (peewee would write GLOB on SQLite, which has no ESCAPE).
    return pw.NodeList(
        (
            Association.consumer_sort_name,
            pw.SQL("LIKE"),
            pw.Value(pattern, converter=False),
            pw.SQL("ESCAPE '\\'"),
        )
    )


def _filtered(listing, today):
    condition = pw.SQL("1 = 1")
    search = _search(listing.q)
    if search is not None:
        condition = search
    if listing.status in ("new", "in_progress"):
        condition = condition & (Association.status == listing.status)
    elif listing.status == "expiring":
        condition = condition & (Association.expires_on <= today + timedelta(days=NOTICE_DAYS))
    return condition


def _count(condition):
    return pw.fn.COALESCE(pw.fn.SUM(pw.Case(None, [(condition, 1)], 0)), 0)


def client_page(assister, listing):
    """One page of the assister's current clients (not ended, not expired), sorted and filtered.

    Two queries whatever the page size: the counts (work queue and filtered total, by status)
    and the page itself. A page past the end shows the last page.
    """
    today = utcnow().date()
    soon = today + timedelta(days=NOTICE_DAYS)
    matches = _filtered(listing, today)
    # Per status: how many, how many expire soon, and how many match the search (and the
    # "expiring" filter). Grouping keeps SQLite's per-row work small on 5,000 clients.
    row_filter = _search(listing.q)
    if listing.status == "expiring":
        expiring_soon = Association.expires_on <= soon
        row_filter = expiring_soon if row_filter is None else row_filter & expiring_soon
    columns = [
        Association.status,
        # COUNT(*): a PostgreSQL index holds no id, and the count must come from the index alone.
        pw.fn.COUNT(pw.SQL("*")),
        _count(Association.expires_on <= soon),
    ]
    if row_filter is not None:
        columns.append(_count(row_filter))
    by_status = {}
    for status, number, expiring, *matched in (
        Association.select(*columns)
        .where(_active(assister, today))
        .group_by(Association.status)
        .tuples()
    ):
        by_status[status] = (int(number), int(expiring), int(matched[0] if matched else number))
    queue = {
        "new": by_status.get("new", (0,))[0],
        "in_progress": by_status.get("in_progress", (0,))[0],
        "expiring": sum(counts[1] for counts in by_status.values()),
    }
    matching_new, matching_open = (
        by_status.get(status, (0, 0, 0))[2] if listing.status in ("", "expiring", status) else 0
        for status in ("new", "in_progress")
    )
    total = matching_new + matching_open
    pages = max(1, -(-total // listing.per_page))
    listing = listing.with_(page=min(listing.page, pages))
    offset = (listing.page - 1) * listing.per_page
    if total == 0:
        rows = []
    elif listing.sort in STATUS_ORDER:
        matching = {"new": matching_new, "in_progress": matching_open}
        rows = _status_sorted(assister, listing, today, matches, offset, matching)
    else:
        rows = _sorted(assister, listing, today, matches, offset)
    return Page(listing=listing, rows=rows, total=total, queue=queue)


def _columns():
    return (
        Association.id,
        Association.consumer,
        Consumer.first_name,
        Consumer.last_name,
        Association.requested_at,
        Association.status,
        Association.expires_on,
        Association.consumer_sort_name,
    )


def _order(sort):
    # Ties broken by id, in the direction of the sort, so each page's rows are stable and the
    # database can walk the index (the id is the row id that ends every SQLite index entry).
    descending = sort.startswith("-")
    key = Association.consumer_sort_name if sort.endswith("name") else Association.requested_at
    if descending:
        return (key.desc(), Association.id.desc())
    return (key.asc(), Association.id.asc())


def _row(values):
    # A compound query's rows come back as the driver gives them: convert as the fields would.
    association_id, consumer_id, first, last, requested_at, status, expires_on = values[:7]
    return ClientRow(
        association_id,
        consumer_id,
        first,
        last,
        Association.requested_at.python_value(requested_at),
        status,
        Association.expires_on.python_value(expires_on),
    )


def _rows(query):
    return [_row(row) for row in query.tuples()]


def _page_of(ids, order):
    """The rows of one page, joined to the consumer only for the ids of that page.

    The ids come from the index alone (a deferred join): OFFSET then skips index entries, never
    joined rows, so page 150 costs what page 1 does (bench/RESULTS.md).
    """
    return (
        Association.select(*_columns())
        .join(Consumer, on=(Association.consumer == Consumer.id))
        .where(Association.id.in_(ids))
        .order_by(*order)
    )


def _sorted(assister, listing, today, matches, offset):
    order = _order(listing.sort)
    ids = (
        Association.select(Association.id)
        .where(_active(assister, today) & matches)
        .order_by(*order)
        .limit(listing.per_page)
        .offset(offset)
    )
    return _rows(_page_of(ids, order))


def _status_sorted(assister, listing, today, matches, offset, matching):
    """Status order as one statement: a slice of each status group, each walked by name on the
    (assister, status, name) index, glued in the group order. The slices come from the counts,
    so the outer sort only ever orders one page of rows."""
    parts = []
    remaining, skip = listing.per_page, offset
    for position, status in enumerate(STATUS_ORDER[listing.sort]):
        in_group = matching[status]
        take = max(0, min(remaining, in_group - skip))
        if take:
            order = (Association.consumer_sort_name, Association.id)
            ids = (
                Association.select(Association.id)
                .where(_active(assister, today) & matches & (Association.status == status))
                .order_by(*order)
                .limit(take)
                .offset(skip)
            )
            parts.append(_page_of(ids, order).select_extend(pw.SQL(str(position)).alias("grp")))
            remaining -= take
        skip = max(0, skip - in_group)
    if not parts:
        return []
    if len(parts) == 1:
        return _rows(parts[0])
    wrapped = [pw.Select([part.alias(f"part{n}")], [pw.SQL("*")]) for n, part in enumerate(parts)]
    union = wrapped[0].union_all(wrapped[1])
    union = union.order_by(pw.SQL("grp"), pw.SQL("consumer_sort_name"), pw.SQL("id"))
    cursor = union.bind(Association._meta.database).tuples()
    return [_row(row) for row in cursor]
