"""The wizard's steps, registered in order: each GET draws the step from what is saved; each
Next or Save & Exit saves it (or nothing, with the messages on the form and what was typed
kept); the signature submits the application."""

from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth import current_actor
from portal.services import applications, changes, eligibility, signatures, submission
from portal.services.applications import StepChanges
from views.application import WIZARD, bp
from views.application.forms import ContactForm, SignatureForm, SummaryForm
from views.application.household_forms import CoverageForm, HouseholdForm, IncomeForm
from views.application.summary import summary_context
from views.wizard import SigningStep, Step, based_on

# Asked as Yes / No on the forms, kept as booleans.
BOOLEAN_ANSWERS = (
    "applying", "separate_filing_exception", "american_indian", "former_foster_care",
    "incarcerated", "income_from_work", "has_medicare", "premium_free_part_a",
    "has_other_public_coverage", "employer_offer", "employer_offer_minimum_value",
)


def _yes_no(value):
    return None if value is None else ("yes" if value else "no")


class ApplicationStep(Step):
    closed_message = _l("This application has been submitted and can no longer be changed.")

    def prepare(self, way_in):
        members = applications.members(way_in.record)
        return {
            "application": way_in.record,
            "change": changes.reported_in(way_in.record),
            "members": members,
            "members_by_id": {member.id: member for member in members},
            "coverage_starts": eligibility.coverage_starts(way_in.record),
        }

    def save(self, actor, way_in, version, changes, leave, prepared):
        return applications.save_step(
            actor, way_in.record, self.key, version, changes, leave=leave,
            household=prepared["members"],
        )


@WIZARD.step("contact")
class Contact(ApplicationStep):
    form_class = ContactForm

    def form_options(self, way_in):
        return {"plan_year": way_in.record.plan_year}

    def answers(self, way_in, prepared):
        primary = prepared["members"][0]
        return {
            "changed_on": prepared["change"].changed_on if prepared["change"] else None,
            "first_name": primary.first_name,
            "last_name": primary.last_name,
            "date_of_birth": primary.date_of_birth,
            **{
                name: getattr(way_in.record, name)
                for name in ("street", "city", "zip_code", "county", "phone", "email")
            },
        }

    def changes(self, way_in, form, prepared):
        if prepared["change"] and form.changed_on.data is None:
            form.changed_on.errors.append(_("Enter the date the change happened."))
            return None
        return StepChanges(
            changed_on=form.changed_on.data if prepared["change"] else None,
            application_fields={
                "street": form.street.data.strip(),
                "city": form.city.data.strip(),
                "zip_code": form.zip_code.data.strip(),
                "county": form.county.data,
                "phone": form.phone.data,
                "email": form.email.data.strip(),
            },
            member_fields={
                prepared["members"][0].id: {
                    "first_name": form.first_name.data.strip(),
                    "last_name": form.last_name.data.strip(),
                    "date_of_birth": form.date_of_birth.data,
                }
            },
        )


class PerMemberStep(ApplicationStep):
    """A step that asks each household member the same questions (`answer_names`), one
    sub-form per member."""

    answer_names = ()

    def answers(self, way_in, prepared):
        return {"members": [self.saved_answers(member) for member in prepared["members"]]}

    def saved_answers(self, member):
        row = {"id": member.id}
        for name in self.answer_names:
            value = getattr(member, name)
            row[name] = _yes_no(value) if name in BOOLEAN_ANSWERS else value
        return row

    def form(self, way_in, prepared):
        """The form, each person's part told who it is about (what earlier steps saved decides
        which questions it asks)."""
        form = super().form(way_in, prepared)
        for entry in form.members:
            member = prepared["members_by_id"].get(entry.form.id.data)
            entry.form.about(member, prepared["members"], prepared["coverage_starts"])
        return form

    def changes(self, way_in, form, prepared):
        posted = [entry.form for entry in form.members]
        members = prepared["members"]
        if sorted(entry.id.data or 0 for entry in posted) != sorted(m.id for m in members):
            form.form_errors.append(_(
                "This page no longer matches the household on the application. Nothing was "
                "saved: reload the step and try again."
            ))
            return None
        return self.member_changes(form, posted, members)

    def member_changes(self, form, posted, members):
        return StepChanges(member_fields={entry.id.data: self.answered(entry) for entry in posted})

    def answered(self, entry):
        """One member's answers as the application keeps them."""
        return {name: entry.answer(name) for name in self.answer_names}


# Who a person is: the primary applicant's come from the contact step.
IDENTITY = ("first_name", "last_name", "date_of_birth", "relationship")
PERSON_ANSWERS = ("applying", "tax_filing", "separate_filing_exception", "pregnant",
                  "immigration_status", "status_since", "american_indian", "former_foster_care",
                  "incarcerated")


@WIZARD.step("household")
class Household(PerMemberStep):
    form_class = HouseholdForm
    answer_names = IDENTITY + PERSON_ANSWERS

    def form(self, way_in, prepared):
        form = super().form(way_in, prepared)
        form.new_member.form.about(None, prepared["members"], prepared["coverage_starts"])
        return form

    def member_changes(self, form, posted, members):
        primary_id = members[0].id
        member_fields, removed = {}, []
        for entry in posted:
            primary = entry.id.data == primary_id
            if entry.remove.data and not primary:
                removed.append(entry.id.data)
                continue
            member_fields[entry.id.data] = _person(entry, primary)
        new_members = ()
        if not form.new_member.form.is_blank():
            new_members = (_person(form.new_member.form, primary=False),)
        return StepChanges(
            member_fields=member_fields, new_members=new_members, removed_member_ids=tuple(removed)
        )

    def next_url(self, saved):
        if request.form.get("action") == "add":
            flash(_("Saved. Add the next person, or choose Next."), "success")
            return self.wizard.url(saved, self.key)
        return super().next_url(saved)


def _person(person, primary):
    names = PERSON_ANSWERS if primary else IDENTITY + PERSON_ANSWERS
    fields = {name: person.answer(name) for name in names}
    if not primary:
        fields["first_name"] = fields["first_name"].strip()
        fields["last_name"] = fields["last_name"].strip()
    return fields


@WIZARD.step("income")
class Income(PerMemberStep):
    form_class = IncomeForm
    answer_names = ("income_amount", "income_frequency", "income_from_work", "deductions_yearly")

    def answered(self, entry):
        fields = super().answered(entry)
        if fields["deductions_yearly"] is None:
            fields["deductions_yearly"] = 0
        return fields


@WIZARD.step("coverage")
class Coverage(PerMemberStep):
    form_class = CoverageForm
    answer_names = ("has_medicare", "premium_free_part_a", "has_other_public_coverage",
                    "employer_offer", "employer_premium_monthly", "employer_offer_minimum_value",
                    "employer_family_premium_monthly")


@WIZARD.step("summary")
class Summary(ApplicationStep):
    form_class = SummaryForm

    def changes(self, way_in, form, prepared):
        return StepChanges()

    def shown(self, way_in, form, prepared):
        return summary_context(way_in.record)


@WIZARD.step("signature")
class Signature(SigningStep):
    form_class = SignatureForm
    exit_message = _l("Your answers are saved. Choose “Resume application” to sign and submit.")
    signed_message = _l("Your application was submitted.")

    def done_message(self, way_in):
        if changes.reported_in(way_in.record) is not None:
            return _(
                "The change was reported: the case has a new version and a new determination."
            )
        return self.signed_message

    def sign(self, actor, way_in, form):
        signed = submission.Signature(
            signed_name=form.signed_name.data or "",
            attested=form.attested.data,
            assister_section=form.assister_section.data == "yes",
            assister_reference_number=form.assister_reference_number.data or "",
            assister_organization=form.assister_organization.data or "",
        )
        submission.submit(
            actor, way_in.record, based_on(form), signed, association=way_in.association
        )

    def shown(self, way_in, form, prepared):
        application = way_in.record
        return {
            "application": application,
            "primary": applications.members(application)[0],
            "assister_section": way_in.association is not None
            and way_in.association.assister_type in signatures.ASSISTER_SECTION_TYPES,
            "rights_viewed": application.rights_viewed_by_id == current_actor().user.id,
        }


@bp.route("/<int:application_id>/<step>", methods=["GET", "POST"])
def step(application_id, step):
    """One step of the wizard: the same screen for the consumer and their assister."""
    way_in = WIZARD.open(application_id)
    if step not in WIZARD.steps:
        return redirect(WIZARD.resume_url(way_in.record))
    return WIZARD.page(way_in, step)


@bp.route("/<int:application_id>/signature", methods=["GET", "POST"])
def signature(application_id):
    return WIZARD.page(WIZARD.open(application_id), "signature")
