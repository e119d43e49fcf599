"""The application wizard's forms for the whole application: contact, Summary, Signature,
the Notice of Rights and Rescind. The per-person steps' forms are in household_forms.py."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from portal import rules
from portal.forms import PortalForm
from portal.services.associations import REASON_MAX
from views.application.fields import YES_NO, born, check_birth_date
from views.wizard import StepForm, choices


class ContactForm(StepForm):
    # Asked on a change report only (views/application/steps.py Contact).
    changed_on = born(_l("Date of the change"), required=False)
    first_name = StringField(_l("First name"), validators=[
        DataRequired(_l("Enter the first name.")), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[
        DataRequired(_l("Enter the last name.")), Length(max=100)])
    date_of_birth = born()
    street = StringField(_l("Street address"), validators=[
        DataRequired(_l("Enter the home street address.")), Length(max=200)])
    city = StringField(_l("City"), validators=[
        DataRequired(_l("Enter the city.")), Length(max=100)])
    zip_code = StringField(_l("ZIP code"), validators=[
        DataRequired(_l("Enter the ZIP code.")),
        Regexp(r"^\s*5[56]\d{3}\s*$",
               message=_l("Enter a 5-digit Minnesota ZIP code (55xxx or 56xxx).")),
    ])
    county = SelectField(_l("County"), validators=[
        DataRequired(_l("Choose the county you live in."))])
    phone = StringField(_l("Phone number"), validators=[
        DataRequired(_l("Enter a phone number."))])
    email = StringField(_l("Email"), validators=[
        DataRequired(_l("Enter an email address.")),
        Email(_l("Enter an email address like name@example.com.")),
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
            raise ValidationError(_("Enter a 10-digit phone number, like 651-555-0100."))
        field.data = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


class SummaryForm(StepForm):
    pass


class SignatureForm(StepForm):
    assister_section = RadioField(
        _l("Did you, a navigator or certified application counselor, help complete this "
           "application?"),
        choices=YES_NO,
        validators=[Optional()],
    )
    assister_reference_number = StringField(_l("Assister ID"), validators=[Length(max=20)])
    assister_organization = StringField(
        _l("Full organization name"), validators=[Length(max=200)]
    )
    attested = BooleanField(
        _l("I confirm, under penalty of perjury, that the information in this application is "
           "true and complete to the best of my knowledge.")
    )
    signed_name = StringField(
        _l("Type the primary applicant's full name to sign"), validators=[Length(max=201)]
    )


class RightsReadForm(PortalForm):
    """"I have read the Notice of Rights and Responsibilities": the button, and its CSRF token."""


class RescindForm(PortalForm):
    reason = TextAreaField(
        _l("Why is this application being rescinded?"),
        validators=[
            DataRequired(_l("Give the reason for rescinding this application.")),
            Length(max=REASON_MAX, message=_l("Keep the reason to %(max)d characters or fewer.")),
        ],
    )
