"""042: the admin lists of the big tables walk an index for every sort, search and filter.

Issue 28: a list page continues from the row before it (`WHERE (key, id) > (...) ORDER BY key,
id LIMIT n`, admin/base.py and portal/services/admin_lists.py), so each order a list offers is
an index on (sort key, id): the id breaks ties, which makes the order total and a page a walk
from one row (PostgreSQL needs it in the index; SQLite holds the rowid in every index anyway).
A filter that compares a column with one value leads an index that continues with the list's
order; a date filter is a range of the sort index on that column. Searches match from the
start of a lower-case column: an expression index on lower(column) serves both databases
(the prefix is a range, `>= 'smi' AND < 'smj'`).

Which list, order, filter or search each index serves:

consumer (Consumers):
  consumer_admin_last_name     order by last name (the default); search, first word
  consumer_admin_first_name    order by first name
  consumer_admin_email         search, a word with an @
  consumer_admin_birth         order by, and filter on, date of birth
  consumer_admin_language      filter on preferred language, by last name
audit_event (Audit log, newest first); each replaces the index it extends:
  audit_event_at               order by when (the default); filter on when
  audit_event_actor            filter on the actor's username (replaces auditevent_actor_id)
  audit_event_consumer         filter on the consumer (replaces auditevent_on_behalf_of_id_at)
  audit_event_action           filter on the action (replaces auditevent_action)
  audit_event_role             filter on the actor's role
association (Associations, newest request first):
  association_admin_requested  order by requested at (the default); filter on it
  association_admin_expires    order by, and filter on, expires on
  association_admin_ended      order by ended at
  association_admin_status     filter on status
  association_admin_type       filter on the assister type
  association_admin_name       search: the consumer's sort name from its start
enrollment (Enrollments, newest first):
  enrollment_admin_enrolled    order by enrolled at (the default); filter on it
  enrollment_admin_status      filter on status
  enrollment_admin_year        filter on plan year
user_account (Users, by username):
  user_admin_username          order by username (the default)
  user_admin_lower_username    search: the username from its start
  user_admin_email             search: the email from its start
  user_admin_sign_in           order by, and filter on, last sign-in
  user_admin_role              filter on role (replaces user_role)
  user_admin_active            filter on active
document (Documents, oldest first):
  document_admin_uploaded      order by uploaded at (the default); filter on it
  document_admin_status        filter on status, "Documents to review" (replaces
                               document_status_uploaded_at)
assister (Assisters, by last name):
  assister_admin_last_name     order by last name (the default); search, first word
  assister_admin_first_name    order by first name
  assister_admin_email         search, a word with an @
  assister_admin_expires       order by, and filter on, certification expiry
  assister_admin_type          filter on type (replaces assister_assister_type)
  assister_admin_county        filter on county
(A search by Reference Number uses assister_reference_number, a filter by agency
assister_agency_id.)
application (Applications, newest first: the primary key):
  application_admin_submitted  order by, and filter on, submitted
  application_admin_status     filter on status
  application_admin_year       filter on plan year
eligibility_case (Cases, newest first: the primary key; a case number is case_case_number):
  case_admin_created           order by, and filter on, opened
  case_admin_status            filter on status
notice (Notices, newest first: the primary key):
  notice_admin_created         order by, and filter on, issued
  notice_admin_kind            filter on kind
  notice_admin_language        filter on language
"""

import peewee as pw
from peewee_migrate import Migrator

# Copied, not imported (migrations are frozen).
INDEXES = (
    ("consumer_admin_last_name", "consumer", "lower(last_name), id"),
    ("consumer_admin_first_name", "consumer", "lower(first_name), id"),
    ("consumer_admin_email", "consumer", "lower(email), id"),
    ("consumer_admin_birth", "consumer", "date_of_birth, id"),
    ("consumer_admin_language", "consumer", "preferred_language, lower(last_name), id"),
    ("audit_event_at", "audit_event", "at, id"),
    ("audit_event_actor", "audit_event", "actor_id, at, id"),
    ("audit_event_consumer", "audit_event", "on_behalf_of_id, at, id"),
    ("audit_event_action", "audit_event", "action, at, id"),
    ("audit_event_role", "audit_event", "actor_role, at, id"),
    ("association_admin_requested", "association", "requested_at, id"),
    ("association_admin_expires", "association", "expires_on, id"),
    ("association_admin_ended", "association", "ended_at, id"),
    ("association_admin_status", "association", "status, requested_at, id"),
    ("association_admin_type", "association", "assister_type, requested_at, id"),
    ("association_admin_name", "association", "consumer_sort_name, id"),
    ("enrollment_admin_enrolled", "enrollment", "enrolled_at, id"),
    ("enrollment_admin_status", "enrollment", "status, enrolled_at, id"),
    ("enrollment_admin_year", "enrollment", "plan_year, enrolled_at, id"),
    ("user_admin_username", "user_account", "username, id"),
    ("user_admin_lower_username", "user_account", "lower(username), id"),
    ("user_admin_email", "user_account", "lower(email), id"),
    ("user_admin_sign_in", "user_account", "last_sign_in_at, id"),
    ("user_admin_role", "user_account", "role, username, id"),
    ("user_admin_active", "user_account", "is_active, username, id"),
    ("document_admin_uploaded", "document", "uploaded_at, id"),
    ("document_admin_status", "document", "status, uploaded_at, id"),
    ("assister_admin_last_name", "assister", "lower(last_name), id"),
    ("assister_admin_first_name", "assister", "lower(first_name), id"),
    ("assister_admin_email", "assister", "lower(email), id"),
    ("assister_admin_expires", "assister", "certification_expires_on, id"),
    ("assister_admin_type", "assister", "assister_type, lower(last_name), id"),
    ("assister_admin_county", "assister", "county, lower(last_name), id"),
    ("application_admin_submitted", "application", "submitted_at, id"),
    ("application_admin_status", "application", "status, id"),
    ("application_admin_year", "application", "plan_year, id"),
    ("case_admin_created", "eligibility_case", "created_at, id"),
    ("case_admin_status", "eligibility_case", "status, id"),
    ("notice_admin_created", "notice", "created_at, id"),
    ("notice_admin_kind", "notice", "kind, id"),
    ("notice_admin_language", "notice", "language, id"),
)
# Replaced by the index above that begins with the same columns.
REPLACED = (
    ("auditevent_at", "audit_event", "at"),
    ("auditevent_actor_id", "audit_event", "actor_id"),
    ("auditevent_on_behalf_of_id_at", "audit_event", "on_behalf_of_id, at"),
    ("auditevent_action", "audit_event", "action"),
    ("user_role", "user_account", "role"),
    ("document_status_uploaded_at", "document", "status, uploaded_at"),
    ("assister_assister_type", "assister", "assister_type"),
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, table, columns in INDEXES:
        migrator.sql(f"CREATE INDEX {name} ON {table} ({columns})")
    for name, _table, _columns in REPLACED:
        migrator.sql(f"DROP INDEX {name}")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, table, columns in REPLACED:
        migrator.sql(f"CREATE INDEX {name} ON {table} ({columns})")
    for name, _table, _columns in INDEXES:
        migrator.sql(f"DROP INDEX {name}")
