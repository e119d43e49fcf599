"""The per-person steps' forms (Household members, Income, Other health coverage): one sub-form
per member, each asking only what applies to that person."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from portal.services import eligibility
from views.application import labels
from views.application.fields import (
    DATE_MESSAGE,
    STATUS_SINCE_MESSAGE,
    YES_NO,
    PersonAnswers,
    WhenAsked,
    born,
    check_birth_date,
    money,
    yes_no,
)
from views.wizard import StepForm, choices


class PersonFields(PersonAnswers):
    """One person's household answers."""

    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Length(max=100)])
    date_of_birth = born(required=False)
    relationship = SelectField(
        _l("Relationship to the primary applicant"),
        choices=choices(pair for pair in labels.RELATIONSHIPS.items() if pair[0] != "self"),
        validators=[Optional()],
    )
    applying = RadioField(
        _l("Applying for health coverage?"), choices=YES_NO, validators=[Optional()]
    )
    tax_filing = SelectField(
        _l("Federal tax filing for the coverage year"),
        choices=choices(labels.TAX_FILING.items()),
        validators=[Optional()],
    )
    separate_filing_exception = RadioField(
        _l("Filing separately because of domestic abuse or because the spouse abandoned them?"),
        choices=YES_NO,
        validators=[WhenAsked(_l("Say whether this person files separately because of "
                                 "domestic abuse or abandonment."))],
    )
    pregnant = BooleanField(_l("Pregnant"))
    immigration_status = SelectField(
        _l("Citizenship or immigration status"),
        choices=choices(labels.IMMIGRATION_STATUSES.items()),
        validators=[Optional()],
    )
    status_since = DateField(
        _l("Date the permanent resident status was granted"),
        validators=[WhenAsked(STATUS_SINCE_MESSAGE, invalid=STATUS_SINCE_MESSAGE)],
        render_kw={"type": "date"},
    )
    american_indian = RadioField(
        _l("American Indian or Alaska Native?"), choices=YES_NO, validators=[Optional()]
    )
    former_foster_care = RadioField(
        _l("Was in foster care when they turned 18?"),
        choices=YES_NO,
        validators=[WhenAsked(_l("Say whether this person was in foster care at 18."))],
    )
    incarcerated = RadioField(
        _l("Serving a sentence in jail or prison?"), choices=YES_NO, validators=[Optional()]
    )

    shown_when = {
        # The primary applicant's age is known from the contact step; anyone else's birth date
        # is typed on this page, so the question is there with "Only for people under 26".
        "former_foster_care": lambda person: not person.is_primary()
        or eligibility.asks_former_foster_care(person.birth_date(), person.starts),
    }
    applies_when = {
        "separate_filing_exception": lambda person: person.tax_filing.data == "separately",
        "status_since": lambda person: person.immigration_status.data == "permanent_resident",
        "former_foster_care": lambda person: eligibility.asks_former_foster_care(
            person.birth_date(), person.starts
        ),
    }

    def is_primary(self):
        return self.member is not None and self.member.is_primary

    def birth_date(self):
        """The primary applicant's is the contact step's; anyone else's is on this page."""
        return self.member.date_of_birth if self.is_primary() else self.date_of_birth.data

    def validate_date_of_birth(self, field):
        check_birth_date(field)

    def validate_status_since(self, field):
        if field.data > date.today():
            raise ValidationError(_("The date the status was granted can't be in the future."))
        born_on = self.birth_date()
        if born_on is not None and field.data < born_on:
            raise ValidationError(
                _("The date the status was granted can't be before the date of birth.")
            )

    def validate(self, extra_validators=None):
        """Each answer's own checks, then the answers everyone needs, all reported at once."""
        valid = super().validate(extra_validators)
        if not self.answers_needed():
            return valid
        missing = self.required_missing()
        for name, message in missing.items():
            if not self[name].errors:  # a date that is no date already says so
                self[name].errors.append(message)
        return valid and not missing

    def answers_needed(self):
        """A person being added needs answers once anything about them is typed."""
        return not self.is_blank()

    def required_missing(self):
        """The answers a person needs (name, birth date and relationship come from the contact
        step for the primary applicant), as {field: message}."""
        needed = {
            "applying": _("Say whether this person is applying for coverage."),
            "tax_filing": _("Choose how this person will file taxes."),
            "immigration_status": _("Choose this person's citizenship or immigration status."),
            "american_indian": _("Say whether this person is American Indian or Alaska Native."),
            "incarcerated": _("Say whether this person is serving a sentence in jail or prison."),
        }
        if not self.is_primary():
            needed = {
                "first_name": _("Enter this person's first name."),
                "last_name": _("Enter this person's last name."),
                "date_of_birth": DATE_MESSAGE,
                "relationship": _("Choose how this person is related to the primary applicant."),
                **needed,
            }
        return {name: message for name, message in needed.items() if not self[name].data}

    def is_blank(self):
        return not any(
            self[name].data for name in ("first_name", "last_name", "date_of_birth", "relationship")
        )


class MemberFields(PersonFields):
    id = IntegerField(widget=HiddenInput())
    remove = BooleanField(_l("Remove this person from the application"))

    def answers_needed(self):
        """Everyone on the application, unless being removed (the primary applicant can't be)."""
        return self.is_primary() or not self.remove.data


class HouseholdForm(StepForm):
    members = FieldList(FormField(MemberFields))
    new_member = FormField(PersonFields)


class IncomeFields(PersonAnswers):
    id = IntegerField(widget=HiddenInput())
    income_amount = money(
        _l("Income before taxes"), InputRequired(_l("Enter this person's income (0 if none)."))
    )
    income_frequency = SelectField(
        _l("How often"),
        choices=choices(labels.FREQUENCIES.items(), None),
        default="monthly",
    )
    income_from_work = RadioField(
        _l("Is this income mostly from work (wages, tips or self-employment)?"),
        choices=YES_NO,
        validators=[WhenAsked(_l("Say whether this person's income is mostly from work."))],
    )
    deductions_yearly = money(_l("Yearly deductions (for example student loan interest)"))

    shown_when = {
        "income_from_work": lambda person: person.member is not None
        and eligibility.asks_income_from_work(person.member),
    }
    applies_when = {"income_from_work": lambda person: bool(person.income_amount.data)}


class IncomeForm(StepForm):
    members = FieldList(FormField(IncomeFields))


class CoverageFields(PersonAnswers):
    id = IntegerField(widget=HiddenInput())
    has_medicare = yes_no(
        _l("Enrolled in Medicare?"), _l("Say whether this person has Medicare.")
    )
    premium_free_part_a = RadioField(
        _l("Can get Medicare Part A without paying a premium?"),
        choices=YES_NO,
        validators=[WhenAsked(_l("Say whether this person can get Part A without a premium."))],
    )
    has_other_public_coverage = yes_no(
        _l("Enrolled in other public coverage (for example TRICARE, VA, Peace Corps)?"),
        _l("Say whether this person has other public coverage."),
    )
    employer_offer = yes_no(
        _l("Offered health coverage through their own job?"),
        _l("Say whether this person is offered coverage through their own job."),
    )
    employer_premium_monthly = money(
        _l("What the employee would pay each month for the lowest-cost self-only plan"),
        WhenAsked(_l("Enter the monthly premium for the plan offered through the job.")),
    )
    employer_offer_minimum_value = RadioField(
        _l("Does the plan meet the minimum value standard (it pays at least %(share)s of the "
           "costs of covered care)?", share="60%"),
        choices=YES_NO,
        validators=[WhenAsked(_l("Say whether the job's plan meets the minimum value standard."))],
    )
    employer_family_premium_monthly = money(
        _l("What the employee would pay each month for the lowest-cost plan that also covers "
           "the family members in this household"),
        WhenAsked(),
    )

    shown_when = {
        "premium_free_part_a": lambda person: person.member is not None
        and eligibility.asks_premium_free_part_a(person.member.date_of_birth, person.starts),
        "employer_family_premium_monthly": lambda person: len(person.household) > 1,
    }
    applies_when = {
        "premium_free_part_a": lambda person: person.has_medicare.data == "no",
        "employer_premium_monthly": lambda person: person.employer_offer.data == "yes",
        "employer_offer_minimum_value": lambda person: person.employer_offer.data == "yes",
        "employer_family_premium_monthly": lambda person: person.employer_offer.data == "yes",
    }


class CoverageForm(StepForm):
    members = FieldList(FormField(CoverageFields))
