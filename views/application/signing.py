"""Signing and after: the Notice of Rights and Responsibilities, the signature page, Your Health
Care Results, Next Steps, the eligibility notice and rescinding."""

from flask import abort, flash, redirect, render_template, request, url_for

from db.notices import Notice
from portal import rules
from portal.auth import current_actor
from portal.errors import DomainError
from portal.services import (
    applications,
    determinations,
    editing,
    enrollments,
    signatures,
    submission,
)
from views.acting_for import showing
from views.application import bp, held_elsewhere, opened, resume_url
from views.application.forms import RescindForm, RightsReadForm, SignatureForm
from views.application.summary import summary_context
from views.form_errors import show
from views.wizard import based_on


@bp.route("/<int:application_id>/rights", methods=["GET", "POST"])
def rights(application_id):
    """The Notice of Rights and Responsibilities. The signer's "I have read" (a post: opening a
    page changes nothing) is recorded, and lets them sign."""
    way_in = opened(application_id)
    application = way_in.application
    form = RightsReadForm()
    if form.validate_on_submit():
        if application.status == "draft":
            submission.view_rights(current_actor(), application)
        return redirect(url_for("application.signature", application_id=application.id))
    return render_template(
        "application/rights.html", way_in=way_in, form=form,
        read=application.rights_viewed_by_id == current_actor().user.id,
    )


@bp.route("/<int:application_id>/signature", methods=["GET", "POST"])
def signature(application_id):
    way_in = opened(application_id)
    application = way_in.application
    if application.status != "draft" or not applications.may_open(application, "signature"):
        return redirect(resume_url(application))
    actor = current_actor()
    # Opening the page only shows who holds the application; Submit takes the hold.
    hold = editing.current_hold(actor, application)
    if hold is None:
        # Submitted since it was opened above: a second click of Submit sees the first's result.
        return redirect(url_for("application.results", application_id=application.id))
    if request.method == "GET" and not hold.mine:
        return held_elsewhere(way_in, hold)
    if request.form.get("action") == "exit":
        # Nothing on this page is kept before Submit: Save & Exit lets the other side in.
        editing.release_hold(actor, application)
        flash("Your answers are saved. Choose “Resume application” to sign and submit.", "success")
        return redirect(way_in.back_url)
    form = SignatureForm()
    assister_section = way_in.association is not None and (
        way_in.association.assister_type in signatures.ASSISTER_SECTION_TYPES
    )
    status = 200
    if form.validate_on_submit():
        signed = submission.Signature(
            signed_name=form.signed_name.data or "",
            attested=form.attested.data,
            assister_section=form.assister_section.data == "yes",
            assister_reference_number=form.assister_reference_number.data or "",
            assister_organization=form.assister_organization.data or "",
        )
        try:
            editing.require_hold(actor, application)
            submission.submit(
                actor, application, based_on(form), signed, association=way_in.association
            )
        except DomainError as error:
            refused = isinstance(error, editing.HeldByOther | editing.StaleVersion)
            status = 409 if refused else 422
            show(form, error)
        else:
            flash("Your application was submitted.", "success")
            return redirect(url_for("application.results", application_id=application.id))
    elif form.is_submitted():
        status = 422
    if request.method == "GET":
        form.version.data = application.version
    return render_template(
        "application/signature.html",
        way_in=way_in,
        application=application,
        form=form,
        hold=hold,
        step="signature",
        steps=applications.STEPS,
        primary=applications.members(application)[0],
        assister_section=assister_section,
        rights_viewed=application.rights_viewed_by_id == actor.user.id,
    ), status


def _case_or_resume(way_in):
    case = submission.case_for(way_in.application)
    if case is None:
        abort(redirect(resume_url(way_in.application)))
    return case


@bp.get("/<int:application_id>/results")
def results(application_id):
    """Your Health Care Results: each person's program, in plain words, and what comes next."""
    way_in = opened(application_id)
    case = _case_or_resume(way_in)
    outcomes = determinations.results(case)
    programs = {row.program for _, row in outcomes}
    return render_template(
        "application/results.html",
        way_in=way_in,
        case=case,
        determination=case.determinations.get(),
        outcomes=outcomes,
        programs=rules.PROGRAMS,
        found=programs,
        notices=list(case.notices.order_by(Notice.created_at.desc())),
        sources=rules.plan_year(way_in.application.plan_year).sources,
        may_enroll=enrollments.may_enroll(case)
        and (way_in.association is None or way_in.association.may_enroll),
        enrollment=enrollments.current_for(way_in.consumer),
        **summary_context(way_in.application),
    )


@bp.get("/<int:application_id>/next-steps")
def next_steps(application_id):
    """MinnesotaCare: what to do next and the monthly premium."""
    way_in = opened(application_id)
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


@bp.get("/<int:application_id>/notices/<int:notice_id>")
def notice(application_id, notice_id):
    """One notice on the case, printable. An assister needs the consent to read notices."""
    way_in = opened(application_id, action="notices")
    case = _case_or_resume(way_in)
    found = Notice.get_or_none((Notice.id == notice_id) & (Notice.case == case))
    if found is None:
        abort(404)
    showing(found)
    return render_template("application/notice.html", way_in=way_in, case=case, notice=found)


@bp.route("/<int:application_id>/rescind", methods=["GET", "POST"])
def rescind(application_id):
    way_in = opened(application_id)
    case = _case_or_resume(way_in)
    form = RescindForm()
    status = 200
    if form.validate_on_submit():
        try:
            submission.rescind(current_actor(), way_in.application, form.reason.data)
        except DomainError as error:
            status = 422
            show(form, error)
        else:
            flash("The application was rescinded. It stays on the case as history.", "success")
            return redirect(way_in.back_url)
    elif form.is_submitted():
        status = 422
    return render_template(
        "application/rescind.html", way_in=way_in, case=case, form=form
    ), status
