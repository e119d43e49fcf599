"""The assister's clients as the Client Requests dashboard lists them (S4, S11, S13 work queue).

`client_page(assister, listing)` is the whole read model: the work queue, the totals and one
page of the assister's current clients (not ended, not expired), sorted, filtered and searched.

Its cost must not grow with the state's data or with the page's depth (S11), so it reads only
the assister's own rows, from the association's partial indexes (db/associations.py):
- the work queue from the counter rows of `client_count` and two short index ranges;
- a page by walking the index of its sort order: from the row before it when the listing
  carries one (`after`, `before`: a keyset page, what Next and Previous ask for), otherwise by
  skipping index entries from whichever end is nearer (a page number typed or jumped to);
- a name search as a LIKE on the sort name kept in those same index entries, among the
  assister's clients only (at most a few thousand), so it needs no index of every name.
The names and case columns shown are joined for the page's rows alone.
"""

import functools
import operator
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import NamedTuple

import peewee as pw

from db import database, utcnow
from db.associations import Association
from db.consumers import APPLICATION_STATUSES, ENROLLMENT_STATUSES, Consumer
from portal.services.associations import NOTICE_DAYS
from portal.services.client_names import name_words

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
STATUSES = ("new", "in_progress")
PER_PAGE_CHOICES = (10, 25, 50, 100)
DEFAULT_PER_PAGE = 25
SEARCH_MAX = 100
ROW_ID_MAX = 2**63 - 1
APPLICATION_LABELS = dict(APPLICATION_STATUSES)
ENROLLMENT_LABELS = dict(ENROLLMENT_STATUSES)


@dataclass(frozen=True)
class Listing:
    """What the dashboard asked for, cleaned: anything unknown became the default. `after` and
    `before` name the row a Next or Previous page continues from (an association id)."""

    sort: str = DEFAULT_SORT
    q: str = ""
    status: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    after: int | None = None
    before: int | None = None

    @classmethod
    def clean(
        cls, sort=None, q=None, status=None, page=None, per_page=None, after=None, before=None
    ):
        """Build a listing from untrusted text (query parameters): bad values fall back."""
        after = _positive_int(after, None, ROW_ID_MAX)
        return cls(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            q=_clean_text(q),
            status=status if status in FILTERS else "",
            page=_positive_int(page, 1, 10**9),
            per_page=_choice_int(per_page, PER_PAGE_CHOICES, DEFAULT_PER_PAGE),
            after=after,
            before=_positive_int(before, None, ROW_ID_MAX) if after is None else None,
        )

    def with_(self, **changes):
        return replace(self, **changes)

    def args(self, **changes):
        """The URL query of this listing with `changes`, defaults left out. A link keeps the
        row it continues from only when `changes` names one: any other change starts afresh."""
        values = {**self.__dict__, "after": None, "before": None, **changes}
        return {key: values[key] for key, default in _DEFAULTS if values[key] != default}


_DEFAULTS = tuple((field.name, field.default) for field in fields(Listing))


class ClientRow(NamedTuple):
    """One client of the table."""

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


def _positive_int(value, default, most):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= most else default


def _choice_int(value, choices, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in choices else default


class _Segment(NamedTuple):
    """A run of the table walked on one index: the clients of one status (None: every one)
    in the order of `key` then id, descending or not."""

    status: str | None
    key: pw.Field
    descending: bool

    def order(self, backwards=False):
        down = self.descending != backwards
        return [self.key.desc(), Association.id.desc()] if down else [self.key, Association.id]

    def beyond(self, anchor, backwards=False):
        """The rows after `anchor` in this order (`backwards`: before it)."""
        value = getattr(anchor, self.key.name)
        if self.descending != backwards:
            return (self.key <= value) & ((self.key < value) | (Association.id < anchor.id))
        return (self.key >= value) & ((self.key > value) | (Association.id > anchor.id))


def _segments(listing):
    """The runs the listing's order is made of: the Status sort is each status in turn (New
    first for "status"), by name; the others are one run."""
    if listing.sort in ("status", "-status"):
        statuses = STATUSES if listing.sort == "status" else STATUSES[::-1]
        if listing.status in STATUSES:
            statuses = (listing.status,)
        return [_Segment(status, Association.consumer_sort_name, False) for status in statuses]
    key = Association.consumer_sort_name if "name" in listing.sort else Association.requested_at
    status = listing.status if listing.status in STATUSES else None
    return [_Segment(status, key, listing.sort.startswith("-"))]


class _Asked(NamedTuple):
    """One request's view of the assister's clients."""

    assister_id: int
    today: object
    soon: object
    # The clients the listing's queue filter and search leave (None: no condition); `found`
    # is False when the search has no word to look for and so finds no one.
    narrowed: object
    found: bool

    @property
    def current(self):
        return (
            (Association.assister == self.assister_id)
            & Association.ended_at.is_null()
            & (Association.expires_on >= self.today)
        )

    @property
    def listed(self):
        return self.current if self.narrowed is None else self.current & self.narrowed


def _narrowing(listing, soon):
    """The queue filter's and the search's condition (None: none), and whether anyone can
    match: a search must have a word to look for."""
    conditions = []
    if listing.status == "application_in_progress":
        conditions.append(Association.consumer_application_status == "in_progress")
    elif listing.status == "verification":
        conditions.append(Association.consumer_verification_due_on.is_null(False))
    elif listing.status == "expiring":
        conditions.append(Association.expires_on <= soon)
    words = name_words(listing.q) if listing.q else []
    # Each word typed begins a word of the sort name ("de la cruz ana"), which holds nothing but
    # [0-9a-z] and single spaces, as the typed words do: no LIKE wildcard can come in, and no
    # case needs folding, so it is a plain LIKE on both databases (peewee writes its `%` as
    # GLOB on SQLite and its `**` as ILIKE, several times slower, on PostgreSQL).
    spaced = pw.Value(" ").concat(Association.consumer_sort_name)
    conditions += [pw.NodeList((spaced, pw.SQL("LIKE"), f"% {word}%")) for word in words]
    narrowed = functools.reduce(operator.and_, conditions) if conditions else None
    return narrowed, not listing.q or bool(words)


# The work queue as one statement of a few rows (kind, status, application status, how many):
# the counter rows of `client_count` (every association not ended), those whose consent ran out
# without being ended (to take off), those running out soon and those with documents due (both
# short ranges of the expiry index). Fixed text, so written out once; `?` is the parameter mark.
WORK_QUEUE_SQL = """
SELECT 'kept' AS kind, status, consumer_application_status AS applying, clients AS number
  FROM client_count WHERE assister_id = ?
UNION ALL
SELECT 'lapsed', status, consumer_application_status, COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on < ?
  GROUP BY status, consumer_application_status
UNION ALL
SELECT 'expiring', status, '', COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on >= ? AND expires_on <= ?
  GROUP BY status
UNION ALL
SELECT 'verification', status, '', COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on >= ?
    AND consumer_verification_due_on IS NOT NULL
  GROUP BY status
"""


def _work_queue(asked):
    """The rows of WORK_QUEUE_SQL for this request."""
    a, today = asked.assister_id, asked.today
    params = (a, a, today, a, today, asked.soon, a, today)
    # The drivers differ only in the mark: SQLite's `?`, psycopg's `%s` (database.param).
    return database.execute_sql(WORK_QUEUE_SQL.replace("?", database.param), params).fetchall()


def _counts(listing, asked):
    """The work queue, and per status how many clients the listing's filter and search leave
    (a search's, counted on the sort order's index)."""
    counted = _work_queue(asked)
    if listing.q and asked.found:
        matching = (
            Association.select(
                pw.Value("matching"), Association.status, pw.Value(""), pw.fn.COUNT(Association.id)
            )
            .where(asked.listed)
            .group_by(Association.status)
            .tuples()
        )
        counted += list(matching)
    kept_by, ranges = {}, {"lapsed": {}, "expiring": {}, "verification": {}, "matching": {}}
    for kind, status, applying, number in counted:
        if kind == "kept":
            kept_by[status, applying] = number
        elif kind == "lapsed":
            ranges[kind][status, applying] = number
        else:
            ranges[kind][status] = number
    clients = {key: number - ranges["lapsed"].get(key, 0) for key, number in kept_by.items()}
    by_status = {status: _sum(clients, status) for status in STATUSES}
    queue = {
        **by_status,
        "application_in_progress": sum(clients.get((s, "in_progress"), 0) for s in STATUSES),
        "expiring": sum(ranges["expiring"].values()),
        "verification": sum(ranges["verification"].values()),
    }
    if listing.q:
        matching = {status: ranges["matching"].get(status, 0) for status in STATUSES}
    elif listing.status in ("expiring", "verification"):
        matching = {status: ranges[listing.status].get(status, 0) for status in STATUSES}
    elif listing.status == "application_in_progress":
        matching = {status: clients.get((status, "in_progress"), 0) for status in STATUSES}
    else:
        matching = by_status
    if listing.status in STATUSES:
        matching = {
            status: matching[status] if status == listing.status else 0 for status in STATUSES
        }
    return queue, matching


def _sum(clients, status):
    return sum(number for (of, _applying), number in clients.items() if of == status)


def _rows(asked, segment, take, skip=0, anchor=None, backwards=False):
    """`take` rows of a segment in its order (`backwards`: in reverse), skipping `skip` index
    entries or starting after `anchor`. The ids are found on the index, then only they are
    joined to their consumers."""
    where = asked.listed
    if segment.status is not None:
        where &= Association.status == segment.status
    if anchor is not None:
        where &= segment.beyond(anchor, backwards)
    order = segment.order(backwards)
    page = (
        Association.select(Association.id)
        .where(where)
        .order_by(*order)
        .limit(take)
        .offset(skip)
        .alias("page")
    )
    rows = (
        Association.select(
            Association.id,
            Association.consumer,
            Consumer.first_name,
            Consumer.last_name,
            Association.requested_at,
            Association.status,
            Consumer.application_status,
            Consumer.enrollment_status,
            Consumer.home_address,
            Consumer.phone,
            Consumer.verification_due_on,
        )
        .join(page, on=(Association.id == page.c.id))
        .join_from(Association, Consumer)
        .order_by(*order)
        .tuples()
    )
    return [ClientRow(*values) for values in rows]


def _anchor(asked, row_id):
    """The row a Next or Previous page continues from, if it is still in this listing."""
    return (
        Association.select(
            Association.id,
            Association.status,
            Association.requested_at,
            Association.consumer_sort_name,
        )
        .where(asked.listed & (Association.id == row_id))
        .first()
    )


def _continued(asked, segments, listing, anchor_id, backwards):
    """A page after (or before) a row: the rest of its segment, then the next segments."""
    anchor = _anchor(asked, anchor_id)
    if anchor is None:
        return None
    ordered = segments[::-1] if backwards else segments
    start = next(i for i, s in enumerate(ordered) if s.status in (None, anchor.status))
    rows = []
    for number, segment in enumerate(ordered[start:]):
        rows += _rows(
            asked,
            segment,
            listing.per_page - len(rows),
            anchor=anchor if number == 0 else None,
            backwards=backwards,
        )
        if len(rows) == listing.per_page:
            break
    return rows[::-1] if backwards else rows


def _numbered(asked, segments, listing, matching):
    """A page by its number: each segment's part of it, walked from the nearer end."""
    rows, skip = [], (listing.page - 1) * listing.per_page
    for segment in segments:
        size = sum(matching.values()) if segment.status is None else matching[segment.status]
        take = max(0, min(listing.per_page - len(rows), size - skip))
        if take:
            from_end = size - skip - take
            if from_end < skip:
                rows += _rows(asked, segment, take, from_end, backwards=True)[::-1]
            else:
                rows += _rows(asked, segment, take, skip)
        skip = max(0, skip - size)
    return rows


def client_page(assister, listing):
    """One page of the assister's current clients, with the work queue and the totals. A page
    number past the end shows the last page."""
    today = utcnow().date()
    soon = today + timedelta(days=NOTICE_DAYS)
    narrowed, found = _narrowing(listing, soon)
    asked = _Asked(assister.id, today, soon, narrowed, found)
    queue, matching = _counts(listing, asked)
    total = sum(matching.values())
    pages = max(1, -(-total // listing.per_page))
    if listing.page > pages:
        listing = listing.with_(page=pages, after=None, before=None)
    if total == 0:
        return Page(listing=listing, rows=[], total=0, queue=queue)
    segments = _segments(listing)
    rows = None
    if listing.after or listing.before:
        rows = _continued(
            asked,
            segments,
            listing,
            listing.after or listing.before,
            backwards=bool(listing.before),
        )
    if not rows:
        rows = _numbered(asked, segments, listing, matching)
    return Page(listing=listing, rows=rows, total=total, queue=queue)
