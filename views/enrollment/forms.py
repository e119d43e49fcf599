"""The Enroll in a plan forms, one per step."""

from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from db.enrollments import APTC_CHOICES, APTC_PART_KINDS
from db.plans import METAL_LEVELS
from portal.forms import NumberField, PortalForm
from portal.services import plans
from views.wizard import StepForm, choices


class PrivacyForm(StepForm):
    agree = BooleanField(
        "I have read the Privacy Policy and agree to how my information is used."
    )


class ShopForm(PortalForm):
    """The filters and sort of Choose a plan: a GET form, nothing is written."""

    class Meta:
        csrf = False

    metal = SelectField("Metal level", validators=[Optional()])
    carrier = SelectField("Insurance company", validators=[Optional()])
    sort = SelectField("Sort by", validators=[Optional()])

    def __init__(self, *args, carriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.metal.choices = choices(METAL_LEVELS, blank="All metal levels")
        self.carrier.choices = choices(((str(c.id), c.name) for c in carriers), "All companies")
        self.sort.choices = choices(plans.SORTS.items(), blank=None)


class ChoosePlanForm(StepForm):
    plan_id = IntegerField("Plan", validators=[InputRequired("Choose a plan.")])


class TaxCreditForm(StepForm):
    aptc_choice = RadioField(
        "How much of your premium tax credit do you want to apply each month?",
        choices=choices(APTC_CHOICES, blank=None),
        validators=[InputRequired("Choose how much of the tax credit to apply.")],
    )
    aptc_part_kind = RadioField(
        "Apply part as", choices=choices(APTC_PART_KINDS, blank=None), validators=[Optional()]
    )
    aptc_part_value = NumberField(
        "Amount or share",
        places=2,
        invalid_value_message="Enter a number, like 100.00 or 50.",
        validators=[Optional(), NumberRange(min=0, message="Enter 0 or more.")],
        render_kw={"inputmode": "decimal"},
    )
    statements_agreed = BooleanField(
        "I, the tax filer, will file a federal income tax return for the year, jointly if "
        "married, will not be claimed as a dependent, and will reconcile the advance payments "
        "of the credit with the tax credit I am due."
    )
    tax_filer_signature = StringField("Tax filer's signature (type your full name)",
                                      validators=[Length(max=201)])


class SummaryForm(StepForm):
    pass


class ConfirmForm(StepForm):
    chose_own_plan = BooleanField(
        "I confirm that the consumer chose this plan themselves; I did not choose or recommend it."
    )
    signed_name = StringField("Electronic signature: type the primary applicant's full name",
                              validators=[Length(max=201)])
