"""Bookings written straight through the models, as the bookings service would leave them."""

from datetime import UTC, datetime, timedelta

import pytest

from app import clock
from app.bookings.models import Booking, BookingStatus
from app.extensions import db

# Wednesday 2 December 2026, 10:00 in Shanghai: the day after the frozen clock's now.
TOMORROW_10H = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def holds_time(venue, status: str) -> bool:
    return status == BookingStatus.CONFIRMED or (
        status == BookingStatus.PENDING and not venue.competing_requests)


@pytest.fixture
def make_booking(app):
    def make(venue, creator, start: datetime = TOMORROW_10H, minutes: int = 60,
             status: str = BookingStatus.CONFIRMED, **fields) -> Booking:
        moment = clock.now()
        end = start + timedelta(minutes=minutes)
        values = {"title": "Product shoot", "notes": "", "sequence": 0, "created_at": moment,
                  "updated_at": moment, **fields}
        booking = Booking(venue=venue, creator=creator, start=start, end=end,
                          held_until=end + timedelta(minutes=venue.buffer_minutes), status=status,
                          holds_time=holds_time(venue, status), **values)
        db.session.add(booking)
        db.session.commit()
        return booking
    return make


@pytest.fixture
def change_booking(app, clock):
    """Change a booking's time or status as the bookings service does: SEQUENCE and updated_at grow."""
    def change(booking: Booking, **fields) -> Booking:
        clock.advance(minutes=5)
        venue = booking.venue
        for name, value in fields.items():
            setattr(booking, name, value)
        booking.held_until = booking.end + timedelta(minutes=venue.buffer_minutes)
        booking.holds_time = holds_time(venue, booking.status)
        booking.sequence += 1
        booking.updated_at = clock()
        db.session.commit()
        return booking
    return change


@pytest.fixture
def feed_url_of(client, auth_headers):
    """The path of a user's personal feed, as GET /api/v1/me/feeds gives it."""
    def path_of(user) -> str:
        url = client.get("/api/v1/me/feeds", headers=auth_headers(user)).json["url"]
        return url.removeprefix("https://spaces.test")
    return path_of
