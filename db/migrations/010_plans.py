"""010: carriers and the plans they sell, rated per area (rows come from the plan-data loader)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Carrier(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=120, unique=True)
        short_name = pw.CharField(max_length=40)
        phone = pw.CharField(max_length=20)
        website = pw.CharField(max_length=200)

        class Meta:
            table_name = "carrier"

    @migrator.create_model
    class Plan(pw.Model):
        id = pw.AutoField()
        plan_year = pw.IntegerField()
        carrier = pw.ForeignKeyField(column_name='carrier_id', field='id', model=migrator.orm['carrier'])
        plan_code = pw.CharField(max_length=20)
        name = pw.CharField(max_length=120)
        metal_level = pw.CharField(max_length=20)
        network_type = pw.CharField(max_length=10)
        rating_area = pw.IntegerField()
        base_premium_age21 = pw.DecimalField(decimal_places=2, max_digits=10)
        deductible = pw.DecimalField(decimal_places=2, max_digits=10)
        oop_max = pw.DecimalField(decimal_places=2, max_digits=10)
        primary_care_copay = pw.DecimalField(decimal_places=2, max_digits=10)
        specialist_copay = pw.DecimalField(decimal_places=2, max_digits=10)
        generic_drug_copay = pw.DecimalField(decimal_places=2, max_digits=10)
        emergency_copay = pw.DecimalField(decimal_places=2, max_digits=10)
        is_active = pw.BooleanField(default=True)

        class Meta:
            table_name = "plan"
            indexes = [(('plan_year', 'rating_area', 'plan_code'), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("plan")
    migrator.remove_model("carrier")
