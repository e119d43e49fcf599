"""Settings from the environment. Production refuses to start without a SECRET_KEY."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ENVIRONMENTS = ("production", "development", "testing")


class ConfigError(RuntimeError):
    pass


def load(instance_path, environ=None):
    """Build the Flask config mapping for PORTAL_ENV (production unless said otherwise)."""
    environ = os.environ if environ is None else environ
    env = environ.get("PORTAL_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)} (got {env!r}).")
    secret_key = environ.get("SECRET_KEY") or _development_secret(env, Path(instance_path))
    return {
        "PORTAL_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": environ.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'portal.db'}",
        "MAIL_URL": environ.get("MAIL_URL", ""),
        "MAIL_FROM": environ.get("MAIL_FROM", "Assister Portal <no-reply@assister-portal.test>"),
        "REDIS_URL": environ.get("REDIS_URL", ""),
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
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        # Links in emails point here.
        "PUBLIC_URL": environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "REGISTRATION_NUMBER_DAYS": int(environ.get("REGISTRATION_NUMBER_DAYS", "30")),
        "SESSION_IDLE_MINUTES": int(environ.get("SESSION_IDLE_MINUTES", "15")),
        "SESSION_ABSOLUTE_HOURS": int(environ.get("SESSION_ABSOLUTE_HOURS", "12")),
        "LOCKOUT_THRESHOLD": int(environ.get("LOCKOUT_THRESHOLD", "5")),
        "LOCKOUT_WINDOW_MINUTES": int(environ.get("LOCKOUT_WINDOW_MINUTES", "15")),
        "LOCKOUT_MINUTES": int(environ.get("LOCKOUT_MINUTES", "30")),
        "RATELIMIT_STORAGE_URI": environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": env != "testing" or environ.get("RATELIMIT_ENABLED") == "1",
    }


def _development_secret(env, instance_path):
    if env == "production":
        raise ConfigError(
            "SECRET_KEY is not set. The portal refuses to start in production without it: "
            "set SECRET_KEY to a long random value (python -c 'import secrets; "
            "print(secrets.token_hex(32))'), or PORTAL_ENV=development for a local demo."
        )
    # Kept in instance/ so a development restart does not sign everyone out.
    key_file = instance_path / "dev_secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
    return key_file.read_text().strip()
