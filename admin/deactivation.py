"""Deactivate and Reactivate in the admin: the pages of a model view whose rows are made inactive
by staff with a reason (sign-in accounts, assisters, agencies), a row action to them, and the
record's history on its details page. The rules are portal/services/deactivation.py's."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from wtforms import TextAreaField

from admin.forms import show_refusal
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import deactivation

ROW_ACTION = EndpointLinkRowAction(
    "fa fa-ban", ".deactivate_view", title="Deactivate or reactivate"
)


class DeactivateForm(PortalForm):
    # Required, 10 to 500 characters: checked by the service, shown beside the field.
    reason = TextAreaField("Reason for deactivating (kept in the record's history)")


class DeactivationActions:
    """The Deactivate and Reactivate pages of a model view; its details page shows whether the
    record is active, the link to change that, and the history. `deactivation_effect` and
    `reactivation_effect` say what each does; `has_clients`, whether clients' associations
    are suspended and given back."""

    details_template = "admin/model/deactivation_details.html"
    deactivation_effect = "The account can no longer sign in."
    reactivation_effect = "The account can sign in again."
    has_clients = False

    @expose("/deactivate/", methods=("GET", "POST"))
    def deactivate_view(self):
        record = self._deactivatable()
        form = DeactivateForm()
        status = 200
        if form.is_submitted() and not record.is_active:
            # A second click, or another staff member first: what the first one did shows.
            flash(f"{record} was already inactive: nothing was changed.", "info")
            return self._details(record)
        if form.validate_on_submit():
            try:
                outcome = deactivation.deactivate(current_actor(), record, form.reason.data)
            except deactivation.AlreadyDone as done:
                flash(done.message, "info")
                return self._details(record)
            except DomainError as error:
                show_refusal(form, error)
                status = 422
            else:
                flash(self.deactivated(outcome), "success")
                return self._details(record)
        elif form.is_submitted():
            status = 422
        return self.render(
            "admin/deactivate.html",
            record=record,
            form=form,
            reach=deactivation.reach(record) if record.is_active else None,
            history=deactivation.history(record),
        ), status

    @expose("/reactivate/", methods=("GET", "POST"))
    def reactivate_view(self):
        record = self._deactivatable()
        form = PortalForm()  # nothing to fill in: the button and the CSRF token
        if form.validate_on_submit():
            try:
                outcome = deactivation.reactivate(current_actor(), record)
            except DomainError as error:
                flash(error.message, "info")
            else:
                flash(self.reactivated(outcome), "success")
            return self._details(record)
        return self.render(
            "admin/reactivate.html", record=record, form=form,
            history=deactivation.history(record),
        )

    def deactivations(self, record):
        """The record's history, for its details page."""
        return deactivation.history(record)

    def deactivated(self, outcome):
        """What a deactivation did, in a few sentences."""
        said = [
            f"{outcome.record} is deactivated. {self.deactivation_effect}",
            f"Sessions ended: {outcome.sessions}.",
        ]
        if self.has_clients:
            said.append(_told(f"Clients' associations suspended: {outcome.suspended}",
                              outcome.suspended))
        return " ".join(said)

    def reactivated(self, outcome):
        """What a reactivation did, and who is still not in good standing."""
        said = [f"{outcome.record} is active again."]
        if self.has_clients:
            said.append(_told(f"Clients' associations given back: {outcome.restored}",
                              outcome.restored))
        said += [
            f"{assister.full_name} is still not in good standing: {lapse.reason} Their clients' "
            "associations stay suspended until they are."
            for assister, lapse in outcome.still_lapsed
        ]
        return " ".join(said)

    def _deactivatable(self):
        # A look at a client's sign-in account is audited there (UserView.consumer_of).
        record = self.get_one(request.args.get("id"))
        if record is None:
            abort(404)
        return record

    def _details(self, record):
        return redirect(url_for(".details_view", id=record.id))


def _told(counted, count):
    return f"{counted} (each consumer was sent a notice)." if count else f"{counted}."
