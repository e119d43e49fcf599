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
    ValidationError,
)
from wtforms.widgets import HiddenInput

from db.applications import TAX_FILING_STATUSES
from db.consumers import RELATIONSHIPS
from portal import rules
from portal.forms import NumberField, PortalFields, PortalForm
from portal.services.associations import REASON_MAX
from views.wizard import StepForm, choices

YES_NO = choices([("yes", "Yes"), ("no", "No")], blank=None)
MAX_AGE = 120
# Above this the figure is a typo, not an income (the rules would still cope).
MAX_AMOUNT = Decimal("10000000")
DATE_MESSAGE = "Enter a real date as month, day and year (for example 04/28/1986)."


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


def money(label, required_message=None):
    checks = [InputRequired(required_message)] if required_message else [Optional()]
    return MoneyField(
        label,
        places=2,
        validators=[
            *checks,
            NumberRange(0, MAX_AMOUNT, "Enter an amount between $0 and $10,000,000."),
        ],
        render_kw={"inputmode": "decimal"},
    )


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


class PersonFields(PortalFields):
    """One person's household answers (no CSRF: it is part of the step's form)."""

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
    pregnant = BooleanField("Pregnant")
    immigration_status = SelectField(
        "Citizenship or immigration status",
        choices=choices(rules.IMMIGRATION_STATUSES.items()),
        validators=[Optional()],
    )

    def validate_date_of_birth(self, field):
        check_birth_date(field)

    def required_missing(self, primary):
        """The answers a person needs (name, birth date and relationship come from the contact
        step for the primary applicant), as {field: message}."""
        needed = {
            "applying": "Say whether this person is applying for coverage.",
            "tax_filing": "Choose how this person will file taxes.",
            "immigration_status": "Choose this person's citizenship or immigration status.",
        }
        if not primary:
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


class HouseholdForm(StepForm):
    members = FieldList(FormField(MemberFields))
    new_member = FormField(PersonFields)


class IncomeFields(PortalFields):
    id = IntegerField(widget=HiddenInput())
    income_amount = money("Income before taxes", "Enter this person's income (0 if none).")
    income_frequency = SelectField(
        "How often",
        choices=choices(((key, label) for key, (label, _) in rules.FREQUENCIES.items()), None),
        default="monthly",
    )
    deductions_yearly = money("Yearly deductions (for example student loan interest)")


class IncomeForm(StepForm):
    members = FieldList(FormField(IncomeFields))


class CoverageFields(PortalFields):
    id = IntegerField(widget=HiddenInput())
    has_medicare = yes_no("Enrolled in Medicare?", "Say whether this person has Medicare.")
    has_other_public_coverage = yes_no(
        "Enrolled in other public coverage (for example TRICARE, VA, Peace Corps)?",
        "Say whether this person has other public coverage.",
    )
    employer_offer = yes_no(
        "Offered health coverage through a job (their own or a family member's)?",
        "Say whether this person is offered coverage through a job.",
    )
    employer_premium_monthly = money(
        "What the employee would pay each month for the lowest-cost self-only plan"
    )

    def validate_employer_premium_monthly(self, field):
        if self.employer_offer.data == "yes" and field.data is None:
            raise ValidationError("Enter the monthly premium for the plan offered through the job.")


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
