"""Plans and carriers: staff look plans up and correct their figures; the rows themselves come
from the plan data file (portal/services/plan_data.py), so nothing is created or deleted here."""

from wtforms.validators import URL, StopValidation

from admin.base import SecureModelView
from admin.filters import BooleanEqualTo, EqualFilter, IntEqualTo, LikeFilter
from admin.records import PHONE
from db.plans import METAL_LEVELS, NETWORK_TYPES, Carrier, Plan
from portal.rules import latest_plan_year, plan_year
from portal.rules.amounts import as_money
from portal.services import plans
from portal.services.plan_data import (
    COST_SHARING_FIELDS,
    MONEY_FIELDS,
    VARIANT_FIELDS,
    VARIANT_LEVELS,
    variant_field,
)


def _money(view, context, model, name):
    amount = getattr(model, name)
    return "" if amount is None else as_money(amount)


def _amount(form, field):
    """Say what is wrong with a blank or a typed word; the model form would say "This field is
    required." for both. The rules on amounts themselves are the service's."""
    typed = (field.raw_data or [""])[0].strip()
    if not typed or field.data is None:
        field.errors[:] = []
        raise StopValidation(
            "Enter an amount in dollars, like 45.50." if typed else "Enter an amount."
        )


def _variant_amount(form, field):
    """A variant's figure may be left empty (a plan that is not silver has none); a typed word
    is not an amount. Whether it must be there is the service's rule."""
    typed = (field.raw_data or [""])[0].strip()
    if typed and field.data is None:
        field.errors[:] = []
        raise StopValidation("Enter an amount in dollars, like 45.50.")


def _rating_areas():
    areas = sorted(set(plan_year(latest_plan_year()).counties.values()))
    return [(str(area), str(area)) for area in areas]


PLAN_LABELS = {
    "plan_year": "Plan year",
    "rating_area": "Rating area",
    "plan_code": "Plan ID",
    "metal_level": "Metal level",
    "network_type": "Network",
    "base_premium_age21": "Monthly premium at age 21",
    "deductible": "Deductible",
    "oop_max": "Out-of-pocket maximum",
    "primary_care_copay": "Primary care copay",
    "specialist_copay": "Specialist copay",
    "generic_drug_copay": "Generic drug copay",
    "emergency_copay": "Emergency room copay",
    "is_active": "On sale",
}
PLAN_LABELS |= {
    variant_field(level, name): f"{level}% variant: {PLAN_LABELS[name]}"
    for level in VARIANT_LEVELS
    for name in COST_SHARING_FIELDS
}


class PlanView(SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    can_create = False
    column_list = (
        "plan_year",
        "rating_area",
        "carrier",
        "name",
        "plan_code",
        "metal_level",
        "network_type",
        "base_premium_age21",
        "deductible",
        "oop_max",
        "is_active",
    )
    column_details_list = (*column_list[:7], *MONEY_FIELDS, *VARIANT_FIELDS, "is_active")
    form_columns = plans.PLAN_EDITABLE
    column_searchable_list = ("name", "plan_code")
    search_hint = "Plan name or Plan ID"
    # One way to use each filter (flask-admin's defaults offer "contains", "empty" and more for
    # every column). The carrier is matched by name: its choices would have to be read from the
    # database when the view is built, before the tables may exist.
    column_filters = (
        IntEqualTo(Plan.plan_year, "Plan year"),
        IntEqualTo(Plan.rating_area, "Rating area", options=_rating_areas),
        EqualFilter(Plan.metal_level, "Metal level", options=METAL_LEVELS),
        LikeFilter(Carrier.name, "Carrier"),
        BooleanEqualTo(Plan.is_active, "On sale"),
    )
    column_sortable_list = (
        "plan_year",
        "rating_area",
        "name",
        "metal_level",
        "base_premium_age21",
        "deductible",
        "oop_max",
    )
    column_default_sort = "name"
    column_choices = {"metal_level": METAL_LEVELS, "network_type": NETWORK_TYPES}
    column_labels = PLAN_LABELS
    column_formatters = {
        **{name: _money for name in (*MONEY_FIELDS, *VARIANT_FIELDS)},
        "carrier": lambda view, context, model, name: model.carrier.short_name,
    }
    form_args = {
        **{name: {"validators": [_amount]} for name in MONEY_FIELDS},
        **{name: {"validators": [_variant_amount]} for name in VARIANT_FIELDS},
    }
    list_joins = (Carrier,)
    update_service = staticmethod(plans.update_plan)


class CarrierView(SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    can_create = False
    column_list = ("name", "short_name", "phone", "website")
    column_details_list = column_list
    form_columns = column_list
    column_searchable_list = ("name", "short_name")
    search_hint = "Carrier name"
    column_sortable_list = ("name", "short_name")
    column_default_sort = "name"
    column_labels = {"short_name": "Short name"}
    form_args = {
        "phone": {"validators": [PHONE]},
        "website": {
            "validators": [URL(message="Enter the full address, like https://example.org.")]
        },
    }
    update_service = staticmethod(plans.update_carrier)
