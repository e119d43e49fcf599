"""The Find local help search form: what it shows and keeps as typed. The search service reads
and checks the values (portal/services/directory.py); this form only draws them."""

from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup
from wtforms import SelectField, StringField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.widgets import Select, html_params

from db.assisters import LANGUAGES
from portal import display, places
from portal.forms import PortalForm
from portal.services import directory


def any_choice():
    """The choice of no condition, in the page's language."""
    return (("", _("Any")),)


# The options are (value, label) pairs of plain text made for the page's language when it is
# drawn: the drawn options are kept for each pair of tuples (FixedSelect), so a label must be a
# string, never a lazy one that would read differently later.
def counties():
    return any_choice() + _counties()


@cache
def _counties():
    # Read on first use, not at import: the ZIP table loads then.
    return tuple((county, county) for county in places.counties())


def distances():
    return tuple(
        (
            str(miles),
            ngettext("Within %(num)d mile", "Within %(num)d miles", miles),
        )
        for miles in directory.DISTANCES
    )


def types():
    return any_choice() + tuple((value, str(label)) for value, label in directory.TYPES)


def languages():
    # Stored and searched in English; each named in the page's language.
    return any_choice() + tuple(
        (name, str(display.LANGUAGE_NAMES[name])) for name in LANGUAGES
    )


def sorts():
    return tuple((value, str(label)) for value, label in directory.SORTS)


class FixedSelect:
    """A wtforms widget: a select of fixed (value, label) pairs (or a function giving them)
    whose options are drawn once for each value that can be chosen, not option by option on
    every page: the search form's selects hold a hundred options, and drawing them was most of
    the cost of drawing a search."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        pairs = self.pairs() if callable(self.pairs) else self.pairs
        # A value not in the list selects nothing (and can't grow the cache).
        chosen = field.data if field.data in _values(pairs) else None
        opening = Markup(f"<select {html_params(name=field.name, **kwargs)}>")  # noqa: S704  (escaped)
        return opening + _options(pairs, chosen) + Markup("</select>")


@cache
def _values(pairs):
    return frozenset(value for value, _label in pairs)


@cache
def _options(pairs, chosen):
    return Markup("").join(
        Select.render_option(Choice(value, label, value == chosen, {})) for value, label in pairs
    )


def fixed_select(label, pairs, **kwargs):
    """A SelectField of `pairs` drawn by FixedSelect; it still checks a choice as any other."""

    def choices():
        return [SelectChoice(*pair) for pair in (pairs() if callable(pairs) else pairs)]

    return SelectField(label, choices=choices, widget=FixedSelect(pairs), **kwargs)


class SearchForm(PortalForm):
    # A GET form: a search writes nothing (CSRF is for state changes).
    class Meta:
        csrf = False

    zip = StringField(_l("ZIP code"))
    distance = fixed_select(
        _l("Distance"), distances, default=str(directory.DEFAULT_DISTANCE)
    )
    county = fixed_select(_l("County"), counties)
    type = fixed_select(_l("Type of help"), types)
    language = fixed_select(_l("Language spoken"), languages)
    name = StringField(_l("Name of the assister or agency"))
    sort = fixed_select(_l("Sort by"), sorts)
