"""The audit log: read-only for everyone, filterable, exportable as CSV."""

from admin.base import SecureModelView
from db.accounts import User
from db.consumers import Consumer


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
    column_filters = (User.username, Consumer.last_name, "action", "actor_role", "at")
    column_searchable_list = ("action", "detail")
    search_hint = "Action or detail"
    column_sortable_list = ("at", "action", "actor_role")
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
