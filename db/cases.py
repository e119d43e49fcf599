"""Cases: what a submitted application becomes, with its eligibility determination per member."""

import peewee as pw
from flask_babel import lazy_gettext as _l

from db import BaseModel, utcnow
from db.accounts import User
from db.applications import Application, ApplicationMember
from db.associations import Association
from db.consumers import Consumer

CASE_STATUSES = (
    ("open", _l("Open")),
    ("rescinded", _l("Rescinded")),
)


class Case(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="cases")
    application = pw.ForeignKeyField(Application, unique=True, backref="case_rows")
    case_number = pw.CharField(max_length=12, unique=True)
    status = pw.CharField(max_length=20, choices=CASE_STATUSES, default="open")
    # The navigator or CAC whose Assister section was completed at signing.
    association = pw.ForeignKeyField(Association, null=True, backref="cases")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        # CASE is an SQL keyword: a plain table name keeps hand-written SQL simple.
        table_name = "eligibility_case"

    def get_status_display(self):
        return dict(CASE_STATUSES)[self.status]

    def __str__(self):
        return f"Case {self.case_number}"


# The admin's Cases list, newest first (migration 042): its sort and filters, the id last.
Case.add_index(Case.index(Case.created_at, Case.id, name="case_admin_created"))
Case.add_index(Case.index(Case.status, Case.id, name="case_admin_status"))


class Determination(BaseModel):
    """The household's figures as the rules found them (portal/rules): at submission, version 1
    of the case, and again for each change reported, one version more. Earlier versions stay."""

    # Found by the (case, version) index.
    case = pw.ForeignKeyField(Case, backref="determinations", index=False)
    version = pw.IntegerField(default=1)
    # The answers it was made from: the submitted application, or a change report's.
    application = pw.ForeignKeyField(Application, unique=True, backref="+")
    plan_year = pw.IntegerField()
    household_size = pw.IntegerField()
    magi = pw.DecimalField(max_digits=12, decimal_places=2)
    fpl_percent = pw.DecimalField(max_digits=8, decimal_places=2)
    mhcp_fpl_percent = pw.DecimalField(max_digits=8, decimal_places=2)
    rating_area = pw.IntegerField()
    applicable_percentage = pw.DecimalField(max_digits=5, decimal_places=2, null=True)
    expected_contribution_monthly = pw.DecimalField(max_digits=10, decimal_places=2, null=True)
    benchmark_premium_monthly = pw.DecimalField(max_digits=10, decimal_places=2)
    max_aptc_monthly = pw.DecimalField(max_digits=10, decimal_places=2)
    determined_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("case", "version"), True),)


class CaseChange(BaseModel):
    """A change reported after submission (S6.5). Its answers are an application of their own,
    copied from the case's current version and edited in the same wizard; signing it makes the
    case's next version."""

    case = pw.ForeignKeyField(Case, backref="changes")
    application = pw.ForeignKeyField(Application, unique=True, backref="+")
    version = pw.IntegerField()  # the case version it makes once signed
    changed_on = pw.DateField(null=True)  # when the change happened, as reported
    created_by = pw.ForeignKeyField(User, backref="+")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        # Two reports can't both make the next version, whatever the race.
        indexes = ((("case", "version"), True),)


class MemberDetermination(BaseModel):
    determination = pw.ForeignKeyField(Determination, backref="members", on_delete="CASCADE")
    member = pw.ForeignKeyField(ApplicationMember, backref="+")
    program = pw.CharField(max_length=30)
    reason = pw.TextField()
    minnesotacare_premium_monthly = pw.DecimalField(max_digits=8, decimal_places=2, null=True)
    # The cost-sharing reduction a member who may buy a plan has (portal.rules.COST_SHARING).
    cost_sharing = pw.CharField(max_length=10, null=True)
    # The law or regulation that decided, as the Results page cites it.
    rule = pw.CharField(max_length=200, default="")
    # The TaxHouseholdDetermination.number whose credit covers the member.
    tax_household = pw.IntegerField(null=True)


class TaxHouseholdDetermination(BaseModel):
    """One tax return's premium tax credit (26 USC 36B): an application can hold several
    returns (an adult child filing their own, say), each with its own income and credit."""

    determination = pw.ForeignKeyField(
        Determination, backref="tax_households", on_delete="CASCADE"
    )
    number = pw.IntegerField()  # 1, 2 … in the order of the application's members
    size = pw.IntegerField()
    magi = pw.DecimalField(max_digits=12, decimal_places=2)
    fpl_percent = pw.DecimalField(max_digits=8, decimal_places=2)
    applicable_percentage = pw.DecimalField(max_digits=5, decimal_places=2)
    expected_contribution_monthly = pw.DecimalField(max_digits=10, decimal_places=2)
    benchmark_premium_monthly = pw.DecimalField(max_digits=10, decimal_places=2)
    max_aptc_monthly = pw.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        indexes = ((("determination", "number"), True),)
