"""The web pages for creators and managers: set-up of languages, CSRF and error pages."""

from flask import Flask
from flask_wtf.csrf import CSRFError

from app.extensions import csrf


def init_app(app: Flask) -> None:
    from app.web.errors import render_csrf_error, render_error_page
    from app.web.i18n import init_babel

    init_babel(app)
    # Only the web blueprint checks CSRF (see routes.py): the API authenticates with bearer
    # tokens, which a foreign site cannot make a browser send.
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.extensions["html_error_renderer"] = render_error_page
