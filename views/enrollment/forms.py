"""The Enroll in a plan forms, one per step. Labels are lazy strings: the page's language."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from db.enrollments import APTC_CHOICES, APTC_PART_KINDS
from db.plans import METAL_LEVELS
from portal.forms import NumberField, PortalForm
from portal.services import plans
from views.wizard import StepForm, choices

# The labels of the stored codes (db keeps them in English), in the page's language.
METAL_LEVEL_LABELS = {
    "bronze": _l("Bronze"),
    "silver": _l("Silver"),
    "gold": _l("Gold"),
    "platinum": _l("Platinum"),
}
APTC_CHOICE_LABELS = {
    "all": _l("Apply all of my premium tax credit each month"),
    "part": _l("Apply part of it each month"),
    "none": _l("Apply none of it now (take it all when I file taxes)"),
}
APTC_PART_KIND_LABELS = {
    "amount": _l("A dollar amount each month"),
    "share": _l("A share of the credit, in percent"),
}


def labelled(pairs, labels):
    """The (code, label) pairs of a db choice list, each label in the page's language."""
    return [(code, labels.get(code, label)) for code, label in pairs]


class PrivacyForm(StepForm):
    agree = BooleanField(
        _l("I have read the Privacy Policy and agree to how my information is used.")
    )


class ShopForm(PortalForm):
    """The filters and sort of Choose a plan: a GET form, nothing is written."""

    class Meta:
        csrf = False

    metal = SelectField(_l("Metal level"), validators=[Optional()])
    carrier = SelectField(_l("Insurance company"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), validators=[Optional()])

    def __init__(self, *args, carriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.metal.choices = choices(
            labelled(METAL_LEVELS, METAL_LEVEL_LABELS), blank=_l("All metal levels")
        )
        self.carrier.choices = choices(
            ((str(c.id), c.name) for c in carriers), _l("All companies")
        )
        self.sort.choices = choices(plans.SORTS.items(), blank=None)


class ChoosePlanForm(StepForm):
    plan_id = IntegerField(_l("Plan"), validators=[InputRequired(_l("Choose a plan."))])


class TaxCreditForm(StepForm):
    aptc_choice = RadioField(
        _l("How much of your premium tax credit do you want to apply each month?"),
        choices=choices(labelled(APTC_CHOICES, APTC_CHOICE_LABELS), blank=None),
        validators=[InputRequired(_l("Choose how much of the tax credit to apply."))],
    )
    aptc_part_kind = RadioField(
        _l("Apply part as"),
        choices=choices(labelled(APTC_PART_KINDS, APTC_PART_KIND_LABELS), blank=None),
        validators=[Optional()],
    )
    aptc_part_value = NumberField(
        _l("Amount or share"),
        places=2,
        invalid_value_message=_l("Enter a number, like 100.00 or 50."),
        validators=[Optional(), NumberRange(min=0, message=_l("Enter 0 or more."))],
        render_kw={"inputmode": "decimal"},
    )
    statements_agreed = BooleanField(
        _l(
            "I, the tax filer, will file a federal income tax return for the year, jointly if "
            "married, will not be claimed as a dependent, and will reconcile the advance "
            "payments of the credit with the tax credit I am due."
        )
    )
    tax_filer_signature = StringField(_l("Tax filer's signature (type your full name)"),
                                      validators=[Length(max=201)])


class SummaryForm(StepForm):
    pass


class ConfirmForm(StepForm):
    chose_own_plan = BooleanField(
        _l(
            "I confirm that the consumer chose this plan themselves; I did not choose or "
            "recommend it."
        )
    )
    signed_name = StringField(
        _l("Electronic signature: type the primary applicant's full name"),
        validators=[Length(max=201)],
    )
