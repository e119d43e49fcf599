"""Agencies, assisters and consumers: list, search, filter, create and edit."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup
from peewee import fn
from wtforms.validators import URL, Email, Length, Optional, Regexp

from admin import activation, deactivation
from admin import listings as listing_admin
from admin.activation import ActivationActions
from admin.base import SecureModelView
from admin.deactivation import DeactivationActions
from admin.filters import BooleanEqualTo, EqualFilter, date_range_filters
from db.assisters import AGENCY_KINDS, ASSISTER_TYPES, Agency, Assister
from db.consumers import Consumer
from portal.auth import current_actor
from portal.forms import PortalForm
from portal.services import (
    admin_lists,
    agencies,
    assisters,
    consumers,
    courses,
    listings,
    reference_numbers,
    standing,
    training,
)

PHONE = Regexp(listings.PHONE_PATTERN, message=listings.PHONE_MESSAGE)
ZIP = Regexp(r"^\d{5}(-\d{4})?$", message="Enter a 5-digit ZIP code, like 55108.")
STATE = Regexp(r"^[A-Z]{2}$", message="Enter the two-letter state code, like MN.")
EMAIL = Email(message="Enter an email address like name@example.org.")

ADDRESS = ("street", "city", "state", "zip_code", "county")
CONTACT_CHECKS = {
    "phone": {"validators": [PHONE]},
    "zip_code": {"validators": [ZIP]},
    "state": {"validators": [STATE]},
    "email": {"validators": [EMAIL]},
}
LABELS = {
    "zip_code": "ZIP code",
    "is_active": "Active",
    "user": "Portal account",
    **listing_admin.LABELS,
}
# Hidden by staff only through the listing page (a reason is required): shown, never edited.
HIDDEN = ("hidden_by_staff", "hidden_reason")
WEBSITE = URL(message="Enter the website's full address, like https://www.example.org.")


class AgencyView(DeactivationActions, listing_admin.ListingActions, SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    column_list = ("name", "kind", "city", "county", "phone", "languages", "is_active", "listed")
    form_columns = (
        "name",
        "kind",
        *ADDRESS,
        "phone",
        "email",
        "website",
        "hours",
        "languages",
        "listed",
    )
    # Active or not is changed only by Deactivate and Reactivate, with the reason.
    column_details_list = (*form_columns, "is_active", *HIDDEN, "created_at")
    column_export_list = column_details_list
    column_searchable_list = ("name", "city", "county")
    search_hint = "Name, city or county"
    column_filters = ("kind", "county", "is_active", *listing_admin.FILTERS)
    column_sortable_list = ("name", "kind", "city", "county")
    column_default_sort = "name"
    column_choices = {"kind": AGENCY_KINDS}
    column_labels = {**LABELS, "kind": "Type"}
    column_formatters = {"listed": listing_admin.state_column}
    # An agency's email and website are optional; when given they must be an address.
    form_args = {
        **CONTACT_CHECKS,
        "email": {"validators": [Optional(), EMAIL]},
        "website": {"validators": [Optional(), WEBSITE]},
        "listed": {
            "description": "Marketplace staff choose this on the agency's behalf until agency "
            "administrators can choose it themselves. Staff hide a listing, with the reason, "
            "from the agency's page (Find local help: Hide it)."
        },
    }
    column_extra_row_actions = [listing_admin.ROW_ACTION, deactivation.ROW_ACTION]
    create_service = staticmethod(agencies.create_agency)
    update_service = staticmethod(agencies.update_agency)
    has_clients = True
    deactivation_effect = (
        "Its assisters can no longer act for consumers and its administrators can no longer use "
        "the agency pages: every session they have open ends at once, and their clients' "
        "associations are suspended until the agency is active again."
    )
    reactivation_effect = (
        "Its administrators can use the agency pages again, and each of its assisters in good "
        "standing gets back their clients' associations whose consent still runs (each "
        "consumer is sent a notice)."
    )


class AssisterView(
    DeactivationActions, listing_admin.ListingActions, ActivationActions, SecureModelView
):
    owner_is_told = True
    activation_mail = (
        "the Reference Number, the contact details consumers will see, the activation link and "
        "a new Registration Number"
    )
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
        "standing",
        "listed",
    )
    form_columns = (
        "assister_type",
        "first_name",
        "last_name",
        "agency",
        "license_number",
        "email",
        "phone",
        *ADDRESS,
        "languages",
        "hours",
        "certified_on",
        "certification_expires_on",
        "listed",
    )
    column_details_list = (
        "reference_number",
        *form_columns,
        "is_active",
        "listing_shows_street",
        "listing_phone",
        *HIDDEN,
        "standing",
        "user",
        "created_at",
    )
    column_export_list = column_details_list
    column_searchable_list = ("last_name", "first_name", "email", "reference_number")
    search_hint = "Last name, then first name, or email: from the start; or a Reference Number"
    # Each filter and sort is an index walk (migration 042); the yes-or-no filters are checked
    # along the walk of the order.
    column_filters = (
        EqualFilter(Assister.assister_type, "Type"),
        EqualFilter(Agency.name, "Agency"),
        EqualFilter(Assister.county, "County"),
        BooleanEqualTo(Assister.is_active, "Active"),
        *date_range_filters(Assister.certification_expires_on, "Certification expires"),
        *listing_admin.FILTERS,
    )
    column_sortable_list = ("last_name", "first_name", "certification_expires_on")
    column_sort_keys = {
        "last_name": fn.LOWER(Assister.last_name),
        "first_name": fn.LOWER(Assister.first_name),
    }
    column_default_sort = "last_name"
    column_labels = {
        **LABELS,
        "assister_type": "Type",
        "certification_expires_on": "Certification expires",
        "certified_on": "Certified on",
        "listing_shows_street": "Listing shows the street",
        "listing_phone": "Phone for consumers",
    }
    column_formatters = {
        "reference_number": lambda view, context, model, name: reference_numbers.display(
            model.reference_number
        ),
        "standing": lambda view, context, model, name: _standing(model),
        "listed": listing_admin.state_column,
    }
    column_choices = {"assister_type": ASSISTER_TYPES}
    list_joins = (Agency,)
    form_args = {**CONTACT_CHECKS, "license_number": {"validators": [Length(max=40)]}}
    create_service = staticmethod(assisters.create_assister)
    update_service = staticmethod(assisters.update_assister)
    column_extra_row_actions = [
        activation.ROW_ACTION,
        listing_admin.ROW_ACTION,
        deactivation.ROW_ACTION,
    ]
    has_clients = True
    deactivation_effect = (
        "They can no longer sign in or act for consumers: every session they have open ends at "
        "once, and their clients' associations are suspended (kept, giving no access) until "
        "they are active again."
    )
    reactivation_effect = (
        "If they are otherwise in good standing, they can act for consumers again, and their "
        "clients' associations whose consent still runs are given back (each consumer is sent a "
        "notice)."
    )

    def create_model(self, form):
        assister = super().create_model(form)
        if assister:
            link = url_for(".activation_view", id=assister.id)
            flash(
                Markup(
                    "{name} has no portal account yet. "
                    '<a href="{link}">Send the activation email</a> when they are ready'
                    "{course}."
                ).format(
                    name=assister.full_name,
                    link=link,
                    course=""
                    if courses.has_mastered(assister)
                    else " (first they master this year's course: the same page emails them "
                    "a Training ID)",
                ),
                "info",
            )
        return assister

    def search_condition(self, position, word):
        if position == 0 and "@" in word:
            return admin_lists.starts_with(fn.LOWER(Assister.email), word)
        if position == 0 and reference_numbers.normalize(word).isdigit():
            return Assister.reference_number == reference_numbers.normalize(word)
        name = Assister.last_name if position == 0 else Assister.first_name
        return admin_lists.starts_with(fn.LOWER(name), word)

    def training_id_offered(self, assister):
        # Someone staff enrolled who has not mastered this year's course can't be activated
        # until they do, and the course opens with a Training ID.
        return assister.user_id is None and not courses.has_mastered(assister)

    @expose("/training-id/", methods=("POST",))
    def training_id_view(self):
        assister = self.get_one(request.args.get("id"))
        if assister is None:
            abort(404)
        if PortalForm().validate_on_submit() and self.training_id_offered(assister):
            training.issue_training_id(current_actor(), assister)
            flash(
                f"A Training ID was emailed to {assister.email}: it opens the assister portal "
                "course at /training. The activation email can be sent once they master it.",
                "success",
            )
        return redirect(url_for(".activation_view", id=assister.id))

    def update_model(self, form, model):
        assister = super().update_model(form, model)
        lapse = standing.lapse_of(assister) if assister else None
        if lapse is not None:
            flash(
                f"{assister.full_name} is not in good standing: {lapse.reason} They can no "
                "longer sign in or act for consumers; their sessions have ended, and their "
                "clients' associations are suspended until they are in good standing again.",
                "warning",
            )
        return assister

    def activation_facts(self, assister):
        return [
            ("Assister", f"{assister.full_name} ({assister.get_assister_type_display()})"),
            ("Organization", assister.organization),
            ("Reference Number", reference_numbers.display(assister.reference_number)),
        ]


def _standing(assister):
    # The list has read the agency with each assister (list_joins): no query a row.
    lapse = standing.lapse_of(assister, agency=assister.agency)
    return "In good standing" if lapse is None else f"Lapsed: {lapse.reason}"


class ConsumerView(SecureModelView):
    """A million rows and more: every sort, the search and the filters are index walks
    (migration 042)."""

    column_list = (
        "last_name",
        "first_name",
        "email",
        "phone",
        "date_of_birth",
        "preferred_language",
    )
    form_columns = column_list
    column_details_list = (*form_columns, "user", "created_at")
    column_export_list = column_list
    column_searchable_list = ("last_name", "first_name", "email")
    search_hint = "Last name, then first name, or email: from the start"
    column_filters = (
        EqualFilter(Consumer.preferred_language, "Preferred language"),
        *date_range_filters(Consumer.date_of_birth, "Date of birth"),
    )
    column_sortable_list = ("last_name", "first_name", "date_of_birth")
    # By name as staff read it, whatever its case: the lower-case indexes serve the order.
    column_sort_keys = {
        "last_name": fn.LOWER(Consumer.last_name),
        "first_name": fn.LOWER(Consumer.first_name),
    }
    column_default_sort = "last_name"
    column_labels = LABELS
    form_args = {name: CONTACT_CHECKS[name] for name in ("phone", "email")}
    create_service = staticmethod(consumers.create_consumer)
    update_service = staticmethod(consumers.update_consumer)

    def consumer_of(self, row):
        return row

    def search_condition(self, position, word):
        # "smith" and "smith ann": the last name, then the first, each from its start; a word
        # with an @ is the start of an email address.
        if "@" in word:
            return admin_lists.starts_with(fn.LOWER(Consumer.email), word)
        name = Consumer.last_name if position == 0 else Consumer.first_name
        return admin_lists.starts_with(fn.LOWER(name), word)
