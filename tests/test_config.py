"""Settings from the environment: safe defaults, and mistakes caught at start-up."""

import pytest

from app import create_app
from app.config import default_timezone, from_environment


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'config.db'}")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    return monkeypatch


def test_defaults_work_on_a_laptop(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "SECRET_KEY", "APP_ENV", "APP_TIMEZONE", "RATELIMIT_STORAGE_URL",
                 "RATELIMIT_ENABLED", "SMTP_HOST", "SMTP_SECURITY", "TOKEN_LIFETIME_HOURS"):
        monkeypatch.delenv(name, raising=False)

    config = from_environment(tmp_path, {})

    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'app.db'}"
    assert config["APP_ENV"] == "development"
    assert config["APP_TIMEZONE"] == "Asia/Shanghai"
    assert config["RATELIMIT_ENABLED"] is True
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["SMTP_HOST"] is None
    assert config["TOKEN_LIFETIME_HOURS"] == 720


def test_in_development_a_secret_key_is_made_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)

    first, second = from_environment(tmp_path, {}), from_environment(tmp_path, {})

    assert len(first["SECRET_KEY"]) == 64
    assert second["SECRET_KEY"] == first["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_settings_are_read_from_the_environment(environment):
    environment.setenv("DATABASE_URL", "postgresql://spaces@db.internal/spaces")
    environment.setenv("APP_TIMEZONE", "Asia/Hong_Kong")
    environment.setenv("RATELIMIT_STORAGE_URL", "redis://127.0.0.1:6379")
    environment.setenv("RATELIMIT_ENABLED", "false")
    environment.setenv("SMTP_SECURITY", "STARTTLS")
    environment.setenv("TOKEN_LIFETIME_HOURS", "12")
    environment.setenv("BASE_URL", "https://spaces.example.com/")

    config = create_app().config

    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://spaces@db.internal/spaces"
    assert config["APP_TIMEZONE"] == "Asia/Hong_Kong"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379"
    assert config["RATELIMIT_ENABLED"] is False
    assert config["SMTP_SECURITY"] == "starttls"
    assert config["TOKEN_LIFETIME_HOURS"] == 12
    assert config["BASE_URL"] == "https://spaces.example.com"
    assert config["SESSION_COOKIE_SECURE"] is True


def test_default_timezone_for_new_venues_and_users_is_app_timezone(environment):
    environment.setenv("APP_TIMEZONE", "Asia/Tokyo")

    with create_app().app_context():
        assert default_timezone() == "Asia/Tokyo"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("APP_TIMEZONE", "Shanghai", "not an IANA time zone"),
    ("SMTP_SECURITY", "ssl", "SMTP_SECURITY must be one of none, starttls, tls"),
])
def test_a_bad_setting_stops_start_up_with_a_clear_message(environment, name, value, message):
    environment.setenv(name, value)

    with pytest.raises(RuntimeError, match=message):
        create_app()


def test_production_needs_a_secret_key(environment):
    environment.setenv("APP_ENV", "production")
    environment.delenv("SECRET_KEY")

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app()
