"""Builders for test data, written straight to the database through the models."""

from datetime import time
from itertools import count

from app import clock
from app.auth.models import Role, User
from app.auth.service import create_user, issue_token
from app.extensions import db
from app.venues.models import OpeningHours, Venue

_sequence = count(1)
DEFAULT_PASSWORD = "correct horse battery"


def make_user(role: Role | str = Role.CREATOR, email: str | None = None, **fields) -> User:
    number = next(_sequence)
    user = create_user(email or f"user{number}@example.com", fields.pop("password", DEFAULT_PASSWORD),
                       fields.pop("display_name", f"User {number}"), role=Role(role))
    for name, value in fields.items():
        setattr(user, name, value)
    db.session.commit()
    return user


def auth_headers(user: User) -> dict:
    plain, _record = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def every_day(open_at: str = "08:00", close_at: str = "22:00") -> list[tuple[int, str, str]]:
    return [(weekday, open_at, close_at) for weekday in range(7)]


def make_venue(hours: list[tuple[int, str, str]] | None = None, managers: list[User] = (),
               amenities: list[str] = (), **fields) -> Venue:
    """A venue open 08:00-22:00 every day unless `hours` says otherwise; rules from `fields`."""
    number = next(_sequence)
    moment = clock.now()
    values = {"slug": f"venue-{number}", "name": f"Venue {number}", "name_zh": f"场地{number}",
              "kind": "photo_studio", "district": "Huangpu", "lead_time_minutes": 0,
              "created_at": moment, "updated_at": moment, **fields}
    venue = Venue(**values)
    venue.amenities = list(amenities)
    venue.managers = list(managers)
    venue.opening_hours = [
        OpeningHours(weekday=weekday, open_time=time.fromisoformat(open_at),
                     close_time=time.fromisoformat(close_at))
        for weekday, open_at, close_at in (hours if hours is not None else every_day())
    ]
    db.session.add(venue)
    db.session.commit()
    return venue
