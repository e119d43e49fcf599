"""Extensions, created once here and configured in create_app."""

from functools import lru_cache

import flask_limiter
import flask_wtf.csrf
from flask import current_app, g, session
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from htmx_flask import Htmx
from itsdangerous import URLSafeTimedSerializer


class Limiter(flask_limiter.Limiter):
    """flask-limiter without its before-request check where no limit needs it.

    Every portal limit sits on its view (`@limiter.limit`), whose wrapper checks it. The
    extension's before-request check is there for application-wide, default and blueprint
    limits and the in-memory fallback, none of which the portal has, yet it resolved the
    endpoint's exemptions and limits on every request: 0.06-0.13 ms of a dashboard request
    (bench/RESULTS.md). Should any of them be configured, the check runs as before.
    """

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if in_middleware and not self._limits_beyond_views():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)

    def _limits_beyond_views(self):
        manager = self.limit_manager
        return bool(
            manager.application_limits
            or manager.default_limits
            or manager._blueprint_limits
            or self._in_memory_fallback_enabled
        )


class CSRFProtect(flask_wtf.csrf.CSRFProtect):
    """flask-wtf's CSRF protection, with the token a page carries signed once per session
    token (and worker) instead of on every page: signing it was 5 % of a dashboard request
    (bench/RESULTS.md). The portal sets no time limit on tokens (a token lives as long as its
    session), so the signing time inside one is never checked and a token signed earlier is
    the same token; with a time limit set, every page signs its own again."""

    def init_app(self, app):
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = csrf_token
        # flask-wtf's context processor offers its own function to every template; this one,
        # registered after it, takes its place.
        app.context_processor(lambda: {"csrf_token": csrf_token})


def csrf_token():
    config = current_app.config
    raw = session.get(config["WTF_CSRF_FIELD_NAME"])
    if raw is None or config["WTF_CSRF_TIME_LIMIT"] is not None or "csrf_token" in g:
        return flask_wtf.csrf.generate_csrf()
    # flask-wtf's forms find the page's token here, as they find the one it signs.
    g.csrf_token = _signed(config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
    return g.csrf_token


@lru_cache(maxsize=1024)
def _signed(secret_key, raw):
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token").dumps(raw)


login_manager = LoginManager()
csrf = CSRFProtect()
htmx = Htmx()
# Counters live in Redis when REDIS_URL is set (RATELIMIT_STORAGE_URI), shared by every worker.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
