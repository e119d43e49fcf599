"""The portal's flask-limiter (limits on views, blueprints and the whole app are enforced) and
CSRF protection (a page's forms carry one token, accepted only from its own session)."""

import re

import flask
import pytest
from flask_wtf import FlaskForm

from portal.extensions import CSRFProtect, Limiter


def _app(**limiter_options):
    app = flask.Flask(__name__)
    limiter = Limiter(key_func=lambda: "one user", storage_uri="memory://", **limiter_options)
    limiter.init_app(app)
    return app, limiter


def _statuses(app, url, times=3):
    client = app.test_client()
    return [client.get(url).status_code for _ in range(times)]


def test_a_view_limit_is_enforced_and_other_pages_stay_open():
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


@pytest.mark.parametrize("where", ["default", "application", "blueprint"])
def test_limits_beyond_views_are_enforced(where):
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


def _csrf_app(**config):
    app = flask.Flask(__name__)
    app.config.update({"SECRET_KEY": "k" * 40, "WTF_CSRF_TIME_LIMIT": None, **config})
    CSRFProtect(app)

    @app.get("/page")
    def page():
        # As the layout does: the token in two forms of a page that builds no FlaskForm.
        return flask.render_template_string(
            '<input name="csrf_token" value="{{ csrf_token() }}">'
            '<input name="csrf_token" value="{{ csrf_token() }}">'
        )

    @app.post("/form")
    def form_page():
        return "saved" if FlaskForm().validate_on_submit() else "refused"

    return app


def _tokens(client):
    return re.findall(r'name="csrf_token" value="([^"]+)"', client.get("/page").text)


def test_a_page_s_forms_carry_one_token_and_it_is_accepted():
    client = _csrf_app().test_client()
    first = _tokens(client)
    later = _tokens(client)
    assert len(first) == 2 and len(set(first)) == 1 and len(set(later)) == 1
    for token in (first[0], later[0]):
        assert client.post("/form", data={"csrf_token": token}).text == "saved"
    assert client.post("/form", data={"csrf_token": later[0][:-2] + "xx"}).status_code == 400


def test_another_session_s_token_is_refused():
    app = _csrf_app()
    token = _tokens(app.test_client())[0]
    other = app.test_client()
    _tokens(other)
    assert other.post("/form", data={"csrf_token": token}).status_code == 400

