"""Admin lists that cost the same on page 40,000 as on page 1 (S9, S11; issue 28).

A list is ordered by its sort keys and then the row id, so every order is total and stable. A
page reached with Next continues from the last row of the page before it: its keys travel in
the link as an opaque token, and the page is `WHERE (keys) > (the row's keys) ... LIMIT n`, an
index walk from that row, never an OFFSET that skips (and reads) every row before it. Previous
walks the other way from the first row of the page. The token is signed together with what it
was made for (sort, search, filters, page and page size): a token that does not match the page
asked for (edited, stale after a sort change, made up) is not used, and the page is found by
OFFSET instead, slower but right. Its values are only ever bound parameters.

Prefix searches (`starts_with`) are ranges, so a B-tree index on the lower-case column serves
them on both databases.
"""

import base64
import binascii
import hashlib
import hmac
import json
import operator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import reduce

import peewee as pw

from db import ROW_ID_MAX, database

KEY_ALIAS = "list_key_{}"
LAST_CHARACTER = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)


@dataclass(frozen=True)
class Key:
    """One sort key of a list: a column or expression, its direction, whether it can be NULL."""

    expression: object
    descending: bool = False
    nullable: bool = False

    def ordering(self):
        return self.expression.desc() if self.descending else self.expression.asc()


def keys_for(orders, primary_key):
    """The keys of an order: (expression, descending, nullable) triples, then the primary key
    in the direction of the last of them (the tie-breaker that makes the order total)."""
    keys = [Key(*order) for order in orders]
    last_descending = keys[-1].descending if keys else False
    return (*keys, Key(primary_key, last_descending, False))


def with_keys(query, keys):
    """`query` ordered by `keys`, each row carrying its key values (as the database has them:
    `lower()` is the database's, not Python's) for the token of the page after it."""
    aliased = [key.expression.alias(KEY_ALIAS.format(n)) for n, key in enumerate(keys)]
    return query.select_extend(*aliased).order_by(*(key.ordering() for key in keys))


def key_values(row, keys):
    return [getattr(row, KEY_ALIAS.format(n)) for n in range(len(keys))]


def reversed_keys(keys):
    return tuple(Key(key.expression, not key.descending, key.nullable) for key in keys)


def nulls_sort_first():
    """Where an ascending order puts NULLs: first on SQLite, last on PostgreSQL."""
    return not isinstance(database.obj, pw.PostgresqlDatabase)


def after(keys, values):
    """Rows strictly after the row whose key values are `values`, in the order of `keys`.

    The expanded form ((k1 > v1) OR (k1 = v1 AND (k2 > v2 OR ...))) with a leading k1 >= v1
    that both databases use to start the index walk at the row (SQLite does not for a row value
    over an expression index). A NULL value sorts first (ascending) on SQLite, last on
    PostgreSQL, so the comparisons follow the database's place for it."""
    nulls_low = nulls_sort_first()
    condition = None
    for key, value in reversed(list(zip(keys, values, strict=True))):
        beyond = _beyond(key, value, nulls_low)
        same = key.expression.is_null() if value is None else key.expression == value
        condition = beyond if condition is None else beyond | (same & condition)
    first, value = keys[0], values[0]
    nulls_walked_last = nulls_low == first.descending
    if value is not None and not (first.nullable and nulls_walked_last):
        start = first.expression <= value if first.descending else first.expression >= value
        condition = start & condition
    return condition


def after_parts(keys, values):
    """after(keys, values) as conditions whose rows come one after the other in the order, each
    a walk from where an index seeks to: one, but two where the first key is at a value and its
    NULLs come later in the walk (an enrollment's date, newest first, on SQLite): the values
    after the row's, then the NULLs. (As one condition it would be an OR no index seeks with.)
    """
    first, value = keys[0], values[0]
    if value is None or not first.nullable or nulls_sort_first() != first.descending:
        return [after(keys, values)]
    values_only = (Key(first.expression, first.descending, False), *keys[1:])
    return [after(values_only, values), first.expression.is_null()]


def _beyond(key, value, nulls_low):
    nulls_walked_last = nulls_low == key.descending
    if value is None:
        # Past a NULL: the NULLs further on, then (if NULLs come first) every value.
        return key.expression.is_null(False) if not nulls_walked_last else pw.SQL("1 = 0")
    beyond = key.expression < value if key.descending else key.expression > value
    if key.nullable and nulls_walked_last:
        beyond = beyond | key.expression.is_null()
    return beyond


def estimated_rows(table):
    """How many rows the database's statistics say `table` has (PostgreSQL's reltuples,
    SQLite's sqlite_stat1, both from the last ANALYZE), or None when it has none yet: never a
    count, which reads the whole table."""
    if isinstance(database.obj, pw.PostgresqlDatabase):
        row = database.execute_sql(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", (table,)
        ).fetchone()
        return int(row[0]) if row and row[0] >= 0 else None
    # The first figure of each index's statistics is the rows it holds: the table's, but for
    # a partial index.
    try:
        row = database.execute_sql(
            "SELECT MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = ?", (table,)
        ).fetchone()
    except pw.OperationalError:  # no ANALYZE yet: no sqlite_stat1
        return None
    return row[0]


def count_up_to(query, most):
    """The rows of `query`, counted no further than `most` (a bounded count: its cost is that
    of `most` rows, however many there are)."""
    return query.limit(most).count()


def starts_with(expression, word):
    """`expression` (lower case) begins with `word`: a range an index on it serves, from the
    word to the first text after every text it begins (its last character the next one)."""
    low = word.lower()
    stem = low.rstrip(chr(LAST_CHARACTER))
    if not stem:
        return expression >= low
    following = ord(stem[-1]) + 1
    if SURROGATES[0] <= following <= SURROGATES[1]:
        following = SURROGATES[1] + 1  # no text holds a lone surrogate
    return (expression >= low) & (expression < stem[:-1] + chr(following))


def any_of(conditions):
    return reduce(operator.or_, conditions)


# The token: the key values (typed, for JSON) and a signature of them with what they are for.

def token_context(endpoint, sort_column, sort_desc, search, filters, page_size, page, direction):
    """What a token is for: the list (its endpoint), its order, search and filters (flask-admin's
    (index, name, value) triples), the page size, the page it leads to and which way ("after"
    for Next, "before" for Previous)."""
    return [
        endpoint, sort_column, bool(sort_desc), search, [list(f) for f in filters or ()],
        page_size, page, direction,
    ]


def make_token(values, context, secret):
    payload = json.dumps([_typed(value) for value in values], separators=(",", ":"))
    body = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return f"{body}.{_signature(body, context, secret)}"


def read_token(token, context, secret, count):
    """The key values a token made by make_token for this same `context` holds, else None."""
    if not token or len(token) > 4000 or token.count(".") != 1:
        return None
    body, signature = token.split(".")
    expected = _signature(body, context, secret)
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        values = [_untyped(value) for value in raw]
    except (ValueError, TypeError, KeyError, binascii.Error):
        return None
    if len(values) != count:
        return None
    return values


def _signature(body, context, secret):
    message = json.dumps([body, context], default=str, separators=(",", ":")).encode()
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _typed(value):
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def _untyped(value):
    if isinstance(value, dict):
        (kind, text), = value.items()
        return {"t": datetime.fromisoformat, "d": date.fromisoformat, "n": Decimal}[kind](text)
    if isinstance(value, int) and not -ROW_ID_MAX <= value <= ROW_ID_MAX:
        raise ValueError("out of range")
    return value
