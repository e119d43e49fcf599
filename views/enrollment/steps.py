"""The Enroll in a plan steps: each GET draws the step from what is saved; Next and Save & Exit
save it, or nothing (messages on the form, what was typed kept)."""

from flask import abort, flash, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_block

from portal.auth import current_actor
from portal.errors import DomainError
from portal.services import editing, enrollments, plans
from views.enrollment import bp, held_elsewhere, opened, resume_url
from views.enrollment.forms import (
    ChoosePlanForm,
    ConfirmForm,
    PrivacyForm,
    ShopForm,
    SummaryForm,
    TaxCreditForm,
)
from views.enrollment.summary import summary_context
from views.form_errors import show
from views.wizard import based_on


def _render(step, way_in, form, hold, status=200, **context):
    if request.method == "GET":
        form.version.data = way_in.enrollment.version
    return render_template(
        f"enrollment/{step}.html", way_in=way_in, form=form, hold=hold, step=step,
        **summary_context(way_in.enrollment) | context,
    ), status


def _save(way_in, form, step, fields_for, **context):
    """Save the step from `fields_for()` (which may refuse with a DomainError) or show why not."""
    actor = current_actor()
    leave = request.form.get("action") == "exit"
    try:
        saved = enrollments.save_step(
            actor, way_in.enrollment, step, based_on(form), fields_for(), leave=leave
        )
    except DomainError as error:
        show(form, error)
        status = 409 if isinstance(error, editing.HeldByOther | editing.StaleVersion) else 422
        return _render(step, way_in, form, editing.current_hold(actor, way_in.enrollment), status,
                       **context)
    if leave:
        flash("Your choices are saved. Choose “Enroll in a plan” to continue.", "success")
        return redirect(way_in.back_url)
    return redirect(resume_url(saved))


def privacy(way_in, hold):
    form = PrivacyForm()
    if form.validate_on_submit():
        if not form.agree.data:
            form.agree.errors = ["Agree to the Privacy Policy to continue."]
        else:
            return _save(way_in, form, "privacy", lambda: enrollments.privacy_fields(
                current_actor()))
    return _render("privacy", way_in, form, hold, 422 if form.is_submitted() else 200)


def _shopping(way_in):
    """The plan list for the filters in the URL, and the plans ticked to compare."""
    enrollment = way_in.enrollment
    covered = enrollments.household(enrollment.case)
    carriers = plans.carriers_in(enrollment.plan_year, covered.rating_area)
    shop_form = ShopForm(request.args, carriers=carriers)
    carrier = request.args.get("carrier")
    quotes = plans.shop(
        enrollment.plan_year, covered.rating_area, covered.ages, covered.max_aptc,
        metal=request.args.get("metal") or None,
        carrier_id=int(carrier) if carrier and carrier.isdigit() else None,
        sort=request.args.get("sort") or "premium",
    )
    ticked = [value for value in request.args.getlist("compare") if value.isdigit()]
    compared, compare_error = [], None
    if ticked:
        try:
            compared = plans.compare(ticked, enrollment.plan_year, covered.rating_area,
                                     covered.ages, covered.max_aptc)
        except DomainError as error:
            compare_error = error.message
    return {"shop_form": shop_form, "quotes": quotes, "compared": compared,
            "compare_error": compare_error, "ticked": ticked,
            "here": url_for("enrollment.step", enrollment_id=enrollment.id, step="plans")}


def choose_plan(way_in, hold):
    form = ChoosePlanForm()
    shopping = _shopping(way_in)
    if request.method == "POST":
        if form.validate():
            try:
                return _save(way_in, form, "plans", lambda: enrollments.plan_choice(
                    way_in.enrollment, form.plan_id.data), **shopping)
            except DomainError as error:  # a forged plan id, or another area's or year's
                show(form, error)
        return _render("plans", way_in, form, hold, 422, **shopping)
    if request.htmx and not request.htmx.history_restore_request:
        return render_block("enrollment/plans.html", "plan_list", way_in=way_in, form=form,
                            **summary_context(way_in.enrollment) | shopping)
    return _render("plans", way_in, form, hold, **shopping)


def tax_credit(way_in, hold):
    enrollment = way_in.enrollment
    covered = enrollments.household(enrollment.case)
    saved = {"aptc_choice": enrollment.aptc_choice or "all",
             "aptc_part_kind": enrollment.aptc_part_kind or "amount",
             "aptc_part_value": enrollment.aptc_part_value,
             "tax_filer_signature": enrollment.tax_filer_signature,
             "statements_agreed": enrollment.tax_filer_statements_agreed}
    form = TaxCreditForm(data=None if request.method == "POST" else saved)
    preview = request.form.get("action") == "preview"
    effect, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate():
            def fields():
                return enrollments.tax_credit_fields(
                    enrollment, form.aptc_choice.data, form.aptc_part_kind.data,
                    form.aptc_part_value.data, form.statements_agreed.data,
                    form.tax_filer_signature.data,
                )
            if not preview:
                return _save(way_in, form, "tax_credit", fields, covered=covered)
            status = 200
    try:
        aptc = enrollments.aptc_to_apply(covered.max_aptc, form.aptc_choice.data,
                                         form.aptc_part_kind.data, form.aptc_part_value.data)
        effect = enrollments.effect(enrollment, aptc)
    except DomainError as error:
        if preview:
            show(form, error)
            status = 422
    if request.htmx and preview:
        # htmx swaps only 2xx answers: the live preview answers 200, with the problem in place
        # of the figures, so a bad amount never leaves an old figure on screen.
        problems = [*form.form_errors, *form.aptc_choice.errors, *form.aptc_part_kind.errors,
                    *form.aptc_part_value.errors]
        return render_block("enrollment/tax_credit.html", "effect", way_in=way_in, form=form,
                            effect=None if problems else effect, problems=problems,
                            covered=covered, enrollment=enrollment)
    return _render("tax_credit", way_in, form, hold, status, effect=effect)


def plan_summary(way_in, hold):
    form = SummaryForm()
    if form.validate_on_submit():
        return _save(way_in, form, "summary", dict)
    return _render("summary", way_in, form, hold, 422 if form.is_submitted() else 200)


def signature(way_in, hold):
    actor = current_actor()
    if request.form.get("action") == "exit":
        editing.release_hold(actor, way_in.enrollment)
        flash("Your choices are saved. Choose “Enroll in a plan” to sign and confirm.", "success")
        return redirect(way_in.back_url)
    form = ConfirmForm()
    attest = way_in.association is not None and way_in.association.assister_type != "broker"
    status = 200
    if form.validate_on_submit():
        try:
            editing.require_hold(actor, way_in.enrollment, "enrollment")
            enrolled = enrollments.enroll(
                actor, way_in.enrollment, based_on(form), form.signed_name.data or "",
                chose_own_plan=form.chose_own_plan.data, association=way_in.association,
            )
        except DomainError as error:
            show(form, error)
            status = 409 if isinstance(error, editing.HeldByOther | editing.StaleVersion) else 422
        else:
            return redirect(url_for("enrollment.thank_you", enrollment_id=enrolled.id))
    elif form.is_submitted():
        status = 422
    return _render("signature", way_in, form, hold, status, attest=attest)


PAGES = {
    "privacy": privacy,
    "plans": choose_plan,
    "tax_credit": tax_credit,
    "summary": plan_summary,
    "signature": signature,
}


@bp.route("/<int:enrollment_id>/<step>", methods=["GET", "POST"])
def step(enrollment_id, step):
    way_in = opened(enrollment_id)
    enrollment = way_in.enrollment
    if step not in PAGES:
        abort(404)
    if enrollment.status != "draft":
        return redirect(resume_url(enrollment))
    if not enrollments.may_open(enrollment, step):
        flash(f"Finish “{enrollments.STEPS[enrollments.first_open_step(enrollment)]}” first.",
              "error")
        return redirect(resume_url(enrollment))
    # Opening a step only shows who holds the enrollment; a save takes the hold (claim_version,
    # or require_hold for Confirm), refused with what was typed kept when someone else has it.
    hold = editing.current_hold(current_actor(), enrollment)
    if hold is None:
        # Confirmed since it was opened above: a second click of Confirm sees the first's result.
        return redirect(url_for("enrollment.thank_you", enrollment_id=enrollment.id))
    if request.method == "GET" and not hold.mine:
        return held_elsewhere(way_in, hold)
    return PAGES[step](way_in, hold)


@bp.get("/<int:enrollment_id>/thank-you")
def thank_you(enrollment_id):
    """Thank You: the confirmation number and what happens next."""
    way_in = opened(enrollment_id)
    if way_in.enrollment.status != "enrolled":
        return redirect(resume_url(way_in.enrollment))
    return render_template("enrollment/thank_you.html", way_in=way_in,
                           **summary_context(way_in.enrollment))
