"""The admin lists' filters: each checks its value before the database is asked about it."""

import math

from flask_admin.contrib.peewee.filters import (
    BooleanEqualFilter,
    DateBetweenFilter,
    DateGreaterFilter,
    DateSmallerFilter,
    DateTimeBetweenFilter,
    DateTimeGreaterFilter,
    DateTimeSmallerFilter,
    FilterConverter,
    FilterEqual,
    FilterLike,
    IntEqualFilter,
)
from peewee import DateTimeField

from db import ROW_ID_MAX
from portal.forms import has_control_characters


class StoredValue:
    """A filter whose value the database can be asked about: no control characters (PostgreSQL
    refuses a NUL), whole numbers within 64 bits (SQLite can't take more), and numbers that
    are finite. flask-admin shows "Invalid Filter Value" for one that is not, and leaves it out."""

    def validate(self, value):
        if has_control_characters(value) or not super().validate(value):
            return False
        cleaned = self.clean(value)
        return all(map(_storable, cleaned if isinstance(cleaned, list) else [cleaned]))


def _storable(value):
    if isinstance(value, int):
        return -ROW_ID_MAX <= value <= ROW_ID_MAX
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def stored_value(filter_class):
    """`filter_class` (a flask-admin peewee filter) checking its value as StoredValue does."""
    return type(filter_class.__name__, (StoredValue, filter_class), {})


# The filters the views name, each checking its value first.
EqualFilter = stored_value(FilterEqual)
IntEqualTo = stored_value(IntEqualFilter)
BooleanEqualTo = stored_value(BooleanEqualFilter)
LikeFilter = stored_value(FilterLike)
# The big lists' consumer-name search (admin_lists' prefix search on lower(last, first)).
CONSUMER_NAME_HINT = "Consumer's last name, then first name: from the start"


def date_range_filters(column, name):
    """A date or time column's filters that are ranges of it (after, before, between), which
    an index on it serves, without flask-admin's "not between" and "empty" that no index does.
    """
    kinds = (
        (DateTimeGreaterFilter, DateTimeSmallerFilter, DateTimeBetweenFilter)
        if isinstance(column, DateTimeField)
        else (DateGreaterFilter, DateSmallerFilter, DateBetweenFilter)
    )
    return tuple(stored_value(kind)(column, name) for kind in kinds)


class StoredValueFilters(FilterConverter):
    """The filters flask-admin makes for a model's columns, each checking its value first."""

    strings = tuple(map(stored_value, FilterConverter.strings))
    int_filters = tuple(map(stored_value, FilterConverter.int_filters))
    float_filters = tuple(map(stored_value, FilterConverter.float_filters))
    bool_filters = tuple(map(stored_value, FilterConverter.bool_filters))
    date_filters = tuple(map(stored_value, FilterConverter.date_filters))
    datetime_filters = tuple(map(stored_value, FilterConverter.datetime_filters))
    time_filters = tuple(map(stored_value, FilterConverter.time_filters))
