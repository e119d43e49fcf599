"""Enrollments: staff list them with their Agent of Record. Made by consumers and assisters
through Enroll in a plan only; never created, edited or deleted here."""

from peewee import fn

from admin.base import SecureModelView
from admin.filters import CONSUMER_NAME_HINT, EqualFilter, IntEqualTo, date_range_filters
from db.assisters import Assister
from db.consumers import Consumer
from db.enrollments import APTC_CHOICES, STATUSES, Enrollment
from db.plans import Plan
from portal.rules import COST_SHARING
from portal.services import admin_lists

HEADLINE = (
    "confirmation_number",
    "consumer",
    "plan",
    "plan_year",
    "status",
    "agent_of_record",
    "net_premium_monthly",
    "aptc_applied_monthly",
    "enrolled_at",
)


class EnrollmentView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = HEADLINE
    column_details_list = (
        *HEADLINE,
        "premium_monthly",
        "aptc_choice",
        "cost_sharing",
        "signed_name",
        "signed_by",
        "signed_at",
        "chose_own_plan_attested",
        "created_at",
    )
    column_export_list = column_details_list
    column_searchable_list = (Consumer.last_name, Consumer.first_name)
    search_hint = CONSUMER_NAME_HINT
    # Each filter and the sort are index walks (migration 042).
    column_filters = (
        EqualFilter(Enrollment.status, "Status"),
        IntEqualTo(Enrollment.plan_year, "Plan year"),
        *date_range_filters(Enrollment.enrolled_at, "Enrolled at"),
    )
    column_sortable_list = ("enrolled_at",)
    column_default_sort = ("enrolled_at", True)
    column_labels = {
        "agent_of_record": "Agent of Record",
        "net_premium_monthly": "Pays a month",
        "aptc_applied_monthly": "Tax credit a month",
        "premium_monthly": "Premium a month",
        "aptc_choice": "Tax credit choice",
        "cost_sharing": "Cost sharing the plan was sold at",
        "chose_own_plan_attested": "Consumer chose the plan (attested)",
    }
    column_choices = {
        "status": STATUSES,
        "aptc_choice": APTC_CHOICES,
        "cost_sharing": tuple(COST_SHARING.items()),
    }
    list_joins = (Consumer, Plan, Assister)

    def consumer_of(self, row):
        return row.consumer_id

    def search_condition(self, position, word):
        # The consumer's last name, then first name, from the start (their lower-case indexes).
        name = Consumer.last_name if position == 0 else Consumer.first_name
        return admin_lists.starts_with(fn.LOWER(name), word)
