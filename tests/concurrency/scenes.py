"""Test data and checks for the concurrency tests.

Data is written through the models and committed, and the test's session is closed before
clients start, so that the test never holds a lock the server needs. Bookings are made a
few days ahead of the real time, which is the server's clock.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.auth.service import issue_token
from app.bookings.models import Booking, BookingStatus
from app.clock import system_now
from app.extensions import db
from app.venues.models import Venue
from tests import factories
from tests.live_server import ApiClient, Response

SHANGHAI = ZoneInfo("Asia/Shanghai")
# One cheap hash for every racing user: these users never log in with a password.
_CHEAP_PASSWORD_HASH = generate_password_hash("unused", method="pbkdf2:sha256:1")
_numbers = count(1)


@dataclass(frozen=True)
class Scene:
    """A venue open 06:00-23:00 every day, its manager's token and creators' tokens."""

    venue_id: int
    manager_token: str
    creator_tokens: list[str]


def make_scene(creators: int, **rules) -> Scene:
    manager = factories.make_user(Role.MANAGER)
    venue = factories.make_venue(hours=factories.every_day("06:00", "23:00"), managers=[manager],
                                 lead_time_minutes=0, **rules)
    scene = Scene(venue.id, issue_token(manager)[0], make_tokens(creators))
    release_database()
    return scene


def make_tokens(how_many: int) -> list[str]:
    """Bearer tokens of `how_many` new creators, written in one commit."""
    users = [User(email=f"racer{next(_numbers)}@example.com", password_hash=_CHEAP_PASSWORD_HASH,
                  display_name="Racer", role=Role.CREATOR, created_at=system_now())
             for _ in range(how_many)]
    db.session.add_all(users)
    db.session.flush()
    tokens = [issue_token(user)[0] for user in users]
    db.session.commit()
    return tokens


def release_database() -> None:
    """End the test's transaction so that the server never waits on it."""
    db.session.commit()
    db.session.close()


def local_time(days_ahead: int, at: str) -> datetime:
    """`at` (HH:MM) in Shanghai, `days_ahead` days after today there."""
    today = system_now().astimezone(SHANGHAI).date()
    return datetime.combine(today + timedelta(days=days_ahead), time.fromisoformat(at), SHANGHAI)


def booking_request(venue_id: int, start: datetime, minutes: int, title: str = "Shoot") -> dict:
    end = start + timedelta(minutes=minutes)
    return {"venue_id": venue_id, "start": start.isoformat(), "end": end.isoformat(), "title": title}


def book(base_url: str, token: str, body: dict, headers: dict | None = None) -> Response:
    return _call_once(base_url, token, "POST", "/api/v1/bookings", body, headers)


def series(base_url: str, token: str, body: dict) -> Response:
    return _call_once(base_url, token, "POST", "/api/v1/bookings/series", body)


def approve(base_url: str, token: str, booking_id: int) -> Response:
    return _call_once(base_url, token, "POST", f"/api/v1/bookings/{booking_id}/approve", {})


def cancel(base_url: str, token: str, booking_id: int) -> Response:
    return _call_once(base_url, token, "POST", f"/api/v1/bookings/{booking_id}/cancel", {})


def move(base_url: str, token: str, booking_id: int, start: datetime, minutes: int) -> Response:
    times = {"start": start.isoformat(), "end": (start + timedelta(minutes=minutes)).isoformat()}
    return _call_once(base_url, token, "PATCH", f"/api/v1/bookings/{booking_id}", times)


def _call_once(base_url: str, token: str, method: str, path: str, body: dict,
               headers: dict | None = None) -> Response:
    client = ApiClient(base_url, token)
    try:
        return client.request(method, path, body, headers)
    finally:
        client.close()


def statuses(results: list) -> list:
    """Each result's HTTP status, or the exception a client raised instead of answering."""
    return [result.status if isinstance(result, Response) else repr(result) for result in results]


@dataclass(frozen=True)
class StoredBooking:
    id: int
    start: datetime
    end: datetime
    status: str


def stored_bookings(venue_id: int) -> list[StoredBooking]:
    rows = db.session.scalars(select(Booking).where(Booking.venue_id == venue_id)
                              .order_by(Booking.start, Booking.id))
    found = [StoredBooking(row.id, row.start, row.end, row.status) for row in rows]
    release_database()
    return found


def holding_spans(venue_id: int) -> list[tuple[datetime, datetime]]:
    """What every booking that holds time keeps blocked, judged by the contract.

    Confirmed bookings hold, and pending ones unless the venue takes competing requests;
    each holds from its start to its end plus the venue's buffer.
    """
    venue = db.session.get(Venue, venue_id)
    buffer = timedelta(minutes=venue.buffer_minutes)
    holding = {BookingStatus.CONFIRMED}
    if not venue.competing_requests:
        holding.add(BookingStatus.PENDING)
    return [(booking.start, booking.end + buffer) for booking in stored_bookings(venue_id)
            if booking.status in holding]


def max_overlap(spans: list[tuple[datetime, datetime]]) -> int:
    """The most spans that share one instant; spans are half-open, so end == start is free."""
    # At equal instants an end (-1) sorts before a start (+1).
    edges = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    deepest = depth = 0
    for _, step in edges:
        depth += step
        deepest = max(deepest, depth)
    return deepest
