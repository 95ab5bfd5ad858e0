"""HTTP endpoints of the calendars domain: parse, call the service, serialise."""

from flask import Response

from app.api import Blueprint
from app.auth.current import require_user
from app.calendars import feeds
from app.calendars.feed_secrets import current_secret, feed_urls, rotate_secret
from app.calendars.responses import CALENDAR_MIMETYPE, feed_response
from app.calendars.schemas import FeedUrlsSchema

blp = Blueprint("calendars", __name__, url_prefix="/api/v1", description="Calendars")
feeds_blp = Blueprint(
    "feeds", __name__, url_prefix="/feeds",
    description="iCalendar feeds (RFC 5545) for calendar apps; unchanged feeds answer 304 to "
                "If-None-Match or If-Modified-Since.")

_NO_STORE = {"Cache-Control": "no-store"}
_UNCHANGED = "Unchanged since the ETag (If-None-Match) or date (If-Modified-Since) sent"
_CALENDAR_BODY = {"type": "string", "description": "An iCalendar (RFC 5545) document"}


@blp.get("/me/feeds")
@blp.response(200, FeedUrlsSchema)
def my_feed_urls():
    """The URLs of my personal calendar feed

    The secret in them is made on first use and stays until rotated.
    """
    return feed_urls(current_secret(require_user())), 200, _NO_STORE


@blp.post("/me/feeds/rotate")
@blp.response(200, FeedUrlsSchema)
def rotate_my_feed():
    """A new secret for my feed

    The old URLs answer 404 from now on.
    """
    return feed_urls(rotate_secret(require_user())), 200, _NO_STORE


@blp.get("/bookings/<int:booking_id>.ics")
@blp.response(200, _CALENDAR_BODY, content_type=CALENDAR_MIMETYPE, description="The booking as one VEVENT")
@blp.alt_response(304, description=_UNCHANGED)
def booking_ics(booking_id: int) -> Response:
    """A booking as an iCalendar file

    For its creator, the venue's managers and admins; 404 for anyone else.
    """
    return feed_response(feeds.booking_download(booking_id, require_user()))


@feeds_blp.get("/<secret>.ics")
@feeds_blp.response(200, _CALENDAR_BODY, content_type=CALENDAR_MIMETYPE, description="The personal feed")
@feeds_blp.alt_response(304, description=_UNCHANGED)
def personal_feed(secret: str) -> Response:
    """A personal calendar feed

    My open bookings (pending ones TENTATIVE), and for a manager every open booking of their
    venues, that end within the last 30 days (today included, whole days in the service's
    zone) or later. Anyone holding the URL can read it: keep it secret, rotate it
    if shared. Unknown secrets answer 404.
    """
    return feed_response(feeds.personal_feed(secret))


@feeds_blp.get("/venues/<slug>.ics")
@feeds_blp.response(200, _CALENDAR_BODY, content_type=CALENDAR_MIMETYPE, description="The venue's busy times")
@feeds_blp.alt_response(304, description=_UNCHANGED)
def venue_feed(slug: str) -> Response:
    """A venue's busy times

    The venue's held time as busy blocks (buffer included), without names, titles or notes.
    """
    return feed_response(feeds.venue_feed(slug))
