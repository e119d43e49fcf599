"""Send, or re-send, the activation email (S2.1, S8): a page of each model view whose rows get
a portal account by activation (assisters, agency administrators). A new Registration Number
voids the one sent before."""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction

from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import registration

ROW_ACTION = EndpointLinkRowAction(
    "fa fa-envelope", ".activation_view", title="Send or re-send the activation email"
)


class ActivationActions:
    """The activation page; a view says who the person is (`activation_facts`) and what their
    email holds (`activation_mail`)."""

    # What the email holds, after "It shows".
    activation_mail = "the activation link and a new Registration Number"

    def activation_facts(self, person):
        """(label, value) rows that tell staff who the email goes to."""
        return []

    def training_id_offered(self, person):
        """Whether the page offers to email a Training ID (the course comes before activation)."""
        return False

    @expose("/activation/", methods=("GET", "POST"))
    def activation_view(self):
        person = self.get_one(request.args.get("id"))
        if person is None:
            flash("That record does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = PortalForm()
        status = 200
        if form.validate_on_submit():
            try:
                sent = registration.send_activation(current_actor(), person)
            except DomainError as error:
                flash(error.message, "error")
                status = 422
            else:
                flash(
                    f"The activation email was sent to {person.email}. Its Registration "
                    f"Number can be used once, until {sent.expires_at:%B %-d, %Y}.",
                    "success",
                )
                return redirect(url_for(".activation_view", id=person.id))
        page = self.render(
            "admin/activation.html",
            person=person,
            facts=self.activation_facts(person),
            form=form,
            latest=registration.latest(person),
            blocker=registration.activation_blocker(person),
        )
        return page, status
