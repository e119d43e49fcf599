"""Around the signature: the Notice of Rights and Responsibilities before it; after it, Your
Health Care Results, Next Steps and rescinding. The case's notices open on the notices pages
(views/notices)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from db.notices import Notice
from portal import rules
from portal.auth import current_actor
from portal.errors import DomainError
from portal.services import changes, determinations, enrollments, submission
from views.application import WIZARD, bp
from views.application.forms import RescindForm, RightsReadForm
from views.application.summary import summary_context
from views.form_errors import show


@bp.route("/<int:application_id>/rights", methods=["GET", "POST"])
def rights(application_id):
    """The Notice of Rights and Responsibilities. The signer's "I have read" (a post: opening a
    page changes nothing) is recorded, and lets them sign."""
    way_in = WIZARD.open(application_id)
    application = way_in.record
    form = RightsReadForm()
    if form.validate_on_submit():
        if application.status == "draft":
            submission.view_rights(current_actor(), application)
        return redirect(url_for("application.signature", application_id=application.id))
    return render_template(
        "application/rights.html", way_in=way_in, form=form,
        read=application.rights_viewed_by_id == current_actor().user.id,
    )


def _case_or_resume(way_in):
    case = submission.case_for(way_in.record)
    if case is None:
        abort(redirect(WIZARD.resume_url(way_in.record)))
    return case


@bp.get("/<int:application_id>/results")
def results(application_id):
    """Your Health Care Results: each person's program, in plain words, and what comes next."""
    way_in = WIZARD.open(application_id)
    case = _case_or_resume(way_in)
    # The version these answers made: the current one, or an earlier one kept as history.
    determination = determinations.of_application(way_in.record)
    outcomes = determinations.results(case, determination, explained=True)
    programs = {row.program for _, row in outcomes}
    versions = changes.versions(case)
    current = determination.version == versions[-1][0].version
    return render_template(
        "application/results.html",
        way_in=way_in,
        case=case,
        determination=determination,
        current=current,
        versions=versions,
        changed=changes.compare(case, determination),
        outcomes=outcomes,
        programs=rules.PROGRAMS,
        cost_sharing=rules.COST_SHARING,
        credits=determinations.credits(case, determination),
        found=programs,
        notices=list(case.notices.order_by(Notice.created_at.desc())),
        sources=rules.plan_year(way_in.record.plan_year).sources,
        may_enroll=current
        and enrollments.may_enroll(case)
        and (way_in.association is None or way_in.association.may_enroll),
        enrollment=enrollments.current_for(way_in.consumer),
        **summary_context(way_in.record),
    )


@bp.get("/<int:application_id>/next-steps")
def next_steps(application_id):
    """MinnesotaCare: what to do next and the monthly premium."""
    way_in = WIZARD.open(application_id)
    case = _case_or_resume(way_in)
    enrolled = [
        (member, row)
        for member, row in determinations.results(case)
        if row.program == "minnesotacare"
    ]
    if not enrolled:
        abort(404)
    total = sum((row.minnesotacare_premium_monthly or 0 for _, row in enrolled), start=0)
    return render_template(
        "application/next_steps.html", way_in=way_in, case=case, enrolled=enrolled, total=total
    )


@bp.route("/<int:application_id>/rescind", methods=["GET", "POST"])
def rescind(application_id):
    way_in = WIZARD.open(application_id)
    case = _case_or_resume(way_in)
    form = RescindForm()
    status = 200
    if form.validate_on_submit():
        try:
            submission.rescind(current_actor(), way_in.record, form.reason.data)
        except DomainError as error:
            status = 422
            show(form, error)
        else:
            flash(_("The application was rescinded. It stays on the case as history."), "success")
            return redirect(way_in.back_url)
    elif form.is_submitted():
        status = 422
    return render_template(
        "application/rescind.html", way_in=way_in, case=case, form=form
    ), status
