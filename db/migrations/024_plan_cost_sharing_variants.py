"""024: a silver plan's cost-sharing-reduction variants, and the level an enrollment is sold at.

Each silver plan carries the deductible, out-of-pocket maximum and copays of its 73, 87 and
94 % actuarial-value variants (45 CFR 156.420(a)); empty on other metal levels and on rows
loaded before this, until `flask load-plans` fills what is missing. An enrollment records the
cost-sharing level its plan was sold at (a portal.rules.COST_SHARING key, or none).
"""

import peewee as pw
from peewee_migrate import Migrator

LEVELS = ("73", "87", "94")
FIGURES = (
    "deductible",
    "oop_max",
    "primary_care_copay",
    "specialist_copay",
    "generic_drug_copay",
    "emergency_copay",
)
COLUMNS = tuple(f"csr{level}_{figure}" for level in LEVELS for figure in FIGURES)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "plan",
        **{
            name: pw.DecimalField(max_digits=10, decimal_places=2, null=True)
            for name in COLUMNS
        },
    )
    migrator.add_fields("enrollment", cost_sharing=pw.CharField(max_length=10, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("enrollment", "cost_sharing")
    migrator.remove_fields("plan", *COLUMNS)
