"""Consumers (the account holders who apply for coverage) and the people in their household."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User

RELATIONSHIPS = (
    ("self", "Self"),
    ("spouse", "Spouse"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Sibling"),
    ("other", "Other relative"),
)


# Where the consumer's coverage stands, kept on the consumer row by the application and enrollment
# services so the Client Requests dashboard shows it from the join it already makes (S11).
APPLICATION_STATUSES = (
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("submitted", "Submitted"),
    ("rescinded", "Rescinded"),
)
ENROLLMENT_STATUSES = (
    ("not_enrolled", "Not enrolled"),
    ("enrolled", "Enrolled"),
)


class Consumer(BaseModel):
    # One profile per account, unique through the partial index below.
    user = pw.ForeignKeyField(User, null=True, index=False, backref="consumer_profile")
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    email = pw.CharField(max_length=254)
    phone = pw.CharField(max_length=20, null=True)
    date_of_birth = pw.DateField(null=True)
    preferred_language = pw.CharField(max_length=20, default="English")
    created_at = pw.DateTimeField(default=utcnow)
    application_status = pw.CharField(
        max_length=20, choices=APPLICATION_STATUSES, default="not_started"
    )
    enrollment_status = pw.CharField(
        max_length=20, choices=ENROLLMENT_STATUSES, default="not_enrolled"
    )
    # The home address as the case has it: empty until an application is submitted.
    home_address = pw.CharField(max_length=300, null=True)
    # The earliest due date of the household's open verification requests (None: none open),
    # kept by portal.services.verifications and copied onto each association (migration 018).
    verification_due_on = pw.DateField(null=True)
    # The earliest due date of the household's unpaid premium invoices (None: none unpaid),
    # kept by portal.services.invoices and copied onto each association (migration 030).
    premium_due_on = pw.DateField(null=True)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def get_application_status_display(self):
        return dict(APPLICATION_STATUSES)[self.application_status]

    def get_enrollment_status_display(self):
        return dict(ENROLLMENT_STATUSES)[self.enrollment_status]

    def __str__(self):
        return self.full_name


# Partial, so that the consumers without an account (most, where assisters or staff enter them)
# are not one big group of NULLs to SQLite's ANALYZE: it then took a look-up by account for a
# scan of every consumer (migration 012).
Consumer.add_index(
    Consumer.index(Consumer.user, unique=True, name="consumer_user_id").where(
        Consumer.user.is_null(False)
    )
)

# The admin's Consumers list (migration 042): each order, the search and each filter is a walk
# of one of these, the row id last (a page continues from the row before it).
for _name, _columns in (
    ("consumer_admin_last_name", (pw.fn.LOWER(Consumer.last_name), Consumer.id)),
    ("consumer_admin_first_name", (pw.fn.LOWER(Consumer.first_name), Consumer.id)),
    ("consumer_admin_email", (pw.fn.LOWER(Consumer.email), Consumer.id)),
    ("consumer_admin_birth", (Consumer.date_of_birth, Consumer.id)),
    (
        "consumer_admin_language",
        (Consumer.preferred_language, pw.fn.LOWER(Consumer.last_name), Consumer.id),
    ),
):
    Consumer.add_index(Consumer.index(*_columns, name=_name))


class HouseholdMember(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="household_members")
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    relationship = pw.CharField(max_length=20, choices=RELATIONSHIPS)
    date_of_birth = pw.DateField()

    def __str__(self):
        return f"{self.first_name} {self.last_name}"
