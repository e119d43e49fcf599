"""Where Minnesota's ZIP codes are, and how far apart (Find local help, S7).

Located from the `zipcodes` package's shipped table (the US Postal Service's ZIP codes with
their centroids and counties), never from an online service: the directory works offline. A
place is its ZIP code's centroid, so a listing's point on the map is never a street address.
"""

import math
from dataclasses import dataclass
from functools import cache

import zipcodes
from flask_babel import gettext as _

STATE = "MN"
EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.05


@dataclass(frozen=True)
class Place:
    zip_code: str
    city: str
    county: str
    latitude: float
    longitude: float


class UnknownZip(ValueError):
    """No such ZIP code, or one outside Minnesota; `message` says which, in the user's words
    and the page's language (Find local help is in Spanish too, S13)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def county_name(raw):
    """The county as Minnesotans write it: "St. Louis", not "St Louis County"."""
    name = raw.removesuffix(" County")
    return "St. " + name[3:] if name.startswith("St ") else name


@cache
def _minnesota():
    return {
        row["zip_code"]: Place(
            row["zip_code"],
            row["city"].title(),
            county_name(row["county"]),
            float(row["lat"]),
            float(row["long"]),
        )
        for row in zipcodes.filter_by(state=STATE)
        if row["lat"] and row["long"]
    }


def zip5(zip_code):
    return (zip_code or "").strip()[:5]


def find(zip_code):
    """The Minnesota place of a ZIP code (ZIP+4 accepted), or None."""
    return _minnesota().get(zip5(zip_code))


def point(values):
    """The latitude and longitude a listing takes from the ZIP code in `values` (both None for
    one outside Minnesota), to be saved with it; nothing when `values` don't change the ZIP."""
    if "zip_code" not in values:
        return {}
    place = find(values["zip_code"])
    return {
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
    }


def locate(zip_code):
    """Like `find`, but says why a ZIP code can't be used."""
    code = zip5(zip_code)
    if not (code.isdigit() and len(code) == 5):
        raise UnknownZip(_("Enter a 5-digit ZIP code, like 55101."))
    place = find(code)
    if place is not None:
        return place
    if zipcodes.is_real(code):
        raise UnknownZip(
            _("%(code)s is not a Minnesota ZIP code. Enter a ZIP code in Minnesota.", code=code)
        )
    raise UnknownZip(_("We don't know the ZIP code %(code)s. Check it and try again.", code=code))


@cache
def counties():
    """Minnesota's counties, by name."""
    return sorted({place.county for place in _minnesota().values()})


@cache
def zip_codes_of(county):
    """The ZIP codes whose centroid lies in `county` (empty for a county we don't know)."""
    return tuple(sorted(p.zip_code for p in _minnesota().values() if p.county == county))


def distance_miles(latitude, longitude, place):
    """Great-circle distance (haversine) from a point to a place."""
    lat1, lat2 = math.radians(latitude), math.radians(place.latitude)
    d_lat = lat2 - lat1
    d_lon = math.radians(place.longitude - longitude)
    a = math.sin(d_lat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(d_lon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


def miles_per_degree_longitude(place):
    return MILES_PER_DEGREE_LATITUDE * math.cos(math.radians(place.latitude))


def bounding_box(place, miles):
    """(south, north, west, east) around `place`, holding every point within `miles`: what an
    index on latitude and longitude narrows a distance search to before it is measured."""
    d_lat = miles / MILES_PER_DEGREE_LATITUDE
    d_lon = miles / miles_per_degree_longitude(place)
    return (
        place.latitude - d_lat,
        place.latitude + d_lat,
        place.longitude - d_lon,
        place.longitude + d_lon,
    )
