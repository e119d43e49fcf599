"""The application wizard (S5): the exact same screens for a consumer in their own account and
for an assister acting for them. Every page opens the application through `opened()`, which is
the one access check: the consumer's own application, or an assister's client with an active
association whose consent covers applying (another id is a 404, a missing scope a 403). Every
page an assister is shown through it is a read of the client's private data, audited (S10)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from db.applications import Application
from portal.auth import current_actor, require_role
from portal.errors import DomainError
from portal.services import applications
from views import wizard
from views.acting_for import acting_for, audits_reads
from views.application.summary import summary_context

bp = Blueprint("application", __name__, url_prefix="/applications")
bp.before_request(require_role("consumer", "assister"))

# What each page shows the assister, as the consumer reads it in "Who acted on my behalf"
# ("Viewed your …"); {step} is the step's title, {record} the record shown.
SHOWN = {
    "application.step": "application: {step}",
    "application.signature": "application: {step}",
    "application.rights": "application: Notice of Rights and Responsibilities",
    "application.results": "application results",
    "application.next_steps": "Next Steps and MinnesotaCare premium",
    "application.notice": "notice “{record}”",
    "application.rescind": "application: Rescind",
}


bp.after_request(audits_reads(SHOWN, applications.STEPS))


class Opened(wizard.Opened):
    @property
    def application(self):
        return self.record


def opened(application_id, action="apply"):
    application = Application.get_or_none(Application.id == application_id)
    if application is None:
        abort(404)
    acting = acting_for(application.consumer_id, action, application)
    return Opened(acting.consumer, acting.association, application)


@bp.post("/start/<int:consumer_id>")
def start(consumer_id):
    """Apply for assistance with Health Care / Resume application."""
    acting = acting_for(consumer_id, "apply")
    try:
        application = applications.start(current_actor(), acting.consumer)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(acting.back_url)
    return redirect(resume_url(application))


def held_elsewhere(way_in, hold):
    """Someone else is working on the application: a read-only view; a post saves nothing."""
    return render_template(
        "application/summary.html", way_in=way_in, hold=hold, read_only=True,
        **summary_context(way_in.application),
    ), (409 if request.method == "POST" else 200)


def resume_url(application):
    if application.status != "draft":
        return url_for("application.results", application_id=application.id)
    return url_for(
        "application.step", application_id=application.id, step=application.current_step
    )


from views.application import signing, steps  # noqa: E402,F401  (routes on bp)
