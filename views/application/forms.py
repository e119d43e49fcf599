"""The application wizard's forms: one per step; per-person steps repeat a sub-form per member."""

from datetime import date
from decimal import Decimal

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from db.applications import TAX_FILING_STATUSES
from db.consumers import RELATIONSHIPS
from portal import rules
from portal.forms import NumberField, PortalFields, PortalForm
from portal.services import eligibility
from portal.services.associations import REASON_MAX
from views.wizard import StepForm, choices

YES_NO = choices([("yes", "Yes"), ("no", "No")], blank=None)
MAX_AGE = 120
# Above this the figure is a typo, not an income (the rules would still cope).
MAX_AMOUNT = Decimal("10000000")
DATE_MESSAGE = "Enter a real date as month, day and year (for example 04/28/1986)."
STATUS_SINCE_MESSAGE = (
    "Enter the date the permanent resident status was granted as month, day and year (for "
    "example 04/28/2022)."
)


def yes_no(label, message):
    return RadioField(label, choices=YES_NO, validators=[InputRequired(message)])


def born(label="Date of birth", required=True):
    return DateField(
        label,
        validators=[DataRequired(DATE_MESSAGE) if required else Optional()],
        render_kw={"type": "date"},
    )


def check_birth_date(field):
    if field.data is None:
        return
    today = date.today()
    if field.data > today:
        raise ValidationError("A date of birth can't be in the future.")
    if field.data.year < today.year - MAX_AGE:
        raise ValidationError(f"Enter a date of birth within the last {MAX_AGE} years.")


class MoneyField(NumberField):
    """Dollars as people type them ("$2,400.50"), with a plain message for anything else."""

    def process_formdata(self, valuelist):
        cleaned = [value.replace("$", "").replace(",", "").strip() for value in valuelist]
        try:
            super().process_formdata(cleaned)
        except ValueError:
            raise ValueError("Enter an amount in dollars, like 2400.00.") from None


def money(label, check=None):
    """An amount in dollars; `check` comes first (optional by default)."""
    return MoneyField(
        label,
        places=2,
        validators=[
            check or Optional(),
            NumberRange(0, MAX_AMOUNT, "Enter an amount between $0 and $10,000,000."),
        ],
        render_kw={"inputmode": "decimal"},
    )


class WhenAsked:
    """A validator for a question asked of some people only (PersonAnswers.applies): when it
    applies, required with `message` (optional when None; `invalid` replaces the message of an
    answer that is not one, a date that is not a date); when it does not, ignored whatever was
    sent, any message about it dropped."""

    def __init__(self, message=None, invalid=None):
        self.message = message
        self.invalid = invalid

    def __call__(self, form, field):
        sent = field.raw_data and str(field.raw_data[0]).strip()
        if not form.applies(field.short_name) or not (sent or self.message):
            field.errors[:] = []
            raise StopValidation()
        if not sent:
            field.errors[:] = []
            raise StopValidation(self.message)
        if field.data is None and self.invalid:
            field.errors[:] = []
            raise StopValidation(self.invalid)


class PersonAnswers(PortalFields):
    """One person's answers on a per-person step (no CSRF: it is part of the step's form).

    Some questions are for some people only. `shown_when` says, from what earlier steps saved,
    of whom the page asks one at all; `applies_when`, from the other answers on the same page,
    to whom of those it applies (the page says "Only for …" beside it). Both are tests of the
    sub-form, which `about()` tells who it is about before it is validated."""

    shown_when = {}
    applies_when = {}
    member = None  # the saved ApplicationMember; None for a person being added
    household = ()  # every saved member, in order
    starts = None  # the coverage start date: ages are taken that day

    def about(self, member, household, starts):
        self.member, self.household, self.starts = member, household, starts

    def shown(self, name):
        test = self.shown_when.get(name)
        return test is None or test(self)

    def applies(self, name):
        test = self.applies_when.get(name)
        return self.shown(name) and (test is None or test(self))

    def answer(self, name):
        """The answer as the application keeps it: yes/no as a boolean, and None for a question
        that does not apply to this person."""
        if not self.applies(name):
            return None
        value = self[name].data
        return value == "yes" if isinstance(self[name], RadioField) else value


class ContactForm(StepForm):
    first_name = StringField("First name", validators=[DataRequired("Enter the first name."),
                                                       Length(max=100)])
    last_name = StringField("Last name", validators=[DataRequired("Enter the last name."),
                                                     Length(max=100)])
    date_of_birth = born()
    street = StringField("Street address", validators=[
        DataRequired("Enter the home street address."), Length(max=200)])
    city = StringField("City", validators=[DataRequired("Enter the city."), Length(max=100)])
    zip_code = StringField("ZIP code", validators=[
        DataRequired("Enter the ZIP code."),
        Regexp(r"^\s*5[56]\d{3}\s*$",
               message="Enter a 5-digit Minnesota ZIP code (55xxx or 56xxx)."),
    ])
    county = SelectField("County", validators=[DataRequired("Choose the county you live in.")])
    phone = StringField("Phone number", validators=[DataRequired("Enter a phone number.")])
    email = StringField("Email", validators=[
        DataRequired("Enter an email address."),
        Email("Enter an email address like name@example.com."),
    ])

    def __init__(self, *args, plan_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.county.choices = choices(
            (name, name) for name in rules.plan_year(plan_year).counties
        )

    def validate_date_of_birth(self, field):
        check_birth_date(field)

    def validate_phone(self, field):
        digits = "".join(ch for ch in field.data or "" if ch.isdigit())
        if len(digits) != 10:
            raise ValidationError("Enter a 10-digit phone number, like 651-555-0100.")
        field.data = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


class PersonFields(PersonAnswers):
    """One person's household answers."""

    first_name = StringField("First name", validators=[Length(max=100)])
    last_name = StringField("Last name", validators=[Length(max=100)])
    date_of_birth = born(required=False)
    relationship = SelectField(
        "Relationship to the primary applicant",
        choices=choices(pair for pair in RELATIONSHIPS if pair[0] != "self"),
        validators=[Optional()],
    )
    applying = RadioField("Applying for health coverage?", choices=YES_NO, validators=[Optional()])
    tax_filing = SelectField(
        "Federal tax filing for the coverage year",
        choices=choices(TAX_FILING_STATUSES),
        validators=[Optional()],
    )
    separate_filing_exception = RadioField(
        "Filing separately because of domestic abuse or because the spouse abandoned them?",
        choices=YES_NO,
        validators=[WhenAsked("Say whether this person files separately because of domestic "
                              "abuse or abandonment.")],
    )
    pregnant = BooleanField("Pregnant")
    immigration_status = SelectField(
        "Citizenship or immigration status",
        choices=choices(rules.IMMIGRATION_STATUSES.items()),
        validators=[Optional()],
    )
    status_since = DateField(
        "Date the permanent resident status was granted",
        validators=[WhenAsked(STATUS_SINCE_MESSAGE, invalid=STATUS_SINCE_MESSAGE)],
        render_kw={"type": "date"},
    )
    american_indian = RadioField(
        "American Indian or Alaska Native?", choices=YES_NO, validators=[Optional()]
    )
    former_foster_care = RadioField(
        "Was in foster care when they turned 18?",
        choices=YES_NO,
        validators=[WhenAsked("Say whether this person was in foster care at 18.")],
    )
    incarcerated = RadioField(
        "Serving a sentence in jail or prison?", choices=YES_NO, validators=[Optional()]
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
            raise ValidationError("The date the status was granted can't be in the future.")
        born_on = self.birth_date()
        if born_on is not None and field.data < born_on:
            raise ValidationError(
                "The date the status was granted can't be before the date of birth."
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
            "applying": "Say whether this person is applying for coverage.",
            "tax_filing": "Choose how this person will file taxes.",
            "immigration_status": "Choose this person's citizenship or immigration status.",
            "american_indian": "Say whether this person is American Indian or Alaska Native.",
            "incarcerated": "Say whether this person is serving a sentence in jail or prison.",
        }
        if not self.is_primary():
            needed = {
                "first_name": "Enter this person's first name.",
                "last_name": "Enter this person's last name.",
                "date_of_birth": DATE_MESSAGE,
                "relationship": "Choose how this person is related to the primary applicant.",
                **needed,
            }
        return {name: message for name, message in needed.items() if not self[name].data}

    def is_blank(self):
        return not any(
            self[name].data for name in ("first_name", "last_name", "date_of_birth", "relationship")
        )


class MemberFields(PersonFields):
    id = IntegerField(widget=HiddenInput())
    remove = BooleanField("Remove this person from the application")

    def answers_needed(self):
        """Everyone on the application, unless being removed (the primary applicant can't be)."""
        return self.is_primary() or not self.remove.data


class HouseholdForm(StepForm):
    members = FieldList(FormField(MemberFields))
    new_member = FormField(PersonFields)


class IncomeFields(PersonAnswers):
    id = IntegerField(widget=HiddenInput())
    income_amount = money(
        "Income before taxes", InputRequired("Enter this person's income (0 if none).")
    )
    income_frequency = SelectField(
        "How often",
        choices=choices(((key, label) for key, (label, _) in rules.FREQUENCIES.items()), None),
        default="monthly",
    )
    income_from_work = RadioField(
        "Is this income mostly from work (wages, tips or self-employment)?",
        choices=YES_NO,
        validators=[WhenAsked("Say whether this person's income is mostly from work.")],
    )
    deductions_yearly = money("Yearly deductions (for example student loan interest)")

    shown_when = {
        "income_from_work": lambda person: person.member is not None
        and eligibility.asks_income_from_work(person.member),
    }
    applies_when = {"income_from_work": lambda person: bool(person.income_amount.data)}


class IncomeForm(StepForm):
    members = FieldList(FormField(IncomeFields))


class CoverageFields(PersonAnswers):
    id = IntegerField(widget=HiddenInput())
    has_medicare = yes_no("Enrolled in Medicare?", "Say whether this person has Medicare.")
    premium_free_part_a = RadioField(
        "Can get Medicare Part A without paying a premium?",
        choices=YES_NO,
        validators=[WhenAsked("Say whether this person can get Part A without a premium.")],
    )
    has_other_public_coverage = yes_no(
        "Enrolled in other public coverage (for example TRICARE, VA, Peace Corps)?",
        "Say whether this person has other public coverage.",
    )
    employer_offer = yes_no(
        "Offered health coverage through their own job?",
        "Say whether this person is offered coverage through their own job.",
    )
    employer_premium_monthly = money(
        "What the employee would pay each month for the lowest-cost self-only plan",
        WhenAsked("Enter the monthly premium for the plan offered through the job."),
    )
    employer_offer_minimum_value = RadioField(
        "Does the plan meet the minimum value standard (it pays at least 60% of the costs of "
        "covered care)?",
        choices=YES_NO,
        validators=[WhenAsked("Say whether the job's plan meets the minimum value standard.")],
    )
    employer_family_premium_monthly = money(
        "What the employee would pay each month for the lowest-cost plan that also covers "
        "the family members in this household",
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


class SummaryForm(StepForm):
    pass


class SignatureForm(StepForm):
    assister_section = RadioField(
        "Did you, a navigator or certified application counselor, help complete this application?",
        choices=YES_NO,
        validators=[Optional()],
    )
    assister_reference_number = StringField("Assister ID", validators=[Length(max=20)])
    assister_organization = StringField("Full organization name", validators=[Length(max=200)])
    attested = BooleanField(
        "I confirm, under penalty of perjury, that the information in this application is true "
        "and complete to the best of my knowledge."
    )
    signed_name = StringField(
        "Type the primary applicant's full name to sign", validators=[Length(max=201)]
    )


class RightsReadForm(PortalForm):
    """"I have read the Notice of Rights and Responsibilities": the button, and its CSRF token."""


class RescindForm(PortalForm):
    reason = TextAreaField(
        "Why is this application being rescinded?",
        validators=[
            DataRequired("Give the reason for rescinding this application."),
            Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX} characters or fewer."),
        ],
    )
