"""Enroll in a plan (S6.1): the same screens for a consumer and for their assister. Every page
opens the enrollment through `WIZARD.open()`: the consumer's own, or an assister's client
whose consent covers enrolling (another id is a 404, a missing scope a 403)."""

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l

from db.cases import Case
from db.enrollments import Enrollment
from portal.auth import current_actor, require_role
from portal.services import enrollments
from views import wizard
from views.acting_for import audits_reads
from views.enrollment.summary import summary_context

bp = Blueprint("enrollment", __name__, url_prefix="/enrollments")
bp.before_request(require_role("consumer", "assister"))
# What each page shows the assister, as the consumer reads it ("Viewed your …").
bp.after_request(audits_reads({
    "enrollment.step": "enrollment in a health plan: {step}",
    "enrollment.thank_you": "enrollment confirmation",
}, enrollments.STEPS))


WIZARD = wizard.Wizard(
    "enrollment", Enrollment, enrollments, action="enroll",
    summary=summary_context, done="enrollment.thank_you",
    # Lazy: flashed as a str in the language of the page that saved (EnrollmentStep.saved).
    saved_message=_l("Your choices are saved. Choose “Enroll in a plan” to continue."),
)


@bp.post("/start/<int:case_id>")
def start(case_id):
    """Enroll in a plan (from Your Health Care Results or Client Details), or resume it."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        abort(404)
    return WIZARD.start(case.consumer_id, lambda acting: enrollments.start(current_actor(), case))


from views.enrollment import steps  # noqa: E402,F401  (routes on bp)
