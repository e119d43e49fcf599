"""The admin's create and edit forms: the portal's checks, related rows chosen safely, and a
service's refusal shown beside the field it names."""

from flask import flash
from flask_admin.contrib.peewee.form import CustomModelConverter
from wtforms.validators import ValidationError
from wtfpeewee.fields import ModelSelectField

from db import row_id
from portal.forms import PortalForm


class RelatedRowField(ModelSelectField):
    """wtf-peewee's choice of a related row (an assister's agency), the database asked only
    about a value that can be a row id: a forged "abc" was a PostgreSQL error, a 30-digit
    number an SQLite one. Anything else is "Not a valid choice"."""

    def get_model(self, pk):
        key = row_id(pk)
        return None if key is None else super().get_model(key)

    def pre_validate(self, form):
        # What was sent stays the field's data when no row has that id; wtf-peewee then asks
        # the database about it once more.
        if isinstance(self.data, str) and row_id(self.data) is None:
            raise ValidationError(self.gettext("Not a valid choice."))
        super().pre_validate(form)


class PortalModelConverter(CustomModelConverter):
    """flask-admin's form fields for a model's columns, related rows chosen as above."""

    def handle_foreign_key(self, model, field, **kwargs):
        name, unbound = super().handle_foreign_key(model, field, **kwargs)
        if unbound.field_class is ModelSelectField:
            unbound = RelatedRowField(*unbound.args, **unbound.kwargs)
        return name, unbound


class WithInputType:
    """A widget that renders no <input> (a <select>), saying so: flask-admin's field macro
    (bootstrap4 lib.html) compares every widget's `input_type` with "checkbox" where it shows
    a field's errors, which the portal's strict templates outside production refuse to do
    with an attribute that does not exist."""

    input_type = None

    def __init__(self, widget):
        self.widget = widget

    def __call__(self, field, **kwargs):
        return self.widget(field, **kwargs)


class AdminForm(PortalForm):
    """The base of every admin form: the portal's checks, and every widget with an input_type."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if not hasattr(field.widget, "input_type"):
                field.widget = WithInputType(field.widget)
            return field


def show_refusal(form, error):
    """A service's refusal on an admin page: beside the field it names (a reason), else as a
    flashed message. Returns whether it went beside a field."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
        return True
    flash(error.message, "error")
    return False
