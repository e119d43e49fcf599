"""Every client of an agency's assisters, as its administrator sees them (S8's agency dashboard):
read-only, and every look audited.

`client_page(actor, agency, listing)` is one page of the table, sorted, searched and filtered as
Client Requests is (client_tables.py). A page is two statements whatever the agency's size: its
assisters (a few dozen: the filter's choices, and the names a search may match), then the page's
rows with how many rows match in all (a window count), read from the association's copied
columns (the sort name, the application status, the verification due date) and its indexes that
lead with the assister. `client_status(actor, agency, association_id)` is one client's status
page: their statuses and dates, none of their private details."""

import functools
import operator
from dataclasses import dataclass
from typing import NamedTuple

import peewee as pw

from db.applications import Application
from db.assisters import ASSISTER_TYPES, Assister
from db.associations import Association
from db.consumers import APPLICATION_STATUSES, ENROLLMENT_STATUSES, Consumer
from db.enrollments import Enrollment
from db.plans import Carrier, Plan
from db.verifications import VerificationRequest
from portal import rules
from portal.errors import NotFound
from portal.services import audit
from portal.services.client_names import name_words
from portal.services.client_tables import (
    DEFAULT_PER_PAGE,
    PAGE_MAX,
    PER_PAGE_CHOICES,
    PageSpan,
    TableQuery,
    begins_a_name_word,
    choice_int,
    clean_text,
    positive_int,
    search_words,
)

SORTS = ("name", "-name", "assister", "-assister", "deadline", "-deadline", "since", "-since")
DEFAULT_SORT = "name"
APPLICATION_LABELS = dict(APPLICATION_STATUSES)
ENROLLMENT_LABELS = dict(ENROLLMENT_STATUSES)
ASSISTER_TYPE_LABELS = dict(ASSISTER_TYPES)
# What the status page is, in the consumer's "Who acted on my behalf": "viewed your …".
VIEWED_WHAT = "application and enrollment status"


@dataclass(frozen=True)
class AgencyListing(TableQuery):
    """What the Clients table asked for, cleaned: `status` is an application status, `assister`
    the id of one of the agency's assisters (checked against the agency by `client_page`)."""

    sort: str = DEFAULT_SORT
    q: str = ""
    status: str = ""
    assister: int | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def clean(cls, sort=None, q=None, status=None, assister=None, page=None, per_page=None):
        """Build a listing from untrusted text (query parameters): bad values fall back."""
        return cls(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            q=clean_text(q),
            status=status if status in APPLICATION_LABELS else "",
            assister=positive_int(assister, None, 2**63 - 1),
            page=positive_int(page, 1, PAGE_MAX),
            per_page=choice_int(per_page, PER_PAGE_CHOICES, DEFAULT_PER_PAGE),
        )

    def refused(self, query):
        """Whether `query` asked for something this listing left out: a sort, filter, page or
        page size it does not have (a search is cleaned, never refused)."""
        return any(
            query.get(name) not in (None, "") and query.get(name) != str(getattr(self, name))
            for name in ("sort", "status", "assister", "page", "per_page")
        )


class AgencyClientRow(NamedTuple):
    association_id: int
    first_name: str
    last_name: str
    assister_first_name: str
    assister_last_name: str
    assister_type: str
    application_status: str
    enrollment_status: str
    # The earliest due date of the household's open verification requests, if any.
    verification_due_on: object
    since: object

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def assister_name(self):
        return f"{self.assister_first_name} {self.assister_last_name}"

    @property
    def assister_type_display(self):
        return ASSISTER_TYPE_LABELS[self.assister_type]

    @property
    def application_display(self):
        return APPLICATION_LABELS.get(self.application_status, self.application_status)

    @property
    def enrollment_display(self):
        return ENROLLMENT_LABELS.get(self.enrollment_status, self.enrollment_status)


@dataclass(frozen=True)
class AgencyPage(PageSpan):
    listing: AgencyListing
    rows: list
    total: int
    assisters: list  # the agency's assisters: (id, name, type label), by name
    # What the page was asked for and could not show ("assister": not this agency's; "page":
    # past the last page), so it shows the first page instead.
    refused: tuple = ()

    @property
    def assister_name(self):
        """The name of the assister the table is filtered by, if any."""
        return next((name for id_, name, _ in self.assisters if id_ == self.listing.assister), "")


def _order(sort):
    """The ORDER BY of a sort, each tie broken down to the association's id. Without a
    deadline, a client comes last in either direction of the deadline sort."""
    assister_name = (Assister.last_name, Assister.first_name, Assister.id)
    keys = {
        "name": (Association.consumer_sort_name, *assister_name),
        "assister": (*assister_name, Association.consumer_sort_name),
        "deadline": (Association.consumer_verification_due_on, Association.consumer_sort_name),
        "since": (Association.requested_at,),
    }[sort.lstrip("-")]
    descending = sort.startswith("-")
    order = [key.desc() if descending else key for key in (*keys, Association.id)]
    if sort.endswith("deadline"):
        order.insert(0, Association.consumer_verification_due_on.is_null())
    return order


def _searched(q, assisters):
    """The search's condition (None: no search), and whether anyone can match: each word must
    begin a word of the client's name or of their assister's. The assisters' names are matched
    here, among the agency's few, as client_names words."""
    words = search_words(q)
    if not words:
        return None, not q
    named = [(id_, name_words(name)) for id_, name, _ in assisters]
    conditions = []
    for word in words:
        ids = [id_ for id_, parts in named if any(part.startswith(word) for part in parts)]
        condition = begins_a_name_word(word)
        conditions.append(condition | Association.assister.in_(ids) if ids else condition)
    return functools.reduce(operator.and_, conditions), True


def _rows(agency, listing, searched):
    where = (Assister.agency == agency) & Association.ended_at.is_null()
    if listing.status:
        where &= Association.consumer_application_status == listing.status
    if listing.assister is not None:
        where &= Association.assister == listing.assister
    if searched is not None:
        where &= searched
    query = (
        Association.select(
            Association.id,
            Consumer.first_name,
            Consumer.last_name,
            Assister.first_name,
            Assister.last_name,
            Assister.assister_type,
            Association.consumer_application_status,
            Consumer.enrollment_status,
            Association.consumer_verification_due_on,
            Association.requested_at,
            pw.fn.COUNT(Association.id).over(),
        )
        .join(Assister)
        .join_from(Association, Consumer)
        .where(where)
        .order_by(*_order(listing.sort))
        .limit(listing.per_page)
        .offset((listing.page - 1) * listing.per_page)
        .tuples()
    )
    rows = list(query)
    return [AgencyClientRow(*row[:-1]) for row in rows], rows[0][-1] if rows else 0


def client_page(actor, agency, listing):
    """One page of the clients of `agency`'s assisters (associations not ended), and the audit
    row of this look at them: one row for the page, naming the agency and what was asked."""
    assisters = [
        (id_, f"{first} {last}", ASSISTER_TYPE_LABELS[kind])
        for id_, first, last, kind in Assister.select(
            Assister.id, Assister.first_name, Assister.last_name, Assister.assister_type
        )
        .where(Assister.agency == agency)
        .order_by(Assister.last_name, Assister.first_name, Assister.id)
        .tuples()
    ]
    refused = ()
    if listing.assister is not None and listing.assister not in {a[0] for a in assisters}:
        listing, refused = listing.with_(assister=None, page=1), ("assister",)
    searched, found = _searched(listing.q, assisters)
    rows, total = ([], 0)
    if assisters and found:
        rows, total = _rows(agency, listing, searched)
        if not rows and listing.page > 1:
            # Past the last page (the clients changed, or a page typed in): the first page.
            listing, refused = listing.with_(page=1), (*refused, "page")
            rows, total = _rows(agency, listing, searched)
    asked = ", ".join(f"{name}={value}" for name, value in listing.args().items())
    audit.record(actor, "agency.clients_listed", obj=agency, detail=asked or "all clients")
    return AgencyPage(listing=listing, rows=rows, total=total, assisters=assisters,
                      refused=refused)


@dataclass(frozen=True)
class ClientStatus:
    association: Association  # with its consumer and assister
    submitted_at: object  # when the application was last submitted (None: never)
    enrollment: Enrollment | None  # with its plan and carrier
    coverage_starts: object  # the enrollment's effective date (None: not enrolled)
    verifications: list  # (kind, status, due date), open ones first

    @property
    def consumer(self):
        return self.association.consumer

    @property
    def assister(self):
        return self.association.assister


def client_status(actor, agency, association_id):
    """One client of the agency's assisters: their statuses and dates, and the "client.viewed"
    row on their behalf. An association of another agency, ended, or made up: NotFound."""
    association = (
        Association.select(Association, Consumer, Assister)
        .join(Consumer)
        .join_from(Association, Assister)
        .where(
            Association.id == association_id,
            Assister.agency == agency,
            Association.ended_at.is_null(),
        )
        .first()
    )
    if association is None:
        raise NotFound("There is no such client.")
    consumer = association.consumer
    submitted = (
        Application.select(Application.submitted_at)
        .where(Application.consumer == consumer, Application.submitted_at.is_null(False))
        .order_by(Application.submitted_at.desc())
        .first()
    )
    enrollment = (
        Enrollment.select(Enrollment, Plan, Carrier)
        .join(Plan, pw.JOIN.LEFT_OUTER)
        .join(Carrier, pw.JOIN.LEFT_OUTER)
        .where(Enrollment.consumer == consumer)
        .order_by((Enrollment.status == "enrolled").desc(), Enrollment.id.desc())
        .first()
    )
    starts = None
    if enrollment is not None and enrollment.enrolled_at is not None:
        starts = rules.coverage_start(enrollment.plan_year, enrollment.enrolled_at.date())
    verifications = list(
        VerificationRequest.select(
            VerificationRequest.kind, VerificationRequest.status, VerificationRequest.due_on
        )
        .where(VerificationRequest.consumer == consumer)
        .order_by(
            (VerificationRequest.status == "open").desc(),
            VerificationRequest.due_on,
            VerificationRequest.id,
        )
    )
    audit.viewed(actor, consumer, association, VIEWED_WHAT)
    return ClientStatus(
        association=association,
        submitted_at=submitted.submitted_at if submitted is not None else None,
        enrollment=enrollment,
        coverage_starts=starts,
        verifications=verifications,
    )
