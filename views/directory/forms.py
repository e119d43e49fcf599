"""The Find local help search form: what it shows and keeps as typed. The search service reads
and checks the values (portal/services/directory.py); this form only draws them."""

from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from db.assisters import LANGUAGES
from portal import places
from portal.forms import PortalForm
from portal.services import directory


def choices(pairs, anything=True):
    """(value, label) pairs as select choices, after "Any" (no condition) when `anything`."""
    return [*([SelectChoice("", "Any")] if anything else []), *(SelectChoice(*p) for p in pairs)]


class SearchForm(PortalForm):
    # A GET form: a search writes nothing (CSRF is for state changes).
    class Meta:
        csrf = False

    zip = StringField("ZIP code")
    distance = SelectField(
        "Distance",
        choices=choices(((str(m), f"Within {m} miles") for m in directory.DISTANCES), False),
        default=str(directory.DEFAULT_DISTANCE),
    )
    county = SelectField("County")
    type = SelectField("Type of help", choices=choices(directory.TYPES))
    language = SelectField("Language spoken", choices=choices((n, n) for n in LANGUAGES))
    name = StringField("Name of the assister or agency")
    sort = SelectField("Sort by", choices=choices(directory.SORTS, False))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when a form is made, not at import: the ZIP table loads on first use.
        self.county.choices = choices((county, county) for county in places.counties())
