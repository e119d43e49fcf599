"""The portal's flask-limiter: its before-request check runs only where a limit needs it."""

import flask
import flask_limiter
import pytest

from portal.extensions import Limiter


def _app(**limiter_options):
    app = flask.Flask(__name__)
    limiter = Limiter(key_func=lambda: "one user", storage_uri="memory://", **limiter_options)
    limiter.init_app(app)
    return app, limiter


def _statuses(app, url, times=3):
    client = app.test_client()
    return [client.get(url).status_code for _ in range(times)]


def test_a_view_limit_is_enforced_without_the_before_request_check(monkeypatch):
    checks = []
    original = flask_limiter.Limiter._check_request_limit

    def counted(self, callable_name=None, in_middleware=True):
        checks.append(in_middleware)
        return original(self, callable_name=callable_name, in_middleware=in_middleware)

    # Before init_app, which registers the bound check as a before-request function.
    monkeypatch.setattr(flask_limiter.Limiter, "_check_request_limit", counted)
    app, limiter = _app()

    @app.get("/limited")
    @limiter.limit("1 per minute")
    def limited():
        return "ok"

    @app.get("/open")
    def open_page():
        return "ok"

    assert _statuses(app, "/limited") == [200, 429, 429]
    assert _statuses(app, "/open") == [200, 200, 200]
    # Only the view's own wrapper checked: no before-request check on either page.
    assert checks and not any(checks)


@pytest.mark.parametrize("where", ["default", "application", "blueprint"])
def test_limits_beyond_views_are_still_enforced(where):
    options = {"default_limits": ["1 per minute"]} if where == "default" else {}
    if where == "application":
        options["application_limits"] = ["1 per minute"]
    app, limiter = _app(**options)
    pages = flask.Blueprint("pages", __name__)

    @pages.get("/page")
    def page():
        return "ok"

    if where == "blueprint":
        limiter.limit("1 per minute")(pages)
    app.register_blueprint(pages)
    assert _statuses(app, "/page") == [200, 429, 429]
