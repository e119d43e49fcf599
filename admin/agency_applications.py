"""Agencies' applications to be certified, and agency administrators (S8, S9).

Staff approve an application (a confirmation page shows what will be made) or reject it with a
reason; only a waiting one. Agency administrators are listed, added to an agency (a second
administrator), edited, and sent the activation email as assisters are.
"""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from peewee import Case
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from admin import activation
from admin.activation import ActivationActions
from admin.base import SecureModelView
from admin.forms import show_refusal
from admin.records import CONTACT_CHECKS, EMAIL
from db.assisters import Agency, AgencyAdmin
from db.certifications import APPLICATION_STATUSES, APPLYING_KINDS, AgencyApplication
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import agency_admins, agency_applications

REASON_MAX = agency_applications.REASON_MAX


class RejectForm(PortalForm):
    reason = TextAreaField(
        "Reason for rejecting",
        description="The applicant's contact receives it by email.",
        validators=[
            DataRequired("Give the reason for rejecting this application."),
            Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX} characters or fewer."),
        ],
    )


def _decision(application):
    """What was decided, in the list's and the pages' words."""
    statuses = dict(APPLICATION_STATUSES)
    if application.status == "pending":
        return statuses["pending"]
    return f"{statuses[application.status]} by {application.decided_by or 'the system'}"


class AgencyApplicationView(SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    can_create = False
    can_edit = False
    column_list = (
        "legal_name",
        "kind",
        "county",
        "contact_last_name",
        "contact_email",
        "submitted_at",
        "status",
        "decided_at",
    )
    column_details_list = (
        "legal_name",
        "kind",
        "street",
        "city",
        "state",
        "zip_code",
        "county",
        "counties_served",
        "languages",
        "phone",
        "website",
        "contact_first_name",
        "contact_last_name",
        "contact_email",
        "contact_phone",
        "submitted_at",
        "status",
        "decided_at",
        "decided_by",
        "reason",
        "agency",
    )
    column_export_list = column_details_list
    column_searchable_list = ("legal_name", "contact_last_name", "contact_email", "city")
    search_hint = "Agency, contact's last name or email, or city"
    column_filters = ("status", "kind", "county", "submitted_at")
    column_sortable_list = ("legal_name", "kind", "county", "submitted_at", "status")
    column_choices = {"status": APPLICATION_STATUSES, "kind": APPLYING_KINDS}
    column_labels = {
        "legal_name": "Legal name",
        "kind": "Type",
        "zip_code": "ZIP code",
        "contact_first_name": "Contact's first name",
        "contact_last_name": "Contact",
        "contact_email": "Contact's email",
        "contact_phone": "Contact's phone",
        "submitted_at": "Sent",
        "decided_at": "Decided",
        "decided_by": "Decided by",
        "reason": "Reason for rejecting",
    }
    column_formatters = {
        "contact_last_name": lambda view, context, model, name: (
            f"{model.contact_first_name} {model.contact_last_name}"
        ),
    }
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-check", ".approve_view", title="Approve"),
        EndpointLinkRowAction("fa fa-times", ".reject_view", title="Reject with a reason"),
    ]

    def default_order(self):
        # The review queue: applications waiting first, then the newest.
        waiting_first = Case(None, [(AgencyApplication.status == "pending", 0)], 1)
        return (waiting_first, AgencyApplication.submitted_at.desc(), AgencyApplication.id.desc())

    def _application(self):
        application = self.get_one(request.args.get("id"))
        if application is None:
            flash("That application does not exist.", "error")
        return application

    def _decided(self, application):
        """The details page, saying what was decided (the same whichever click asks)."""
        if application.status == "approved":
            admin = application.agency.admins.order_by(AgencyAdmin.id).first()
            flash(
                f"{application.legal_name} is certified ({_decision(application)}). "
                f"{admin.full_name} is its agency administrator; the activation email was "
                f"sent to {admin.email}.",
                "success",
            )
        else:
            flash(
                f"The application of {application.legal_name} was not approved "
                f"({_decision(application)}). {application.contact_email} was emailed the "
                "reason.",
                "info",
            )
        return redirect(url_for(".details_view", id=application.id))

    @expose("/approve/", methods=("GET", "POST"))
    def approve_view(self):
        application = self._application()
        if application is None:
            return redirect(url_for(".index_view"))
        form = PortalForm()
        if form.is_submitted() and application.status != "pending":
            # A second click, or another staff member's decision first: that one stands.
            return self._decided(application)
        status = 200
        if form.validate_on_submit():
            try:
                application = agency_applications.approve(current_actor(), application)
            except DomainError as error:
                flash(f"Nothing was made: {error.message}", "error")
                status = 422
            else:
                return self._decided(application)
        page = self.render(
            "admin/agency_application_approve.html",
            application=application,
            decision=_decision(application),
            agency=agency_applications.agency_values(application),
            kind=agency_applications.kind_name(application),
            form=form,
        )
        return page, status

    @expose("/reject/", methods=("GET", "POST"))
    def reject_view(self):
        application = self._application()
        if application is None:
            return redirect(url_for(".index_view"))
        form = RejectForm()
        if form.is_submitted() and application.status != "pending":
            return self._decided(application)
        status = 200
        if form.validate_on_submit():
            try:
                application = agency_applications.reject(
                    current_actor(), application, form.reason.data
                )
            except DomainError as error:
                show_refusal(form, error)
            else:
                return self._decided(application)
        if form.is_submitted():
            status = 422
        page = self.render(
            "admin/agency_application_reject.html",
            application=application,
            decision=_decision(application),
            form=form,
            reason_max=REASON_MAX,
        )
        return page, status


class AgencyAdminView(ActivationActions, SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    activation_mail = (
        "what the account is for, the activation link and a new Registration Number"
    )
    column_list = ("last_name", "first_name", "agency", "email", "user", "is_active")
    form_columns = ("agency", "first_name", "last_name", "email", "phone", "is_active")
    column_details_list = (*form_columns, "user", "created_at")
    column_export_list = column_details_list
    column_searchable_list = ("first_name", "last_name", "email", Agency.name)
    search_hint = "Name, email or agency"
    column_filters = (Agency.name, "is_active")
    column_sortable_list = ("last_name", "first_name", "email", ("agency", Agency.name))
    column_default_sort = "last_name"
    column_labels = {"user": "Portal account", "is_active": "Active"}
    column_formatters = {
        "user": lambda view, context, model, name: "Yes" if model.user_id else "No",
    }
    list_joins = (Agency,)
    form_args = {
        "phone": CONTACT_CHECKS["phone"],
        "email": {"validators": [EMAIL]},
        "agency": {"description": "Staff add a second administrator to an agency here."},
    }
    column_extra_row_actions = [activation.ROW_ACTION]
    create_service = staticmethod(agency_admins.create_agency_admin)
    update_service = staticmethod(agency_admins.update_agency_admin)

    def get_edit_form(self):
        # The agency and the email the activation email went to stay as they were made.
        return type("AgencyAdminEditForm", (self.get_form(),), {"agency": None, "email": None})

    def activation_facts(self, agency_admin):
        return [
            ("Agency administrator", agency_admin.full_name),
            ("Agency", agency_admin.agency.name),
        ]
