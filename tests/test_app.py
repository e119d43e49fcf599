"""The factory, configuration, error pages and security headers."""

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import pytest
from flask import Response

from portal import security
from portal.app import create_app
from portal.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/15"


def test_production_refuses_to_start_without_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app(
            {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}, environ={"PORTAL_ENV": "production"}
        )


def test_production_starts_with_secret_key_and_secure_cookies(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
        environ={"PORTAL_ENV": "production", "SECRET_KEY": "s" * 64},
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_a_secret_key_shorter_than_32_bytes(tmp_path):
    url = f"sqlite:///{tmp_path}/x.db"
    with pytest.raises(ConfigError, match="SECRET_KEY is 31 bytes long.*at least 32"):
        create_app(
            {"DATABASE_URL": url}, environ={"PORTAL_ENV": "production", "SECRET_KEY": "k" * 31}
        )
    # Bytes, not characters: 16 two-byte characters are long enough.
    for secret_key in ("k" * 32, "é" * 16):
        app = create_app(
            {"DATABASE_URL": url}, environ={"PORTAL_ENV": "production", "SECRET_KEY": secret_key}
        )
        assert app.config["SECRET_KEY"] == secret_key
    # Development and tests keep whatever key they are given.
    short = {"PORTAL_ENV": "development", "SECRET_KEY": "dev"}
    assert create_app({"DATABASE_URL": url}, environ=short).config["SECRET_KEY"] == "dev"


def test_production_refuses_several_workers_without_redis(tmp_path):
    url = f"sqlite:///{tmp_path}/x.db"
    production = {"PORTAL_ENV": "production", "SECRET_KEY": "s" * 64, "WEB_CONCURRENCY": "4"}
    with pytest.raises(ConfigError, match="4 worker processes and no REDIS_URL"):
        create_app({"DATABASE_URL": url}, environ=production)
    shared = create_app({"DATABASE_URL": url}, environ={**production, "REDIS_URL": REDIS_URL})
    assert shared.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    one = create_app({"DATABASE_URL": url}, environ={**production, "WEB_CONCURRENCY": "1"})
    assert one.config["RATELIMIT_STORAGE_URI"] == "memory://"
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY must be a whole number"):
        create_app({"DATABASE_URL": url}, environ={**production, "WEB_CONCURRENCY": "four"})
    development = {**production, "PORTAL_ENV": "development"}
    assert create_app({"DATABASE_URL": url}, environ=development).config["REDIS_URL"] == ""


@contextmanager
def _gunicorn(workers, environ, database_url):
    """gunicorn as production starts it, from the project's directory (so gunicorn.conf.py)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "wsgi:app"]
    env = {
        "PATH": os.environ["PATH"],
        "PORTAL_ENV": "production",
        "SECRET_KEY": "s" * 64,
        "DATABASE_URL": database_url,
        **environ,
    }
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        yield port, server
    finally:
        if server.poll() is None:
            server.terminate()
        server.communicate(timeout=30)


@pytest.mark.parametrize(
    ("workers", "environ", "reason"),
    [
        (2, {}, "2 worker processes and no REDIS_URL"),
        (1, {"SECRET_KEY": "0123456789"}, "SECRET_KEY is 10 bytes long"),
    ],
)
def test_gunicorn_refuses_production_before_any_worker_starts(
    test_database_url, workers, environ, reason
):
    with _gunicorn(workers, environ, test_database_url) as (_port, server):
        _out, err = server.communicate(timeout=60)
    assert server.returncode == 1
    assert f"Error: {reason}" in err and "Booting worker" not in err


def test_gunicorn_starts_several_workers_sharing_redis(test_database_url):
    with _gunicorn(2, {"REDIS_URL": REDIS_URL}, test_database_url) as (port, server):
        for _ in range(150):
            assert server.poll() is None, server.communicate()[1]
            try:
                with urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        create_app(environ={"PORTAL_ENV": "staging", "SECRET_KEY": "x"})


def test_database_url_chooses_the_database(app):
    from db import database

    assert type(database.obj).__name__ in ("SqliteDatabase", "PostgresqlDatabase")
    if type(database.obj).__name__ == "SqliteDatabase":
        assert database.obj.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.obj.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_security_headers_on_every_response(client):
    for url in ("/", "/sign-in", "/no-such-page", "/admin/"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "HX-Request" in response.headers["Vary"]


def test_images_come_from_elsewhere_only_from_a_configured_tile_server(
    client, test_database_url, tmp_path
):
    assert "img-src 'self' data:;" in client.get("/").headers["Content-Security-Policy"]
    tiles = create_app(
        {
            "DATABASE_URL": test_database_url,
            "DIRECTORY_TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        },
        environ={"PORTAL_ENV": "testing"},
    )
    csp = tiles.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp
    with pytest.raises(ConfigError, match="DIRECTORY_TILE_URL must be an http"):
        create_app(
            {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "DIRECTORY_TILE_URL": "tiles/{z}.png"},
            environ={"PORTAL_ENV": "testing"},
        )


def test_pages_have_no_inline_script(client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert "<script>" not in html
    assert all('src="' in tag for tag in html.split("<script")[1:])


def test_error_pages_use_the_portal_design(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "Skip to main content" in page


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)


def test_pooled_connections_pass_between_threads(database_url):
    """A threaded server hands a pooled connection to whichever thread asks for it next."""
    import threading

    from db.connection import open_database

    pooled = open_database(database_url, pooled=True)
    errors = []

    def requests():
        for _ in range(30):
            try:
                pooled.connect(reuse_if_open=True)
                pooled.execute_sql("SELECT 1").fetchone()
                pooled.close()
            except Exception as error:  # noqa: BLE001  (any failure is the finding)
                errors.append(error)

    threads = [threading.Thread(target=requests) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pooled.close_all()
    assert errors == []


def test_text_blocks_turn_dashes_into_lists():
    from portal.display import text_blocks

    body = "Intro line\ncontinues.\n\nI allow:\n- one\n- two\n\nEnd."
    assert text_blocks(body) == [
        ("paragraph", "Intro line continues."),
        ("paragraph", "I allow:"),
        ("list", ["one", "two"]),
        ("paragraph", "End."),
    ]


def test_local_dates_are_the_day_in_minnesota_in_the_pages_language(app):
    from datetime import datetime

    from flask_babel import force_locale

    from portal.display import local_date, local_long_date, local_time, money, month_year

    with app.test_request_context():
        # 03:30 UTC on Jan 1 is still Dec 31 in Chicago; 04:30 UTC in July is the same day (CDT).
        assert local_date(datetime(2027, 1, 1, 3, 30)) == "Dec 31, 2026"
        assert local_date(datetime(2026, 7, 4, 4, 30)) == "Jul 3, 2026"
        assert local_date(None) == ""
        assert local_long_date(datetime(2027, 1, 1, 3, 30)) == "December 31, 2026"
        assert local_time(datetime(2026, 7, 4, 21, 5)) == "Jul 4, 2026, 4:05\u202fPM"
        assert money(1234.5) == "$1,234.50"
        assert month_year(datetime(2026, 11, 1)) == "November 2026"
        with force_locale("es_US"):
            assert local_date(datetime(2027, 1, 1, 3, 30)) == "31 dic 2026"
            assert local_long_date(datetime(2027, 1, 1, 3, 30)) == "31 de diciembre de 2026"
            assert money(1234.5) == "$1,234.50"
            assert month_year(datetime(2026, 11, 1)) == "noviembre de 2026"


def test_local_times_are_utc_converted_to_chicago_across_daylight_saving_changes():
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from portal.display import in_local_zone

    chicago = ZoneInfo("America/Chicago")
    # Every 20 minutes over the days around both of 2026's changes (Mar 8, Nov 1), and a year.
    moments = [
        datetime(2026, month, day, 0, 0, 0, 123456) + timedelta(minutes=20 * n)
        for month, day in ((3, 7), (10, 31))
        for n in range(3 * 72)
    ] + [datetime(2026, 1, 1) + timedelta(hours=37 * n) for n in range(240)]
    for moment in moments:
        expected = moment.replace(tzinfo=UTC).astimezone(chicago)
        assert in_local_zone(moment).strftime("%Y-%m-%d %H:%M:%S.%f %Z") == expected.strftime(
            "%Y-%m-%d %H:%M:%S.%f %Z"
        )


def test_layout_links_follow_where_the_portal_is_mounted(client):
    # The layout's URLs follow each request's mount point: the first page must not fix them.
    at_root = client.get("/sign-in").get_data(as_text=True)
    mounted = client.get("/sign-in", base_url="http://localhost/portal/").get_data(as_text=True)
    assert 'href="/static/css/portal.css"' in at_root and 'href="/sign-in"' in at_root
    assert 'href="/portal/static/css/portal.css"' in mounted and 'href="/portal/sign-in"' in mounted
    assert 'href="/static/' not in mounted


def test_each_app_has_its_own_layout_links(app):
    # A production app in the same process has no mailbox, and a development app after it
    # still links to its own.
    production = create_app(
        {"DATABASE_URL": app.config["DATABASE_URL"]},
        environ={"PORTAL_ENV": "production", "SECRET_KEY": "s" * 64},
    )
    page = production.test_client().get("/sign-in").get_data(as_text=True)
    # Production names static files by content once `flask digest compile` has run.
    assert re.search(r'href="/static/css/portal(-[0-9a-f]{32})?\.css"', page)
    assert "/dev/mailbox" not in page
    assert 'href="/dev/mailbox"' in app.test_client().get("/sign-in").get_data(as_text=True)


def test_every_form_on_a_page_carries_the_one_token_that_works(client, factories, sign_in):
    sign_in(factories.assister(with_account=True).user)
    page = client.get("/assister/").get_data(as_text=True)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert len(tokens) == 1 and f'"X-CSRFToken": "{tokens.pop()}"' in page


def test_the_wsgi_entry_point_freezes_what_start_up_built(monkeypatch, tmp_path):
    import gc
    import importlib
    import sys

    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "wsgi-test-" + "k" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/wsgi.db")
    monkeypatch.delitem(sys.modules, "wsgi", raising=False)
    try:
        wsgi = importlib.import_module("wsgi")
        assert wsgi.app.name == "portal.app" and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_security_headers_leave_a_header_the_view_set():
    response = Response("<p>x</p>", mimetype="text/html")
    response.headers["Cache-Control"] = "private, max-age=60"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    headers = security.add_security_headers(response).headers
    assert headers.getlist("Cache-Control") == ["private, max-age=60"]
    assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    plain = security.add_security_headers(Response("x", mimetype="text/plain")).headers
    assert "Cache-Control" not in plain and plain["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/contact"])
def test_a_visitor_reading_a_public_page_starts_no_session(app, path):
    # Nothing on them for a visitor to post: a session row for each visit would make every
    # first page of every visitor a database write, at open enrollment's peak most of all.
    from db.accounts import UserSession

    response = app.test_client().get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and UserSession.select().count() == 0
    assert "X-CSRFToken" not in response.get_data(as_text=True)
