"""The sign-in and MFA forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.forms import PortalForm

# The manual's words for the access code screens.
CODE_MESSAGE = _l("Enter the 6-digit one-time access code.")


class SignInForm(PortalForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=128)]
    )


class MfaRegistrationForm(PortalForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
    )
    agree = BooleanField(_l("I Agree to the Terms and Conditions"))


class DeliveryForm(PortalForm):
    mode = RadioField(
        _l("How do you want to receive your one-time access code?"),
        choices=[SelectChoice("email", _l("One-time access code through email"))],
        default="email",
        validators=[DataRequired(_l("Choose how to receive your code."))],
    )


def _code_field():
    return StringField(
        _l("One time access code"),
        validators=[DataRequired(CODE_MESSAGE), Length(max=12, message=CODE_MESSAGE)],
    )


class CodeForm(PortalForm):
    code = _code_field()


class AuthenticatorForm(PortalForm):
    """Adding an authenticator app: the password again, then a code the app shows."""

    password = PasswordField(
        _l("Your current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=128)],
    )
    code = _code_field()


class TurnOnEmailCodesForm(PortalForm):
    agree = BooleanField(_l("I Agree to the Terms and Conditions"))
