"""Applications for health coverage: the wizard's answers, who entered each, and who holds it."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.associations import Association
from db.consumers import RELATIONSHIPS, Consumer
from db.wizards import EditedInSteps

STATUSES = (
    ("draft", "In progress"),
    ("submitted", "Submitted"),
    ("replaced", "Replaced by a reported change"),
    ("rescinded", "Rescinded"),
)
# The keys and labels of portal.rules TAX_FILING (db imports nothing from the portal; a test
# holds the two equal).
TAX_FILING_STATUSES = (
    ("filer", "Will file a federal tax return"),
    ("joint", "Will file jointly with a spouse"),
    ("separately", "Married, will file separately from the spouse"),
    ("dependent", "Will be claimed as a dependent by someone on this application"),
    ("dependent_outside", "Will be claimed as a dependent by someone not on this application"),
    ("not_filing", "Will not file and will not be claimed"),
)


class Application(EditedInSteps):
    consumer = pw.ForeignKeyField(Consumer, backref="applications")
    plan_year = pw.IntegerField()
    status = pw.CharField(max_length=20, choices=STATUSES, default="draft")
    current_step = pw.CharField(max_length=20, default="contact")
    street = pw.CharField(max_length=200, null=True)
    city = pw.CharField(max_length=100, null=True)
    zip_code = pw.CharField(max_length=10, null=True)
    county = pw.CharField(max_length=40, null=True)
    phone = pw.CharField(max_length=20, null=True)
    email = pw.CharField(max_length=254, null=True)
    # The signature page.
    rights_viewed_by = pw.ForeignKeyField(User, null=True, backref="+")
    rights_viewed_at = pw.DateTimeField(null=True)
    signed_name = pw.CharField(max_length=201, null=True)
    signed_by = pw.ForeignKeyField(User, null=True, backref="+")
    signed_at = pw.DateTimeField(null=True)
    # The Assister section (navigators and CACs): links their association to the case.
    assisted_by = pw.ForeignKeyField(Association, null=True, backref="+")
    assister_organization = pw.CharField(max_length=200, null=True)
    submitted_at = pw.DateTimeField(null=True)
    rescinded_by = pw.ForeignKeyField(User, null=True, backref="+")
    rescinded_at = pw.DateTimeField(null=True)
    rescind_reason = pw.CharField(max_length=500, null=True)

    def get_status_display(self):
        return dict(STATUSES)[self.status]

    def __str__(self):
        return f"Application {self.id} ({self.plan_year})"


# One application in progress per consumer: starting again resumes it.
Application.add_index(
    Application.index(
        Application.consumer, unique=True, name="application_one_draft_per_consumer"
    ).where(Application.status == "draft")
)

# The staff reports (migration 044): a period's applications submitted, from the index alone.
Application.add_index(
    Application.index(
        Application.submitted_at, Application.assisted_by, Application.county,
        name="application_report_submitted",
    ).where(Application.submitted_at.is_null(False))
)


# The admin's Applications list, newest first (migration 042): its sort and filters, the id
# last (a page continues from the row before it).
for _name, _columns in (
    ("application_admin_submitted", (Application.submitted_at,)),
    ("application_admin_status", (Application.status,)),
    ("application_admin_year", (Application.plan_year,)),
):
    Application.add_index(Application.index(*_columns, Application.id, name=_name))


class ApplicationMember(BaseModel):
    """One person in the household, as the application describes them."""

    application = pw.ForeignKeyField(Application, backref="members", on_delete="CASCADE")
    is_primary = pw.BooleanField(default=False)
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    # Empty only until the contact step is saved (the consumer's profile may not have it).
    date_of_birth = pw.DateField(null=True)
    relationship = pw.CharField(max_length=20, choices=RELATIONSHIPS)
    applying = pw.BooleanField(default=True)
    tax_filing = pw.CharField(max_length=20, choices=TAX_FILING_STATUSES, null=True)
    pregnant = pw.BooleanField(default=False)
    immigration_status = pw.CharField(max_length=30, null=True)
    income_amount = pw.DecimalField(max_digits=12, decimal_places=2, null=True)
    income_frequency = pw.CharField(max_length=20, null=True)
    deductions_yearly = pw.DecimalField(max_digits=12, decimal_places=2, null=True)
    employer_offer = pw.BooleanField(null=True)
    employer_premium_monthly = pw.DecimalField(max_digits=10, decimal_places=2, null=True)
    has_medicare = pw.BooleanField(null=True)
    has_other_public_coverage = pw.BooleanField(null=True)
    # Asked of some people only: NULL is "not asked" (it did not apply, or the application
    # predates the question), which the eligibility rules read as their plain case.
    # Filing separately because of domestic abuse or spousal abandonment.
    separate_filing_exception = pw.BooleanField(null=True)
    # A dependent with income: mostly wages, tips or self-employment.
    income_from_work = pw.BooleanField(null=True)
    # A lawful permanent resident: when the status was granted.
    status_since = pw.DateField(null=True)
    american_indian = pw.BooleanField(null=True)  # American Indian or Alaska Native
    former_foster_care = pw.BooleanField(null=True)  # in foster care on turning 18; under 26
    incarcerated = pw.BooleanField(null=True)  # serving a sentence
    # 65 or older and not enrolled in Medicare: could get Part A without a premium.
    premium_free_part_a = pw.BooleanField(null=True)
    # An offer from the person's job: it pays at least 60 % of costs, and what the employee
    # would pay a month for a plan covering the family members in the household.
    employer_offer_minimum_value = pw.BooleanField(null=True)
    employer_family_premium_monthly = pw.DecimalField(
        max_digits=10, decimal_places=2, null=True
    )
    # In a change report (db.cases.CaseChange), the person as the case's version before it
    # described them: None for someone the change adds.
    same_as = pw.ForeignKeyField("self", null=True, backref="+", index=False)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def __str__(self):
        return self.full_name


class AnswerProvenance(BaseModel):
    """Who last entered an answer, and when (S13): the consumer, or which assister."""

    application = pw.ForeignKeyField(Application, backref="provenance", on_delete="CASCADE")
    # "contact.county", "member.12.income_amount" …
    answer = pw.CharField(max_length=80)
    entered_by = pw.ForeignKeyField(User, backref="+")
    entered_role = pw.CharField(max_length=20)
    entered_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("application", "answer"), True),)
