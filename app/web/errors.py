"""Friendly error pages in the reader's language, for every non-API path."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

ERROR_TITLES = {
    400: _l("Something in the request was not right"),
    401: _l("Please sign in"),
    403: _l("This is not open to you"),
    404: _l("We could not find that page"),
    405: _l("That action is not possible here"),
    409: _l("That clashes with something else"),
    422: _l("That cannot be done as asked"),
    429: _l("Too many requests: please wait a moment"),
    500: _l("Something went wrong on our side"),
}
ERROR_ADVICE = {
    401: _l("Sign in and try again."),
    403: _l("If you think you should see this, ask the venue's manager."),
    404: _l("The link may be old, or the item may have been removed."),
    429: _l("Wait a minute, then try again."),
    500: _l("It has been logged and we will look into it. Please try again later."),
}


def render_error_page(status: int, message: str):
    title = ERROR_TITLES.get(status, ERROR_TITLES[500 if status >= 500 else 400])
    advice = ERROR_ADVICE.get(status, _l("Go back and try again."))
    return render_template("web/error.html", status=status, title=title, advice=advice,
                           detail=message), status


def render_csrf_error(_error: CSRFError):
    return render_template(
        "web/error.html", status=400, title=_l("This form could not be accepted"),
        advice=_l("The form was too old or was not sent from this site. Go back, reload the "
                  "page and send it again."), detail=None), 400
