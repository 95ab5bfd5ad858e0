"""Settings read from environment variables, with defaults that work on a laptop."""

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app

SMTP_SECURITY_MODES = ("none", "starttls", "tls")


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path, production: bool, given: str | None) -> str:
    """SECRET_KEY as given or from the environment; in development one generated once into instance/."""
    key = given or os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError("SECRET_KEY must be set in production")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _zone_name(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuntimeError(f"APP_TIMEZONE={name!r} is not an IANA time zone such as Asia/Shanghai") from error
    return name


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise RuntimeError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def default_timezone() -> str:
    """The zone given to new venues and new users unless they choose one (APP_TIMEZONE)."""
    return current_app.config["APP_TIMEZONE"]


def database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'app.db'}"
    # Heroku-style URLs and plain postgresql:// should both use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment(instance_path: Path, overrides: dict) -> dict:
    production = os.environ.get("APP_ENV", "development") == "production"
    return {
        "APP_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production, overrides.get("SECRET_KEY")),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "APP_TIMEZONE": _zone_name(os.environ.get("APP_TIMEZONE", "Asia/Shanghai")),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "SMTP_HOST": os.environ.get("SMTP_HOST"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD"),
        "SMTP_SECURITY": _choice("SMTP_SECURITY", "none", SMTP_SECURITY_MODES),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Shanghai Creator Spaces <bookings@localhost>"),
        "TOKEN_LIFETIME_HOURS": int(os.environ.get("TOKEN_LIFETIME_HOURS", str(24 * 30))),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "SESSION_COOKIE_SECURE": os.environ.get("BASE_URL", "").startswith("https://"),
    }


API_DESCRIPTION = """Book Shanghai's creator venues: landmarks, museums, live-streaming rooms,
recording and photo studios.

* Authenticate with `Authorization: Bearer <token>` (get a token from `POST /api/v1/auth/tokens`).
* Times are ISO 8601. **A time without an offset is read in the venue's time zone**
  (default Asia/Shanghai); responses carry the venue's offset, e.g. `2026-12-01T09:00:00+08:00`.
* Request bodies must be `application/json`.
* Errors are `application/problem+json` (RFC 9457) with a machine-readable `code`; 422 answers
  list field errors in `errors`.
* A `POST` that creates accepts an `Idempotency-Key` header (up to 255 visible ASCII characters,
  e.g. a UUID): for 24 hours a retry with the same key and body returns the first successful
  answer (with `Idempotent-Replayed: true`) and creates nothing new; the same key with a different
  body is a 422 `idempotency_key_reused`. Failed requests are not stored and may be retried.
"""

STATIC_DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "API_TITLE": "Shanghai Creator Spaces",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "v1/openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
    # Everything the docs page loads is served from here: no call to the online validator.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None, "persistAuthorization": True},
    "API_SPEC_OPTIONS": {
        "info": {"description": API_DESCRIPTION},
        # Bearer auth where an operation needs it; anonymous otherwise.
        "security": [{"bearerAuth": []}, {}],
    },
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "JSON_SORT_KEYS": False,
    "RATELIMIT_HEADERS_ENABLED": True,
    # werkzeug's scrypt with its default cost (N=2**15, r=8, p=1).
    "PASSWORD_HASH_METHOD": "scrypt",
}
