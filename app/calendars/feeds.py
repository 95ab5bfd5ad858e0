"""Calendar feeds: which bookings each feed shows, their validators, and their bytes.

A feed holds the open bookings of its scope that ended at most FEED_PAST ago. The rules keep
every booking within its venue's horizon when it is made, so no upper bound is applied: a
venue that shortens its horizon must not make held bookings vanish from calendars.

Validators come from one aggregate query, so that an unchanged feed answers 304 without
loading or rendering anything. Last-Modified is the latest of: any change to a booking of the
scope (cancelled ones too, since leaving the feed is a change), the moment the latest booking
slid out of the window, the venues' and the feed's own changes.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import contains_eager, lazyload

from app import clock
from app.auth.models import User
from app.bookings.models import Booking, BookingStatus
from app.calendars import ical
from app.calendars.feed_secrets import resolve_secret
from app.calendars.models import FeedSecret
from app.errors import NotFound
from app.extensions import db
from app.venues.models import Venue, venue_managers

FEED_PAST = timedelta(days=30)
# How far back the moments bookings slid out of the window are remembered: a client that has
# not fetched for longer and sends only If-Modified-Since could miss such a change.
EXIT_MEMORY = timedelta(days=365)
PRIVATE_FEED_CACHE = "private, max-age=300"
PUBLIC_FEED_CACHE = "public, max-age=300"
DOWNLOAD_CACHE = "private, no-cache"
# Part of every ETag: change it when the rendering changes, so that clients fetch again.
RENDER_VERSION = "1"
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
    managed = select(venue_managers.c.venue_id).where(venue_managers.c.user_id == user_id)
    return Scope(about=or_(Booking.creator_id == user_id, Booking.venue_id.in_(managed)),
                 shown=Booking.status.in_(OPEN_STATUSES))


def venue_scope(venue_id: int) -> Scope:
    """The bookings that hold the venue's time."""
    return Scope(about=Booking.venue_id == venue_id,
                 shown=and_(Booking.holds_time.is_(True), Booking.status.in_(OPEN_STATUSES)))


def _window_start() -> datetime:
    return clock.now() - FEED_PAST


def _validators(scope: Scope, key: str, base: datetime) -> tuple[str, datetime]:
    window_start = _window_start()
    in_window = and_(scope.shown, Booking.end > window_start)
    row = db.session.execute(
        select(func.count(Booking.id).filter(in_window),
               func.sum(Booking.id).filter(in_window),
               func.sum(Booking.sequence).filter(in_window),
               func.max(Venue.updated_at).filter(in_window),
               func.max(Booking.updated_at).filter(Booking.end > window_start),
               func.max(Booking.end).filter(scope.shown, Booking.end <= window_start))
        .join(Booking.venue)
        .where(scope.about, Booking.end > window_start - EXIT_MEMORY)
    ).one()
    count, id_sum, sequence_sum, venues_changed, bookings_changed, last_left = row
    inputs = (RENDER_VERSION, current_app.config["BASE_URL"], key, count, id_sum, sequence_sum,
              venues_changed, bookings_changed, last_left, base)
    etag = hashlib.sha256(repr(inputs).encode()).hexdigest()[:40]
    moments = [base, venues_changed, bookings_changed, last_left and last_left + FEED_PAST]
    return etag, max(moment for moment in moments if moment is not None)


def _shown_bookings(scope: Scope) -> list[Booking]:
    """One query: the bookings with their venue and creator, in a stable order."""
    return list(db.session.scalars(
        select(Booking).join(Booking.venue).join(Booking.creator)
        .where(scope.about, scope.shown, Booking.end > _window_start())
        .order_by(Booking.start, Booking.id)
        .options(contains_eager(Booking.venue).lazyload("*"), contains_eager(Booking.creator))
    ))


def personal_feed(secret: str) -> CalendarDocument:
    record = resolve_secret(secret)
    scope = personal_scope(record.user_id)
    etag, last_modified = _validators(scope, f"user:{record.user_id}", record.updated_at)
    return CalendarDocument(etag, last_modified, "bookings.ics", PRIVATE_FEED_CACHE,
                            render=lambda: render_personal_feed(record, _shown_bookings(scope)))


def render_personal_feed(record: FeedSecret, bookings: list[Booking]) -> bytes:
    fallback_zone = current_app.config["APP_TIMEZONE"]
    calendar = ical.new_calendar(PERSONAL_FEED_NAME, f"feed-user-{record.user_id}@{ical.service_domain()}")
    ical.mark_as_feed(calendar, fallback_zone)
    ical.add_timezones(calendar, bookings, (fallback_zone, record.created_at.year))
    for booking in bookings:
        calendar.add_component(ical.booking_event(booking, ical.private_text(booking, record.user_id)))
    return calendar.to_ical()


def venue_feed(slug: str) -> CalendarDocument:
    venue = db.session.scalars(select(Venue).where(Venue.slug == slug).options(lazyload("*"))).first()
    if venue is None:
        raise NotFound("No such venue.")
    scope = venue_scope(venue.id)
    etag, last_modified = _validators(scope, f"venue:{venue.id}", venue.updated_at)
    return CalendarDocument(etag, last_modified, f"{venue.slug}.ics", PUBLIC_FEED_CACHE,
                            render=lambda: render_venue_feed(venue, _shown_bookings(scope)))


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
