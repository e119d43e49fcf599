"""The work queue of the Client Requests dashboard (S13): how many of the assister's current
clients are new, in progress, applying, have documents due, premiums overdue, unread notices or
consents running out, how many consumers asked for them through Find local help, and how many
the listing's filter and search leave, by status."""

import peewee as pw

from db import database
from db.associations import Association
from portal.services.client_listing import STATUSES

# The queue entries counted as a range of an index, per status (rows of WORK_QUEUE_SQL).
RANGES = ("expiring", "verification", "premium_overdue", "unread_notices")
# Pending requests from Find local help: not clients (no access), so not a filter of the table.
REQUESTS = "directory_requests"

# The work queue as one statement of a few rows (kind, status, application status, how many):
# the counter rows of `client_count` (every association not ended), those whose consent ran out
# without being ended (to take off), those running out soon and those with documents due (both
# short ranges of the expiry index), and those with a premium overdue or unread notices (each a
# range of its own small partial index), and the pending requests from the directory (the
# request table's partial index of them). Fixed text, so written out once; `?` is the parameter
# mark.
WORK_QUEUE_SQL = """
SELECT 'kept' AS kind, status, consumer_application_status AS applying, clients AS number
  FROM client_count WHERE assister_id = ?
UNION ALL
SELECT 'lapsed', status, consumer_application_status, COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on < ?
  GROUP BY status, consumer_application_status
UNION ALL
SELECT 'expiring', status, '', COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on >= ? AND expires_on <= ?
  GROUP BY status
UNION ALL
SELECT 'verification', status, '', COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on >= ?
    AND consumer_verification_due_on IS NOT NULL
  GROUP BY status
UNION ALL
SELECT 'premium_overdue', status, '', COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on >= ?
    AND consumer_premium_due_on IS NOT NULL AND consumer_premium_due_on < ?
  GROUP BY status
UNION ALL
SELECT 'unread_notices', status, '', COUNT(*) FROM association
  WHERE assister_id = ? AND ended_at IS NULL AND expires_on >= ? AND unread_notices > 0
  GROUP BY status
UNION ALL
SELECT 'directory_requests', '', '', COUNT(*) FROM assister_request
  WHERE assister_id = ? AND ended_at IS NULL
"""


def _work_queue(asked):
    """The rows of WORK_QUEUE_SQL for this request."""
    a, today = asked.assister_id, asked.today
    params = (a, a, today, a, today, asked.soon, a, today, a, today, today, a, today, a)
    # The drivers differ only in the mark: SQLite's `?`, psycopg's `%s` (database.param).
    return database.execute_sql(WORK_QUEUE_SQL.replace("?", database.param), params).fetchall()


def counts(listing, asked):
    """The work queue, and per status how many clients the listing's filter and search leave
    (a search's, counted on the sort order's index)."""
    counted = _work_queue(asked)
    if listing.q and asked.found:
        matching = (
            Association.select(
                pw.Value("matching"), Association.status, pw.Value(""), pw.fn.COUNT(Association.id)
            )
            .where(asked.listed)
            .group_by(Association.status)
            .tuples()
        )
        counted += list(matching)
    ranges = {"lapsed": {}, "matching": {}, **{kind: {} for kind in RANGES}}
    kept_by = {}
    requests = 0
    for kind, status, applying, number in counted:
        if kind == REQUESTS:
            requests = number
        elif kind == "kept":
            kept_by[status, applying] = number
        elif kind == "lapsed":
            ranges[kind][status, applying] = number
        else:
            ranges[kind][status] = number
    clients = {key: number - ranges["lapsed"].get(key, 0) for key, number in kept_by.items()}
    by_status = {status: _sum(clients, status) for status in STATUSES}
    queue = {
        **by_status,
        "application_in_progress": sum(clients.get((s, "in_progress"), 0) for s in STATUSES),
        **{kind: sum(ranges[kind].values()) for kind in RANGES},
        REQUESTS: requests,
    }
    if listing.q:
        matching = {status: ranges["matching"].get(status, 0) for status in STATUSES}
    elif listing.status in RANGES:
        matching = {status: ranges[listing.status].get(status, 0) for status in STATUSES}
    elif listing.status == "application_in_progress":
        matching = {status: clients.get((status, "in_progress"), 0) for status in STATUSES}
    else:
        matching = by_status
    if listing.status in STATUSES:
        matching = {
            status: matching[status] if status == listing.status else 0 for status in STATUSES
        }
    return queue, matching


def _sum(clients, status):
    return sum(number for (of, _applying), number in clients.items() if of == status)
