"""The Enroll in a plan steps, registered in order: each GET draws the step from what is saved;
Next and Save & Exit save it, or nothing (messages on the form, what was typed kept); the
signature enrolls."""

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

from portal.auth import current_actor
from portal.errors import DomainError
from portal.services import enrollments, plans
from views.enrollment import WIZARD, bp
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
from views.wizard import SigningStep, Step, based_on


class EnrollmentStep(Step):
    """Every step shows the plan as chosen so far (the Plan Summary's figures)."""

    def shown(self, way_in, form, prepared):
        return summary_context(way_in.record)

    def saved(self, way_in, saved, leave):
        if leave:
            # The session keeps a str, never a lazy string.
            flash(str(self.wizard.saved_message), "success")
            return redirect(way_in.back_url)
        return super().saved(way_in, saved, leave)


@WIZARD.step("privacy")
class Privacy(EnrollmentStep):
    form_class = PrivacyForm

    def changes(self, way_in, form, prepared):
        if not form.agree.data:
            form.agree.errors = [_("Agree to the Privacy Policy to continue.")]
            return None
        return enrollments.privacy_fields(current_actor())


@WIZARD.step("plans")
class Plans(EnrollmentStep):
    form_class = ChoosePlanForm

    def prepare(self, way_in):
        """The plan list for the filters in the URL, and the plans ticked to compare."""
        enrollment = way_in.record
        covered = enrollments.household(enrollment.case)
        carriers = plans.carriers_in(enrollment.plan_year, covered.rating_area)
        shop_form = ShopForm(request.args, carriers=carriers)
        carrier = request.args.get("carrier")
        quotes = plans.shop(
            enrollment.plan_year, covered.rating_area, covered.ages, covered.max_aptc,
            metal=request.args.get("metal") or None,
            carrier_id=int(carrier) if carrier and carrier.isdigit() else None,
            sort=request.args.get("sort") or "premium", level=covered.cost_sharing,
        )
        ticked = [value for value in request.args.getlist("compare") if value.isdigit()]
        compared, compare_error = [], None
        if ticked:
            try:
                compared = plans.compare(ticked, enrollment.plan_year, covered.rating_area,
                                         covered.ages, covered.max_aptc, covered.cost_sharing)
            except DomainError as error:
                compare_error = error.message
        return {"shop_form": shop_form, "quotes": quotes, "compared": compared,
                "compare_error": compare_error, "ticked": ticked,
                "here": self.wizard.url(enrollment, self.key)}

    def changes(self, way_in, form, prepared):
        # A forged plan id, or another area's or year's, is refused here.
        return enrollments.plan_choice(way_in.record, form.plan_id.data)

    def render(self, way_in, form, hold, status, prepared):
        # Filtering and comparing (htmx) redraw only the plan list; a history restore (Back
        # after the cache is gone) needs the whole page.
        if request.method == "GET" and request.htmx and not request.htmx.history_restore_request:
            return render_block(self.template, "plan_list", way_in=way_in, form=form,
                                **self.shown(way_in, form, prepared) | prepared)
        return super().render(way_in, form, hold, status, prepared)


@WIZARD.step("tax_credit")
class TaxCredit(EnrollmentStep):
    form_class = TaxCreditForm

    def prepare(self, way_in):
        return {"covered": enrollments.household(way_in.record.case)}

    def answers(self, way_in, prepared):
        enrollment = way_in.record
        return {"aptc_choice": enrollment.aptc_choice or "all",
                "aptc_part_kind": enrollment.aptc_part_kind or "amount",
                "aptc_part_value": enrollment.aptc_part_value,
                "tax_filer_signature": enrollment.tax_filer_signature,
                "statements_agreed": enrollment.tax_filer_statements_agreed}

    def changes(self, way_in, form, prepared):
        return enrollments.tax_credit_fields(
            way_in.record, form.aptc_choice.data, form.aptc_part_kind.data,
            form.aptc_part_value.data, form.statements_agreed.data, form.tax_filer_signature.data,
        )

    def effect(self, way_in, form, prepared):
        """The monthly figures for the credit as the form has it, or why there are none."""
        try:
            aptc = enrollments.aptc_to_apply(prepared["covered"].max_aptc, form.aptc_choice.data,
                                             form.aptc_part_kind.data, form.aptc_part_value.data)
            return enrollments.effect(way_in.record, aptc), None
        except DomainError as error:
            return None, error

    def shown(self, way_in, form, prepared):
        effect, _ = self.effect(way_in, form, prepared)
        return super().shown(way_in, form, prepared) | {"effect": effect}

    def page(self, way_in, hold):
        if request.form.get("action") != "preview":
            return super().page(way_in, hold)
        # Show the monthly effect: nothing is saved.
        prepared = self.prepare(way_in)
        form = self.form(way_in, prepared)
        status = 200 if form.validate() else 422
        effect, error = self.effect(way_in, form, prepared)
        if error is not None:
            show(form, error)
            status = 422
        if not request.htmx:
            return self.render(way_in, form, hold, status, prepared)
        # htmx swaps only 2xx answers: the live preview answers 200, with the problem in place
        # of the figures, so a bad amount never leaves an old figure on screen.
        problems = [*form.form_errors, *form.aptc_choice.errors, *form.aptc_part_kind.errors,
                    *form.aptc_part_value.errors]
        return render_block(self.template, "effect", way_in=way_in, form=form,
                            effect=None if problems else effect, problems=problems,
                            covered=prepared["covered"], enrollment=way_in.record)


@WIZARD.step("summary")
class PlanSummary(EnrollmentStep):
    form_class = SummaryForm

    def changes(self, way_in, form, prepared):
        return {}


@WIZARD.step("signature")
class Confirm(SigningStep):
    form_class = ConfirmForm

    @property
    def exit_message(self):
        return _("Your choices are saved. Choose “Enroll in a plan” to sign and confirm.")

    def sign(self, actor, way_in, form):
        enrollments.enroll(
            actor, way_in.record, based_on(form), form.signed_name.data or "",
            chose_own_plan=form.chose_own_plan.data, association=way_in.association,
        )

    def shown(self, way_in, form, prepared):
        association = way_in.association
        return summary_context(way_in.record) | {
            "attest": association is not None and association.assister_type != "broker",
        }


@bp.route("/<int:enrollment_id>/<step>", methods=["GET", "POST"])
def step(enrollment_id, step):
    way_in = WIZARD.open(enrollment_id)
    if step not in WIZARD.steps:
        abort(404)
    return WIZARD.page(way_in, step)


@bp.get("/<int:enrollment_id>/thank-you")
def thank_you(enrollment_id):
    """Thank You: the confirmation number and what happens next."""
    way_in = WIZARD.open(enrollment_id)
    if way_in.record.status != "enrolled":
        return redirect(WIZARD.resume_url(way_in.record))
    return render_template("enrollment/thank_you.html", way_in=way_in,
                           **summary_context(way_in.record))
