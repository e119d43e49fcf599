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


def test_a_session_row_comes_with_its_user_and_their_profile_in_one_statement(
    app, factories, sql_log
):
    from db import utcnow
    from db.accounts import UserSession
    from portal.sessions import load_row

    assister = factories.assister(with_account=True)
    consumer = factories.consumer(with_account=True)
    staff = factories.staff()
    for id_hash, user in (("a", assister.user), ("c", consumer.user), ("s", staff), ("n", None)):
        UserSession.create(id_hash=id_hash, user=user, data="{}", created_at=utcnow())
    sql_log.clear()
    rows = {id_hash: load_row(id_hash) for id_hash in "acsn"}
    assert len(sql_log) == 4
    assert (rows["a"].user.assister.id, rows["a"].user.consumer) == (assister.id, None)
    assert (rows["c"].user.assister, rows["c"].user.consumer.id) == (None, consumer.id)
    assert (rows["s"].user.id, rows["s"].user.assister, rows["s"].user.consumer) == (
        staff.id, None, None
    )
    assert rows["n"].user is None and rows["n"].data == "{}"
    assert load_row("unknown") is None
    assert len(sql_log) == 5


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL's statistics count NULLs apart")
def test_the_session_statement_looks_consumers_up_by_account_after_analyze(app, factories):
    """Most consumers have no account (assisters and staff enter them): ANALYZE then saw one
    huge group of NULLs in a plain unique index, and SQLite scanned every consumer on every
    signed-in request (migration 012)."""
    from db import database
    from portal.sessions import with_user

    for number in range(60):
        factories.consumer(with_account=False, first_name=f"Walk{number}")
    database.execute_sql("ANALYZE")
    sql, params = with_user("x").sql()
    plan = " ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "SCAN t4" not in plan and "consumer_user_id" in plan


@pytest.mark.skipif(not ON_POSTGRES, reason="a generic plan is PostgreSQL's")
def test_the_session_statement_reads_one_user_whatever_the_statistics_of_sessions(app, factories):
    """Statistics taken while only early users were signed in once made PostgreSQL's generic
    plan walk `user_account` from its first row up to the signed-in user, on every request."""
    from db import database, utcnow
    from db.accounts import User, UserSession
    from portal.sessions import with_user

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
    sql, _params = with_user("last").sql()
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
