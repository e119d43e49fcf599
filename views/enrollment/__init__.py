"""Enroll in a plan (S6.1): the same screens for a consumer and for their assister. Every page
opens the enrollment through `opened()`: the consumer's own, or an assister's client whose
consent covers enrolling (another id is a 404, a missing scope a 403)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from db.cases import Case
from db.enrollments import Enrollment
from portal.auth import current_actor, require_role
from portal.errors import DomainError
from portal.services import enrollments
from views import wizard
from views.acting_for import acting_for, audits_reads
from views.enrollment.summary import summary_context

bp = Blueprint("enrollment", __name__, url_prefix="/enrollments")
bp.before_request(require_role("consumer", "assister"))
# What each page shows the assister, as the consumer reads it ("Viewed your …").
bp.after_request(audits_reads({
    "enrollment.step": "enrollment in a health plan: {step}",
    "enrollment.thank_you": "enrollment confirmation",
}, enrollments.STEPS))


class Opened(wizard.Opened):
    @property
    def enrollment(self):
        return self.record


def opened(enrollment_id):
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None:
        abort(404)
    acting = acting_for(enrollment.consumer_id, "enroll", enrollment)
    return Opened(acting.consumer, acting.association, enrollment)


@bp.post("/start/<int:case_id>")
def start(case_id):
    """Enroll in a plan (from Your Health Care Results or Client Details), or resume it."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        abort(404)
    acting = acting_for(case.consumer_id, "enroll")
    try:
        enrollment = enrollments.start(current_actor(), case)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(acting.back_url)
    return redirect(resume_url(enrollment))


def resume_url(enrollment):
    if enrollment.status != "draft":
        return url_for("enrollment.thank_you", enrollment_id=enrollment.id)
    return url_for("enrollment.step", enrollment_id=enrollment.id, step=enrollment.current_step)


def held_elsewhere(way_in, hold):
    """Someone else is working on the enrollment: a read-only Plan Summary; posts save nothing."""
    return render_template(
        "enrollment/summary.html", way_in=way_in, hold=hold, read_only=True,
        **summary_context(way_in.enrollment),
    ), (409 if request.method == "POST" else 200)


from views.enrollment import steps  # noqa: E402,F401  (routes on bp)
