"""029: who has read each notice, and the work queue's "Unread notices".

A notice is read or unread per reader (the consumer, each of their assisters): `notice_read`
holds one row per notice and reader. Each association keeps how many of the consumer's notices
its assister has not read (0 when the consent does not cover reading notices), so the work
queue counts and lists those clients from a small partial index of the association alone, as
it does those with documents due (020).

Nobody has read anything yet: an association whose consent covers notices starts with all of
its consumer's notices unread.
"""

import peewee as pw
from peewee_migrate import Migrator

INDEX = "association_clients_with_unread_notices"
CREATE_INDEX = (
    f"CREATE INDEX {INDEX} ON association "
    "(assister_id, requested_at, id, expires_on, status, consumer_sort_name, consumer_id, "
    "ended_at, unread_notices) "
    "WHERE ended_at IS NULL AND unread_notices > 0"
)
# In SQL, not `add_fields`: on SQLite peewee adds a NOT NULL column by rebuilding the table,
# which the association's triggers (009, 018) forbid; both databases add this one in place.
ADD_COLUMN = "ALTER TABLE association ADD COLUMN unread_notices INTEGER NOT NULL DEFAULT 0"
COUNT_UNREAD = (
    "UPDATE association SET unread_notices = "
    "(SELECT COUNT(*) FROM notice WHERE notice.consumer_id = association.consumer_id) "
    "WHERE ended_at IS NULL AND may_see_documents"
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class NoticeRead(pw.Model):
        id = pw.AutoField()
        notice = pw.ForeignKeyField(column_name="notice_id", field="id", model=migrator.orm["notice"], index=False)
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=migrator.orm["user_account"], index=False)
        read_at = pw.DateTimeField()

        class Meta:
            table_name = "notice_read"
            indexes = ((("notice", "user"), True),)

    migrator.sql(ADD_COLUMN)
    migrator.sql(COUNT_UNREAD)
    migrator.sql(CREATE_INDEX)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f"DROP INDEX {INDEX}")
    migrator.sql("ALTER TABLE association DROP COLUMN unread_notices")
    migrator.remove_model("notice_read")
