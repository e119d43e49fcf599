"""Request ids (S1, S11): one id follows a request through nginx, the app host that served it and
the portal's own log lines, so a person reading three hosts' logs can put one request together.

nginx gives each request an id and passes it on as X-Request-ID; a host reached directly makes
one. The id is returned in the response's X-Request-ID header, which gunicorn's access log
(gunicorn.conf.py) writes, and it is on every line the portal logs while serving the request.
"""

import logging
import re
import uuid

from flask import g, has_request_context, request
from flask.logging import default_handler

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; anything else a client sends is not trusted into logs.
ACCEPTED = re.compile(r"[0-9A-Za-z-]{8,64}")
LOG_FORMAT = (
    "%(asctime)s [%(process)d] [%(levelname)s] request_id=%(request_id)s %(name)s: %(message)s"
)


def init_app(app):
    app.after_request(return_request_id)
    # Flask's handler is one per process: a filter already there is not added twice.
    default_handler.addFilter(FILTER)
    default_handler.setFormatter(logging.Formatter(LOG_FORMAT))


def return_request_id(response):
    response.headers[HEADER] = current_request_id()
    return response


def current_request_id():
    """The request's id, taken from nginx's header or made on first use; "-" outside a request
    (a command, a worker starting)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each log record, for LOG_FORMAT."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


FILTER = RequestIdFilter()
