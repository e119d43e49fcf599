"""Enrollments in a Qualified Health Plan (S6.1): the plan chosen, the tax credit applied, the
signature, and for a broker's enrollment the Agent of Record."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.assisters import Assister
from db.associations import Association
from db.cases import Case
from db.consumers import Consumer
from db.plans import Plan
from db.wizards import EditedInSteps

STATUSES = (
    ("draft", "In progress"),
    ("enrolled", "Enrolled"),
)
APTC_CHOICES = (
    ("all", "Apply all of my premium tax credit each month"),
    ("part", "Apply part of it each month"),
    ("none", "Apply none of it now (take it all when I file taxes)"),
)
APTC_PART_KINDS = (
    ("amount", "A dollar amount each month"),
    ("share", "A share of the credit, in percent"),
)


def _money(**options):
    return pw.DecimalField(max_digits=10, decimal_places=2, null=True, **options)


class Enrollment(EditedInSteps):
    consumer = pw.ForeignKeyField(Consumer, backref="enrollments")
    case = pw.ForeignKeyField(Case, backref="enrollments")
    plan_year = pw.IntegerField()
    status = pw.CharField(max_length=20, choices=STATUSES, default="draft")
    current_step = pw.CharField(max_length=20, default="privacy")
    privacy_agreed_by = pw.ForeignKeyField(User, null=True, backref="+")
    privacy_agreed_at = pw.DateTimeField(null=True)
    plan = pw.ForeignKeyField(Plan, null=True, backref="enrollments")
    aptc_choice = pw.CharField(max_length=10, choices=APTC_CHOICES, null=True)
    aptc_part_kind = pw.CharField(max_length=10, choices=APTC_PART_KINDS, null=True)
    aptc_part_value = _money()
    # The monthly figures as confirmed: premium, credit applied, what the household pays.
    premium_monthly = _money()
    aptc_applied_monthly = _money()
    net_premium_monthly = _money()
    # The cost-sharing level the plan was sold at (portal.rules.COST_SHARING), None for the
    # plan's own figures: a silver variant, zero or limited cost sharing.
    cost_sharing = pw.CharField(max_length=10, null=True)
    tax_filer_statements_agreed = pw.BooleanField(default=False)
    tax_filer_signature = pw.CharField(max_length=201, null=True)
    chose_own_plan_attested = pw.BooleanField(null=True)
    signed_name = pw.CharField(max_length=201, null=True)
    signed_by = pw.ForeignKeyField(User, null=True, backref="+")
    signed_at = pw.DateTimeField(null=True)
    # The assister who enrolled the household, and the broker recorded as Agent of Record.
    association = pw.ForeignKeyField(Association, null=True, backref="+")
    agent_of_record = pw.ForeignKeyField(Assister, null=True, backref="agent_enrollments")
    confirmation_number = pw.CharField(max_length=12, null=True, unique=True)
    enrolled_at = pw.DateTimeField(null=True)

    def get_status_display(self):
        return dict(STATUSES)[self.status]

    def __str__(self):
        return f"Enrollment {self.confirmation_number or self.id} ({self.plan_year})"


# One enrollment in progress per consumer, and one enrollment per household per plan year: a
# second Confirm can't make a second one, whatever the race.
Enrollment.add_index(
    Enrollment.index(
        Enrollment.consumer, unique=True, name="enrollment_one_draft_per_consumer"
    ).where(Enrollment.status == "draft")
)
Enrollment.add_index(
    Enrollment.index(
        Enrollment.consumer,
        Enrollment.plan_year,
        unique=True,
        name="enrollment_one_per_household_and_year",
    ).where(Enrollment.status == "enrolled")
)

# The staff reports (migration 044): a period's enrollments, counted from the index alone.
Enrollment.add_index(
    Enrollment.index(
        Enrollment.enrolled_at, Enrollment.association, Enrollment.agent_of_record,
        Enrollment.consumer, Enrollment.status, name="enrollment_report_enrolled",
    ).where(Enrollment.status == "enrolled")
)
# The admin's Enrollments list, newest first (migration 042): by when enrolled, and filtered by
# status or plan year in that order; the id last (a page continues from the row before it).
Enrollment.add_index(Enrollment.index(Enrollment.enrolled_at, Enrollment.id,
                                      name="enrollment_admin_enrolled"))
Enrollment.add_index(Enrollment.index(Enrollment.status, Enrollment.enrolled_at, Enrollment.id,
                                      name="enrollment_admin_status"))
Enrollment.add_index(Enrollment.index(Enrollment.plan_year, Enrollment.enrolled_at,
                                      Enrollment.id, name="enrollment_admin_year"))


class EnrollmentPremium(BaseModel):
    """What the household pays from a month on once a reported change re-determined the case
    (45 CFR 155.330(f): from the first of the month after the change is reported). The figures
    confirmed at signing stay on the enrollment."""

    enrollment = pw.ForeignKeyField(Enrollment, backref="premiums")
    case_version = pw.IntegerField()
    effective_from = pw.DateField()
    premium_monthly = _money()
    aptc_applied_monthly = _money()
    net_premium_monthly = _money()
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("enrollment", "case_version"), True),)
