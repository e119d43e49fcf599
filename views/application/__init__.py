"""The application wizard (S5): the exact same screens for a consumer in their own account and
for an assister acting for them. Every page opens the application through `WIZARD.open()`,
which is the one access check: the consumer's own application, or an assister's client with an
active association whose consent covers applying (another id is a 404, a missing scope a 403).
Every page an assister is shown through it is a read of the client's private data, audited
(S10)."""

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l

from db.applications import Application
from portal.auth import current_actor, require_role
from portal.services import applications, changes
from views import wizard
from views.acting_for import audits_reads
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
    "application.rescind": "application: Rescind",
}


bp.after_request(audits_reads(SHOWN, applications.STEPS))


class ApplicationWizard(wizard.Wizard):
    def action_on(self, record):
        """A change report is edited under the consent to report changes; once signed it is
        the case's application like any other."""
        if record.status == "draft" and changes.reported_in(record) is not None:
            return "report_change"
        return self.action


WIZARD = ApplicationWizard(
    "application", Application, applications, action="apply",
    summary=summary_context, done="application.results",
    saved_message=_l("Your answers are saved. Choose “Resume application” to continue where you "
                     "left off."),
)


@bp.post("/start/<int:consumer_id>")
def start(consumer_id):
    """Apply for assistance with Health Care / Resume application."""
    return WIZARD.start(
        consumer_id, lambda acting: applications.start(current_actor(), acting.consumer)
    )


@bp.post("/change/<int:consumer_id>")
def report_change(consumer_id):
    """Report a change / Resume change report: the same screens, from the current case."""
    return WIZARD.start(
        consumer_id, lambda acting: changes.start(current_actor(), acting.consumer),
        action="report_change",
    )


@bp.context_processor
def reported_change():
    """Every page of an application knows whether it is a change report (its heading says so)."""
    application_id = (request.view_args or {}).get("application_id")
    return {"change": changes.reported_in(application_id) if application_id else None}


from views.application import signing, steps  # noqa: E402,F401  (routes on bp)
