"""Lock-out and rate limits as a person meets them on the sign-in screens."""

import pytest

from db.accounts import AuthFailure, User
from portal.app import create_app
from portal.services import lockout
from tests.conftest import ENVIRON, csrf_token_from


def _try(post_form, user, password):
    return post_form("/sign-in", {"username": user.username, "password": password})


def test_five_wrong_passwords_lock_the_account_until_staff_unlock(
    app, client, factories, post_form
):
    user = factories.consumer().user
    for _ in range(5):
        response = _try(post_form, user, "wrong password, sorry")
        assert "The username or password is not correct." in response.get_data(as_text=True)
    assert User.get_by_id(user.id).locked_until is not None
    response = _try(post_form, user, factories.PASSWORD)
    assert response.status_code == 422
    assert "Your account is locked" in response.get_data(as_text=True)
    # A wrong password while locked still says only that the pair is wrong.
    response = _try(post_form, user, "still wrong, sorry")
    assert "Your account is locked" not in response.get_data(as_text=True)

    with app.app_context():
        lockout.unlock(factories.actor(factories.staff()), User.get_by_id(user.id))
    assert _try(post_form, user, factories.PASSWORD).status_code == 302


def test_wrong_access_codes_count_towards_lock_out(client, factories, post_form):
    user = factories.staff()
    _try(post_form, user, factories.PASSWORD)
    post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    for _ in range(5):
        post_form("/sign-in/mfa/code", {"code": "999999"})
    assert (
        AuthFailure.select().where(AuthFailure.user == user, AuthFailure.kind == "code").count()
        == 5
    )
    assert User.get_by_id(user.id).locked_until is not None


@pytest.fixture
def limited_client(test_database_url):
    app = create_app(
        {"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, environ=ENVIRON
    )
    return app.test_client()


def test_sign_in_posts_are_rate_limited(limited_client):
    token = csrf_token_from(limited_client.get("/sign-in").get_data(as_text=True))
    statuses = [
        limited_client.post(
            "/sign-in", data={"csrf_token": token, "username": "nobody", "password": "x" * 12}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    refused = limited_client.post(
        "/sign-in", data={"csrf_token": token, "username": "nobody", "password": "x" * 12}
    )
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_workers_share_rate_limit_counters_through_redis(test_database_url):
    """Two app instances stand for two gunicorn workers: with REDIS_URL they count together."""
    import uuid

    import redis

    environ = {**ENVIRON, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    config = {
        "DATABASE_URL": test_database_url,
        "RATELIMIT_ENABLED": True,
        # This run's own counters, so parallel or repeated runs never see each other's.
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    workers = [create_app(config, environ=environ).test_client() for _ in range(2)]
    statuses = []
    for attempt in range(11):
        worker = workers[attempt % 2]
        token = csrf_token_from(worker.get("/sign-in").get_data(as_text=True))
        data = {"csrf_token": token, "username": "nobody", "password": "x" * 12}
        statuses.append(worker.post("/sign-in", data=data).status_code)
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    # The counters are in Redis, not in either worker's memory.
    store = redis.Redis.from_url(environ["REDIS_URL"])
    keys = store.keys(f"*{config['RATELIMIT_KEY_PREFIX']}*")
    assert keys
    store.delete(*keys)


def test_the_sign_in_limit_is_a_setting(test_database_url):
    app = create_app(
        {"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True},
        environ={**ENVIRON, "SIGN_IN_RATE_LIMIT": "3 per minute"},
    )
    visitor = app.test_client()
    statuses = []
    for _ in range(4):
        token = csrf_token_from(visitor.get("/sign-in").get_data(as_text=True))
        data = {"csrf_token": token, "username": "nobody", "password": "x" * 12}
        statuses.append(visitor.post("/sign-in", data=data).status_code)
    assert statuses == [422, 422, 422, 429]
