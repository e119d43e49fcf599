"""The connection pool and the plans every signed-in request depends on."""

import time

import pytest

from db import connection
from tests.conftest import ON_POSTGRES

postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="the liveness check is PostgreSQL's")


def _pings(pooled, monkeypatch):
    """Count the pool's liveness round trips."""
    pings = []
    check = pooled._adapter.is_connection_closed

    def counted(conn):
        pings.append(conn)
        return check(conn)

    monkeypatch.setattr(pooled._adapter, "is_connection_closed", counted)
    return pings


def _request(pooled):
    pooled.connect(reuse_if_open=True)
    value = pooled.execute_sql("SELECT 1").fetchone()[0]
    pooled.close()
    return value


@postgres_only
def test_a_connection_handed_back_a_moment_ago_is_reused_without_a_round_trip(
    database_url, monkeypatch
):
    pooled = connection.open_database(database_url, pooled=True)
    pings = _pings(pooled, monkeypatch)
    try:
        _request(pooled)
        _request(pooled)
        _request(pooled)
        assert pings == []
        monkeypatch.setattr(connection, "TRUST_RECENT_SECONDS", 0)
        _request(pooled)
        assert len(pings) == 1
    finally:
        pooled.close_all()


@postgres_only
def test_a_connection_the_pool_closes_on_check_in_is_not_trusted_later(database_url):
    pooled = connection.open_database(database_url, pooled=True)
    try:
        pooled._stale_timeout = 0.001  # every connection is stale by the time it comes back
        pooled.connect()
        time.sleep(0.01)
        pooled.close()
        assert pooled._checked_in == {} and pooled._connections == []
    finally:
        pooled.close_all()


@postgres_only
def test_a_connection_the_server_ended_while_idle_is_replaced(database_url, monkeypatch):
    pooled = connection.open_database(database_url, pooled=True)
    killer = connection.open_database(database_url)
    try:
        pooled.connect()
        pid = pooled.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        pooled.close()
        with killer.connection_context():
            killer.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        monkeypatch.setattr(connection, "TRUST_RECENT_SECONDS", 0)
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
