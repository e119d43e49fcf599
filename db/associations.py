"""Associations: a consumer's recorded authorization of an assister, and the texts agreed to."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.assisters import ASSISTER_TYPES, Assister
from db.consumers import Consumer

AUTHORIZATION_KINDS = (
    ("agent_of_record", "Agent of Record (brokers)"),
    ("assister_authorization", "Assister Authorization (navigators and CACs)"),
)

STATUSES = (
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("ended", "Ended"),
)

ENDED_BY = (
    ("consumer", "Consumer"),
    ("assister", "Assister"),
    ("staff", "Staff"),
    # Handing a departing assister's clients over to another of the agency's (S13).
    ("agency_admin", "Agency administrator"),
    ("system", "System"),
)


class AuthorizationText(BaseModel):
    """A published version of the authorization wording; never edited once published."""

    kind = pw.CharField(max_length=30, choices=AUTHORIZATION_KINDS)
    # Each language has its own versions (S13): the association's text says which language and
    # version the consumer confirmed.
    language = pw.CharField(max_length=5, default="en")
    version = pw.IntegerField()
    title = pw.CharField(max_length=200)
    body = pw.TextField()
    published_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "language", "version"), True),)

    def __str__(self):
        return f"{self.title} v{self.version} ({self.language})"


class Association(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="associations")
    assister = pw.ForeignKeyField(Assister, backref="associations")
    # Copied from the assister so "one active assister of each type" is a database constraint.
    assister_type = pw.CharField(max_length=20, choices=ASSISTER_TYPES)
    # The consumer's name as the dashboard sorts and searches it (its words, last name first:
    # portal.services.client_names), kept on the row so that one index serves an assister's
    # sorted, paged and searched client list (S11). The portal writes it with the association
    # and again when the consumer's name changes.
    consumer_sort_name = pw.CharField(max_length=201, default="")
    status = pw.CharField(max_length=20, choices=STATUSES, default="new")
    # The consumer's application status, copied here by database triggers (migration 009) so
    # the dashboard counts and filters "Applications in progress" from these indexes alone.
    consumer_application_status = pw.CharField(max_length=20, default="not_started")
    # Likewise the consumer's earliest verification due date (migration 018), for the work
    # queue's "Verification deadlines".
    consumer_verification_due_on = pw.DateField(null=True)
    # And the earliest due date of its unpaid premium invoices (migration 030), for the work
    # queue's "Premiums overdue".
    consumer_premium_due_on = pw.DateField(null=True)
    # How many of the consumer's notices the assister has not read, for the work queue's
    # "Unread notices"; 0 while the consent does not cover reading notices. Kept by
    # portal/services/notices.py (migration 029).
    unread_notices = pw.IntegerField(default=0)
    requested_at = pw.DateTimeField(default=utcnow)
    confirmed_at = pw.DateTimeField(null=True)
    confirmed_by = pw.ForeignKeyField(User, null=True, backref="+")
    confirmed_ip = pw.CharField(max_length=45, null=True)
    authorization_text = pw.ForeignKeyField(AuthorizationText, backref="associations")
    # The consent's scope (S13): each action the consumer allowed.
    may_apply = pw.BooleanField(default=True)
    may_enroll = pw.BooleanField(default=True)
    may_see_documents = pw.BooleanField(default=True)
    may_report_changes = pw.BooleanField(default=True)
    expires_on = pw.DateField()
    renewed_at = pw.DateTimeField(null=True)
    # When both sides were told the authorization ends within 30 days (once per expiry date).
    expiry_notice_sent_for = pw.DateField(null=True)
    first_opened_at = pw.DateTimeField(null=True)
    ended_at = pw.DateTimeField(null=True)
    ended_by_role = pw.CharField(max_length=20, choices=ENDED_BY, null=True)
    ended_by = pw.ForeignKeyField(User, null=True, backref="+")
    end_reason = pw.CharField(max_length=500, null=True)
    # While the assister is not in good standing (portal/services/standing.py) the association
    # gives no access but has not ended: since when, and why in the words consumers read.
    suspended_at = pw.DateTimeField(null=True)
    suspended_reason = pw.CharField(max_length=500, null=True)

    class Meta:
        indexes = ((("assister", "status"), False),)

    @property
    def is_active(self):
        return self.ended_at is None

    @property
    def is_suspended(self):
        return self.suspended_at is not None

    def get_status_display(self):
        return dict(STATUSES)[self.status]

    def get_ended_by_role_display(self):
        return dict(ENDED_BY).get(self.ended_by_role, "")

    def __str__(self):
        return f"{self.consumer} ↔ {self.assister}"


# One active assister of each type per consumer (the memo's rule), enforced where races can't win.
Association.add_index(
    Association.index(Association.consumer, Association.assister_type, unique=True).where(
        Association.ended_at.is_null()
    )
)
# The Client Requests dashboard reads an assister's active clients from these indexes alone
# (bench/RESULTS.md): one per sort order, each the sort key, then the id that breaks its ties (so
# a page is a walk along the index, never a sort), then what the queries check: expires_on, the
# status, the name a search matches, the application status; then what a page shows of the
# association (its date requested, status and consumer), so a page looks up only its consumers.
# The status one also serves a search's totals. (An index leading with expires_on made the
# planners sort 5,000 rows.) Each of these partial indexes ends in `ended_at` (always NULL in
# them): SQLite 3.40 reads the table row of every entry of a partial index whose condition's
# column is not in it, even though the condition holds for every entry (migration 016).
for _name, _key, _checked in (
    (
        "association_clients_by_name",
        (Association.consumer_sort_name,),
        (Association.status, Association.consumer_application_status, Association.requested_at),
    ),
    (
        "association_clients_by_requested",
        (Association.requested_at,),
        (
            Association.status,
            Association.consumer_sort_name,
            Association.consumer_application_status,
        ),
    ),
    (
        "association_clients_by_status",
        (Association.status, Association.consumer_sort_name),
        (Association.consumer_application_status, Association.requested_at),
    ),
):
    Association.add_index(
        Association.index(
            Association.assister,
            *_key,
            Association.id,
            Association.expires_on,
            *_checked,
            Association.consumer,
            Association.ended_at,
            name=_name,
        ).where(Association.ended_at.is_null())
    )
# For the work queue: consents running out within 30 days, those that ran out without being
# ended (which ClientCount below still counts), and the current ones with documents due.
Association.add_index(
    Association.index(
        Association.assister,
        Association.expires_on,
        Association.status,
        Association.consumer_application_status,
        Association.consumer_verification_due_on,
        Association.ended_at,
        name="association_clients_by_expiry",
    ).where(Association.ended_at.is_null())
)

# For the work queue: the clients with documents to send (migration 020), with a premium invoice
# unpaid (030; "Premiums overdue" takes those due before today) and with notices their assister
# has not read (029). Few of an assister's clients are in each, so each index is small: the
# count reads all of it, a page in Date Requested order walks it, a page in another order sorts
# what it holds.
for _name, _column, _condition in (
    (
        "association_clients_verifying",
        Association.consumer_verification_due_on,
        Association.consumer_verification_due_on.is_null(False),
    ),
    (
        "association_clients_premium_due",
        Association.consumer_premium_due_on,
        Association.consumer_premium_due_on.is_null(False),
    ),
    (
        "association_clients_with_unread_notices",
        Association.unread_notices,
        Association.unread_notices > 0,
    ),
):
    Association.add_index(
        Association.index(
            Association.assister,
            Association.requested_at,
            Association.id,
            Association.expires_on,
            Association.status,
            Association.consumer_sort_name,
            Association.consumer,
            Association.ended_at,
            _column,
            name=_name,
        ).where(Association.ended_at.is_null() & _condition)
    )

# The staff reports (migration 044): a period's associations confirmed, and ended, counted from
# the index alone; and the navigator associated with a household at a given moment.
Association.add_index(
    Association.index(
        Association.confirmed_at, Association.assister_type, Association.consumer,
        Association.assister, name="association_report_started",
    )
)
Association.add_index(
    Association.index(
        Association.ended_at, Association.assister_type, Association.ended_by_role,
        Association.end_reason, Association.consumer, Association.assister,
        name="association_report_ended",
    ).where(Association.ended_at.is_null(False))
)
Association.add_index(
    Association.index(
        Association.consumer, Association.assister_type, Association.confirmed_at,
        Association.ended_at, Association.assister, name="association_report_by_consumer",
    )
)


class ClientCount(BaseModel):
    """How many of an assister's associations (not ended) have each status and application
    status: the dashboard's work queue reads these few rows instead of counting up to 5,000
    clients on every page (bench/RESULTS.md). Kept by database triggers on `association`
    (migration 009), so every writer keeps it right; the portal never writes it."""

    assister = pw.ForeignKeyField(Assister, backref="+")
    status = pw.CharField(max_length=20)
    consumer_application_status = pw.CharField(max_length=20)
    clients = pw.IntegerField(default=0)

    class Meta:
        primary_key = pw.CompositeKey("assister", "status", "consumer_application_status")


REQUEST_OUTCOMES = (
    ("confirmed", "Confirmed by the consumer"),
    ("withdrawn", "Withdrawn by the consumer"),
    ("declined", "Declined by the assister"),
    ("lapsed", "Assister no longer available"),
)


class AssisterRequest(BaseModel):
    """"Request this assister" from Find local help, or a hand-over (S13): a pending association.
    It gives the assister no access at all; it becomes an Association only when the consumer
    confirms on the Authorization / Agent of Record screen. Pending while `ended_at` is NULL."""

    consumer = pw.ForeignKeyField(Consumer, backref="assister_requests")
    assister = pw.ForeignKeyField(Assister, backref="requests")
    # Copied from the assister so "one pending request of each type" is a database constraint.
    assister_type = pw.CharField(max_length=20, choices=ASSISTER_TYPES)
    # What the consumer chose to tell the assister; their name is shown with it.
    message = pw.CharField(max_length=500, null=True)
    requested_at = pw.DateTimeField(default=utcnow)
    ended_at = pw.DateTimeField(null=True)
    outcome = pw.CharField(max_length=20, choices=REQUEST_OUTCOMES, null=True)
    association = pw.ForeignKeyField(Association, null=True, backref="+")
    # A hand-over (S13): the agency administrator asked this assister to take over the clients
    # of one who left or lapsed; the consumer confirms as for a request they sent.
    handed_over_from = pw.ForeignKeyField(Assister, null=True, backref="+")

    @property
    def is_pending(self):
        return self.ended_at is None

    def get_outcome_display(self):
        return dict(REQUEST_OUTCOMES).get(self.outcome, "Pending")


AssisterRequest.add_index(
    AssisterRequest.index(
        AssisterRequest.consumer, AssisterRequest.assister_type, unique=True
    ).where(AssisterRequest.ended_at.is_null())
)
# The assister's "Requests from the directory": their pending requests, newest first.
AssisterRequest.add_index(
    AssisterRequest.index(
        AssisterRequest.assister,
        AssisterRequest.requested_at,
        AssisterRequest.ended_at,
        name="assister_request_pending",
    ).where(AssisterRequest.ended_at.is_null())
)

# The admin's Associations list, newest request first (migration 042): each order, filter and
# the search by the consumer's sort name, the id last (a page continues from the row before it).
for _name, _columns in (
    ("association_admin_requested", (Association.requested_at,)),
    ("association_admin_expires", (Association.expires_on,)),
    ("association_admin_ended", (Association.ended_at,)),
    ("association_admin_status", (Association.status, Association.requested_at)),
    ("association_admin_type", (Association.assister_type, Association.requested_at)),
    ("association_admin_name", (Association.consumer_sort_name,)),
):
    Association.add_index(Association.index(*_columns, Association.id, name=_name))
