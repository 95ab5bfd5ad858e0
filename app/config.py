"""Settings read from environment variables, with defaults that work on a laptop."""

import os
import secrets
from pathlib import Path


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
        "APP_TIMEZONE": os.environ.get("APP_TIMEZONE", "Asia/Shanghai"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "SMTP_HOST": os.environ.get("SMTP_HOST"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD"),
        "SMTP_SECURITY": os.environ.get("SMTP_SECURITY", "none"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Shanghai Creator Spaces <bookings@localhost>"),
        "TOKEN_LIFETIME_HOURS": int(os.environ.get("TOKEN_LIFETIME_HOURS", str(24 * 30))),
        "SESSION_COOKIE_SECURE": os.environ.get("BASE_URL", "").startswith("https://"),
    }


STATIC_DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "API_TITLE": "Shanghai Creator Spaces",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "v1/openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "JSON_SORT_KEYS": False,
    "RATELIMIT_HEADERS_ENABLED": True,
}
