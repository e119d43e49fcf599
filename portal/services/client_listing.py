"""What the Client Requests dashboard asks for (S4): a Listing made from the URL's query, and
the conditions on the association that select the assister's clients it lists."""

import functools
import operator
from dataclasses import dataclass
from typing import NamedTuple

from db.associations import Association
from portal.services.client_tables import (
    DEFAULT_PER_PAGE,
    PAGE_MAX,
    PER_PAGE_CHOICES,
    ROW_ID_MAX,
    TableQuery,
    begins_a_name_word,
    choice_int,
    clean_text,
    positive_int,
    search_words,
)
from portal.services.consent_expiry import NOTICE_DAYS

SORTS = ("-requested", "requested", "name", "-name", "status", "-status")
DEFAULT_SORT = "-requested"
# The work queue, in the order shown: each entry is also a filter of the table.
QUEUE = (
    ("new", "New requests"),
    ("in_progress", "In progress"),
    ("application_in_progress", "Applications in progress"),
    ("verification", "Verification deadlines"),
    ("premium_overdue", "Premiums overdue"),
    ("unread_notices", "Unread notices"),
    ("expiring", f"Consents expiring within {NOTICE_DAYS} days"),
)
FILTERS = tuple(key for key, _label in QUEUE)
STATUSES = ("new", "in_progress")


@dataclass(frozen=True)
class Listing(TableQuery):
    """What the dashboard asked for, cleaned: anything unknown became the default. `after` and
    `before` name the row a Next or Previous page continues from (an association id)."""

    CONTINUATION = ("after", "before")

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
        after = positive_int(after, None, ROW_ID_MAX)
        return cls(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            q=clean_text(q),
            status=status if status in FILTERS else "",
            page=positive_int(page, 1, PAGE_MAX),
            per_page=choice_int(per_page, PER_PAGE_CHOICES, DEFAULT_PER_PAGE),
            after=after,
            before=positive_int(before, None, ROW_ID_MAX) if after is None else None,
        )


class Asked(NamedTuple):
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


def narrowing(listing, today, soon):
    """The queue filter's and the search's condition (None: none), and whether anyone can
    match: a search must have a word to look for."""
    conditions = []
    if listing.status == "application_in_progress":
        conditions.append(Association.consumer_application_status == "in_progress")
    elif listing.status == "verification":
        conditions.append(Association.consumer_verification_due_on.is_null(False))
    elif listing.status == "premium_overdue":
        conditions.append(Association.consumer_premium_due_on < today)
    elif listing.status == "unread_notices":
        conditions.append(Association.unread_notices > 0)
    elif listing.status == "expiring":
        conditions.append(Association.expires_on <= soon)
    # Each word typed begins a word of the sort name ("de la cruz ana").
    words = search_words(listing.q)
    conditions += [begins_a_name_word(word) for word in words]
    narrowed = functools.reduce(operator.and_, conditions) if conditions else None
    return narrowed, not listing.q or bool(words)
