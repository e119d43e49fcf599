"""012: the consumer's account index leaves out the consumers without an account.

With 1,000,000 consumers and none signed up, SQLite's ANALYZE recorded the unique index on
`consumer.user_id` as one group of a million NULLs, and the planner then scanned every consumer
for the session statement every signed-in page runs (80 ms a request; bench/RESULTS.md). A
partial index holds only the consumers with an account: still one profile per account, and
a look-up by account always uses it.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX consumer_user_id")
    migrator.sql(
        "CREATE UNIQUE INDEX consumer_user_id ON consumer (user_id) WHERE user_id IS NOT NULL"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX consumer_user_id")
    migrator.sql("CREATE UNIQUE INDEX consumer_user_id ON consumer (user_id)")
