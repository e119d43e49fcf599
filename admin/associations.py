"""Associations: staff list them and end them, with a reason. They are never edited or deleted."""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from admin.base import SecureModelView
from db.assisters import ASSISTER_TYPES, Assister
from db.associations import ENDED_BY, STATUSES
from db.consumers import Consumer
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import associations


class EndAssociationForm(PortalForm):
    reason = TextAreaField(
        "Reason for ending",
        validators=[
            DataRequired("Give the reason for ending this association."),
            Length(
                max=associations.REASON_MAX, message="Keep the reason to 500 characters or fewer."
            ),
        ],
    )


HEADLINE = ("consumer", "assister", "assister_type", "status", "requested_at", "confirmed_at")


class AssociationView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = (
        *HEADLINE,
        "expires_on",
        "ended_at",
        "ended_by_role",
        "end_reason",
        "suspended_at",
        "suspended_reason",
    )
    column_details_list = (
        *HEADLINE,
        "confirmed_by",
        "confirmed_ip",
        "authorization_text",
        *associations.SCOPES,
        "expires_on",
        "first_opened_at",
        "ended_at",
        "ended_by_role",
        "ended_by",
        "end_reason",
        "suspended_at",
        "suspended_reason",
    )
    column_export_list = column_details_list
    column_searchable_list = (Consumer.last_name, Consumer.first_name, Assister.last_name)
    search_hint = "Consumer's name or assister's last name"
    column_filters = (
        "status",
        "assister_type",
        "ended_by_role",
        "requested_at",
        "expires_on",
        "suspended_at",
    )
    column_sortable_list = ("assister_type", "status", "requested_at", "expires_on", "ended_at")
    column_default_sort = ("requested_at", True)
    column_labels = {
        "assister_type": "Type",
        "ended_by_role": "Ended by",
        "end_reason": "Why it ended",
        "may_apply": "May apply",
        "may_enroll": "May enroll",
        "may_see_documents": "May see documents and notices",
        "may_report_changes": "May report changes",
        "confirmed_ip": "Confirmed from IP",
        # The assister was not in good standing: no access, not ended (portal/services/standing).
        "suspended_at": "Suspended since",
        "suspended_reason": "Why suspended",
    }
    column_choices = {
        "status": STATUSES,
        "assister_type": ASSISTER_TYPES,
        "ended_by_role": ENDED_BY,
    }
    list_joins = (Consumer, Assister)
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-ban", ".end_view", title="End association"),
    ]

    def consumer_of(self, row):
        return row.consumer_id

    @expose("/end/", methods=("GET", "POST"))
    def end_view(self):
        association = self.get_one(request.args.get("id", type=int))
        if association is None:
            flash("That association does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = EndAssociationForm()
        if association.ended_at is not None:
            flash("This association has already ended.", "error")
        elif form.validate_on_submit():
            try:
                associations.end_association(current_actor(), association, form.reason.data)
            except DomainError as error:
                form.reason.errors = [*form.reason.errors, error.message]
            else:
                flash(
                    "The association has ended. "
                    "The assister can no longer open this consumer's pages.",
                    "success",
                )
                return redirect(url_for(".details_view", id=association.id))
        return self.render("admin/association_end.html", association=association, form=form)
