"""Health plans on sale in a plan year: the carriers and their plans, rated per rating area.

Loaded from db/data/plans_<year>.toml by portal/services/plan_data.py; staff edit the figures in
the admin afterwards.
"""

import peewee as pw

from db import BaseModel

METAL_LEVELS = (
    ("bronze", "Bronze"),
    ("silver", "Silver"),
    ("gold", "Gold"),
    ("platinum", "Platinum"),
)
NETWORK_TYPES = (
    ("HMO", "HMO"),
    ("PPO", "PPO"),
    ("EPO", "EPO"),
)


def _money(**options):
    return pw.DecimalField(max_digits=10, decimal_places=2, **options)


class Carrier(BaseModel):
    name = pw.CharField(max_length=120, unique=True)
    short_name = pw.CharField(max_length=40)
    phone = pw.CharField(max_length=20)
    website = pw.CharField(max_length=200)

    def __str__(self):
        return self.name


class Plan(BaseModel):
    """One plan as sold in one rating area: the same HIOS-like plan code is rated per area."""

    plan_year = pw.IntegerField()
    carrier = pw.ForeignKeyField(Carrier, backref="plans")
    plan_code = pw.CharField(max_length=20)
    name = pw.CharField(max_length=120)
    metal_level = pw.CharField(max_length=20, choices=METAL_LEVELS)
    network_type = pw.CharField(max_length=10, choices=NETWORK_TYPES)
    rating_area = pw.IntegerField()
    # The monthly premium for one person aged 21; other ages are this times the age factor.
    base_premium_age21 = _money()
    deductible = _money()
    oop_max = _money()
    primary_care_copay = _money()
    specialist_copay = _money()
    generic_drug_copay = _money()
    emergency_copay = _money()
    # A silver plan's cost-sharing-reduction variants (45 CFR 156.420(a)): the same plan at the
    # same premium with lower cost sharing, for members the rules give 73, 87 or 94 % actuarial
    # value. Empty on the other metal levels.
    csr73_deductible = _money(null=True)
    csr73_oop_max = _money(null=True)
    csr73_primary_care_copay = _money(null=True)
    csr73_specialist_copay = _money(null=True)
    csr73_generic_drug_copay = _money(null=True)
    csr73_emergency_copay = _money(null=True)
    csr87_deductible = _money(null=True)
    csr87_oop_max = _money(null=True)
    csr87_primary_care_copay = _money(null=True)
    csr87_specialist_copay = _money(null=True)
    csr87_generic_drug_copay = _money(null=True)
    csr87_emergency_copay = _money(null=True)
    csr94_deductible = _money(null=True)
    csr94_oop_max = _money(null=True)
    csr94_primary_care_copay = _money(null=True)
    csr94_specialist_copay = _money(null=True)
    csr94_generic_drug_copay = _money(null=True)
    csr94_emergency_copay = _money(null=True)
    is_active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("plan_year", "rating_area", "plan_code"), True),)

    def get_metal_level_display(self):
        return dict(METAL_LEVELS)[self.metal_level]

    def __str__(self):
        return f"{self.name} ({self.plan_code}, area {self.rating_area}, {self.plan_year})"
