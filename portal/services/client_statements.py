"""The SQL of the Client Requests dashboard's statements (portal.services.clients): the work
queue's counts, a page walked on the dashboard's indexes (migrations 009, 016), and on
PostgreSQL a first page read with the counts. `{p}` stands for the driver's parameter mark.

The statements are SQL text, made once per shape (sort, search, filter) and cached: composing
them with peewee on every request cost as much as running them (≈ 0.3 ms each).
"""

from functools import lru_cache

from db import database
from portal.services.name_search import matched_params, matched_sql

# The assister's current clients (not ended, not expired): the partial indexes' rows. The
# same columns on client_name_word: a search's words.
_ACTIVE = "assister_id = {p} AND ended_at IS NULL AND expires_on >= {p}"
# What each queue filter adds to the search, if anything; "new" and "in_progress" are picked
# out by the counts' GROUP BY and by each page query's status.
FILTER_SQL = {
    "application_in_progress": "consumer_application_status = 'in_progress'",
    "expiring": "expires_on <= {p}",
    "verification": "consumer_verification_due_on IS NOT NULL",
}


def current_where(by_status, filter_sql):
    """The condition of the assister's current clients, of one status group if `by_status`,
    and of a queue filter's SQL (None: none), on either table."""
    return _ACTIVE + (" AND status = {p}" if by_status else "") + (
        f" AND {filter_sql}" if filter_sql else ""
    )


def _by_status(grouped):
    """The status column and GROUP BY of a count that is by status only when `grouped`."""
    return ("status", " GROUP BY status") if grouped else ("''", "")


@lru_cache(maxsize=64)
def counts_sql(matched, filtered_to, param):
    """The work queue and the totals as one statement of a few rows (kind, status, application
    status, how many): the counter rows of `client_count` (every association not ended), the
    consents that ran out without being ended (to take off), those running out soon (both a
    short range of the expiry index), the clients with documents due (the small index of
    migration 018), and only with a search, the clients it matches (on the words' index).

    Those running out soon and those with documents due are counted by status only when the
    table is filtered to them (`filtered_to`, a queue key): a GROUP BY over the expiry range's
    400-odd entries sorted them all, 8 % of a dashboard request's instructions on SQLite
    (bench/RESULTS.md), where the work queue needs one number."""
    expiring_status, expiring_group = _by_status(filtered_to == "expiring")
    verifying_status, verifying_group = _by_status(filtered_to == "verification")
    parts = [
        "SELECT 'all' AS kind, status, consumer_application_status AS applying, "
        "clients AS number FROM client_count WHERE assister_id = {p}",
        "SELECT 'expired', status, consumer_application_status, COUNT(*) FROM association "
        "WHERE assister_id = {p} AND ended_at IS NULL AND expires_on < {p} "
        "GROUP BY status, consumer_application_status",
        f"SELECT 'expiring', {expiring_status}, '', COUNT(*) FROM association "  # noqa: S608
        "WHERE assister_id = {p} AND ended_at IS NULL AND expires_on >= {p} "
        f"AND expires_on <= {{p}}{expiring_group}",
        f"SELECT 'verification', {verifying_status}, '', COUNT(*) FROM association "  # noqa: S608
        "WHERE assister_id = {p} AND ended_at IS NULL "
        f"AND consumer_verification_due_on IS NOT NULL AND expires_on >= {{p}}{verifying_group}",
    ]
    if matched:
        parts.append(
            f"SELECT 'matching', status, '', COUNT(*) FROM ({matched}) AS matched "  # noqa: S608
            "GROUP BY status"
        )
    return " UNION ALL ".join(parts).format(p=param)


# Every page query returns these, in this order: a ClientRow's fields.
ROW_COLUMNS = (
    "a.id", "a.consumer_id", "c.first_name", "c.last_name", "a.requested_at", "a.status",
    "c.application_status", "c.enrollment_status", "c.home_address", "c.phone",
    "c.verification_due_on", "a.consumer_sort_name",
)  # fmt: skip
ROW = ", ".join(ROW_COLUMNS)
# What a slice of a plain page reads from its sort index (migration 016): the association's
# columns of ROW and the sort keys.
SLICE = "id, consumer_id, requested_at, status, consumer_sort_name"
# A first page read with the counts: each row of the statement is a count (its first four
# columns) or, of kind 'row', a client (the rest), the other's columns NULL. The counts' status
# is renamed so that the page's ORDER BY, which names the client's, reads the same here.
COUNT_AND_ROW = "kind, status AS of_status, applying, number, " + ", ".join(
    f"NULL AS {column.split('.')[1]}" for column in ROW_COLUMNS
)


@lru_cache(maxsize=256)
def page_sql(slices, order, filter_sql, ranges, param):
    """One page as one statement: each slice walked on an index (OFFSET skips index entries,
    never joined rows), then the page's rows joined to their consumers. A plain page's slices
    are rows of the index itself; a search's are its matched clients' ids, sorted, and their
    associations are read by id.

    `slices` holds, per slice, the sort key, its direction and whether it is one status group;
    `ranges`, a search's ranges of words (None: no search). The page's size is the last
    parameter: slices that may each fill the page (a first page's status groups) are cut to
    it before any consumer is looked up.
    """
    parts = []
    for key, descending, by_status in slices:
        direction = " DESC" if descending else ""
        where = current_where(by_status, filter_sql)
        rows = (
            f"SELECT {SLICE} FROM association WHERE {where}"  # noqa: S608 - fixed fragments
            if ranges is None
            else matched_sql(key, where, ranges)
        )
        parts.append(f"{rows} ORDER BY {key}{direction}, id{direction} LIMIT {{p}} OFFSET {{p}}")
    cut = " LIMIT {p}"
    if len(parts) == 1 and ranges is None:
        rows = parts[0]
    else:
        # Each slice has its own LIMIT (and a search's, its sort key), so each is a subquery.
        columns = "id" if ranges is not None else SLICE
        rows = " UNION ALL ".join(
            f"SELECT {columns} FROM ({part}) AS slice{n}"  # noqa: S608 - fixed fragments
            for n, part in enumerate(parts)
        )
        if ranges is None:
            rows = f"SELECT {SLICE} FROM ({rows}) AS a ORDER BY {order}{cut}"  # noqa: S608
            cut = ""
    if ranges is None:
        source, where = f"({rows}) AS a", ""
    else:
        source, where = "association a", f" WHERE a.id IN ({rows})"
    return _joined(source, where, order, cut).format(p=param)


@lru_cache(maxsize=16)
def found_page_sql(order, by_status, param):
    """A first page of a search: its clients among the statement's `found` (which holds the
    sort keys), in order and cut to the page's size, then their associations and consumers."""
    status = " WHERE a.status = {p}" if by_status else ""
    rows = f"SELECT id FROM found AS a{status} ORDER BY {order} LIMIT {{p}}"  # noqa: S608
    return _joined("association a", f" WHERE a.id IN ({rows})", order, "").format(p=param)


def _joined(source, where, order, cut):
    return (
        f"SELECT {ROW} FROM {source} JOIN consumer c ON c.id = a.consumer_id{where} "  # noqa: S608
        f"ORDER BY {order}{cut}"
    )


@lru_cache(maxsize=256)
def with_counts_sql(counts_sql, page_sql, order, found_sql, param):
    """The counts and a first page as one statement: one round trip to the database less for
    the page most asked for (every sort, search and filter starts on it). A search's matches
    (`found_sql`; None: no search) are looked up once for both: the words' look-ups of a
    two-word search were most of its statements' time on PostgreSQL (bench/RESULTS.md)."""
    found = "" if found_sql is None else f"WITH found AS ({found_sql.format(p=param)}) "
    return (
        f"{found}SELECT * FROM (SELECT {COUNT_AND_ROW} FROM ({counts_sql}) AS counts "  # noqa: S608
        f"UNION ALL SELECT 'row', NULL, NULL, NULL, page.* FROM ({page_sql}) AS page) AS a "
        f"ORDER BY {order}"
    )


# What a first page's search keeps of each client it finds: the counts' and the sorts' keys.
FOUND = "status, requested_at, consumer_sort_name"


class PageQuery:
    """A page's statement (page_sql) and its parameters, put together slice by slice."""

    def __init__(self, assister_id, today, key, descending, search, filter_sql, filter_params):
        self.assister_id, self.today = assister_id, today
        self.key, self.descending = key, descending
        self.ranges, self.range_values = search
        self.filter_sql, self.filter_params = filter_sql, filter_params
        self.slices, self.slice_params = [], []

    def add_slice(self, status, take, skip, backwards):
        """`take` rows of one status group (None: every status), `skip` rows in from the
        start of its order (`backwards`: from the end)."""
        self.slices.append((self.key, self.descending != backwards, status is not None))
        where_params = [self.assister_id, self.today, *([status] if status else [])]
        where_params += self.filter_params
        if self.ranges is not None:
            where_params = matched_params(where_params, self.range_values)
        self.slice_params += [*where_params, take, skip]

    def sql(self, order):
        return page_sql(tuple(self.slices), order, self.filter_sql, self.ranges, database.param)

    def params(self, per_page):
        return [*self.slice_params, per_page]
