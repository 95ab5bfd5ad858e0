"""Free time: the slots of a venue a booking would be accepted for, and whether a span fits."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.auth.models import User
from app.bookings.rules import Schedule
from app.times import to_utc
from app.venues.models import Venue

MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class Availability:
    venue: Venue
    duration: int
    slots: list[tuple[datetime, datetime]]


def local_midnight(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone_name))


def free_slots(venue: Venue, first_day: date, last_day: date, duration_minutes: int,
               user: User | None = None) -> Availability:
    """Every grid start on the venue's local days first_day..last_day (inclusive) where a booking
    of duration_minutes by `user` (anyone, without a quota, when None) would be accepted now."""
    window_start = local_midnight(first_day, venue.timezone)
    window_end = local_midnight(last_day + timedelta(days=1), venue.timezone)
    duration = timedelta(minutes=duration_minutes)
    schedule = Schedule.load(venue, window_start, window_end + duration,
                             creator_id=user.id if user else None)
    slots = [(start, start + duration) for start in schedule.grid_starts(window_start, window_end)
             if not schedule.violations(start, start + duration)]
    return Availability(venue, duration_minutes, slots)


def has_room(venue: Venue, start: datetime, end: datetime) -> bool:
    """Whether anyone (no quota applies) could book the whole of [start, end) at this venue now."""
    return not Schedule.load(venue, start, end).violations(start, end)


def venues_with_room(venues: Iterable[Venue], start: datetime, end: datetime) -> list[Venue]:
    """The venues, in their order, that have room for [start, end); naive times in each venue's zone."""
    return [venue for venue in venues
            if has_room(venue, to_utc(start, venue.timezone), to_utc(end, venue.timezone))]
