"""The waitlist: creators ask to hear when a span of a venue frees up."""

from datetime import datetime

from sqlalchemy import func, select

from app import clock
from app.auth.models import User
from app.bookings.models import WaitlistEntry, WaitlistStatus
from app.bookings.rules import Schedule, check_booking
from app.errors import NotFound, RuleViolation, ValidationFailed
from app.extensions import db
from app.notifications import events
from app.times import to_utc
from app.venues.models import Venue

# A wish may name a time that is taken now (that is the point) or beyond the creator's quota.
_MAY_CHANGE = {"conflict", "quota_exceeded"}


def join(user: User, data: dict) -> WaitlistEntry:
    """A new entry, refused (422) when the span could never be booked whatever frees up."""
    venue = db.session.get(Venue, data["venue_id"])
    if venue is None:
        raise ValidationFailed({"venue_id": ["Unknown venue."]})
    start, end = to_utc(data["start"], venue.timezone), to_utc(data["end"], venue.timezone)
    violations, _schedule = check_booking(venue, start, end, creator_id=user.id)
    lasting = [violation for violation in violations if violation.code not in _MAY_CHANGE]
    if lasting:
        raise RuleViolation(lasting[0].code, lasting[0].message,
                            violations=[{"code": v.code, "message": v.message} for v in lasting])
    entry = WaitlistEntry(venue_id=venue.id, creator_id=user.id, start=start, end=end,
                          status=WaitlistStatus.WAITING, created_at=clock.now())
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_of(user: User, page: int, per_page: int) -> tuple[list[WaitlistEntry], int]:
    query = select(WaitlistEntry).where(WaitlistEntry.creator_id == user.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(WaitlistEntry.start, WaitlistEntry.id)
                              .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total or 0


def entry_for(user: User, entry_id: int) -> WaitlistEntry:
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None or not entry.can_view(user):
        raise NotFound("No such waitlist entry.")
    return entry


def leave(user: User, entry_id: int) -> None:
    db.session.delete(entry_for(user, entry_id))


def offer_released_time(venue: Venue, start: datetime, end: datetime) -> list[WaitlistEntry]:
    """Offer [start, end), just released, to the waiting entries that now fit, in join order."""
    waiting = db.session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.venue_id == venue.id, WaitlistEntry.status == WaitlistStatus.WAITING,
               WaitlistEntry.start < end, WaitlistEntry.end > start)
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)).all()
    fitting = [entry for entry in waiting if _is_bookable(venue, entry)]
    for entry in fitting:
        entry.status, entry.offered_at = WaitlistStatus.OFFERED, clock.now()
    if fitting:
        events.waitlist_entries_freed(fitting)
    return fitting


def _is_bookable(venue: Venue, entry: WaitlistEntry) -> bool:
    schedule = Schedule.load(venue, entry.start, entry.end, creator_id=entry.creator_id)
    return not schedule.violations(entry.start, entry.end)
