"""An organization applies to be certified as a navigator or CAC agency (S8): a public form,
before anyone has an account. Staff review the application in the admin."""

from flask import current_app, redirect, render_template, session, url_for
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from db.assisters import LANGUAGES
from db.certifications import APPLYING_KINDS, AgencyApplication
from portal import places
from portal.auth import current_actor
from portal.errors import DomainError
from portal.extensions import limiter
from portal.forms import PortalForm
from portal.services import agency_applications, listings
from views import form_errors
from views.certification import bp
from views.wizard import choices

# The application just sent, for its confirmation page (and nothing else of it).
SENT = "agency_application"
PHONE = Regexp(listings.PHONE_PATTERN, message=listings.PHONE_MESSAGE)


def _text(label, missing, limit):
    return StringField(label, validators=[DataRequired(missing), Length(max=limit)])


def _checkboxes(label):
    # Checked by the service, whose message names the list rather than repeating what was sent.
    return SelectMultipleField(
        label,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class AgencyApplicationForm(PortalForm):
    legal_name = _text("Legal name of the organization", "Enter the organization's legal name.",
                       200)
    kind = RadioField(
        "Type of agency",
        choices=choices(APPLYING_KINDS, blank=None),
        validators=[InputRequired("Choose the type of agency.")],
    )
    street = _text("Street address", "Enter the street address.", 200)
    city = _text("City", "Enter the city.", 100)
    zip_code = _text("ZIP code", "Enter the ZIP code.", 10)
    county = SelectField("County", validate_choice=False)
    counties_served = _checkboxes("Counties served")
    languages = _checkboxes("Languages")
    phone = StringField(
        "Phone number", validators=[DataRequired("Enter the agency's phone number."), PHONE]
    )
    website = StringField(
        "Website (optional)",
        validators=[
            Optional(),
            Length(max=200),
        ],
    )
    contact_first_name = _text("First name", "Enter the administrator's first name.", 100)
    contact_last_name = _text("Last name", "Enter the administrator's last name.", 100)
    contact_email = StringField(
        "Email address",
        validators=[
            DataRequired("Enter the administrator's email address."),
            Length(max=254),
            Email("Enter an email address like name@example.org.", check_deliverability=False),
        ],
    )
    contact_phone = StringField(
        "Phone number",
        validators=[DataRequired("Enter the administrator's phone number."), PHONE],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counties = [(name, name) for name in places.counties()]
        self.county.choices = choices(counties)
        self.counties_served.choices = choices(counties, blank=None)
        self.languages.choices = choices(((name, name) for name in LANGUAGES), blank=None)

    def validate_zip_code(self, field):
        try:
            places.locate(field.data)
        except places.UnknownZip as error:
            raise ValidationError(error.message) from error

    def validate_website(self, field):
        if field.data and not agency_applications.is_web_address(field.data.strip()):
            raise ValidationError(agency_applications.WEBSITE_MESSAGE)

    def validate_county(self, field):
        if field.data not in places.counties():
            raise ValidationError("Choose the county the agency's address is in.")

    def validate_counties_served(self, field):
        if not field.data:
            raise ValidationError("Choose at least one county the agency serves.")

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError("Choose at least one language the agency helps consumers in.")

    def values(self):
        return {name: self[name].data for name in agency_applications.FORM_FIELDS}


@bp.route("/agencies/apply", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["AGENCY_APPLICATION_RATE_LIMIT"],
    methods=["POST"],
    scope="agency_application",
)
def apply_agency():
    """Apply to be a certified agency."""
    form = AgencyApplicationForm()
    if form.validate_on_submit():
        try:
            application = agency_applications.submit(current_actor(), form.values())
        except DomainError as error:
            form_errors.show(form, error)
        else:
            session[SENT] = application.id
            return redirect(url_for(".agency_application_received"))
    return render_template(
        "certification/agency_application.html", form=form
    ), form_errors.status(form)


@bp.get("/agencies/apply/received")
def agency_application_received():
    application = AgencyApplication.get_or_none(AgencyApplication.id == session.get(SENT))
    if application is None:
        return redirect(url_for(".apply_agency"))
    return render_template(
        "certification/agency_application_received.html", application=application
    )
