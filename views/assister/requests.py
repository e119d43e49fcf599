"""Requests from the directory: consumers who asked this assister for help through Find local
help (S13). A request gives no access: the assister sees the consumer's name and message, and
may decline; the consumer becomes a client only when they authorize the assister."""

from flask import abort, flash, redirect, render_template, url_for
from wtforms import TextAreaField

from portal.auth import current_actor
from portal.errors import DomainError, NotFound
from portal.forms import PortalForm
from portal.services import assister_requests
from views import form_errors
from views.acting_for import current_assister
from views.assister import bp


class DeclineForm(PortalForm):
    # Its length is the service's rule (assister_requests.REASON_MAX), said in its words.
    reason = TextAreaField("Why can't you help? (optional, the consumer reads it)")


@bp.get("/requests")
def directory_requests():
    return _requests_page()


@bp.post("/requests/<int:request_id>/decline")
def decline_request(request_id):
    try:
        # Any sent to this assister: declined already (a double click), the same answer.
        pending = assister_requests.assister_request(current_assister(), request_id)
    except NotFound:
        abort(404)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            assister_requests.decline(current_actor(), pending, form.reason.data)
        except assister_requests.RequestEnded as error:
            flash(error.message, "error")
            return redirect(url_for("assister.directory_requests"))
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash(
                f"You declined {pending.consumer.full_name}'s request. They have been told.",
                "success",
            )
            return redirect(url_for("assister.directory_requests"))
    return _requests_page(failed=(pending.id, form))


def _requests_page(failed=None):
    """The pending requests, each with its Decline form (the one that failed, as typed)."""
    failed_id, failed_form = failed or (None, None)
    assister = current_assister()
    pending = list(assister_requests.pending_for_assister(assister))
    forms = {
        sent.id: failed_form if sent.id == failed_id else DeclineForm(formdata=None)
        for sent in pending
    }
    status = form_errors.status(failed_form) if failed_form else 200
    return render_template(
        "assister/directory_requests.html", assister=assister, pending=pending, forms=forms
    ), status
