"""The one-click decision pages: GET shows what a link would do, POST does it."""

from flask import Blueprint, render_template, request

from app.errors import DomainError
from app.extensions import db
from app.notifications import decision_links
from app.notifications.formatting import format_span, venue_name

bp = Blueprint("decisions", __name__, url_prefix="/decisions", template_folder="templates")

PAGE_LOCALES = ("en", "zh-CN")
NOTE_MAX_LENGTH = 1000


@bp.get("/<token>")
def confirm(token: str):
    try:
        link, booking, manager = decision_links.open_link(token)
    except DomainError as error:
        return _refused(error)
    return _page("confirm", manager.locale, link=link, **_booking_view(booking, manager.locale))


@bp.post("/<token>")
def decide(token: str):
    note = request.form.get("note", "").strip()[:NOTE_MAX_LENGTH]
    try:
        link, booking, manager = decision_links.act(token, note)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return _refused(error)
    return _page("done", manager.locale, link=link, **_booking_view(booking, manager.locale))


def _booking_view(booking, locale: str) -> dict:
    return {"booking": booking, "venue_name": venue_name(booking.venue, locale),
            "when": format_span(booking.start, booking.end, booking.venue.timezone, locale)}


def _refused(error: DomainError):
    locale = request.accept_languages.best_match(PAGE_LOCALES) or "en"
    return _page("refused", locale, error=error), error.status


def _page(state: str, locale: str, **context):
    return render_template("notifications/decision.html", state=state, locale=locale, **context)
