"""The statement behind Find local help (S7): the listings a search asks for, a page of them and
the total in one statement, in SQL written out once (`?` is the parameter mark).

A search is the directory's busiest request, and composing it from peewee expressions cost more
than running it. Only the fixed words below and the column names of KINDS go into its text;
what was typed is always a parameter. What "listed" means is the directory's module docstring.
"""

from db import database
from portal import places

PAGE_ORDER = "distance_sq, sort_name, kind, id"
NAME_ORDER = "sort_name, kind, id"

# Listed, with `{t}` the table's alias: an agency's conditions, which an assister and (for its
# page to be linked) an assister's agency also meet.
AGENCY_LISTED = (
    "{t}.listed AND NOT {t}.hidden_by_staff AND {t}.is_active AND {t}.latitude IS NOT NULL"
)
# An assister's own, after today's date: certified (confirmed), approved on their agency's
# roster (brokers have none) and activated; their agency is looked up by primary key (a small
# table).
ASSISTER_LISTED = (
    "a.certification_status = 'confirmed'"
    " AND (a.roster_status IS NULL OR a.roster_status = 'approved')"
    " AND a.certification_expires_on >= ? AND a.user_id IS NOT NULL AND (a.agency_id IS NULL"
    " OR EXISTS (SELECT 1 FROM agency o WHERE o.id = a.agency_id AND o.is_active))"
)
# Miles east and north of the place squared, on a plane tangent there: exact enough within 50
# miles. Its parameters: the place's longitude, miles per degree of longitude there, latitude,
# miles per degree of latitude (each twice).
DISTANCE_SQUARED = (
    "(({t}.longitude - ?) * ?) * (({t}.longitude - ?) * ?)"
    " + (({t}.latitude - ?) * ?) * (({t}.latitude - ?) * ?)"
)
# The keys of one kind's matching listings: each column a search reads is in its table's
# covering index (migrations 034 and 040), so the box is filtered, measured and sorted without
# reading the table.
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
    " ORDER BY {order}{page})"
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


class ListingQuery:
    """The listings that `criteria` (a directory.Criteria; None for any) ask for on `today`,
    measured from `place`, as the text and parameters of PAGE_SQL or COUNT_SQL."""

    def __init__(self, today, criteria=None, place=None):
        self.today, self.criteria, self.place = today, criteria, place

    def rows(self, order, limit=None, offset=0, **only):
        """The shown rows in `order` (PAGE_ORDER or NAME_ORDER), `limit` of them after `offset`
        or all; `only` a condition (and its parameter) on one kind, and no listing of the
        other kind."""
        keys, params = self._keys(only)
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [limit, offset]
        agency_listed = AGENCY_LISTED.format(t="o")
        sql = PAGE_SQL.format(keys=keys, order=order, page=page, agency_listed=agency_listed)
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
            if self.criteria is not None:
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
