"""Verification documents: staff open each one (always as a download) and accept or reject it.
Documents are uploaded by households and their assisters, never created, edited or deleted
here; a review goes through portal/services/documents.py."""

from flask import current_app, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from peewee import fn
from wtforms import TextAreaField
from wtforms.validators import Length

from admin.base import SecureModelView
from admin.filters import CONSUMER_NAME_HINT, EqualFilter, date_range_filters
from admin.forms import show_refusal
from db import row_id
from db.consumers import Consumer
from db.documents import DOCUMENT_STATUSES, Document
from portal.auth import current_actor
from portal.errors import DomainError, NotFound
from portal.forms import PortalForm
from portal.services import admin_lists, documents


class ReviewForm(PortalForm):
    # Required to reject, by the service; accepting needs none.
    reason = TextAreaField(
        "Why it can't be accepted (shown to the consumer and their assisters)",
        validators=[
            Length(
                max=documents.REASON_MAX,
                message=f"Keep the reason to {documents.REASON_MAX} characters or fewer.",
            ),
        ],
    )


HEADLINE = ("consumer", "verification_request", "document_type", "file_name", "status")
# The list's argument for the documents waiting for review (the menu's "Documents to review"):
# not one of flask-admin's filters, whose value box its script draws without a label.
WAITING = {"waiting": "1"}


class DocumentView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = (*HEADLINE, "uploaded_at", "uploaded_role")
    column_details_list = (
        *HEADLINE,
        "note",
        "case",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "uploaded_by",
        "uploaded_role",
        "reviewed_at",
        "reviewed_by",
        "rejection_reason",
    )
    column_export_list = column_details_list
    column_searchable_list = (Consumer.last_name, Consumer.first_name)
    search_hint = CONSUMER_NAME_HINT
    # Each filter and the sort are index walks (migration 042).
    column_filters = (
        EqualFilter(Document.status, "Status"),
        *date_range_filters(Document.uploaded_at, "Uploaded at"),
    )
    column_sortable_list = ("uploaded_at",)
    # Oldest first: the ones waiting longest are reviewed first.
    column_default_sort = ("uploaded_at", False)
    column_labels = {
        "verification_request": "Verification request",
        "document_type": "Document",
        "note": "What it is for (sent as other)",
        "file_name": "File name (as sent)",
        "content_type": "Type (by its content)",
        "size": "Size (bytes)",
        "sha256": "SHA-256",
        "uploaded_role": "Uploaded by (role)",
    }
    column_choices = {"status": DOCUMENT_STATUSES}
    column_formatters = {
        "document_type": lambda view, context, row, name: row.get_document_type_display(),
        "verification_request": lambda view, context, row, name: (
            f"Other: {row.get_document_type_display()}" if row.is_other
            else row.verification_request
        ),
    }
    list_joins = (Consumer,)
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-download", ".open_view", title="Open (download)"),
        EndpointLinkRowAction("fa fa-check", ".review_view", title="Accept or reject"),
    ]

    def consumer_of(self, row):
        return row.consumer_id

    def search_condition(self, position, word):
        # The consumer's last name, then first name, from the start (their lower-case indexes).
        name = Consumer.last_name if position == 0 else Consumer.first_name
        return admin_lists.starts_with(fn.LOWER(name), word)

    def get_query(self):
        # flask-admin keeps an argument it does not know in the list's links (page, sort).
        query = super().get_query()
        if request.args.get("waiting") == WAITING["waiting"]:
            query = query.where(Document.status == "received")
        return query

    def _document(self):
        key = row_id(request.args.get("id"))
        return None if key is None else Document.get_or_none(Document.id == key)

    @expose("/open/")
    def open_view(self):
        """The file, as a download: never shown inline, whatever its type."""
        found = self._document()
        if found is None:
            flash("That document does not exist.", "error")
            return redirect(url_for(".index_view"))
        try:
            path = documents.open_file(current_actor(), found, current_app.config["DOCUMENTS_DIR"])
        except NotFound as missing:
            flash(missing.message, "error")
            return redirect(url_for(".index_view"))
        response = send_file(
            path, mimetype=found.content_type, as_attachment=True,
            download_name=found.file_name, max_age=0,
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        # Opened in the portal's origin by mistake, it could still run nothing.
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @expose("/review/", methods=("GET", "POST"))
    def review_view(self):
        """Accept or reject one document: a POST with the decision, the reason to reject."""
        found = self.get_one(request.args.get("id"))  # a look at it is audited, as a record's
        if found is None:
            flash("That document does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = ReviewForm()
        status = 200
        if found.status != "received":
            if form.is_submitted():
                flash("This document has already been reviewed.", "error")
        elif form.validate_on_submit():
            decision = request.form.get("decision")
            try:
                if decision == "accept":
                    documents.accept(current_actor(), found)
                    message = (
                        "Accepted. The consumer was sent a notice." if found.is_other else
                        "Accepted: the request is verified, and the consumer sent a notice."
                    )
                elif decision == "reject":
                    documents.reject(current_actor(), found, form.reason.data)
                    message = "Rejected. The consumer was sent a notice with the reason."
                else:
                    raise DomainError("Choose Accept or Reject.")
            except DomainError as error:
                show_refusal(form, error)
            else:
                flash(message, "success")
                return redirect(url_for(".index_view"))
        if form.is_submitted():
            status = 422
        return self.render("admin/document_review.html", found=found, form=form), status
