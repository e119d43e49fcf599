"""Extensions, created once here and configured in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_static_digest import FlaskStaticDigest
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

login_manager = LoginManager()
csrf = CSRFProtect()
htmx = Htmx()
# English and Spanish (S13): the locale from portal.languages, the catalogs from translations/.
babel = Babel()
# Counters live in Redis when REDIS_URL is set (RATELIMIT_STORAGE_URI), shared by every worker.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
# Static files' hashed names in production (portal/app.py), from `flask digest compile`.
static_digest = FlaskStaticDigest()
