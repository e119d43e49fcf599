"""The Find local help search form: what it shows and keeps as typed. The search service reads
and checks the values (portal/services/directory.py); this form only draws them."""

from functools import cache

from markupsafe import Markup
from wtforms import SelectField, StringField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.widgets import Select, html_params

from db.assisters import LANGUAGES
from portal import places
from portal.forms import PortalForm
from portal.services import directory

ANY = (("", "Any"),)  # no condition


@cache
def counties():
    # Read on first use, not at import: the ZIP table loads then.
    return ANY + tuple((county, county) for county in places.counties())


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

    zip = StringField("ZIP code")
    distance = fixed_select(
        "Distance",
        tuple((str(m), f"Within {m} miles") for m in directory.DISTANCES),
        default=str(directory.DEFAULT_DISTANCE),
    )
    county = fixed_select("County", counties)
    type = fixed_select("Type of help", ANY + directory.TYPES)
    language = fixed_select("Language spoken", ANY + tuple((n, n) for n in LANGUAGES))
    name = StringField("Name of the assister or agency")
    sort = fixed_select("Sort by", directory.SORTS)
