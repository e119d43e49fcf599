"""What every form of the portal and its administration shares (S10: bad input gets a clear
message on the form and changes nothing).

Text: no control characters in any text field. A null byte is stored by SQLite and refused by
PostgreSQL (a 500), and a bell, an escape or a line break inside a name would be stored as
typed and printed on notices. Text areas keep their line breaks and tabs.
Numbers: a decimal field holds a number, never NaN or Infinity (Python's Decimal reads both,
and a NaN cannot even be compared with 0).
"""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, Form, StringField, TextAreaField
from wtforms.validators import StopValidation

# Unicode's control characters (category Cc): C0, DEL and C1.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
# The same without tab, line feed and carriage return: what a text area's lines are made of.
CONTROL_CHARACTERS_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TEXT_MESSAGE = _l(
    "Remove the invisible control characters (such as tabs, line breaks or null bytes) "
    "from this answer: they can't be saved."
)
LINES_MESSAGE = _l(
    "Remove the invisible control characters (such as null bytes) from this answer: "
    "they can't be saved."
)


def has_control_characters(text, lines=False):
    """Whether `text` holds a character no one types into a field (`lines`: a text area's)."""
    pattern = CONTROL_CHARACTERS_IN_LINES if lines else CONTROL_CHARACTERS
    return pattern.search(text) is not None


def escape_control_characters(text):
    """`text` with each control character written as its escape ("\\x00"): to record what was
    sent (an export's arguments in the audit log) where the character itself can't be stored."""
    return CONTROL_CHARACTERS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


class TypedText:
    """A wtforms validator: the text sent holds no control characters (see the module)."""

    def __init__(self, lines=False):
        self.lines = lines

    def __call__(self, form, field):
        sent = [value for value in field.raw_data or () if isinstance(value, str)]
        if any(has_control_characters(value, self.lines) for value in sent):
            # Stops the field's other checks: "Enter the city" would only confuse.
            raise StopValidation(str(LINES_MESSAGE if self.lines else TEXT_MESSAGE))


class TypedTextMeta:
    """Every text field of the form checks its text first (wtforms' documented `bind_field`)."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField):
            check = TypedText(lines=isinstance(field, TextAreaField))
            field.validators = [check, *field.validators]
        return field


class PortalForm(FlaskForm):
    """The base of every form (flask-wtf: CSRF), its text fields checked as above."""

    Meta = TypedTextMeta


class PortalFields(Form):
    """The base of a repeated part of a form (one household member's answers)."""

    Meta = TypedTextMeta


class NumberField(DecimalField):
    """A DecimalField that holds a finite number or nothing: "NaN", "sNaN" and "Infinity" are
    refused like any other text that is not a number."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.invalid_value_message or _("Enter a number."))
