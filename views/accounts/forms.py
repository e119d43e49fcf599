"""The forms of consumer sign-up, email verification and forgotten password or username."""

from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from portal.forms import PortalForm
from portal.services import passwords
from views.security_questions import NUMBERS, SecurityQuestionsForm, answer_field

USERNAME_RULE = r"^[A-Za-z0-9._@-]{4,64}$"
USERNAME_HINT = "4 to 64 letters, numbers, or . _ - @ (no spaces)."


def _email_field(label):
    return StringField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="Keep the email address to 254 characters or fewer."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
        ],
    )


class SignUpForm(SecurityQuestionsForm):
    first_name = StringField(
        "First name", validators=[DataRequired("Enter your first name."), Length(max=100)]
    )
    last_name = StringField(
        "Last name", validators=[DataRequired("Enter your last name."), Length(max=100)]
    )
    email = _email_field("Email address")
    confirm_email = StringField(
        "Confirm email address",
        validators=[DataRequired("Enter your email address again."), Length(max=254)],
    )
    username = StringField(
        "Username",
        validators=[
            DataRequired("Choose a username."),
            Regexp(USERNAME_RULE, message="Use 4 to 64 letters, numbers, or . _ - @ only."),
        ],
    )
    # No maxlength: a pasted long password would be cut short silently; the rules name the limit.
    password = PasswordField("Password")
    confirm_password = PasswordField(
        "Confirm password",
        validators=[
            DataRequired("Enter your password again."),
            EqualTo("password", "The two passwords do not match."),
        ],
    )

    def validate_confirm_email(self, field):
        if (field.data or "").strip().lower() != (self.email.data or "").strip().lower():
            raise ValidationError("The two email addresses do not match.")

    def validate_password(self, field):
        found = passwords.problems(
            field.data, username=self.username.data, email=self.email.data, without_mfa=True
        )
        field.errors.extend(found)


class UsernameForm(PortalForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username."), Length(max=64)]
    )


class EmailForm(PortalForm):
    email = _email_field("Email address")


class AnswersForm(PortalForm):
    """Step 2 of a forgotten password or username: the three questions, labelled by the view."""

    answer_1 = answer_field("Answer 1")
    answer_2 = answer_field("Answer 2")
    answer_3 = answer_field("Answer 3")

    def ask(self, questions):
        for n, question in enumerate(questions, start=1):
            self[f"answer_{n}"].label.text = question
        return self

    def answers(self):
        return [self[f"answer_{n}"].data or "" for n in NUMBERS]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for n in NUMBERS:
            if not (self[f"answer_{n}"].data or "").strip():
                self[f"answer_{n}"].errors.append("Answer this question.")
                valid = False
        return valid


class PasswordAnswersForm(AnswersForm):
    username = HiddenField(validators=[DataRequired(), Length(max=64)])


class UsernameAnswersForm(AnswersForm):
    email = HiddenField(validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(PortalForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Enter a new password.")],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        validators=[
            DataRequired("Enter the new password again."),
            EqualTo("password", "The two passwords do not match."),
        ],
    )


class ConfirmForm(PortalForm):
    """A button only: confirming an email address is a POST, so a mail scanner's GET can't."""
