"""Shared fixtures: a migrated database per test run (SQLite file or PostgreSQL), an app per
test with a frozen clock, and clean tables after every test.

The database comes from TEST_DATABASE_URL: unset means a SQLite file in a temporary folder;
a PostgreSQL URL means a fresh database created on that server for this run and dropped after.
"""

import os
import uuid
from datetime import UTC, datetime

import flask_migrate
import psycopg
import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from app import create_app
from app.clock import FrozenClock
from app.extensions import db, limiter
from tests import factories

# A Tuesday, 09:00 in Shanghai.
DEFAULT_NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _admin_connection(url):
    return psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432,
                           user=url.username or "postgres", password=url.password,
                           dbname=url.database or "postgres", autocommit=True)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    server = make_url(configured.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{server.database or 'test'}_{uuid.uuid4().hex[:10]}"
    with _admin_connection(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with _admin_connection(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_config(database_url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "BASE_URL": "https://spaces.test",
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "WTF_CSRF_ENABLED": False,
        "SMTP_HOST": None,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        **extra,
    }


@pytest.fixture(scope="session")
def migrated_database(database_url):
    app = create_app(make_config(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture
def clock():
    return FrozenClock(DEFAULT_NOW)


@pytest.fixture
def app_config(migrated_database, clock, tmp_path):
    """Override or extend in a test module to change settings for its app."""
    return make_config(migrated_database, CLOCK=clock, MAIL_DIR=str(tmp_path / "mail"))


# Settings that differ in every test; an app built for one test serves the next with these swapped.
PER_TEST_SETTINGS = ("CLOCK", "MAIL_DIR")
_reusable_apps: dict[str, Flask] = {}


def _reusable_app(config: dict) -> Flask:
    """One app per distinct configuration: building one (mostly the OpenAPI document) costs
    a quarter of a second, several minutes over the suite."""
    key = repr(sorted((name, repr(value)) for name, value in config.items()
                      if name not in PER_TEST_SETTINGS))
    if key not in _reusable_apps:
        _reusable_apps[key] = create_app(config)
    app = _reusable_apps[key]
    # The limiter is one object re-bound by every create_app(); reused apps run without it.
    limiter.enabled = False
    return app


@pytest.fixture
def app(app_config, request):
    """The app for one test. Modules that add routes or rate-limit (marked `fresh_app`) get a
    new one; others reuse one built for the same settings, with its config restored after."""
    fresh = request.node.get_closest_marker("fresh_app") or app_config.get("RATELIMIT_ENABLED")
    app = create_app(app_config) if fresh else _reusable_app(app_config)
    saved_config, saved_extensions = dict(app.config), dict(app.extensions)
    app.config.update(app_config)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_all_tables()
    app.config.clear()
    app.config.update(saved_config)
    app.extensions.clear()
    app.extensions.update(saved_extensions)
    if fresh:
        with app.app_context():
            db.engine.dispose()


def _empty_all_tables() -> None:
    # DELETE, not TRUNCATE: on tables this small it is some 20 times faster on PostgreSQL.
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    return factories.make_user


@pytest.fixture
def make_venue(app):
    return factories.make_venue


@pytest.fixture
def auth_headers(app):
    return factories.auth_headers
