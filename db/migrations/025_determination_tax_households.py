"""025: a determination keeps each tax return's credit and each member's cost sharing and rule.

An application can hold more than one tax return (an adult child filing their own, say); each
return has its own income and premium tax credit, so the credit moves to a row per return.
Each member's outcome names the return whose credit covers them, the cost-sharing reduction
they may buy a plan with, and the rule that decided. Determinations made before this keep
their one household-wide credit: they get one return row holding it.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "member_determination",
        cost_sharing=pw.CharField(max_length=10, null=True),
        rule=pw.CharField(max_length=200, default=""),
        tax_household=pw.IntegerField(null=True),
    )

    @migrator.create_model
    class TaxHouseholdDetermination(pw.Model):
        id = pw.AutoField()
        determination = pw.ForeignKeyField(
            column_name="determination_id", field="id", model=migrator.orm["determination"],
            on_delete="CASCADE",
        )
        number = pw.IntegerField()
        size = pw.IntegerField()
        magi = pw.DecimalField(decimal_places=2, max_digits=12)
        fpl_percent = pw.DecimalField(decimal_places=2, max_digits=8)
        applicable_percentage = pw.DecimalField(decimal_places=2, max_digits=5)
        expected_contribution_monthly = pw.DecimalField(decimal_places=2, max_digits=10)
        benchmark_premium_monthly = pw.DecimalField(decimal_places=2, max_digits=10)
        max_aptc_monthly = pw.DecimalField(decimal_places=2, max_digits=10)

        class Meta:
            table_name = "tax_household_determination"
            indexes = [(("determination", "number"), True)]

    migrator.sql(
        "INSERT INTO tax_household_determination (determination_id, number, size, magi, "
        "fpl_percent, applicable_percentage, expected_contribution_monthly, "
        "benchmark_premium_monthly, max_aptc_monthly) "
        "SELECT id, 1, household_size, magi, fpl_percent, applicable_percentage, "
        "expected_contribution_monthly, benchmark_premium_monthly, max_aptc_monthly "
        "FROM determination WHERE applicable_percentage IS NOT NULL"
    )
    migrator.sql(
        "UPDATE member_determination SET tax_household = 1 WHERE program = 'qhp_with_aptc'"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("tax_household_determination")
    migrator.remove_fields("member_determination", "cost_sharing", "rule", "tax_household")
