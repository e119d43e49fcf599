"""Queries composed once and run many times: a Statement.

Peewee composes a query's SQL from its nodes every time it runs, and a model's query names
each of its columns: on the 2-core benchmark machine 0.6-1.1 ms a query, half of Client
Details (bench/RESULTS.md). The queries every client page runs have the same shape each time
and differ only in their values, so a Statement builds its query once per kind of database with
a slot for each value, keeps the SQL and where each slot's parameter goes, and on each call puts
the values there, converted as the query would have converted them, and reads the rows as the
query would have.
"""

import inspect

import peewee as pw

from db import database


class _Slot(pw.Node):
    """Where a value goes: composed as a parameter of its own, unconverted, while it notes the
    conversion the query applies there (a field's db_value, or none)."""

    def __init__(self):
        super().__init__()
        self.marker = object()
        self.converter = None

    def __sql__(self, ctx):
        self.converter = ctx.state.converter
        return ctx.value(self.marker, converter=False)


class Statement:
    """`build(*slots)` returns the query, with a slot wherever a value of the call goes.

    A slot is always a parameter: `field == slot` given None compares with NULL (never true)
    where the query itself would have said IS NULL, so a value that may be None needs its own
    condition in the query."""

    def __init__(self, build):
        self._build = build
        self._arity = len(inspect.signature(build).parameters)
        self._composed = {}

    def _compose(self):
        kind = type(database.obj)
        composed = self._composed.get(kind)
        if composed is None:
            slots = [_Slot() for _ in range(self._arity)]
            query = self._build(*slots)
            sql, params = query.sql()
            places = tuple(
                (position, index, slot.converter)
                for position, param in enumerate(params)
                for index, slot in enumerate(slots)
                if param is slot.marker
            )
            composed = self._composed[kind] = (query, sql, params, places)
        return composed

    def sql(self, *values):
        """The SQL and its parameters for these values."""
        _query, sql, params, places = self._compose()
        params = list(params)
        for position, index, converter in places:
            value = values[index]
            params[position] = converter(value) if converter else value
        return sql, params

    def rows(self, *values):
        """The rows, as iterating the query would give them."""
        query = self._compose()[0]
        return query._get_cursor_wrapper(database.execute_sql(*self.sql(*values)))

    def first(self, *values):
        """The first row, or None."""
        return next(iter(self.rows(*values)), None)
