"""The application wizard's field builders and the per-person sub-form they share: dates of
birth, money, Yes/No, and questions asked of some people only."""

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    RadioField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from portal.forms import NumberField, PortalFields
from views.wizard import choices

YES_NO = choices([("yes", _l("Yes")), ("no", _l("No"))], blank=None)
MAX_AGE = 120
# Above this the figure is a typo, not an income (the rules would still cope).
MAX_AMOUNT = Decimal("10000000")
BIRTH_LABEL = _l("Date of birth")
DATE_MESSAGE = _l("Enter a real date as month, day and year (for example 04/28/1986).")
STATUS_SINCE_MESSAGE = _l(
    "Enter the date the permanent resident status was granted as month, day and year (for "
    "example 04/28/2022)."
)


def yes_no(label, message):
    return RadioField(label, choices=YES_NO, validators=[InputRequired(message)])


def born(label=BIRTH_LABEL, required=True):
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
        raise ValidationError(_("A date of birth can't be in the future."))
    if field.data.year < today.year - MAX_AGE:
        raise ValidationError(
            _("Enter a date of birth within the last %(years)d years.", years=MAX_AGE)
        )


class MoneyField(NumberField):
    """Dollars as people type them ("$2,400.50"), with a plain message for anything else."""

    def process_formdata(self, valuelist):
        cleaned = [value.replace("$", "").replace(",", "").strip() for value in valuelist]
        try:
            super().process_formdata(cleaned)
        except ValueError:
            raise ValueError(_("Enter an amount in dollars, like 2400.00.")) from None


def money(label, check=None):
    """An amount in dollars; `check` comes first (optional by default)."""
    return MoneyField(
        label,
        places=2,
        validators=[
            check or Optional(),
            NumberRange(0, MAX_AMOUNT, _l("Enter an amount between $0 and $10,000,000.")),
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
            raise StopValidation(str(self.message))
        if field.data is None and self.invalid:
            field.errors[:] = []
            raise StopValidation(str(self.invalid))


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
