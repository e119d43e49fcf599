"""The PostgreSQL role the portal connects as in production (`flask db create-app-role`).

The tables' owner, who runs the migrations, can disable or drop the audit log's triggers, and a
superuser can switch them off for a session. The portal connects as a role that only reads and
writes the portal's rows, appends to the audit log, and owns and creates nothing. Tables the
owner creates later are granted by default privileges; running the command again after a
migration grants everything again and checks the result.
"""

import secrets
from typing import NamedTuple

import peewee as pw
from psycopg import sql

from db.migrate import HISTORY_TABLE

# Rows are written once and kept: the role may read and add, never change or remove.
APPEND_ONLY = ("audit_event",)
APPEND_ONLY_REFUSED = ("UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


class RoleRefused(Exception):
    pass


class AppRole(NamedTuple):
    created: bool
    made_up_password: str | None


def grant_app_role(database, name, password=None):
    """Create role `name` (or bring an existing one up to date) with the portal's privileges on
    the current schema, in one transaction, and check them. `password`, when given, is set (sent
    as a SCRAM verifier: the server never sees or logs it); a new role without one gets a random
    one, returned."""
    if not isinstance(database, pw.PostgresqlDatabase):
        raise RoleRefused("Database roles are for PostgreSQL only: SQLite has no users.")
    with database.atomic():
        owner, schema, database_name = database.execute_sql(
            "SELECT current_user, current_schema(), current_database()"
        ).fetchone()
        if name == owner:
            raise RoleRefused(
                f"{name} owns the portal's tables (it runs the migrations): "
                "give the role the portal connects as another name."
            )
        exists = _refuse_an_owner_role(database, name, schema)
        connection = database.connection()
        statements = []
        made_up = None
        if password is None and not exists:
            password = made_up = secrets.token_urlsafe(32)
        if password is not None:
            verifier = connection.pgconn.encrypt_password(password.encode(), name.encode())
            action = "ALTER" if exists else "CREATE"
            statements.append(
                sql.SQL(action + " ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(verifier.decode())
                )
            )
        values = {
            "role": sql.Identifier(name),
            "schema": sql.Identifier(schema),
            "database": sql.Identifier(database_name),
            "privileges": sql.SQL(TABLE_PRIVILEGES),
        }
        statements += [
            sql.SQL(template).format(**values)
            for template in (
                "GRANT CONNECT ON DATABASE {database} TO {role}",
                "GRANT USAGE ON SCHEMA {schema} TO {role}",
                # PostgreSQL 15's default; older servers let every role create in `public`.
                "REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
                "GRANT {privileges} ON ALL TABLES IN SCHEMA {schema} TO {role}",
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
                # Tables and sequences the owner's later migrations create.
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}"
                " GRANT {privileges} ON TABLES TO {role}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {role}",
            )
        ]
        statements += [
            sql.SQL("REVOKE {} ON {} FROM {}").format(
                sql.SQL(", ").join(map(sql.SQL, APPEND_ONLY_REFUSED)),
                sql.Identifier(schema, table),
                values["role"],
            )
            for table in APPEND_ONLY
        ]
        # The migrations' history is the owner's to write.
        statements.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(schema, HISTORY_TABLE), values["role"]
            )
        )
        for statement in statements:
            database.execute_sql(statement.as_string(connection))
        _check(database, name, schema)
    return AppRole(created=not exists, made_up_password=made_up)


def _refuse_an_owner_role(database, name, schema):
    """Whether role `name` exists; refused if it has an owner's powers or privileges."""
    attributes = database.execute_sql(
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls"
        " FROM pg_roles WHERE rolname = %s",
        (name,),
    ).fetchone()
    if attributes is None:
        return False
    if any(attributes):
        raise RoleRefused(
            f"{name} exists and is a superuser, or can create databases or roles, replicate or "
            "bypass row security: the portal must connect as a role that can do none of these."
        )
    # Owning a table, the schema or the database (or being a member of a role that does) is the
    # power to drop the audit log's triggers.
    (owns,) = database.execute_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        "               WHERE n.nspname = %s"
        "               AND pg_has_role(%s, c.relowner, 'MEMBER'))"
        "    OR EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s"
        "               AND pg_has_role(%s, nspowner, 'MEMBER'))"
        "    OR EXISTS (SELECT 1 FROM pg_database WHERE datname = current_database()"
        "               AND pg_has_role(%s, datdba, 'MEMBER'))",
        (schema, name, schema, name, name),
    ).fetchone()
    if owns:
        raise RoleRefused(
            f"{name} owns the portal's tables, their schema or the database, or is a member "
            "of a role that does: the portal must connect as a role that owns nothing."
        )
    return True


def _check(database, name, schema):
    """Read the privileges back: a grant to PUBLIC or an earlier one could still allow more."""
    allowed = database.execute_sql(
        "SELECT c.relname || ': ' || p.privilege FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " CROSS JOIN unnest(%s::text[]) AS p(privilege)"
        " WHERE n.nspname = %s AND c.relname = ANY(%s)"
        " AND has_table_privilege(%s, c.oid, p.privilege)",
        (list(APPEND_ONLY_REFUSED), schema, list(APPEND_ONLY), name),
    ).fetchall()
    (creates,) = database.execute_sql(
        "SELECT has_schema_privilege(%s, %s, 'CREATE')"
        " OR has_database_privilege(%s, current_database(), 'CREATE')",
        (name, schema, name),
    ).fetchone()
    if allowed or creates:
        raise RoleRefused(
            f"{name} would still be allowed "
            + ", ".join([row[0] for row in allowed] + (["CREATE"] if creates else []))
            + " (granted to it or to PUBLIC): revoke that as the owner and run this again."
        )
