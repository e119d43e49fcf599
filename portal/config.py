"""Settings from the environment. Production refuses to start without a SECRET_KEY of at least
32 bytes, and with more than one worker process but no REDIS_URL."""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask_babel import lazy_gettext as _l

ENVIRONMENTS = ("production", "development", "testing")
# The marketplace's help lines on Contact us: (name, phone, hours, who it is for). Configuration,
# not code: set HELP_LINES to a JSON list of such 4-item lists to replace them. The phones are
# the Assister Portal Manual's ("Who to Contact for Assistance"); the hours are the marketplace's.
# These defaults are the marketplace's own words, so a Spanish page reads them in Spanish; lines
# set by configuration show as written.
HELP_LINES = (
    (
        _l("Assister Resource Center (ARC)"),
        _l("1-844-520-8695 (dial 2)"),
        _l("Monday to Friday, 8 a.m. to 4:30 p.m."),
        _l("Navigators and certified application counselors (CACs), and their agencies"),
    ),
    (
        _l("Broker Line"),
        _l("1-844-520-8695 (dial 1)"),
        _l("Monday to Friday, 8 a.m. to 4:30 p.m."),
        _l("Brokers and agents"),
    ),
    (
        _l("Consumer help line"),
        "1-855-366-7873",
        _l("Monday to Friday, 8 a.m. to 6 p.m."),
        _l("Consumers applying for or enrolled in coverage"),
    ),
)
# HMAC-SHA256 signs the sessions and CSRF tokens: a shorter key is weaker than its hash.
SECRET_KEY_MIN_BYTES = 32


class ConfigError(RuntimeError):
    pass


def load(instance_path, environ=None):
    """Build the Flask config mapping for PORTAL_ENV (production unless said otherwise)."""
    environ = os.environ if environ is None else environ
    env = environ.get("PORTAL_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)} (got {env!r}).")
    check_production(environ, _web_concurrency(environ))
    secret_key = environ.get("SECRET_KEY") or _development_secret(Path(instance_path))
    return {
        "PORTAL_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": environ.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'portal.db'}",
        "MAIL_URL": environ.get("MAIL_URL", ""),
        "MAIL_FROM": environ.get("MAIL_FROM", "Assister Portal <no-reply@assister-portal.test>"),
        "REDIS_URL": environ.get("REDIS_URL", ""),
        # How many proxies (nginx, a load balancer) stand in front and set X-Forwarded-For and
        # X-Forwarded-Proto; 0: the portal is reached directly and trusts no such header.
        "TRUSTED_PROXIES": _whole_number(environ, "TRUSTED_PROXIES", "0"),
        # S10: cookies are HttpOnly and SameSite always, Secure wherever HTTPS is the norm.
        "SESSION_COOKIE_SECURE": env == "production",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "REMEMBER_COOKIE_DURATION": timedelta(0),
        # A long application step must not lose its token halfway; the token dies with the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": env == "production",
        # The largest request: an upload of verification documents, 25 MB of files
        # (portal/services/documents.py) and the form around them.
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024 + 64 * 1024,
        # Uploaded documents, outside the web root (static/ is served; this never is).
        "DOCUMENTS_DIR": environ.get("DOCUMENTS_DIR") or str(Path(instance_path) / "documents"),
        # The marketplace's name, as printed invoices say it.
        "MARKETPLACE_NAME": environ.get("MARKETPLACE_NAME", "MNsure"),
        # Links in emails point here.
        "PUBLIC_URL": environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "REGISTRATION_NUMBER_DAYS": int(environ.get("REGISTRATION_NUMBER_DAYS", "30")),
        # An agency's roster upload (portal/services/roster_upload.py): 10,000 rows fit in 2 MB.
        "ROSTER_UPLOAD_MAX_BYTES": int(environ.get("ROSTER_UPLOAD_MAX_BYTES", "2097152")),
        "ROSTER_UPLOAD_MAX_ROWS": int(environ.get("ROSTER_UPLOAD_MAX_ROWS", "10000")),
        "SESSION_IDLE_MINUTES": int(environ.get("SESSION_IDLE_MINUTES", "15")),
        "SESSION_ABSOLUTE_HOURS": int(environ.get("SESSION_ABSOLUTE_HOURS", "12")),
        "LOCKOUT_THRESHOLD": int(environ.get("LOCKOUT_THRESHOLD", "5")),
        "LOCKOUT_WINDOW_MINUTES": int(environ.get("LOCKOUT_WINDOW_MINUTES", "15")),
        "LOCKOUT_MINUTES": int(environ.get("LOCKOUT_MINUTES", "30")),
        "HELP_LINES": _help_lines(environ),
        # Find local help's map tiles (Leaflet URL template); None: county outlines only, offline.
        "DIRECTORY_TILE_URL": environ.get("DIRECTORY_TILE_URL") or None,
        # Searches and listing pages per address, all of Find local help together.
        "DIRECTORY_RATE_LIMIT": environ.get("DIRECTORY_RATE_LIMIT", "120 per minute"),
        # Certification registrations per address (a visitor's form that writes and mails).
        "CERTIFICATION_RATE_LIMIT": environ.get(
            "CERTIFICATION_RATE_LIMIT", "10 per minute;50 per hour"
        ),
        # The assister portal course (S8): questions drawn for each attempt at its assessment,
        # the wait before a new attempt after a failed one, and sign-ins with a Training ID
        # per address (a Training ID can't be guessed; the limit keeps anyone from trying).
        "ASSESSMENT_QUESTIONS": int(environ.get("ASSESSMENT_QUESTIONS", "10")),
        "ASSESSMENT_RETRY_HOURS": int(environ.get("ASSESSMENT_RETRY_HOURS", "24")),
        "TRAINING_SIGN_IN_RATE_LIMIT": environ.get(
            "TRAINING_SIGN_IN_RATE_LIMIT", "10 per minute;60 per hour"
        ),
        # Sign-in posts per client address, on top of each account's lock-out. A marketplace whose
        # people share addresses (carrier-grade NAT, a library's network) raises it.
        "SIGN_IN_RATE_LIMIT": environ.get("SIGN_IN_RATE_LIMIT", "10 per minute;60 per hour"),
        # Agency applications sent per address (S8): enough to correct a form a few times, not to
        # fill the staff's review queue.
        "AGENCY_APPLICATION_RATE_LIMIT": environ.get(
            "AGENCY_APPLICATION_RATE_LIMIT", "20 per hour;50 per day"
        ),
        "RATELIMIT_STORAGE_URI": environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": env != "testing" or environ.get("RATELIMIT_ENABLED") == "1",
    }


def check_production(environ, workers):
    """Refuse to start production without a SECRET_KEY of SECRET_KEY_MIN_BYTES, or with more than
    one worker process and no REDIS_URL: each worker would keep its own rate-limit counters, and
    a limit of 10 sign-ins let 20 of 24 through two workers. gunicorn.conf.py calls this with
    the worker count gunicorn settled on, before any worker starts."""
    if environ.get("PORTAL_ENV", "production") != "production":
        return
    secret_key = environ.get("SECRET_KEY", "").encode()
    if not secret_key:
        raise ConfigError(
            "SECRET_KEY is not set. The portal refuses to start in production without it: "
            "set SECRET_KEY to a long random value (python -c 'import secrets; "
            "print(secrets.token_hex(32))'), or PORTAL_ENV=development for a local demo."
        )
    if len(secret_key) < SECRET_KEY_MIN_BYTES:
        raise ConfigError(
            f"SECRET_KEY is {len(secret_key)} bytes long: the portal refuses to start in "
            f"production without at least {SECRET_KEY_MIN_BYTES} (whoever guesses it can forge "
            "sessions). Set it to a long random value (python -c 'import secrets; "
            "print(secrets.token_hex(32))')."
        )
    if workers > 1 and not environ.get("REDIS_URL"):
        raise ConfigError(
            f"{workers} worker processes and no REDIS_URL: each worker would count rate limits "
            "(sign-in attempts, Reference Number look-ups) on its own, multiplying every limit. "
            "Set REDIS_URL (redis://host:6379/0) so they share counters, or run one worker."
        )


def _help_lines(environ):
    if not environ.get("HELP_LINES"):
        return HELP_LINES
    try:
        lines = tuple(tuple(map(str, line)) for line in json.loads(environ["HELP_LINES"]))
    except (ValueError, TypeError):
        lines = ()
    if not lines or any(len(line) != 4 for line in lines):
        raise ConfigError(
            "HELP_LINES must be a JSON list of [name, phone, hours, who it is for] lists."
        )
    return lines


def _web_concurrency(environ):
    # The worker count gunicorn takes when no -w/--workers is given.
    return _whole_number(environ, "WEB_CONCURRENCY", "1")


def _whole_number(environ, name, default):
    value = environ.get(name, default)
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number (got {value!r}).")
    return int(value)


def _development_secret(instance_path):
    # Kept in instance/ so a development restart does not sign everyone out.
    key_file = instance_path / "dev_secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
    return key_file.read_text().strip()
