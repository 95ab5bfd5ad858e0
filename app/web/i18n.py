"""Languages of the pages: which one a request gets, and the switch between them.

A signed-in user gets the language of their profile (the switcher changes the profile).
Anyone else gets the language chosen with the switcher (kept in the session), else the
best match of the browser's Accept-Language, else English.
"""

from flask import Flask, has_request_context, request, session
from flask_babel import refresh

from app.auth.current import current_user
from app.auth.models import LOCALES
from app.extensions import babel

SESSION_LOCALE_KEY = "locale"
# Profile locales use the BCP 47 spelling (zh-CN). Babel expands zh_CN to its CLDR name
# zh_Hans_CN and looks for the catalogue under that name, hence translations/zh_Hans_CN/.
BABEL_NAMES = {"en": "en", "zh-CN": "zh_Hans_CN"}
LANGUAGE_LABELS = {"en": "English", "zh-CN": "中文"}


def init_babel(app: Flask) -> None:
    from app import PROJECT_ROOT

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "translations"))
    babel.init_app(app, locale_selector=babel_locale)
    # Babel caches the locale on the app context, which may outlive one request (tests, CLI).
    app.before_request(refresh)


def chosen_locale() -> str:
    """The request's language as a profile locale: 'en' or 'zh-CN'."""
    if not has_request_context():
        return "en"
    user = current_user()
    if user is not None:
        return user.locale
    if session.get(SESSION_LOCALE_KEY) in LOCALES:
        return session[SESSION_LOCALE_KEY]
    return _from_accept_language() or "en"


def _from_accept_language() -> str | None:
    best = request.accept_languages.best_match(["en", "zh-CN", "zh"])
    if best is None:
        return None
    return "zh-CN" if best.startswith("zh") else "en"


def babel_locale() -> str:
    return BABEL_NAMES[chosen_locale()]


def remember_locale(locale: str) -> None:
    session[SESSION_LOCALE_KEY] = locale
