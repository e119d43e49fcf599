"""The forms of consumer sign-up, email verification and forgotten password or username."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from portal.forms import PortalForm
from portal.services import passwords
from views.security_questions import NUMBERS, SecurityQuestionsForm, answer_field

USERNAME_RULE = r"^[A-Za-z0-9._@-]{4,64}$"
USERNAME_HINT = _l("4 to 64 letters, numbers, or . _ - @ (no spaces).")


def _email_field(label):
    return StringField(
        label,
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("Keep the email address to 254 characters or fewer.")),
            Email(_l("Enter an email address like name@example.com."), check_deliverability=False),
        ],
    )


class SignUpForm(SecurityQuestionsForm):
    first_name = StringField(
        _l("First name"), validators=[DataRequired(_l("Enter your first name.")), Length(max=100)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(_l("Enter your last name.")), Length(max=100)]
    )
    email = _email_field(_l("Email address"))
    confirm_email = StringField(
        _l("Confirm email address"),
        validators=[DataRequired(_l("Enter your email address again.")), Length(max=254)],
    )
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Choose a username.")),
            Regexp(USERNAME_RULE, message=_l("Use 4 to 64 letters, numbers, or . _ - @ only.")),
        ],
    )
    # No maxlength: a pasted long password would be cut short silently; the rules name the limit.
    password = PasswordField(_l("Password"))
    confirm_password = PasswordField(
        _l("Confirm password"),
        validators=[
            DataRequired(_l("Enter your password again.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )

    def validate_confirm_email(self, field):
        if (field.data or "").strip().lower() != (self.email.data or "").strip().lower():
            raise ValidationError(_("The two email addresses do not match."))

    def validate_password(self, field):
        found = passwords.problems(
            field.data, username=self.username.data, email=self.email.data, without_mfa=True
        )
        field.errors.extend(found)


class UsernameForm(PortalForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)]
    )


class EmailForm(PortalForm):
    email = _email_field(_l("Email address"))


class AnswersForm(PortalForm):
    """Step 2 of a forgotten password or username: the three questions, labelled by the view."""

    answer_1 = answer_field(_l("Answer 1"))
    answer_2 = answer_field(_l("Answer 2"))
    answer_3 = answer_field(_l("Answer 3"))

    def ask(self, questions):
        for n, question in enumerate(questions, start=1):
            # Stored in English (security_questions.QUESTIONS); shown in the page's language.
            self[f"answer_{n}"].label.text = _(question)
        return self

    def answers(self):
        return [self[f"answer_{n}"].data or "" for n in NUMBERS]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for n in NUMBERS:
            if not (self[f"answer_{n}"].data or "").strip():
                self[f"answer_{n}"].errors.append(_("Answer this question."))
                valid = False
        return valid


class PasswordAnswersForm(AnswersForm):
    username = HiddenField(validators=[DataRequired(), Length(max=64)])


class UsernameAnswersForm(AnswersForm):
    email = HiddenField(validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(PortalForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password."))],
    )
    confirm_password = PasswordField(
        _l("Confirm new password"),
        validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )


class ConfirmForm(PortalForm):
    """A button only: confirming an email address is a POST, so a mail scanner's GET can't."""
