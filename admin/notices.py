"""Notices, read only: every notice the portal issued, as the consumer reads it. Notices are
issued by the services (a determination, a document reviewed, a premium invoice …), never
written, edited or deleted here; opening one is a read of the consumer's private data."""

from peewee import fn

from admin.cases import ReadOnlyView
from admin.filters import CONSUMER_NAME_HINT, EqualFilter, date_range_filters
from db.consumers import Consumer
from db.notices import NOTICE_KINDS, Notice
from portal import languages
from portal.services import admin_lists, notices


class NoticeView(ReadOnlyView):
    column_list = ("consumer", "title", "kind", "language", "created_at", "read")
    column_details_list = ("consumer", "case", "title", "kind", "language", "created_at")
    column_searchable_list = (Consumer.last_name, Consumer.first_name)
    search_hint = CONSUMER_NAME_HINT
    # Each filter and sort is an index walk (migration 042).
    column_filters = (
        EqualFilter(Notice.kind, "Kind"),
        EqualFilter(Notice.language, "Language"),
        *date_range_filters(Notice.created_at, "Issued"),
    )
    column_sortable_list = ("created_at",)
    column_default_sort = ("id", True)
    column_choices = {"kind": NOTICE_KINDS, "language": tuple(languages.NAMES.items())}
    column_labels = {"kind": "Kind", "created_at": "Issued", "read": "Read by the consumer"}
    column_formatters = {
        "read": lambda view, context, row, name: "Yes" if row.read else "No",
    }
    details_template = "admin/notice_details.html"

    def get_query(self):
        # Whether the consumer opened it, from the (notice, user) index: no query a row.
        return Notice.select(
            Notice, Consumer, notices.opened_by_consumer().alias("read")
        ).join(Consumer)

    def search_condition(self, position, word):
        name = Consumer.last_name if position == 0 else Consumer.first_name
        return admin_lists.starts_with(fn.LOWER(name), word)

    def readers(self, notice):
        """Who opened the notice and when, for its details page."""
        return notices.readers(notice)
