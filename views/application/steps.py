"""The wizard's steps: each GET draws the step from what is saved; each Next or Save & Exit saves
it (or nothing, with the messages on the form and what was typed kept)."""

from flask import flash, redirect, render_template, request, url_for

from portal.auth import current_actor
from portal.errors import DomainError
from portal.services import applications, editing
from portal.services.applications import STEPS, StepChanges
from views.application import bp, held_elsewhere, opened, resume_url
from views.application.forms import (
    ContactForm,
    CoverageForm,
    HouseholdForm,
    IncomeForm,
    SummaryForm,
)
from views.application.summary import summary_context
from views.wizard import based_on

FORMS = {
    "contact": ContactForm,
    "household": HouseholdForm,
    "income": IncomeForm,
    "coverage": CoverageForm,
    "summary": SummaryForm,
}
BOOLEAN_ANSWERS = ("applying", "has_medicare", "has_other_public_coverage", "employer_offer")


def _yes_no(value):
    return None if value is None else ("yes" if value else "no")


def _saved_answers(step, application, members):
    """The step's form data from what is saved."""
    primary = members[0]
    if step == "contact":
        return {
            "first_name": primary.first_name,
            "last_name": primary.last_name,
            "date_of_birth": primary.date_of_birth,
            **{
                name: getattr(application, name)
                for name in ("street", "city", "zip_code", "county", "phone", "email")
            },
        }
    if step == "summary":
        return {}
    fields = {
        "household": ("first_name", "last_name", "date_of_birth", "relationship", "applying",
                      "tax_filing", "pregnant", "immigration_status"),
        "income": ("income_amount", "income_frequency", "deductions_yearly"),
        "coverage": ("has_medicare", "has_other_public_coverage", "employer_offer",
                     "employer_premium_monthly"),
    }[step]
    rows = []
    for member in members:
        row = {"id": member.id}
        for name in fields:
            value = getattr(member, name)
            row[name] = _yes_no(value) if name in BOOLEAN_ANSWERS else value
        rows.append(row)
    return {"members": rows}


def _form(step, application, members):
    form_class = FORMS[step]
    extra = {"plan_year": application.plan_year} if step == "contact" else {}
    if request.method == "POST":
        return form_class(**extra)
    return form_class(data=_saved_answers(step, application, members), **extra)


def _changes(step, form, members):
    """The StepChanges the validated form describes, or messages on the form (None)."""
    if step == "contact":
        return StepChanges(
            application_fields={
                "street": form.street.data.strip(),
                "city": form.city.data.strip(),
                "zip_code": form.zip_code.data.strip(),
                "county": form.county.data,
                "phone": form.phone.data,
                "email": form.email.data.strip(),
            },
            member_fields={
                members[0].id: {
                    "first_name": form.first_name.data.strip(),
                    "last_name": form.last_name.data.strip(),
                    "date_of_birth": form.date_of_birth.data,
                }
            },
        )
    if step == "summary":
        return StepChanges()
    posted = [entry.form for entry in form.members]
    if sorted(entry.id.data or 0 for entry in posted) != sorted(m.id for m in members):
        form.form_errors.append(
            "This page no longer matches the household on the application. Nothing was saved: "
            "reload the step and try again."
        )
        return None
    if step == "household":
        return _household_changes(form, posted, members)
    names = {
        "income": ("income_amount", "income_frequency", "deductions_yearly"),
        "coverage": ("has_medicare", "has_other_public_coverage", "employer_offer",
                     "employer_premium_monthly"),
    }[step]
    member_fields = {}
    for entry in posted:
        fields = {name: entry[name].data for name in names}
        for name in set(names) & set(BOOLEAN_ANSWERS):
            fields[name] = fields[name] == "yes"
        if step == "income" and fields["deductions_yearly"] is None:
            fields["deductions_yearly"] = 0
        if step == "coverage" and not fields["employer_offer"]:
            fields["employer_premium_monthly"] = None
        member_fields[entry.id.data] = fields
    return StepChanges(member_fields=member_fields)


def _household_changes(form, posted, members):
    primary_id = members[0].id
    member_fields, removed, complete = {}, [], True
    for entry in posted:
        primary = entry.id.data == primary_id
        if entry.remove.data and not primary:
            removed.append(entry.id.data)
            continue
        complete &= _require(entry, primary)
        member_fields[entry.id.data] = _person(entry, primary)
    new_members = ()
    if not form.new_member.form.is_blank():
        complete &= _require(form.new_member.form, primary=False)
        new_members = (_person(form.new_member.form, primary=False),)
    if not complete:
        return None
    return StepChanges(
        member_fields=member_fields, new_members=new_members, removed_member_ids=tuple(removed)
    )


def _require(person, primary):
    missing = person.required_missing(primary)
    for name, message in missing.items():
        person[name].errors = [*person[name].errors, message]
    return not missing


def _person(person, primary):
    fields = {
        "applying": person.applying.data == "yes",
        "tax_filing": person.tax_filing.data,
        "pregnant": person.pregnant.data,
        "immigration_status": person.immigration_status.data,
    }
    if not primary:
        fields |= {
            "first_name": person.first_name.data.strip(),
            "last_name": person.last_name.data.strip(),
            "date_of_birth": person.date_of_birth.data,
            "relationship": person.relationship.data,
        }
    return fields


@bp.route("/<int:application_id>/<step>", methods=["GET", "POST"])
def step(application_id, step):
    """One step of the wizard: the same screen for the consumer and their assister."""
    way_in = opened(application_id)
    application = way_in.application
    if step not in FORMS:
        return redirect(resume_url(application))
    if application.status != "draft":
        flash("This application has been submitted and can no longer be changed.", "info")
        return redirect(resume_url(application))
    if not applications.may_open(application, step):
        flash(f"Finish “{STEPS[applications.first_open_step(application)]}” first.", "error")
        return redirect(resume_url(application))
    actor = current_actor()
    # Opening a step only shows who holds the application; a save takes the hold itself, in
    # the same statement that claims the version.
    hold = editing.current_hold(actor, application)
    if request.method == "GET" and not hold.mine:
        return held_elsewhere(way_in, hold)
    members = applications.members(application)
    form = _form(step, application, members)
    status = 200
    if request.method == "POST":
        status = 422
        changes = _changes(step, form, members) if form.validate() else None
        if changes is not None:
            leave = request.form.get("action") == "exit"
            try:
                saved = applications.save_step(
                    actor, application, step, based_on(form), changes, leave=leave,
                    household=members,
                )
            except DomainError as error:
                # Refused with what was typed kept: someone else holds it, or it moved on.
                form.form_errors.append(error.message)
                if isinstance(error, editing.HeldByOther | editing.StaleVersion):
                    status = 409
            else:
                return _after_save(way_in, saved, step, leave)
    if request.method == "GET":
        form.version.data = application.version
    context = summary_context(application) if step == "summary" else {}
    context |= {
        "application": application,
        "members": members,
        "members_by_id": {member.id: member for member in members},
        "steps": STEPS,
    }
    return render_template(
        f"application/{step}.html", way_in=way_in, form=form, hold=hold, step=step, **context
    ), status


def _after_save(way_in, saved, step, leave):
    if leave:
        flash(
            "Your answers are saved. Choose “Resume application” to continue where you left off.",
            "success",
        )
        return redirect(way_in.back_url)
    if step == "household" and request.form.get("action") == "add":
        flash("Saved. Add the next person, or choose Next.", "success")
        return redirect(url_for("application.step", application_id=saved.id, step=step))
    return redirect(resume_url(saved))
