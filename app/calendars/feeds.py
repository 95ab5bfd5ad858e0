"""Calendar feeds: which bookings each feed shows, their validators, and their bytes.

A feed holds the open bookings of its scope that end within its window: today and the 29 days
before it, in whole days of the service's zone. The rules keep every booking within its venue's
horizon when it is made, so no upper bound is applied: a venue that shortens its horizon must
not make held bookings vanish from calendars.

Validators come from one indexed lookup (the secret or the venue, with the feed's stamp, see
app.calendars.stamps), so that an unchanged feed answers 304 without reading its bookings. The
window's first day is part of them, since a booking leaving the window changes the bytes: a
feed's validators change at least once a day. Last-Modified is the latest of the feed's stamp,
its own change (the secret's or the venue's) and the midnight the window last moved.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, and_, bindparam, or_, select
from sqlalchemy.orm import contains_eager, lazyload

from app import clock
from app.auth.models import User
from app.bookings.availability import local_midnight
from app.bookings.models import Booking, BookingStatus
from app.calendars import ical
from app.calendars.feed_secrets import resolve_feed
from app.calendars.models import FeedSecret, FeedStamp
from app.calendars.stamps import USER, VENUE
from app.errors import NotFound
from app.extensions import db
from app.venues.models import Venue, managed_venue_ids

WINDOW_DAYS = 30
PRIVATE_FEED_CACHE = "private, max-age=300"
PUBLIC_FEED_CACHE = "public, max-age=300"
DOWNLOAD_CACHE = "private, no-cache"
# Part of every ETag: change it when the rendering changes, so that clients fetch again.
RENDER_VERSION = "2"
PERSONAL_FEED_NAME = "我的预订 My bookings · Shanghai Creator Spaces"
OPEN_STATUSES = (BookingStatus.PENDING.value, BookingStatus.CONFIRMED.value)


@dataclass(frozen=True)
class CalendarDocument:
    """A feed or .ics download: its validators, known before its bytes, which `render`
    computes only when they are needed."""

    etag: str
    last_modified: datetime
    filename: str
    cache_control: str
    render: Callable[[], bytes]


@dataclass(frozen=True)
class Scope:
    """The bookings a feed is about (`about`), and which of them it shows (`shown`): a booking
    that stops being shown, by cancellation say, changes the feed."""

    about: ColumnElement[bool]
    shown: ColumnElement[bool]


def personal_scope(user_id: int) -> Scope:
    """The user's own open bookings and every open booking of the venues they manage."""
    return Scope(about=or_(Booking.creator_id == user_id, Booking.venue_id.in_(managed_venue_ids(user_id))),
                 shown=Booking.status.in_(OPEN_STATUSES))


def venue_scope(venue_id: int) -> Scope:
    """The bookings that hold the venue's time."""
    return Scope(about=Booking.venue_id == venue_id,
                 shown=and_(Booking.holds_time.is_(True), Booking.status.in_(OPEN_STATUSES)))


@dataclass(frozen=True)
class Window:
    """The feeds' window: its first moment, and the midnight it last moved."""

    start: datetime
    moved_at: datetime


def current_window() -> Window:
    zone = current_app.config["APP_TIMEZONE"]
    today = clock.now().astimezone(ZoneInfo(zone)).date()
    return Window(start=local_midnight(today - timedelta(days=WINDOW_DAYS - 1), zone),
                  moved_at=local_midnight(today, zone))


def _validators(kind: str, owner_id: int, changed_at: datetime, stamp: FeedStamp | None,
                window: Window) -> tuple[str, datetime]:
    """From what the lookup of the feed gave: its own change, its stamp, and the window."""
    version, stamped_at = (stamp.version, stamp.changed_at) if stamp else (0, None)
    inputs = (RENDER_VERSION, current_app.config["BASE_URL"], kind, owner_id, changed_at, version,
              window.start)
    etag = hashlib.sha256(repr(inputs).encode()).hexdigest()[:40]
    return etag, max(moment for moment in (changed_at, stamped_at, window.moved_at) if moment is not None)


def _shown_bookings(scope: Scope, window: Window) -> list[Booking]:
    """One query: the bookings with their venue and creator, in a stable order."""
    return list(db.session.scalars(
        select(Booking).join(Booking.venue).join(Booking.creator)
        .where(scope.about, scope.shown, Booking.end > window.start)
        .order_by(Booking.start, Booking.id)
        .options(contains_eager(Booking.venue).lazyload("*"), contains_eager(Booking.creator))
    ))


def personal_feed(secret: str) -> CalendarDocument:
    record, stamp = resolve_feed(secret)
    window = current_window()
    etag, last_modified = _validators(USER, record.user_id, record.updated_at, stamp, window)
    return CalendarDocument(
        etag, last_modified, "bookings.ics", PRIVATE_FEED_CACHE,
        render=lambda: render_personal_feed(record, _shown_bookings(personal_scope(record.user_id), window)))


def render_personal_feed(record: FeedSecret, bookings: list[Booking]) -> bytes:
    fallback_zone = current_app.config["APP_TIMEZONE"]
    calendar = ical.new_calendar(PERSONAL_FEED_NAME, f"feed-user-{record.user_id}@{ical.service_domain()}")
    ical.mark_as_feed(calendar, fallback_zone)
    ical.add_timezones(calendar, bookings, (fallback_zone, record.created_at.year))
    for booking in bookings:
        calendar.add_component(ical.booking_event(booking, ical.private_text(booking, record.user_id)))
    return calendar.to_ical()


_VENUE_WITH_STAMP = (
    select(Venue, FeedStamp)
    .outerjoin(FeedStamp, and_(FeedStamp.kind == VENUE, FeedStamp.owner_id == Venue.id))
    .where(Venue.slug == bindparam("slug")).options(lazyload("*")))


def venue_feed(slug: str) -> CalendarDocument:
    found = db.session.execute(_VENUE_WITH_STAMP, {"slug": slug}).first()
    if found is None:
        raise NotFound("No such venue.")
    venue, stamp = found
    window = current_window()
    etag, last_modified = _validators(VENUE, venue.id, venue.updated_at, stamp, window)
    return CalendarDocument(
        etag, last_modified, f"{venue.slug}.ics", PUBLIC_FEED_CACHE,
        render=lambda: render_venue_feed(venue, _shown_bookings(venue_scope(venue.id), window)))


def render_venue_feed(venue: Venue, bookings: list[Booking]) -> bytes:
    """Held time only, as busy blocks up to the end of each booking's buffer: nothing that
    would tell who booked or why."""
    calendar = ical.new_calendar(ical.venue_label(venue), f"feed-venue-{venue.id}@{ical.service_domain()}")
    ical.mark_as_feed(calendar, venue.timezone)
    ical.add_timezones(calendar, bookings, (venue.timezone, venue.created_at.year))
    for booking in bookings:
        calendar.add_component(ical.busy_event(booking))
    return calendar.to_ical()


def booking_download(booking_id: int, viewer: User) -> CalendarDocument:
    """One booking as a calendar of one event, for those who may see it; NotFound otherwise."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or not booking.can_view(viewer):
        raise NotFound("No such booking.")
    calendar = ical.new_calendar()
    ical.add_timezones(calendar, [booking], (booking.venue.timezone, booking.start.year))
    calendar.add_component(ical.booking_event(booking, ical.private_text(booking, viewer.id)))
    body = calendar.to_ical()
    etag = hashlib.sha256(body).hexdigest()[:40]
    return CalendarDocument(etag, booking.updated_at, f"booking-{booking.id}.ics", DOWNLOAD_CACHE,
                            render=lambda: body)
