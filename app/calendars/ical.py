"""iCalendar building blocks shared by the feeds, the .ics download and the invitations."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, vDuration

from app.bookings.models import Booking, BookingStatus
from app.calendars.timezones import vtimezone
from app.venues.models import Venue

PRODID = "-//Shanghai Creator Spaces//Bookings//EN"
REFRESH_INTERVAL = timedelta(hours=1)
ICAL_STATUS = {
    BookingStatus.PENDING: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.REJECTED: "CANCELLED",
    BookingStatus.EXPIRED: "CANCELLED",
}


@dataclass(frozen=True)
class EventText:
    """What a booking's event says; who may read it decides how much that is."""

    summary: str
    description: str = ""
    with_link: bool = True


PUBLIC_TEXT = EventText(summary="占用 Busy", with_link=False)


def service_domain() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def booking_uid(booking_id: int) -> str:
    return f"booking-{booking_id}@{service_domain()}"


def booking_url(booking_id: int) -> str:
    return f"{current_app.config['BASE_URL']}/bookings/{booking_id}"


def venue_label(venue: Venue) -> str:
    """Bilingual where the venue has a Chinese name: "外滩 The Bund"."""
    if venue.name_zh and venue.name_zh != venue.name:
        return f"{venue.name_zh} {venue.name}"
    return venue.name


def venue_location(venue: Venue) -> str:
    return ", ".join(part for part in (venue_label(venue), venue.address) if part)


def new_calendar(name: str | None = None, uid: str | None = None, method: str | None = None) -> Calendar:
    """A VCALENDAR; without `uid` it has none (icalendar would otherwise invent a random one)."""
    calendar = Calendar.new(prodid=PRODID, calscale="GREGORIAN", name=name, uid=uid, method=method)
    if uid is None:
        del calendar["UID"]
    return calendar


def mark_as_feed(calendar: Calendar, default_zone: str) -> None:
    """How often subscribers should poll (RFC 7986 and the older X-PUBLISHED-TTL), and the zone
    that clients show floating times in."""
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    calendar.add("X-WR-TIMEZONE", default_zone)


def add_timezones(calendar: Calendar, bookings: Iterable[Booking], fallback: tuple[str, int]) -> None:
    """A VTIMEZONE for every venue zone the events use (or for `fallback` (zone, year) when
    there are none, since a calendar needs at least one component), before the events."""
    years: dict[str, tuple[int, int]] = {}
    for booking in bookings:
        first, last = years.get(booking.venue.timezone, (booking.start.year, booking.end.year))
        years[booking.venue.timezone] = (min(first, booking.start.year - 1),
                                         max(last, booking.held_until.year))
    if not years:
        zone, year = fallback
        years[zone] = (year - 1, year + 1)
    for zone in sorted(years):
        calendar.add_component(vtimezone(zone, *years[zone]))


def booking_event(booking: Booking, text: EventText) -> Event:
    """The booking as a VEVENT with its own UID, SEQUENCE and DTSTAMP, in the venue's zone."""
    return _timed_event(booking, booking_uid(booking.id), booking.end, text)


def busy_event(booking: Booking) -> Event:
    """The time a booking holds, buffer included, with nothing about who booked or why."""
    return _timed_event(booking, f"busy-{booking.id}@{service_domain()}", booking.held_until, PUBLIC_TEXT)


def wall_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    """The moment in the venue's zone, or in UTC when that local time occurs twice (the hour
    repeated when summer time ends): RFC 5545 (3.3.5) reads it as the first occurrence, libical
    as the second, so only UTC is read alike everywhere."""
    local = moment.astimezone(zone)
    is_repeated = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    return moment.astimezone(UTC) if is_repeated else local


def _timed_event(booking: Booking, uid: str, end: datetime, text: EventText) -> Event:
    venue = booking.venue
    zone = ZoneInfo(venue.timezone)
    event = Event.new(
        uid=uid,
        sequence=booking.sequence,
        stamp=booking.updated_at,
        created=booking.created_at,
        last_modified=booking.updated_at,
        start=wall_clock(booking.start, zone),
        end=wall_clock(end, zone),
        summary=text.summary,
        description=text.description or None,
        location=venue_location(venue),
        status=ICAL_STATUS[BookingStatus(booking.status)],
        transparency="OPAQUE",
        url=booking_url(booking.id) if text.with_link else None,
    )
    if venue.latitude is not None and venue.longitude is not None:
        event.add("GEO", (venue.latitude, venue.longitude))
    return event


def private_text(booking: Booking, viewer_id: int | None) -> EventText:
    """For its creator, the venue's managers and admins: title, notes and who booked."""
    lines = [f"Venue 场地: {venue_label(booking.venue)}"]
    if booking.status == BookingStatus.PENDING:
        lines.append("Awaiting the venue's approval 等待场地确认")
    if booking.creator_id != viewer_id:
        lines.append(f"Booked by 预订人: {booking.creator.display_name} <{booking.creator.email}>")
    lines.append(f"Party size 人数: {booking.party_size}")
    if booking.notes:
        lines.append(booking.notes)
    lines.append(booking_url(booking.id))
    return EventText(summary=booking.title, description="\n".join(lines))

