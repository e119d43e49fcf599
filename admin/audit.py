"""The audit log: read-only for everyone, filterable, exportable as CSV."""

from flask_admin.contrib.peewee.filters import FilterEqual

from admin.base import SecureModelView
from admin.filters import EqualFilter, IntEqualTo, date_range_filters, stored_value
from db.accounts import User
from db.audit import AuditEvent
from db.consumers import Consumer


class ActorFilter(FilterEqual):
    """The actor by username, their id looked up on its own: the log is then walked along
    (actor, when) from that one account, where a join on the username made SQLite sort the
    account's rows (all of them) for a page."""

    def apply(self, query, value):
        return query.where(
            AuditEvent.actor == User.select(User.id).where(User.username == value)
        )


class AuditEventView(SecureModelView):
    can_create = False
    can_edit = False
    can_export = True
    column_list = (
        "at",
        "actor",
        "actor_role",
        "on_behalf_of",
        "action",
        "object_type",
        "object_id",
        "ip",
        "detail",
    )
    column_details_list = (*column_list, "user_agent")
    column_export_list = column_details_list
    # Millions of rows, newest first: each filter is one index walk in that order (migration
    # 042: actor, consumer, action or role, then when). No search: a word inside the detail
    # would read every row; the filters find what a search would.
    column_filters = (
        stored_value(ActorFilter)(User.username, "Actor's username"),
        IntEqualTo(AuditEvent.on_behalf_of, "Consumer id"),
        EqualFilter(AuditEvent.action, "Action"),
        EqualFilter(AuditEvent.actor_role, "Actor's role"),
        *date_range_filters(AuditEvent.at, "When"),
    )
    column_sortable_list = ("at",)
    column_default_sort = ("at", True)
    list_joins = (User, Consumer)
    column_labels = {
        "at": "When",
        "on_behalf_of": "Consumer",
        "object_type": "Object",
        "object_id": "Object id",
        "ip": "IP address",
    }

    def consumer_of(self, row):
        # A row about a consumer is their private data too: what was done for them, from where.
        return row.on_behalf_of_id
