"""Find local help (S7): the public directory of certified assisters and their agencies.

Anyone may search it, so it returns only what a listing shows: never a Reference Number (it is
shared by the assister with the consumers they choose to help, S3), never an email address.
Each query selects the shown columns one by one for that reason.

Listed means the agency or assister chose to be listed, staff have not hidden them and their ZIP
code placed them in Minnesota; an assister must also be in good standing right now (active,
certified by Minnesota's date, their agency active) and have activated their account, the only
way a consumer's request can reach them. A lapse takes them off the directory at once: the
query asks every time.

A search by ZIP code narrows to a box around it on an index that begins with (latitude,
longitude), then measures in SQL with the equirectangular approximation (flat within 50 miles,
no trigonometry, the same on SQLite and PostgreSQL) to keep the circle and order by distance;
only the page's rows are measured exactly (haversine) for display. Assisters and agencies are
one UNION ALL, and a page and the total are one statement.
"""

import math
from dataclasses import dataclass, fields

from db import database
from db.assisters import AGENCY_KINDS, ASSISTER_TYPES, LANGUAGES
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
    listing = _Listing(today, criteria, place)
    order = PAGE_ORDER if criteria.by_distance else NAME_ORDER
    page = criteria.page
    rows = listing.rows(order, page)
    if not rows and page > 1:
        # Past the last page: count, then show the last page.
        page = max(1, math.ceil(listing.count() / PER_PAGE))
        rows = listing.rows(order, page)
    total = rows[0]["total"] if rows else 0
    pages = max(1, math.ceil(total / PER_PAGE))
    return Results(criteria, [_entry(row, place) for row in rows], total, page, pages)


def agency_page(agency_id, today=None):
    """A listed agency and its listed assisters, by name; NotFound for any other agency."""
    listing = _Listing(today or standing.minnesota_today())
    agency = _only(listing.rows(NAME_ORDER, agency=("g.id = ?", agency_id)))
    rows = listing.rows(NAME_ORDER, assister=("a.agency_id = ?", agency_id))
    return AgencyPage(agency, [_entry(row) for row in rows])


def assister_listing(assister_id, today=None):
    """One listed assister; NotFound for anyone the directory does not list."""
    listing = _Listing(today or standing.minnesota_today())
    return _only(listing.rows(NAME_ORDER, assister=("a.id = ?", assister_id)))


def _only(rows):
    if not rows:
        raise NotFound(NOT_LISTED)
    return _entry(rows[0])


def _entry(row, place=None):
    values = {name: row[name] for name in ENTRY_COLUMNS}
    if place is not None:
        values["distance"] = places.distance_miles(row["latitude"], row["longitude"], place)
    return Entry(**values)


ENTRY_COLUMNS = tuple(f.name for f in fields(Entry) if f.name != "distance")
PAGE_ORDER = "distance_sq, sort_name, kind, id"
NAME_ORDER = "sort_name, kind, id"

# The SQL of Find local help, written out once (`?` is the parameter mark) because a search is
# the directory's busiest request: composing it from peewee expressions cost more than running
# it. Only these fixed words and the column names below go into its text; what was typed is
# always a parameter.
#
# Listed (see the module's docstring), with `{t}` the table's alias: an agency's conditions,
# which an assister and (for its page to be linked) an assister's agency also meet.
AGENCY_LISTED = (
    "{t}.listed AND NOT {t}.hidden_by_staff AND {t}.is_active AND {t}.latitude IS NOT NULL"
)
# An assister's own, after today's date; their agency is looked up by primary key (a small table).
ASSISTER_LISTED = (
    "a.certification_expires_on >= ? AND a.user_id IS NOT NULL AND (a.agency_id IS NULL"
    " OR EXISTS (SELECT 1 FROM agency o WHERE o.id = a.agency_id AND o.is_active))"
)
# Miles east and north of the place squared, on a plane tangent there: exact enough within 50
# miles. Its parameters: the place's longitude, miles per degree of longitude there, latitude,
# miles per degree of latitude (each twice).
DISTANCE_SQUARED = (
    "(({t}.longitude - ?) * ?) * (({t}.longitude - ?) * ?)"
    " + (({t}.latitude - ?) * ?) * (({t}.latitude - ?) * ?)"
)
# The keys of one kind's matching listings: each column a search reads is in migration 034's
# covering index, so the box is filtered, measured and sorted without reading the table.
KEYS_SQL = (
    "SELECT '{kind}' AS kind, {t}.id AS id, {distance} AS distance_sq,"
    " LOWER({name}) AS sort_name FROM {kind} {t} WHERE {conditions}"
)
KINDS = {
    "assister": {"t": "a", "name": "a.first_name || ' ' || a.last_name", "type": "a.assister_type"},
    "agency": {"t": "g", "name": "g.name", "type": "g.kind"},
}
# A page and the total in one statement: the keys of both kinds (`listing`), the page of them
# with the total (a count of the materialised keys: SQLite runs it faster than a window's
# COUNT(*) OVER ()), then the shown columns of the page's rows alone, in the same order for
# both kinds (a UNION pairs them by position). Never a Reference Number nor an email address.
PAGE_SQL = (
    "WITH listing AS ({keys}),"
    " page AS (SELECT *, (SELECT COUNT(*) FROM listing) AS total FROM listing"
    " ORDER BY {order}{limit})"
    " SELECT p.total AS total, p.kind AS kind, p.id AS id, p.distance_sq AS distance_sq,"
    " p.sort_name AS sort_name, a.first_name || ' ' || a.last_name AS name,"
    " a.assister_type AS type, o.name AS agency_name,"
    " CASE WHEN {agency_listed} THEN o.id END AS agency_id, a.languages AS languages,"
    " CASE WHEN a.listing_shows_street THEN a.street END AS street, a.city AS city,"
    " a.state AS state, a.zip_code AS zip_code,"
    " COALESCE(NULLIF(a.listing_phone, ''), a.phone) AS phone, a.hours AS hours,"
    " NULL AS website, a.latitude AS latitude, a.longitude AS longitude"
    " FROM page p JOIN assister a ON a.id = p.id LEFT JOIN agency o ON o.id = a.agency_id"
    " WHERE p.kind = 'assister'"
    " UNION ALL"
    " SELECT p.total, p.kind, p.id, p.distance_sq, p.sort_name, g.name, g.kind, NULL, NULL,"
    " g.languages, g.street, g.city, g.state, g.zip_code, g.phone, g.hours, g.website,"
    " g.latitude, g.longitude"
    " FROM page p JOIN agency g ON g.id = p.id WHERE p.kind = 'agency'"
    " ORDER BY {order}"
)
COUNT_SQL = "SELECT COUNT(*) AS total FROM ({keys}) listing"


class _Listing:
    """The listings `criteria` ask for, as the text and parameters of PAGE_SQL or COUNT_SQL."""

    def __init__(self, today, criteria=Criteria(), place=None):
        self.today, self.criteria, self.place = today, criteria, place

    def rows(self, order, page=None, **only):
        """The shown rows in `order`: one page of them, or all of them; `only` a condition
        (and its parameter) on one kind, and no listing of the other kind."""
        keys, params = self._keys(only)
        limit = ""
        if page is not None:
            limit = " LIMIT ? OFFSET ?"
            params += [PER_PAGE, (page - 1) * PER_PAGE]
        agency_listed = AGENCY_LISTED.format(t="o")
        sql = PAGE_SQL.format(keys=keys, order=order, limit=limit, agency_listed=agency_listed)
        return self._execute(sql, params)

    def count(self):
        keys, params = self._keys({})
        return self._execute(COUNT_SQL.format(keys=keys), params)[0]["total"]

    def _keys(self, only):
        parts, params = [], []
        for kind, columns in KINDS.items():
            if only and kind not in only:
                continue
            t = columns["t"]
            conditions = [AGENCY_LISTED.format(t=t)]
            distance = "NULL"
            if self.place is not None:
                distance = DISTANCE_SQUARED.format(t=t)
                params += self._measure()
            if kind == "assister":
                conditions.append(ASSISTER_LISTED)
                params.append(self.today)
            searched, values = self._conditions(columns)
            conditions += searched
            params += values
            if kind in only:
                condition, value = only[kind]
                conditions.append(condition)
                params.append(value)
            parts.append(
                KEYS_SQL.format(
                    kind=kind, t=t, distance=distance, name=columns["name"],
                    conditions=" AND ".join(conditions),
                )
            )
        return " UNION ALL ".join(parts), params

    def _conditions(self, columns):
        """The conditions `criteria` put on a listing of one kind, and their parameters."""
        criteria, t = self.criteria, columns["t"]
        conditions, params = [], []
        if criteria.type:
            conditions.append(f"{columns['type']} = ?")
            params.append(criteria.type)
        # LIKE is case-blind on SQLite only: lowered, it reads the same on both databases.
        if criteria.language:
            conditions.append(f"LOWER({t}.languages) LIKE LOWER(?) ESCAPE '\\'")
            params.append(_containing(criteria.language))
        for word in criteria.name.split():
            conditions.append(f"LOWER({columns['name']}) LIKE LOWER(?) ESCAPE '\\'")
            params.append(_containing(word))
        if criteria.county:
            zip_codes = places.zip_codes_of(criteria.county)
            conditions.append(f"SUBSTR({t}.zip_code, 1, 5) IN ({', '.join('?' * len(zip_codes))})")
            params += zip_codes
        if self.place is not None:
            south, north, west, east = places.bounding_box(self.place, criteria.distance)
            conditions += [
                f"{t}.latitude BETWEEN ? AND ?",
                f"{t}.longitude BETWEEN ? AND ?",
                DISTANCE_SQUARED.format(t=t) + " <= ?",
            ]
            params += [south, north, west, east, *self._measure(), criteria.distance**2]
        return conditions, params

    def _measure(self):
        """DISTANCE_SQUARED's parameters."""
        place = self.place
        across = [place.longitude, places.miles_per_degree_longitude(place)] * 2
        return across + [place.latitude, places.MILES_PER_DEGREE_LATITUDE] * 2

    @staticmethod
    def _execute(sql, params):
        # The drivers differ only in the mark: SQLite's `?`, psycopg's `%s` (database.param).
        cursor = database.execute_sql(sql.replace("?", database.param), params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _containing(text):
    """A LIKE pattern for `text` anywhere, its wildcards and the escape character escaped."""
    escaped = text.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")
    return f"%{escaped}%"
