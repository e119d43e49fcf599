"""026: the application asks what the eligibility rules now read (issue 23).

Each household member gains the answers asked of some people only: filing separately because
of domestic abuse or abandonment, a dependent's income mostly from work, the date a permanent
resident's status was granted, American Indian or Alaska Native, former foster care, serving a
sentence, premium-free Medicare Part A, and an employer offer's minimum value and family
premium. All are NULL for the members already stored: not asked, which the rules read as their
plain case.

Stored immigration statuses keep their keys: "lawfully_present" now reads "other lawfully
present immigrant", as the permanent residents and humanitarian statuses it used to include
could not be told apart; nothing is rewritten. Tax filing gains two keys ("separately",
"dependent_outside") and no stored value changes.
"""

import peewee as pw
from peewee_migrate import Migrator

QUESTIONS = (
    "separate_filing_exception", "income_from_work", "status_since", "american_indian",
    "former_foster_care", "incarcerated", "premium_free_part_a", "employer_offer_minimum_value",
    "employer_family_premium_monthly",
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "application_member",
        separate_filing_exception=pw.BooleanField(null=True),
        income_from_work=pw.BooleanField(null=True),
        status_since=pw.DateField(null=True),
        american_indian=pw.BooleanField(null=True),
        former_foster_care=pw.BooleanField(null=True),
        incarcerated=pw.BooleanField(null=True),
        premium_free_part_a=pw.BooleanField(null=True),
        employer_offer_minimum_value=pw.BooleanField(null=True),
        employer_family_premium_monthly=pw.DecimalField(
            max_digits=10, decimal_places=2, null=True
        ),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("application_member", *QUESTIONS)
