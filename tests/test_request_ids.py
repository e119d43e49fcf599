"""Request ids in responses and log lines, and the client's address behind trusted proxies."""

import logging

import pytest
from flask import request

from portal.app import create_app
from portal.config import ConfigError, load
from portal.request_ids import FILTER, current_request_id
from tests.conftest import ENVIRON

NGINX_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_a_request_gets_an_id_in_its_response(client):
    first = client.get("/").headers["X-Request-ID"]
    second = client.get("/").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_nginx_id_is_kept_and_returned(client):
    assert client.get("/", headers={"X-Request-ID": NGINX_ID}).headers["X-Request-ID"] == NGINX_ID


@pytest.mark.parametrize(
    "given", ["short", "x" * 65, "bad id with spaces", "id\tforged log line", "<script>"]
)
def test_an_id_not_like_nginx_is_replaced(client, given):
    returned = client.get("/", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert returned != given and len(returned) == 32


def test_an_error_page_has_an_id_too(client):
    response = client.get("/no-such-page", headers={"X-Request-ID": NGINX_ID})
    assert response.status_code == 404 and response.headers["X-Request-ID"] == NGINX_ID


def test_log_lines_carry_the_request_id(app):
    record = logging.LogRecord("portal", logging.ERROR, __file__, 1, "failed", None, None)
    with app.test_request_context("/", headers={"X-Request-ID": NGINX_ID}):
        FILTER.filter(record)
        assert record.request_id == NGINX_ID == current_request_id()
    FILTER.filter(record)
    assert record.request_id == "-"


def remote_address(app, **headers):
    @app.get("/_address_for_test")
    def address():
        return request.remote_addr + " " + request.scheme

    return app.test_client().get("/_address_for_test", headers=headers).get_data(as_text=True)


def test_behind_one_proxy_the_client_is_the_one_it_names(test_database_url):
    app = create_app(
        {"DATABASE_URL": test_database_url}, environ={**ENVIRON, "TRUSTED_PROXIES": "1"}
    )
    forwarded = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}
    assert remote_address(app, **forwarded) == "198.51.100.7 https"


def test_without_trusted_proxies_forwarded_headers_are_ignored(test_database_url):
    # Reached directly, a client could otherwise name any address and escape its rate limits.
    app = create_app({"DATABASE_URL": test_database_url}, environ=ENVIRON)
    forwarded = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}
    assert remote_address(app, **forwarded) == "127.0.0.1 http"


def test_trusted_proxies_must_be_a_whole_number(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES must be a whole number"):
        load(tmp_path, {**ENVIRON, "TRUSTED_PROXIES": "nginx"})
