"""Extensions, created once here and configured in create_app."""

import flask_limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx


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


login_manager = LoginManager()
csrf = CSRFProtect()
htmx = Htmx()
# Counters live in Redis when REDIS_URL is set (RATELIMIT_STORAGE_URI), shared by every worker.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
