"""Agencies, assisters and consumers: list, search, filter, create and edit."""

from wtforms.validators import Email, Length, Regexp

from admin.base import SecureModelView
from db.assisters import AGENCY_KINDS, ASSISTER_TYPES, Agency
from portal.auth import current_actor
from portal.services import agencies, assisters, audit, consumers, reference_numbers

PHONE = Regexp(
    r"^\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}$",
    message="Enter a 10-digit phone number, like 651-555-0140.",
)
ZIP = Regexp(r"^\d{5}(-\d{4})?$", message="Enter a 5-digit ZIP code, like 55108.")
STATE = Regexp(r"^[A-Z]{2}$", message="Enter the two-letter state code, like MN.")
EMAIL = Email(message="Enter an email address like name@example.org.")


class AgencyView(SecureModelView):
    column_list = ("name", "kind", "city", "county", "phone", "languages", "is_active")
    column_details_list = (
        "name",
        "kind",
        "street",
        "city",
        "state",
        "zip_code",
        "county",
        "phone",
        "email",
        "hours",
        "languages",
        "is_active",
        "created_at",
    )
    column_export_list = column_details_list
    column_searchable_list = ("name", "city", "county")
    search_hint = "Name, city or county"
    column_filters = ("kind", "county", "is_active")
    column_sortable_list = ("name", "kind", "city", "county")
    column_default_sort = "name"
    column_choices = {"kind": AGENCY_KINDS}
    column_labels = {"kind": "Type", "zip_code": "ZIP code", "is_active": "Active"}
    form_columns = (
        "name",
        "kind",
        "street",
        "city",
        "state",
        "zip_code",
        "county",
        "phone",
        "email",
        "hours",
        "languages",
        "is_active",
    )
    form_args = {
        "phone": {"validators": [PHONE]},
        "zip_code": {"validators": [ZIP]},
        "state": {"validators": [STATE]},
    }
    create_service = staticmethod(agencies.create_agency)
    update_service = staticmethod(agencies.update_agency)


class AssisterView(SecureModelView):
    column_list = (
        "reference_number",
        "last_name",
        "first_name",
        "assister_type",
        "agency",
        "city",
        "phone",
        "certification_expires_on",
        "is_active",
    )
    column_details_list = (
        "reference_number",
        "first_name",
        "last_name",
        "assister_type",
        "agency",
        "license_number",
        "email",
        "phone",
        "street",
        "city",
        "state",
        "zip_code",
        "county",
        "languages",
        "certified_on",
        "certification_expires_on",
        "is_active",
        "user",
        "created_at",
    )
    column_export_list = column_details_list
    column_searchable_list = ("first_name", "last_name", "email", "reference_number", "city")
    search_hint = "Name, email, Reference Number or city"
    column_filters = (
        "assister_type",
        Agency.name,
        "county",
        "languages",
        "is_active",
        "certification_expires_on",
    )
    column_sortable_list = (
        "last_name",
        "first_name",
        "assister_type",
        "city",
        "certification_expires_on",
    )
    column_default_sort = "last_name"
    column_labels = {
        "assister_type": "Type",
        "zip_code": "ZIP code",
        "is_active": "Active",
        "certification_expires_on": "Certification expires",
        "certified_on": "Certified on",
        "user": "Portal account",
    }
    column_formatters = {
        "reference_number": lambda view, context, model, name: reference_numbers.display(
            model.reference_number
        ),
    }
    form_columns = (
        "assister_type",
        "first_name",
        "last_name",
        "agency",
        "license_number",
        "email",
        "phone",
        "street",
        "city",
        "state",
        "zip_code",
        "county",
        "languages",
        "certified_on",
        "certification_expires_on",
        "is_active",
    )
    form_args = {
        "phone": {"validators": [PHONE]},
        "zip_code": {"validators": [ZIP]},
        "state": {"validators": [STATE]},
        "email": {"validators": [EMAIL]},
        "license_number": {"validators": [Length(max=40)]},
    }
    column_choices = {"assister_type": ASSISTER_TYPES}
    list_joins = (Agency,)
    create_service = staticmethod(assisters.create_assister)
    update_service = staticmethod(assisters.update_assister)


class ConsumerView(SecureModelView):
    column_list = (
        "last_name",
        "first_name",
        "email",
        "phone",
        "date_of_birth",
        "preferred_language",
    )
    column_details_list = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "date_of_birth",
        "preferred_language",
        "user",
        "created_at",
    )
    column_export_list = column_list
    column_searchable_list = ("first_name", "last_name", "email")
    search_hint = "Name or email"
    column_filters = ("preferred_language", "date_of_birth", "created_at")
    column_sortable_list = ("last_name", "first_name", "date_of_birth")
    column_default_sort = "last_name"
    column_labels = {"user": "Portal account"}
    form_columns = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "date_of_birth",
        "preferred_language",
    )
    form_args = {
        "phone": {"validators": [PHONE]},
        "email": {"validators": [EMAIL]},
    }
    create_service = staticmethod(consumers.create_consumer)
    update_service = staticmethod(consumers.update_consumer)

    def get_one(self, id):
        # A staff member opening one consumer's record is a read of private data (S10).
        consumer = super().get_one(id)
        if consumer is not None:
            audit.record(current_actor(), "consumer.viewed", consumer, consumer)
        return consumer
