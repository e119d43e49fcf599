"""The Find local help search form: what it shows and keeps as typed. The search service reads
and checks the values (portal/services/directory.py); this form only draws them."""

from wtforms import SelectField, StringField

from db.assisters import LANGUAGES
from portal import places
from portal.forms import PortalForm
from portal.services import directory

ANY = ("", "Any")


class SearchForm(PortalForm):
    # A GET form: a search writes nothing (CSRF is for state changes).
    class Meta:
        csrf = False

    zip = StringField("ZIP code")
    distance = SelectField(
        "Distance",
        choices=[(str(miles), f"Within {miles} miles") for miles in directory.DISTANCES],
        default=str(directory.DEFAULT_DISTANCE),
    )
    county = SelectField("County")
    type = SelectField("Type of help", choices=[ANY, *directory.TYPES])
    language = SelectField("Language spoken", choices=[ANY, *((name, name) for name in LANGUAGES)])
    name = StringField("Name of the assister or agency")
    sort = SelectField("Sort by", choices=directory.SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when a form is made, not at import: the ZIP table loads on first use.
        self.county.choices = [ANY, *((county, county) for county in places.counties())]
