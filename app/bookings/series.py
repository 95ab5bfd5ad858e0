"""Recurring bookings: one RRULE expanded in the venue's zone into bookings of one series."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.bookings import service
from app.bookings.models import Booking, BookingSeries
from app.bookings.rules import Schedule, Violation
from app.errors import DomainError, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.times import in_zone, to_utc
from app.venues.models import Venue

MAX_OCCURRENCES = 52
Span = tuple[datetime, datetime]


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list[Booking] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)


def _parse_rule(text: str, local_start: datetime) -> rrule:
    """The rule with the local start as DTSTART (naive, or aware when UNTIL is given in UTC)."""
    if "DTSTART" in text.upper():
        raise ValidationFailed({"rrule": ["Give only the RRULE; the series starts at `start`."]})
    for dtstart in (local_start.replace(tzinfo=None), local_start):
        try:
            rule = rrulestr(text.strip(), dtstart=dtstart)
        except (ValueError, TypeError, KeyError):
            continue
        if isinstance(rule, rrule):
            return rule
    raise ValidationFailed({"rrule": ["Not a valid RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=8."]})


def occurrences(venue: Venue, rule_text: str, start: datetime, end: datetime) -> list[Span]:
    """The (start, end) in UTC of each occurrence: wall-clock recurrence in the venue's zone,
    at most MAX_OCCURRENCES and none starting beyond the venue's horizon."""
    zone = ZoneInfo(venue.timezone)
    duration = end - start
    horizon = clock.now() + timedelta(days=venue.horizon_days)
    rule = _parse_rule(rule_text, in_zone(start, venue.timezone))
    spans = []
    for local in islice(rule, MAX_OCCURRENCES):
        moment = (local if local.tzinfo else local.replace(tzinfo=zone)).astimezone(UTC)
        if moment > horizon:
            break
        spans.append((moment, moment + duration))
    if not spans:
        raise ValidationFailed({"rrule": ["The rule gives no occurrence within the venue's horizon."]})
    return spans


def create_series(user: User, data: dict) -> SeriesResult:
    """Book every occurrence; with on_conflict=fail one bad occurrence books nothing."""
    venue = service.lock_venue_named_in_input(data["venue_id"])
    start, end = to_utc(data["start"], venue.timezone), to_utc(data["end"], venue.timezone)
    spans = occurrences(venue, data["rrule"], start, end) if end > start else [(start, end)]
    schedule = Schedule.load(venue, spans[0][0], max(spans[-1][1], spans[0][0]), creator_id=user.id)
    accepted, refused = _judge(schedule, spans, data.get("party_size", 1), data["on_conflict"] == "fail")
    if not accepted:
        span, violations = refused[0]
        service.raise_for(violations, schedule, *span, occurrence=service.zoned_times(venue, [span])[0])
    result = SeriesResult(BookingSeries(id=str(uuid.uuid4()), venue_id=venue.id, creator_id=user.id,
                                        rrule=data["rrule"].strip(), created_at=clock.now()))
    db.session.add(result.series)
    result.bookings = [service.new_booking(user, venue, s, e, data, result.series) for s, e in accepted]
    with service.overlap_guarded(venue, spans[0][0], spans[-1][1]):
        db.session.flush()
        service.insert_new(result.bookings)
    for booking in result.bookings:
        service.announce_new(booking, user)
    result.skipped = [{**service.zoned_times(venue, [span])[0], "code": violations[0].code}
                      for span, violations in refused]
    return result


def _judge(schedule: Schedule, spans: list[tuple[datetime, datetime]], party_size: int,
           fail_fast: bool) -> tuple[list, list]:
    """Occurrences accepted (each one then holding time for the next) and those refused."""
    accepted: list[tuple[datetime, datetime]] = []
    refused: list[tuple[tuple[datetime, datetime], list[Violation]]] = []
    for span in spans:
        violations = schedule.violations(*span, party_size)
        if violations and fail_fast:
            service.raise_for(violations, schedule, *span,
                              occurrence=service.zoned_times(schedule.venue, [span])[0])
        if violations:
            refused.append((span, violations))
        else:
            schedule.add(*span)
            accepted.append(span)
    return accepted, refused


SERIES_ACTIONS: dict[str, Callable[..., Booking]] = {
    "approve": service.approve_booking,
    "reject": service.reject_booking,
    "cancel": service.cancel_booking,
}


def series_visible_to(user: User, series_id: str) -> BookingSeries:
    series = db.session.get(BookingSeries, series_id)
    venue = db.session.get(Venue, series.venue_id) if series else None
    if series is None or (series.creator_id != user.id and not venue.can_manage(user)):
        raise NotFound("No such series.")
    return series


def act_on_series(user: User, series_id: str, action: str, argument: str | None) -> dict:
    """Apply approve, reject or cancel to every occurrence; report what changed and what could not."""
    series = series_visible_to(user, series_id)
    if action != "cancel" and not db.session.get(Venue, series.venue_id).can_manage(user):
        raise Forbidden("Only the venue's managers may decide on requests.")
    changed, unchanged = [], []
    bookings = db.session.scalars(select(Booking).where(Booking.series_id == series.id)
                                  .order_by(Booking.start, Booking.id)).all()
    for booking in bookings:
        try:
            changed.append(SERIES_ACTIONS[action](user, booking.id, argument))
        except DomainError as error:
            unchanged.append({"id": booking.id, "code": error.code, "reason": error.detail})
    return {"changed": changed, "unchanged": unchanged}
