"""The three security questions an account chooses: one form part for consumer sign-up and
assister activation, checked by the same rules (portal.services.security_questions)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from portal.forms import PortalForm
from portal.services import security_questions

# The stored value is the question in English; the label is in the page's language.
QUESTION_CHOICES = [SelectChoice("", _l("- Select a question -"))] + [
    SelectChoice(q, _l(q)) for q in security_questions.QUESTIONS
]
NUMBERS = range(1, security_questions.ANSWERS_REQUIRED + 1)


def answer_field(label):
    # Answers are secrets: they are never written back into a page.
    return StringField(label, validators=[Length(max=200)])


class SecurityQuestionsForm(PortalForm):
    question_1 = SelectField(_l("Security question 1"), choices=QUESTION_CHOICES)
    answer_1 = answer_field(_l("Answer 1"))
    question_2 = SelectField(_l("Security question 2"), choices=QUESTION_CHOICES)
    answer_2 = answer_field(_l("Answer 2"))
    question_3 = SelectField(_l("Security question 3"), choices=QUESTION_CHOICES)
    answer_3 = answer_field(_l("Answer 3"))

    def answer_pairs(self):
        return [(self[f"question_{n}"].data, self[f"answer_{n}"].data or "") for n in NUMBERS]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name, message in security_questions.problems(self.answer_pairs()).items():
            self[name].errors = [*self[name].errors, message]
            valid = False
        # Field validators may add messages without raising (several password rules at once).
        return valid and not self.errors


def clear_answers(form):
    """Never send a typed security answer back to the browser."""
    for n in NUMBERS:
        form[f"answer_{n}"].data = ""
        form[f"answer_{n}"].raw_data = []
