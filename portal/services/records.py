"""Create and update the administered records (agencies, assisters, consumers) with an audit row.

Admin screens and the seed both go through here, so uniqueness checks and audit are never skipped.
"""

import peewee as pw

from db import database
from portal.errors import DomainError
from portal.services import audit


def create(actor, model, values, unique_messages, consumer_of=None):
    """Insert a `model` row from `values`; a clash on a unique column becomes a DomainError."""
    with database.atomic():
        _refuse_duplicates(model, values, unique_messages)
        try:
            row = model.create(**values)
        except pw.IntegrityError as error:
            raise DomainError("This record clashes with one that already exists.") from error
        audit.record(
            actor, f"{model._meta.table_name}.created", consumer_of and consumer_of(row), row
        )
    return row


def update(actor, row, values, unique_messages, consumer_of=None):
    """Change `row` to `values`; the audit row names the changed fields, never their values."""
    model = type(row)
    with database.atomic():
        _refuse_duplicates(model, values, unique_messages, exclude=row)
        changed = sorted(name for name, value in values.items() if getattr(row, name) != value)
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            try:
                row.save()
            except pw.IntegrityError as error:
                raise DomainError("This record clashes with one that already exists.") from error
            audit.record(
                actor,
                f"{model._meta.table_name}.updated",
                consumer_of and consumer_of(row),
                row,
                detail="changed: " + ", ".join(changed),
            )
    return row


def _refuse_duplicates(model, values, unique_messages, exclude=None):
    for field_name, message in unique_messages.items():
        if field_name not in values:
            continue
        field = model._meta.fields[field_name]
        query = model.select().where(pw.fn.LOWER(field) == str(values[field_name]).lower())
        if exclude is not None:
            query = query.where(model._meta.primary_key != exclude.get_id())
        if query.exists():
            raise DomainError(message, field=field_name)
