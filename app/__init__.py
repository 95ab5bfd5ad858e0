"""The application factory."""

from pathlib import Path

from flask import Flask, request
from swagger_ui_bundle import swagger_ui_path
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config as settings
from app import models  # noqa: F401 - every table known to the metadata and to Alembic
from app.database import configure_engine, set_deferred_begin
from app.errors import register_error_handlers
from app.extensions import api, db, limiter, migrate
from app.web import init_app as init_web

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    overrides = config or {}
    app.config.update(settings.STATIC_DEFAULTS)
    app.config.update(settings.from_environment(Path(app.instance_path), overrides))
    app.config.update(overrides)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a reverse proxy: client address (rate limits) and scheme from X-Forwarded-*.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _init_extensions(app)
    register_error_handlers(app)
    _register_blueprints(app)
    _register_cli(app)
    app.before_request(_before_request)
    app.teardown_request(_end_request)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    api.init_app(app)
    limiter.init_app(app)
    init_web(app)
    with app.app_context():
        configure_engine(db.engine)


def _before_request() -> None:
    from app.auth.current import load_current_user

    set_deferred_begin(request.method in SAFE_METHODS)
    load_current_user()


def _end_request(_error: BaseException | None) -> None:
    # The choice lives in a context variable of the serving thread: a GET must not leave its
    # deferred BEGIN to whatever that thread runs next (a scheduler tick, a test).
    set_deferred_begin(False)


def _register_blueprints(app: Flask) -> None:
    from app.auth.routes import blp as auth_api
    from app.bookings.routes import blp as bookings_api
    from app.calendars.routes import blp as calendars_api
    from app.calendars.routes import feeds_blp as calendar_feeds
    from app.health import bp as health
    from app.notifications.routes import bp as decisions
    from app.venues.routes import blp as venues_api
    from app.web.routes import bp as web

    for blueprint in (auth_api, venues_api, bookings_api, calendars_api, calendar_feeds):
        api.register_blueprint(blueprint)
    app.register_blueprint(health)
    app.register_blueprint(web)
    app.register_blueprint(decisions)
    app.add_url_rule("/api/docs/assets/<path:filename>", "swagger_ui_assets", _swagger_ui_asset)


def _swagger_ui_asset(filename: str):
    from flask import send_from_directory

    return send_from_directory(str(swagger_ui_path), filename, max_age=86400)


def _register_cli(app: Flask) -> None:
    from app.auth.cli import users_cli
    from app.demo import demo_cli
    from app.notifications.scheduler import scheduler_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(scheduler_cli)
