"""The forms of consumer sign-up, email verification and forgotten password or username."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from portal.services import passwords, security_questions

USERNAME_RULE = r"^[A-Za-z0-9._@-]{4,64}$"
USERNAME_HINT = "4 to 64 letters, numbers, or . _ - @ (no spaces)."
QUESTION_CHOICES = [SelectChoice("", "- Select a question -")] + [
    SelectChoice(q, q) for q in security_questions.QUESTIONS
]


def _email_field(label):
    return StringField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="Keep the email address to 254 characters or fewer."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
        ],
    )


def _answer_field(label):
    # Answers are secrets: they are never written back into a page (see `clear_answers`).
    return StringField(label, validators=[Length(max=200)])


class SignUpForm(FlaskForm):
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
    question_1 = SelectField("Security question 1", choices=QUESTION_CHOICES)
    answer_1 = _answer_field("Answer 1")
    question_2 = SelectField("Security question 2", choices=QUESTION_CHOICES)
    answer_2 = _answer_field("Answer 2")
    question_3 = SelectField("Security question 3", choices=QUESTION_CHOICES)
    answer_3 = _answer_field("Answer 3")

    def validate_confirm_email(self, field):
        if (field.data or "").strip().lower() != (self.email.data or "").strip().lower():
            raise ValidationError("The two email addresses do not match.")

    def validate_password(self, field):
        found = passwords.problems(
            field.data, username=self.username.data, email=self.email.data, without_mfa=True
        )
        field.errors.extend(found)

    def answer_pairs(self):
        return [
            (self[f"question_{n}"].data, self[f"answer_{n}"].data or "")
            for n in range(1, security_questions.ANSWERS_REQUIRED + 1)
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name, message in security_questions.problems(self.answer_pairs()).items():
            self[name].errors.append(message)
            valid = False
        return valid and not self.errors


class UsernameForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username."), Length(max=64)]
    )


class EmailForm(FlaskForm):
    email = _email_field("Email address")


class AnswersForm(FlaskForm):
    """Step 2 of a forgotten password or username: the three questions, labelled by the view."""

    answer_1 = _answer_field("Answer 1")
    answer_2 = _answer_field("Answer 2")
    answer_3 = _answer_field("Answer 3")

    def ask(self, questions):
        for n, question in enumerate(questions, start=1):
            self[f"answer_{n}"].label.text = question
        return self

    def answers(self):
        return [
            self[f"answer_{n}"].data or ""
            for n in range(1, security_questions.ANSWERS_REQUIRED + 1)
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for n in range(1, security_questions.ANSWERS_REQUIRED + 1):
            if not (self[f"answer_{n}"].data or "").strip():
                self[f"answer_{n}"].errors.append("Answer this question.")
                valid = False
        return valid


class PasswordAnswersForm(AnswersForm):
    username = HiddenField(validators=[DataRequired(), Length(max=64)])


class UsernameAnswersForm(AnswersForm):
    email = HiddenField(validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
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


class ConfirmForm(FlaskForm):
    """A button only: confirming an email address is a POST, so a mail scanner's GET can't."""


def clear_answers(form):
    """Never send a typed security answer back to the browser."""
    for n in range(1, security_questions.ANSWERS_REQUIRED + 1):
        form[f"answer_{n}"].data = ""
        form[f"answer_{n}"].raw_data = []
