"""Find local help (S7): the public directory of certified assisters and their agencies.

Anyone may search it, so it returns only what a listing shows: never a Reference Number (it is
shared by the assister with the consumers they choose to help, S3), never an email address.
Each query selects the shown columns one by one for that reason.

Listed means the agency or assister chose to be listed, staff have not hidden them and their ZIP
code placed them in Minnesota; an assister must also be in good standing right now (active,
their certification confirmed and not expired by Minnesota's date, approved on their agency's
roster, their agency active) and have activated their account, the only way a consumer's
request can reach them. A lapse takes them off the directory at once: the query asks every
time.

A search by ZIP code narrows to a box around it on an index that begins with (latitude,
longitude), then measures in SQL with the equirectangular approximation (flat within 50 miles,
no trigonometry, the same on SQLite and PostgreSQL) to keep the circle and order by distance;
only the page's rows are measured exactly (haversine) for display. Assisters and agencies are
one UNION ALL, and a page and the total are one statement (portal/services/directory_query.py).
"""

import math
from dataclasses import dataclass, fields

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db.assisters import LANGUAGES
from portal import display, places
from portal.errors import DomainError, NotFound, Refusals
from portal.services import standing
from portal.services.directory_query import NAME_ORDER, PAGE_ORDER, ListingQuery

PER_PAGE = 20
DISTANCES = (5, 10, 25, 50)
DEFAULT_DISTANCE = 25
TYPES = (
    ("broker", _l("Broker")),
    ("navigator", _l("Navigator")),
    ("cac", _l("Certified application counselor (CAC)")),
)
SORTS = (("distance", _l("Distance")), ("name", _l("Name")))
NAME_MAX = 100
NOT_LISTED = _l("This listing is not in Find local help. It may have been removed.")
# The stored values stay English (db/assisters.py); these are what a page shows, in its language.
TYPE_LABELS = {
    "assister": display.ASSISTER_TYPE_NAMES,
    "agency": {
        "broker": _l("Broker agency"),
        "navigator": _l("Navigator organization"),
        "cac": _l("CAC organization"),
    },
}
WEB_SCHEMES = ("https://", "http://")


class InvalidCriteria(Refusals):
    """The search could not be read: `problems` holds one DomainError per field."""


@dataclass(frozen=True)
class Criteria:
    """What a search asks for, read from the URL's query. Empty text means "any"."""

    zip: str = ""
    distance: int = DEFAULT_DISTANCE
    county: str = ""
    type: str = ""
    language: str = ""
    name: str = ""
    sort: str = "distance"
    page: int = 1

    @classmethod
    def parse(cls, values):
        """Criteria from a mapping of strings (request.args), or InvalidCriteria naming each
        field that can't be used and why, in the words the form shows."""
        problems = []

        def read(key, check):
            text = " ".join(_printable(values.get(key)).split())
            if not text:
                return None
            try:
                return check(text)
            except DomainError as error:
                problems.append(error)
                return None

        found = {
            "zip": read("zip", _zip_code),
            "distance": read("distance", _distance),
            "county": read(
                "county", _one_of(places.counties(), "county", _("Choose a county from the list."))
            ),
            "type": read(
                "type", _one_of(dict(TYPES), "type", _("Choose a type of help from the list."))
            ),
            "language": read(
                "language", _one_of(LANGUAGES, "language", _("Choose a language from the list."))
            ),
            "name": read("name", _name),
            "sort": read(
                "sort", _one_of(dict(SORTS), "sort", _("Choose how to sort from the list."))
            ),
            "page": read("page", _page),
        }
        if problems:
            raise InvalidCriteria(problems)
        return cls(**{key: value for key, value in found.items() if value is not None})

    @property
    def searched(self):
        """Whether anything was asked for: an empty form lists nobody."""
        return bool(self.zip or self.county or self.type or self.language or self.name)

    @property
    def place(self):
        return places.find(self.zip) if self.zip else None

    @property
    def by_distance(self):
        return self.place is not None and self.sort == "distance"

    def args(self, **changes):
        """The URL query of this search with `changes`, defaults left out."""
        values = {**self.__dict__, **changes}
        return {
            key: values[key] for key, default in _DEFAULTS if values[key] not in (default, "")
        }


_DEFAULTS = tuple((field.name, field.default) for field in fields(Criteria))


def _printable(text):
    # A NUL can't even be sent to PostgreSQL; no control character belongs in a search.
    return "".join(ch if ch.isprintable() else " " for ch in (text or "")[: NAME_MAX * 10])


def _zip_code(text):
    try:
        return places.locate(text).zip_code
    except places.UnknownZip as error:
        raise DomainError(error.message, "zip") from None


def _distance(text):
    if text.isdigit() and int(text) in DISTANCES:
        return int(text)
    raise DomainError(_("Choose a distance of 5, 10, 25 or 50 miles."), "distance")


def _page(text):
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise DomainError(_("The page must be a whole number, 1 or more."), "page")


def _name(text):
    if len(text) > NAME_MAX:
        raise DomainError(
            _("Keep the name to %(num)d characters or fewer.", num=NAME_MAX), "name"
        )
    return text


def _one_of(choices, field, message):
    def check(text):
        if text in choices:
            return text
        raise DomainError(message, field)

    return check


@dataclass(frozen=True)
class Entry:
    """One listing as the directory shows it: an assister or an agency."""

    kind: str  # "assister" or "agency"
    id: int
    name: str
    type: str  # broker, navigator or cac
    agency_name: str | None  # an assister's agency
    agency_id: int | None  # set when that agency has a page of its own
    languages: str
    street: str | None  # None for an assister who lists only their city
    city: str
    state: str
    zip_code: str
    phone: str
    hours: str | None
    website: str | None
    latitude: float
    longitude: float
    distance: float | None = None  # miles from the searched ZIP code

    @property
    def type_label(self):
        return TYPE_LABELS[self.kind][self.type]

    @property
    def language_names(self):
        """The languages offered, named in the page's language: "English, Spanish" or "inglés,
        español" (a name not in the list, typed before it existed, as stored)."""
        return display.language_names(self.languages)

    @property
    def address(self):
        town = f"{self.city}, {self.state} {places.zip5(self.zip_code)}"
        return f"{self.street}, {town}" if self.street else town

    @property
    def website_url(self):
        # Only a web address becomes a link: a "javascript:" one typed into the admin must not.
        website = (self.website or "").strip()
        return website if website.lower().startswith(WEB_SCHEMES) else None


@dataclass(frozen=True)
class Results:
    criteria: Criteria
    entries: list
    total: int
    page: int
    pages: int

    @property
    def first(self):
        """The number of the page's first entry in the whole list."""
        return (self.page - 1) * PER_PAGE + 1


@dataclass(frozen=True)
class AgencyPage:
    agency: Entry
    assisters: list


def search(criteria, today=None):
    """One page of the listings matching `criteria`: by distance from the ZIP code (within
    its distance) or by name, then by id. A page past the last shows the last."""
    today = today or standing.minnesota_today()
    place = criteria.place
    listing = ListingQuery(today, criteria, place)
    order = PAGE_ORDER if criteria.by_distance else NAME_ORDER
    page = criteria.page
    rows = listing.rows(order, PER_PAGE, (page - 1) * PER_PAGE)
    if not rows and page > 1:
        # Past the last page: count, then show the last page.
        page = max(1, math.ceil(listing.count() / PER_PAGE))
        rows = listing.rows(order, PER_PAGE, (page - 1) * PER_PAGE)
    total = rows[0]["total"] if rows else 0
    pages = max(1, math.ceil(total / PER_PAGE))
    return Results(criteria, [_entry(row, place) for row in rows], total, page, pages)


def agency_page(agency_id, today=None):
    """A listed agency and its listed assisters, by name; NotFound for any other agency."""
    listing = ListingQuery(today or standing.minnesota_today())
    agency = _only(listing.rows(NAME_ORDER, agency=("g.id = ?", agency_id)))
    rows = listing.rows(NAME_ORDER, assister=("a.agency_id = ?", agency_id))
    return AgencyPage(agency, [_entry(row) for row in rows])


def assister_listing(assister_id, today=None):
    """One listed assister; NotFound for anyone the directory does not list."""
    listing = ListingQuery(today or standing.minnesota_today())
    return _only(listing.rows(NAME_ORDER, assister=("a.id = ?", assister_id)))


def _only(rows):
    if not rows:
        raise NotFound(str(NOT_LISTED))
    return _entry(rows[0])


def _entry(row, place=None):
    values = {name: row[name] for name in ENTRY_COLUMNS}
    if place is not None:
        values["distance"] = places.distance_miles(row["latitude"], row["longitude"], place)
    return Entry(**values)


ENTRY_COLUMNS = tuple(f.name for f in fields(Entry) if f.name != "distance")
