"""An individual's certification registration (S8): a navigator or CAC under their agency, a
broker with their license. Visitors have no account yet: the form carries CSRF as every form,
and its posts are rate limited per address."""

from flask import current_app, redirect, render_template, session, url_for
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from db import row_id
from db.assisters import ASSISTER_TYPES, LANGUAGES
from portal import places
from portal.auth import current_actor
from portal.errors import DomainError
from portal.extensions import limiter
from portal.forms import PortalForm
from portal.services import certifications
from views import form_errors
from views.certification import bp
from views.wizard import choices

# What the confirmation page needs of the registration just made (no private data).
REGISTERED_KEY = "certification_registered"
AGENCY_GROUPS = (("navigator", "Navigator organizations"), ("cac", "CAC organizations"))


def _text(label, message, limit=100):
    return StringField(
        label,
        validators=[
            DataRequired(message),
            Length(max=limit, message=f"Keep this to {limit} characters or fewer."),
        ],
    )


class RegistrationForm(PortalForm):
    assister_type = RadioField(
        "I am a",
        choices=choices(ASSISTER_TYPES, blank=None),
        validators=[InputRequired("Choose the kind of assister you are.")],
    )
    # Checked by the service (an active agency of the type chosen), in its words.
    agency_id = SelectField("Your agency (navigators and CACs)", validate_choice=False)
    license_number = StringField(
        "Minnesota insurance license number (brokers)",
        validators=[Length(max=40, message="Keep the license number to 40 characters or fewer.")],
    )
    license_expires_on = DateField(
        "License expiration date (brokers)", validators=[Optional()], render_kw={"type": "date"}
    )
    first_name = _text("First name", "Enter your first name.")
    last_name = _text("Last name", "Enter your last name.")
    email = StringField(
        "Email address",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="Keep the email address to 254 characters or fewer."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
        ],
    )
    phone = _text("Phone", "Enter your phone number.", limit=20)
    street = _text("Street address", "Enter your street address.", limit=200)
    city = _text("City", "Enter your city.")
    zip_code = _text("ZIP code", "Enter your ZIP code.", limit=10)
    county = SelectField("County", validate_choice=False)
    languages = SelectMultipleField(
        "Languages you help consumers in",
        choices=choices(((name, name) for name in LANGUAGES), blank=None),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One list for both types, grouped by kind: the page works without JavaScript.
        self.agency_id.choices = [SelectChoice("", "- Select -")] + [
            SelectChoice(str(agency.id), agency.name, optgroup=label)
            for kind, label in AGENCY_GROUPS
            for agency in certifications.registering_agencies(kind)
        ]
        self.county.choices = choices((name, name) for name in places.counties())

    def values(self):
        return {
            **{name: self[name].data for name in certifications.ADDRESS},
            "assister_type": self.assister_type.data,
            "agency_id": row_id(self.agency_id.data),
            "license_number": self.license_number.data,
            "license_expires_on": self.license_expires_on.data,
            "languages": self.languages.data,
        }


def _rate_limit():
    return current_app.config["CERTIFICATION_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def register():
    """Register for certification: one form, the assister's type deciding what it asks."""
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            assister = certifications.register(current_actor(), form.values())
        except DomainError as error:
            form_errors.show(form, error)
        else:
            session[REGISTERED_KEY] = {
                "assister_type": assister.assister_type,
                "agency": assister.organization,
                "email": assister.email,
            }
            return redirect(url_for("certification.registered"))
    return render_template("certification/register.html", form=form), form_errors.status(form)


@bp.get("/register/done")
def registered():
    """What happens next, for the type just registered; without a registration, the form."""
    done = session.get(REGISTERED_KEY)
    if not done:
        return redirect(url_for("certification.register"))
    return render_template("certification/registered.html", **done)
