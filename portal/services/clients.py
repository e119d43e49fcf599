"""The assister's clients as the Client Requests dashboard lists them (S4, S11, S13 work queue).

`client_page(assister, listing)` is the whole read model: the work queue, the totals and one
page of the assister's current clients (not ended, not expired), sorted, filtered and searched.
What was asked for is in client_listing.py, the work queue's counts in work_queue.py; the page
is walked here.

Its cost must not grow with the state's data or with the page's depth (S11), so it reads only
the assister's own rows, from the association's partial indexes (db/associations.py):
- the work queue from the counter rows of `client_count` and short index ranges;
- a page by walking the index of its sort order: from the row before it when the listing
  carries one (`after`, `before`: a keyset page, what Next and Previous ask for), otherwise by
  skipping index entries from whichever end is nearer (a page number typed or jumped to);
- a name search as a LIKE on the sort name kept in those same index entries, among the
  assister's clients only (at most a few thousand), so it needs no index of every name.
The names and case columns shown are joined for the page's rows alone.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

import peewee as pw

from db import utcnow
from db.associations import Association
from db.consumers import APPLICATION_STATUSES, ENROLLMENT_STATUSES, Consumer
from portal.services import work_queue
from portal.services.client_listing import STATUSES, Asked, Listing, narrowing
from portal.services.client_tables import PageSpan
from portal.services.consent_expiry import NOTICE_DAYS

APPLICATION_LABELS = dict(APPLICATION_STATUSES)
ENROLLMENT_LABELS = dict(ENROLLMENT_STATUSES)


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
    # The earliest due date of the household's unpaid premium invoices, if any.
    premium_due_on: object

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
    def premium_overdue(self):
        return self.premium_due_on is not None and self.premium_due_on < utcnow().date()

    @property
    def enrollment_display(self):
        return ENROLLMENT_LABELS.get(self.enrollment_status, self.enrollment_status)


@dataclass(frozen=True)
class Page(PageSpan):
    listing: Listing
    rows: list
    total: int
    queue: dict  # the work queue, by QUEUE key (whatever the search and filter)


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
            Consumer.premium_due_on,
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
    ordered = segments[::-1] if backwards else segments
    # A row of another status than the listing's (a Status filter) is not in it either.
    start = next(
        (i for i, s in enumerate(ordered) if anchor and s.status in (None, anchor.status)), None
    )
    if start is None:
        return None
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
    narrowed, found = narrowing(listing, today, soon)
    asked = Asked(assister.id, today, soon, narrowed, found)
    queue, matching = work_queue.counts(listing, asked)
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
