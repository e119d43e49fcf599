"""Find local help (S7): the public directory of certified assisters and their agencies.

Anyone may search it, so it returns only what a listing shows: never a Reference Number (it is
shared by the assister with the consumers they choose to help, S3), never an email address.
Each query selects the shown columns one by one for that reason.

Listed means the agency or assister chose to be listed, staff have not hidden them and their ZIP
code placed them in Minnesota; an assister must also be in good standing right now (active,
certified by Minnesota's date, their agency active) and have activated their account, the only
way a consumer's request can reach them. A lapse takes them off the directory at once: the
query asks every time.

A search by ZIP code narrows to a box around it on the (latitude, longitude) index, then
measures in SQL with the equirectangular approximation (flat within 50 miles, no trigonometry,
the same on SQLite and PostgreSQL) to keep the circle and order by distance; only the page's
rows are measured exactly (haversine) for display. Assisters and agencies are one UNION ALL,
so a page is one query, plus one COUNT.
"""

import math
from dataclasses import dataclass, fields

import peewee as pw

from db.assisters import AGENCY_KINDS, ASSISTER_TYPES, LANGUAGES, Agency, Assister
from portal import places
from portal.errors import DomainError, NotFound
from portal.services import standing

PER_PAGE = 20
DISTANCES = (5, 10, 25, 50)
DEFAULT_DISTANCE = 25
TYPES = (
    ("broker", "Broker"),
    ("navigator", "Navigator"),
    ("cac", "Certified application counselor (CAC)"),
)
SORTS = (("distance", "Distance"), ("name", "Name"))
NAME_MAX = 100
NOT_LISTED = "This listing is not in Find local help. It may have been removed."
TYPE_LABELS = {"assister": dict(ASSISTER_TYPES), "agency": dict(AGENCY_KINDS)}
WEB_SCHEMES = ("https://", "http://")


class InvalidCriteria(DomainError):
    """The search could not be read: `problems` holds one DomainError per field."""

    def __init__(self, problems):
        super().__init__(problems[0].message, problems[0].field)
        self.problems = tuple(problems)


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
            "county": read("county", _one_of(places.counties(), "county", "Choose a county")),
            "type": read("type", _one_of(dict(TYPES), "type", "Choose a type of help")),
            "language": read("language", _one_of(LANGUAGES, "language", "Choose a language")),
            "name": read("name", _name),
            "sort": read("sort", _one_of(dict(SORTS), "sort", "Choose how to sort")),
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
    raise DomainError("Choose a distance of 5, 10, 25 or 50 miles.", "distance")


def _page(text):
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise DomainError("The page must be a whole number, 1 or more.", "page")


def _name(text):
    if len(text) > NAME_MAX:
        raise DomainError(f"Keep the name to {NAME_MAX} characters or fewer.", "name")
    return text


def _one_of(choices, field, message):
    def check(text):
        if text in choices:
            return text
        raise DomainError(f"{message} from the list.", field)

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
    listings = _assisters(today, criteria, place) + _agencies(criteria, place)
    total = listings.count()
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(criteria.page, pages)
    order = (pw.SQL("distance_sq"),) if criteria.by_distance else ()
    rows = (
        listings.order_by(*order, pw.SQL("sort_name"), pw.SQL("kind"), pw.SQL("id"))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .dicts()
    )
    return Results(criteria, [_entry(row, place) for row in rows], total, page, pages)


def agency_page(agency_id, today=None):
    """A listed agency and its listed assisters, by name; NotFound for any other agency."""
    agency = _only(_agencies(Criteria()).where(Agency.id == agency_id))
    rows = (
        _assisters(today or standing.minnesota_today(), Criteria())
        .where(Assister.agency == agency_id)
        .order_by(pw.SQL("sort_name"), Assister.id)
        .dicts()
    )
    return AgencyPage(agency, [_entry(row) for row in rows])


def assister_listing(assister_id, today=None):
    """One listed assister; NotFound for anyone the directory does not list."""
    today = today or standing.minnesota_today()
    return _only(_assisters(today, Criteria()).where(Assister.id == assister_id))


def _only(query):
    row = query.dicts().first()
    if row is None:
        raise NotFound(NOT_LISTED)
    return _entry(row)


def _entry(row, place=None):
    values = {f.name: row[f.name] for f in fields(Entry) if f.name in row}
    if place is not None:
        values["distance"] = places.distance_miles(row["latitude"], row["longitude"], place)
    return Entry(**values)


def _is_listed(model):
    return (
        (model.listed == True)  # noqa: E712
        & (model.hidden_by_staff == False)  # noqa: E712
        & model.latitude.is_null(False)
        & (model.is_active == True)  # noqa: E712
    )


def _distance_squared(model, place):
    # Miles east and north of the place, on a plane tangent there: exact enough within 50 miles.
    dx = (model.longitude - place.longitude) * places.miles_per_degree_longitude(place)
    dy = (model.latitude - place.latitude) * places.MILES_PER_DEGREE_LATITUDE
    return dx * dx + dy * dy


def _narrowed(model, name, kind, criteria, place):
    """The conditions `criteria` put on a listing of `model` (its `name` and `kind` columns)."""
    conditions = [_is_listed(model)]
    if criteria.type:
        conditions.append(kind == criteria.type)
    if criteria.language:
        conditions.append(model.languages.contains(criteria.language))
    conditions += [name.contains(word) for word in criteria.name.split()]
    if criteria.county:
        zip_codes = places.zip_codes_of(criteria.county)
        conditions.append(pw.fn.SUBSTR(model.zip_code, 1, 5).in_(zip_codes))
    if place is not None:
        south, north, west, east = places.bounding_box(place, criteria.distance)
        conditions += [
            model.latitude.between(south, north),
            model.longitude.between(west, east),
            _distance_squared(model, place) <= criteria.distance**2,
        ]
    return conditions


def _listing_columns(model, name, place):
    distance = _distance_squared(model, place) if place is not None else pw.SQL("NULL")
    return (
        model.id.alias("id"),
        name.alias("name"),
        pw.fn.LOWER(name).alias("sort_name"),
        model.languages.alias("languages"),
        model.city.alias("city"),
        model.state.alias("state"),
        model.zip_code.alias("zip_code"),
        model.hours.alias("hours"),
        model.latitude.alias("latitude"),
        model.longitude.alias("longitude"),
        distance.alias("distance_sq"),
    )


def _assisters(today, criteria, place=None):
    name = Assister.first_name.concat(" ").concat(Assister.last_name)
    return (
        Assister.select(
            pw.SQL("'assister'").alias("kind"),
            *_listing_columns(Assister, name, place),
            Assister.assister_type.alias("type"),
            Agency.name.alias("agency_name"),
            pw.Case(None, [(_is_listed(Agency), Agency.id)], None).alias("agency_id"),
            pw.Case(None, [(Assister.listing_shows_street == True, Assister.street)], None)  # noqa: E712
            .alias("street"),
            pw.fn.COALESCE(pw.fn.NULLIF(Assister.listing_phone, ""), Assister.phone).alias("phone"),
            pw.SQL("NULL").alias("website"),
        )
        .join(Agency, pw.JOIN.LEFT_OUTER)
        .where(
            *_narrowed(Assister, name, Assister.assister_type, criteria, place),
            Assister.certification_expires_on >= today,
            Assister.user.is_null(False),
            Assister.agency.is_null() | (Agency.is_active == True),  # noqa: E712
        )
    )


def _agencies(criteria, place=None):
    # The columns in the same order as `_assisters`: a UNION pairs them by position.
    return Agency.select(
        pw.SQL("'agency'").alias("kind"),
        *_listing_columns(Agency, Agency.name, place),
        Agency.kind.alias("type"),
        pw.SQL("NULL").alias("agency_name"),
        pw.SQL("NULL").alias("agency_id"),
        Agency.street.alias("street"),
        Agency.phone.alias("phone"),
        Agency.website.alias("website"),
    ).where(*_narrowed(Agency, Agency.name, Agency.kind, criteria, place))
