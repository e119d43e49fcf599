"""Verification requests: staff list them and mark one verified once documents prove it. They
are opened by the rules at submission and never edited or deleted."""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from admin.base import SecureModelView
from db.cases import Case
from db.consumers import Consumer
from db.verifications import VERIFICATION_KINDS, VERIFICATION_STATUSES
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import verifications


class VerifiedForm(PortalForm):
    note = TextAreaField(
        "Which document proved it",
        validators=[
            DataRequired("Say which document proved it."),
            Length(
                max=verifications.NOTE_MAX,
                message=f"Keep the note to {verifications.NOTE_MAX} characters or fewer.",
            ),
        ],
    )


HEADLINE = ("consumer", "case", "member", "kind", "due_on", "status")


class VerificationRequestView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = (*HEADLINE, "opened_at", "closed_at")
    column_details_list = (
        *HEADLINE,
        "reason",
        "opened_at",
        "closed_at",
        "closed_by",
        "closed_note",
    )
    column_export_list = column_details_list
    column_searchable_list = (Consumer.last_name, Consumer.first_name, Case.case_number)
    search_hint = "Consumer's name or case number"
    column_filters = ("status", "kind", "due_on", "opened_at")
    column_sortable_list = ("kind", "due_on", "status", "opened_at", "closed_at")
    column_default_sort = ("due_on", False)
    column_labels = {
        "member": "Household member",
        "due_on": "Documents due",
        "closed_note": "Note",
    }
    column_choices = {"status": VERIFICATION_STATUSES, "kind": VERIFICATION_KINDS}
    list_joins = (Consumer, Case)
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-check", ".verified_view", title="Mark verified"),
    ]

    def consumer_of(self, row):
        return row.consumer_id

    @expose("/verified/", methods=("GET", "POST"))
    def verified_view(self):
        found = self.get_one(request.args.get("id", type=int))
        if found is None:
            flash("That verification request does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = VerifiedForm()
        if found.status != "open":
            flash("This verification request is already closed.", "error")
        elif form.validate_on_submit():
            try:
                verifications.mark_verified(current_actor(), found, form.note.data)
            except DomainError as error:
                form.note.errors = [*form.note.errors, error.message]
            else:
                flash(
                    "Marked verified. The consumer and their assisters see it on their pages.",
                    "success",
                )
                return redirect(url_for(".details_view", id=found.id))
        return self.render("admin/verification_verified.html", found=found, form=form)
