"""Associations: staff list them and end them, with a reason. They are never edited or deleted."""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from peewee import fn
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from admin.base import SecureModelView
from admin.filters import CONSUMER_NAME_HINT, EqualFilter, date_range_filters
from db.assisters import ASSISTER_TYPES, Assister
from db.associations import ENDED_BY, STATUSES, Association
from db.consumers import Consumer
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import admin_lists, associations
from portal.services.client_names import name_words


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
    column_searchable_list = (Consumer.last_name, Consumer.first_name)
    search_hint = CONSUMER_NAME_HINT
    # Found by name, listed by name: the walk of the name index the search makes.
    search_sort = "consumer_sort_name"
    # One per consumer and more: each filter and sort is an index walk (migration 042).
    column_filters = (
        EqualFilter(Association.status, "Status"),
        EqualFilter(Association.assister_type, "Type"),
        *date_range_filters(Association.requested_at, "Requested at"),
        *date_range_filters(Association.expires_on, "Expires on"),
    )
    column_sortable_list = ("requested_at", "expires_on", "ended_at")
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

    def search_condition(self, position, word):
        # The consumer's name as the association keeps it for the dashboard (last name first,
        # lower case, accents and apostrophes dropped): its start, then the first name's.
        plain = " ".join(name_words(word)) or word.lower()
        if position == 0:
            return admin_lists.starts_with(Association.consumer_sort_name, plain)
        return admin_lists.starts_with(fn.LOWER(Consumer.first_name), plain)

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
