"""The connection pool and the plans every signed-in request depends on."""

import pytest

from db import connection
from tests.conftest import ON_POSTGRES


def test_a_request_reuses_the_connection_the_last_one_handed_back(database_url):
    pooled = connection.open_database(database_url, pooled=True)
    try:
        opened = []
        for _ in range(3):
            pooled.connect(reuse_if_open=True)
            opened.append(pooled.connection())
            assert pooled.execute_sql("SELECT 1").fetchone()[0] == 1
            pooled.close()
        assert opened[0] is opened[1] is opened[2]
    finally:
        pooled.close_all()


@pytest.mark.skipif(not ON_POSTGRES, reason="a server that ends a connection is PostgreSQL's")
def test_a_connection_the_server_ended_while_idle_is_replaced(database_url):
    pooled = connection.open_database(database_url, pooled=True)
    killer = connection.open_database(database_url)
    try:
        pooled.connect()
        pid = pooled.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        pooled.close()
        with killer.connection_context():
            killer.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        pooled.connect()
        assert pooled.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
        pooled.close()
    finally:
        pooled.close_all()


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL's statistics count NULLs apart")
def test_the_session_statement_looks_consumers_up_by_account_after_analyze(app, factories):
    """Most consumers have no account (assisters and staff enter them): ANALYZE then saw one
    huge group of NULLs in a plain unique index, and SQLite scanned every consumer on every
    signed-in request (migration 012)."""
    from db import database
    from portal.sessions import _WITH_USER

    for number in range(60):
        factories.consumer(with_account=False, first_name=f"Walk{number}")
    database.execute_sql("ANALYZE")
    sql, params = _WITH_USER.sql("x")
    plan = " ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "SCAN t4" not in plan and "consumer_user_id" in plan


@pytest.mark.skipif(not ON_POSTGRES, reason="a generic plan is PostgreSQL's")
def test_the_session_statement_reads_one_user_whatever_the_statistics_of_sessions(app, factories):
    """Statistics taken while only early users were signed in once made PostgreSQL's generic
    plan walk `user_account` from its first row up to the signed-in user, on every request."""
    from db import database, utcnow
    from db.accounts import User, UserSession
    from portal.sessions import _WITH_USER

    early = factories.user("assister")
    now = utcnow()
    User.insert_many(
        {
            "username": f"later{n}", "email": f"later{n}@example.org", "full_name": "Later",
            "role": "consumer", "password_hash": "x", "is_active": True, "created_at": now,
        }
        for n in range(3000)
    ).execute()  # fmt: skip
    for n in range(20):
        UserSession.create(
            id_hash=f"early{n}", user=early, data="{}", created_at=now, last_seen_at=now
        )
    database.execute_sql("ANALYZE")
    last = User.select().order_by(User.id.desc()).get()
    UserSession.create(id_hash="last", user=last, data="{}", created_at=now, last_seen_at=now)
    sql, _params = _WITH_USER.sql("last")
    with database.atomic():
        database.execute_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        database.execute_sql("PREPARE signed_in(text) AS " + sql.replace("%s", "$1"))
        explain = "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE signed_in('last')"
        (plan,) = database.execute_sql(explain).fetchone()
        database.execute_sql("DEALLOCATE signed_in")

    def nodes(node):
        yield node
        for child in node.get("Plans", ()):
            yield from nodes(child)

    read = {
        node["Relation Name"]: node["Actual Rows"]
        for node in nodes(plan[0]["Plan"])
        if "Relation Name" in node
    }
    assert read["user_account"] == 1, plan
