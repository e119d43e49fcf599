"""Certification periods (S8, S9): staff list them (those expiring in 30, 60 or 90 days, those
to confirm) and confirm or refuse what an individual applied for. Staff confirm brokers; a
navigator's or CAC's period is normally confirmed by their agency administrator, and staff may
act for the agency. Periods are made by registration and renewal, never created, edited or
deleted here; a decision goes through portal/services/certifications.py."""

import peewee as pw
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from wtforms import TextAreaField
from wtforms.validators import Length

from admin.base import SecureModelView
from admin.forms import show_refusal
from db.assisters import CERTIFICATION_STATUSES, Agency, Assister
from db.certifications import CERTIFICATION_KINDS, Certification
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import certifications, standing

# The menu's lists, by the list's own arguments (flask-admin keeps an argument it does not know
# in the list's links): not flask-admin filters, whose value box its script draws unlabelled.
EXPIRING_DAYS = (30, 60, 90)
TO_CONFIRM = {"to_confirm": "1"}
DONE = {
    "confirmed": "Confirmed. {name} is told by email; the period runs {period}.",
    "refused": "Refused. {name} is told by email, with the reason.",
}


class DecisionForm(PortalForm):
    # Required to refuse, by the service; confirming needs none.
    reason = TextAreaField(
        "Why it is refused (sent to the assister)",
        validators=[
            Length(
                max=certifications.REASON_MAX,
                message=f"Keep the reason to {certifications.REASON_MAX} characters or fewer.",
            ),
        ],
    )


def expiring_link(days):
    return f"/admin/admin_certification/?expiring={days}"


def _assister_type(view, context, row, name):
    return row.assister.get_assister_type_display()


def _agency(view, context, row, name):
    return row.assister.organization


class CertificationView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = ("assister", "assister_type", "agency", "kind", "starts_on", "expires_on",
                   "status")
    column_details_list = (
        *column_list, "license_number", "license_expires_on", "requested_at", "decided_at",
        "decided_by", "reason",
    )
    column_export_list = column_details_list
    column_searchable_list = (Assister.last_name, Assister.first_name, Assister.email)
    search_hint = "Assister's name or email"
    column_filters = ("status", "kind", Assister.assister_type, "expires_on")
    column_sortable_list = ("kind", "starts_on", "expires_on", "status")
    # The soonest to expire first: those most in need of attention.
    column_default_sort = ("expires_on", False)
    column_labels = {
        "assister_type": "Type",
        "kind": "Kind",
        "starts_on": "Starts",
        "expires_on": "Expires",
        "license_number": "License number",
        "license_expires_on": "License expires",
        "requested_at": "Applied",
        "decided_at": "Decided",
        "decided_by": "Decided by",
        "reason": "Why refused",
    }
    column_choices = {
        "status": CERTIFICATION_STATUSES,
        "kind": CERTIFICATION_KINDS,
    }
    column_formatters = {"assister_type": _assister_type, "agency": _agency}
    column_formatters_detail = column_formatters
    column_formatters_export = column_formatters
    list_joins = (Assister,)
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-check", ".decide_view", title="Confirm or refuse"),
    ]

    def get_query(self):
        query = (
            Certification.select(Certification, Assister, Agency)
            .join(Assister)
            .join(Agency, pw.JOIN.LEFT_OUTER)
        )
        if request.args.get("to_confirm") == TO_CONFIRM["to_confirm"]:
            query = query.where(Certification.status == "pending")
        days = request.args.get("expiring", type=int)
        if days in EXPIRING_DAYS:
            query = query.where(standing.expiring_within(days))
        return query

    @expose("/decide/", methods=("GET", "POST"))
    def decide_view(self):
        """Confirm a period applied for, or refuse it with the reason: a POST each."""
        found = self.get_one(request.args.get("id"))
        if found is None:
            flash("That certification does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = DecisionForm()
        if form.validate_on_submit():
            decision = request.form.get("decision")
            try:
                if decision == "confirm":
                    decided = certifications.confirm(current_actor(), found)
                elif decision == "refuse":
                    decided = certifications.refuse(current_actor(), found, form.reason.data)
                else:
                    raise DomainError("Choose Confirm or Refuse.")
            except DomainError as error:
                show_refusal(form, error)
            else:
                return self._decided(decided, decision)
        status = 422 if form.is_submitted() else 200
        return self.render("admin/certification_decision.html", found=found, form=form,
                           statuses=dict(CERTIFICATION_STATUSES),
                           kinds=dict(CERTIFICATION_KINDS)), status

    def _decided(self, decided, decision):
        # A decision sent twice (a double click) finds it made: the first result is shown.
        wanted = {"confirm": "confirmed", "refuse": "refused"}[decision]
        if decided.status == wanted:
            period = f"{decided.starts_on:%B %-d, %Y} to {decided.expires_on:%B %-d, %Y}"
            flash(DONE[wanted].format(name=decided.assister.full_name, period=period),
                  "success")
        else:
            flash(f"This certification was already {decided.status}: nothing changed.", "error")
        return redirect(url_for(".details_view", id=decided.id))

