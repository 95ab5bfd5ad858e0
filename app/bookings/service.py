"""The booking workflow: create, approve, reject, cancel, reschedule and expire.

Every change that can move held time runs under a lock on the venue row (SELECT ... FOR
UPDATE on PostgreSQL; on SQLite the whole database is write-locked from BEGIN IMMEDIATE),
asks the rules engine, and only then writes. On PostgreSQL an exclusion constraint also
refuses overlapping holds of exclusive venues; its IntegrityError becomes a 409.

Functions run in the caller's transaction; the caller commits.
"""

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import Select, bindparam, func, insert, inspect, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, load_only, make_transient_to_detached

from app import clock
from app.auth.models import User
from app.bookings import audit, waitlist
from app.bookings.models import Booking, BookingSeries, BookingStatus
from app.bookings.rules import Schedule, Violation, check_booking
from app.calendars import stamps
from app.errors import Conflict, Forbidden, InvalidState, NotFound, RuleViolation, ValidationFailed
from app.extensions import db
from app.notifications import events
from app.times import in_zone, to_utc
from app.venues.models import RULE_FIELDS, Venue, managed_venue_ids

EXCLUSION_CONSTRAINT = "ex_bookings_exclusive_overlap"
COMPETING_REJECTION_NOTE = "Another request for this time was approved."

PENDING, CONFIRMED = BookingStatus.PENDING, BookingStatus.CONFIRMED


_LOCK_VENUE = (select(Venue).where(Venue.id == bindparam("venue_id")).with_for_update(of=Venue)
               .execution_options(populate_existing=True))
# Built once: this is on the path of every booking, where building a statement costs more than running it.
# Only what the rules engine reads (the rest loads if asked for): loading an object costs by the column.
_LOCK_VENUE_WITH_HOURS = _LOCK_VENUE.options(
    load_only(Venue.id, Venue.timezone, Venue.is_active, Venue.capacity,
              *(getattr(Venue, name) for name in RULE_FIELDS)),
    joinedload(Venue.opening_hours))


def lock_venue(venue_id: int, *, with_hours: bool = False) -> Venue | None:
    """The venue, locked for the rest of the transaction, with its rules fresh from the database;
    `with_hours` reads its opening hours in the same query, for the rules engine."""
    query = _LOCK_VENUE_WITH_HOURS if with_hours else _LOCK_VENUE
    return db.session.scalars(query, {"venue_id": venue_id}).unique().first()


def lock_venue_named_in_input(venue_id: int) -> Venue:
    """The venue a new booking names, locked, with its opening hours."""
    venue = lock_venue(venue_id, with_hours=True)
    if venue is None:
        raise ValidationFailed({"venue_id": ["Unknown venue."]})
    return venue


def zoned_times(venue: Venue, spans: Sequence[tuple[datetime, datetime]]) -> list[dict]:
    zone = venue.timezone
    return [{"start": in_zone(start, zone).isoformat(), "end": in_zone(end, zone).isoformat()}
            for start, end in spans]


def raise_for(violations: list[Violation], schedule: Schedule, start: datetime, end: datetime,
              **extra) -> None:
    """Nothing when the list is empty; 409 when the only problem is a conflict; 422 otherwise."""
    if not violations:
        return
    first = violations[0]
    if first.code == "conflict":
        conflicts = zoned_times(schedule.venue, schedule.conflicting_times(start, end))
        raise Conflict(first.message, conflicts=conflicts, **extra)
    raise RuleViolation(first.code, first.message,
                        violations=[{"code": v.code, "message": v.message} for v in violations], **extra)


@contextmanager
def overlap_guarded(venue: Venue, start: datetime, end: datetime, exclude_ids: Sequence[int] = ()):
    """Write the changes made in the block; should the database's own overlap guarantee (the
    exclusion constraint, PostgreSQL only) refuse them, answer 409 as the service check would.

    A refusal rolls the transaction back before the conflicting times are read, as every error
    answer would: the database has aborted it. No savepoint is taken, since the service check
    under the venue lock means the database never refuses in practice, and a savepoint costs two
    round trips on every booking.
    """
    try:
        yield
        db.session.flush()
    except IntegrityError as error:
        if EXCLUSION_CONSTRAINT not in str(error.orig):
            raise
        db.session.rollback()
        schedule = Schedule.load(venue, start, end, exclude_ids=exclude_ids)
        raise Conflict("This time (with the venue's buffer) is already taken.",
                       conflicts=zoned_times(venue, schedule.conflicting_times(start, end))) from error


def holds_time(status: BookingStatus, venue: Venue) -> bool:
    return status == CONFIRMED or (status == PENDING and not venue.competing_requests)


def set_time(booking: Booking, venue: Venue, start: datetime, end: datetime) -> None:
    """The time and what it keeps free, with the venue's buffer and exclusivity of now."""
    booking.start, booking.end = start, end
    booking.held_until = end + timedelta(minutes=venue.buffer_minutes)
    booking.hold_minutes = max(1, ceil((booking.held_until - start).total_seconds() / 60))
    booking.exclusive = venue.max_concurrent == 1


def set_status(booking: Booking, venue: Venue, status: BookingStatus) -> None:
    booking.status = status.value
    booking.holds_time = holds_time(status, venue)
    if status == PENDING:
        booking.requested_at = clock.now()


def touch(booking: Booking) -> None:
    """A change of time or status: calendars see a new SEQUENCE."""
    booking.sequence += 1
    booking.updated_at = clock.now()


def new_booking(user: User, venue: Venue, start: datetime, end: datetime, details: dict,
                series: BookingSeries | None = None) -> Booking:
    """A booking of the venue, not yet written (see `insert_new`)."""
    moment = clock.now()
    # Keys as well as related objects: the insert reads the keys, the rest of the code the objects.
    booking = Booking(venue=venue, venue_id=venue.id, creator=user, creator_id=user.id, series=series,
                      series_id=series.id if series else None, title=details["title"],
                      notes=details.get("notes", ""), party_size=details.get("party_size", 1),
                      sequence=0, decision_note="", requested_at=None, created_at=moment, updated_at=moment)
    set_time(booking, venue, start, end)
    set_status(booking, venue, PENDING if venue.requires_approval else CONFIRMED)
    return booking


_INSERT_BOOKINGS = insert(Booking.__table__).returning(Booking.__table__.c.id, sort_by_parameter_order=True)
_BOOKING_COLUMNS = frozenset(column.key for column in Booking.__table__.columns) - {"id"}


def insert_new(bookings: list[Booking]) -> None:
    """Write new bookings of one venue by one creator and attach them to the session as persistent.

    One statement built once, where the unit of work cost a fifth of a booking's CPU to write one
    row; since no flush sees them, their feeds' stamps are bumped here.
    """
    # The values set on each object; a column left unset gets its default from the insert.
    rows = [{key: value for key, value in inspect(booking).dict.items() if key in _BOOKING_COLUMNS}
            for booking in bookings]
    ids = db.session.execute(_INSERT_BOOKINGS, rows).scalars().all()
    for booking, booking_id in zip(bookings, ids, strict=True):
        booking.id = booking_id
        make_transient_to_detached(booking)
        db.session.add(booking)
    stamps.bump_for_new_bookings(db.session.connection(), bookings[0].venue_id, bookings[0].creator_id,
                                 clock.now())


def announce_new(booking: Booking, actor: User) -> None:
    audit.record(booking, actor, "created", None)
    events.booking_created(booking)


def create_booking(user: User, data: dict) -> Booking:
    """A confirmed booking, or a pending request where the venue requires approval."""
    venue = lock_venue_named_in_input(data["venue_id"])
    start, end = to_utc(data["start"], venue.timezone), to_utc(data["end"], venue.timezone)
    violations, schedule = check_booking(venue, start, end, creator_id=user.id,
                                         party_size=data.get("party_size", 1))
    raise_for(violations, schedule, start, end)
    booking = new_booking(user, venue, start, end, data)
    with overlap_guarded(venue, start, end):
        insert_new([booking])
    announce_new(booking, user)
    return booking


def booking_visible_to(user: User, booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or not booking.can_view(user):
        raise NotFound("No such booking.")
    return booking


def _booking_for_action(user: User, booking_id: int, allowed: Callable[[Booking, User], bool]) -> Booking:
    """The booking, with its venue locked and its state re-read under the lock."""
    booking = booking_visible_to(user, booking_id)
    if not allowed(booking, user):
        raise Forbidden("You may not do this to this booking.")
    lock_venue(booking.venue_id)
    db.session.refresh(booking)
    return booking


def _require_status(booking: Booking, *allowed: BookingStatus) -> None:
    if booking.status not in allowed:
        names = " or ".join(status.value for status in allowed)
        raise InvalidState(f"The booking is {booking.status}; this needs it {names}.")


def _release(booking: Booking, start: datetime, held_until: datetime, held: bool) -> None:
    """Time this booking kept free until now may fit someone on the waitlist."""
    if held:
        db.session.flush()
        waitlist.offer_released_time(booking.venue, start, held_until)


def _change_status(booking: Booking, actor: User | None, status: BookingStatus, action: str,
                   note: str | None = None) -> None:
    previous, held = booking.status, booking.holds_time
    set_status(booking, booking.venue, status)
    if note is not None:
        booking.decision_note = note
    touch(booking)
    audit.record(booking, actor, action, previous, {"note": note} if note else None)
    events.booking_changed(booking, action)
    if held and not booking.holds_time:
        _release(booking, booking.start, booking.held_until, held)


def approve_booking(user: User, booking_id: int, note: str | None = None) -> Booking:
    """Confirm a request if its time is still free; with competing requests, reject those it now excludes."""
    booking = _booking_for_action(user, booking_id, Booking.can_decide)
    _require_status(booking, PENDING)
    if booking.start <= clock.now():
        raise InvalidState("The request's time has already begun; it can no longer be approved.")
    venue = booking.venue
    schedule = Schedule.load(venue, booking.start, booking.end, exclude_ids=[booking.id])
    if not schedule.has_room(booking.start, booking.end):
        raise Conflict("Approving would overlap bookings already holding this time.",
                       conflicts=zoned_times(venue, schedule.conflicting_times(booking.start, booking.end)))
    with overlap_guarded(venue, booking.start, booking.end, exclude_ids=[booking.id]):
        set_time(booking, venue, booking.start, booking.end)
        _change_status(booking, user, CONFIRMED, "confirmed", note)
    _reject_colliding_requests(booking, user)
    return booking


def _reject_colliding_requests(approved: Booking, user: User) -> None:
    waiting = db.session.scalars(
        select(Booking).where(Booking.venue_id == approved.venue_id, Booking.status == PENDING,
                              Booking.holds_time.is_(False), Booking.id != approved.id,
                              Booking.start < approved.held_until, Booking.held_until > approved.start)
        .order_by(Booking.requested_at, Booking.id)).all()
    for request in waiting:
        schedule = Schedule.load(approved.venue, request.start, request.end, exclude_ids=[request.id])
        if not schedule.has_room(request.start, request.end):
            _change_status(request, user, BookingStatus.REJECTED, "rejected", COMPETING_REJECTION_NOTE)


def reject_booking(user: User, booking_id: int, reason: str) -> Booking:
    booking = _booking_for_action(user, booking_id, Booking.can_decide)
    _require_status(booking, PENDING)
    _change_status(booking, user, BookingStatus.REJECTED, "rejected", reason)
    return booking


def cancel_booking(user: User, booking_id: int, reason: str | None = None) -> Booking:
    booking = _booking_for_action(user, booking_id, Booking.can_cancel)
    _require_status(booking, PENDING, CONFIRMED)
    if booking.end <= clock.now():
        raise InvalidState("The booking has already ended; it can no longer be cancelled.")
    _change_status(booking, user, BookingStatus.CANCELLED, "cancelled", reason)
    return booking


def update_booking(user: User, booking_id: int, changes: dict) -> Booking:
    """Change the title or notes; a new time is checked like a new booking (excluding this one)."""
    booking = _booking_for_action(user, booking_id, Booking.can_edit)
    _require_status(booking, PENDING, CONFIRMED)
    for name in ("title", "notes"):
        if name in changes and changes[name] != getattr(booking, name):
            audit.record(booking, user, "updated", booking.status,
                         {name: [getattr(booking, name), changes[name]]})
            setattr(booking, name, changes[name])
            booking.updated_at = clock.now()
    if "start" in changes or "end" in changes:
        _reschedule(booking, user, changes)
    return booking


def _reschedule(booking: Booking, user: User, changes: dict) -> None:
    venue = booking.venue
    start = to_utc(changes["start"], venue.timezone) if "start" in changes else booking.start
    end = to_utc(changes["end"], venue.timezone) if "end" in changes else booking.end
    if (start, end) == (booking.start, booking.end):
        return
    if booking.start <= clock.now():
        raise InvalidState("The booking has already begun; its time can no longer change.")
    violations, schedule = check_booking(venue, start, end, creator_id=booking.creator_id,
                                         party_size=booking.party_size, exclude_ids=[booking.id])
    raise_for(violations, schedule, start, end)
    old_start, old_end, old_held_until = booking.start, booking.end, booking.held_until
    previous, held = booking.status, booking.holds_time
    with overlap_guarded(venue, start, end, exclude_ids=[booking.id]):
        set_time(booking, venue, start, end)
        set_status(booking, venue, PENDING if venue.requires_approval else CONFIRMED)
        touch(booking)
    audit.record(booking, user, "rescheduled", previous, audit.time_changes(old_start, old_end, booking))
    events.booking_changed(booking, "rescheduled")
    _release(booking, old_start, old_held_until, held)


def _is_stale(booking: Booking, moment: datetime) -> bool:
    requested_at = booking.requested_at or booking.created_at
    expires_at = requested_at + timedelta(hours=booking.venue.pending_expiry_hours)
    return booking.start <= moment or expires_at <= moment


def expire_stale_requests() -> list[Booking]:
    """Expire pending requests left unanswered for pending_expiry_hours, or whose start has passed.

    Runs in the caller's transaction (the scheduler commits); returns the expired bookings.
    """
    moment = clock.now()
    candidates = db.session.scalars(
        select(Booking).where(Booking.status == PENDING,
                              or_(Booking.start <= moment, Booking.requested_at.is_(None),
                                  Booking.requested_at <= moment - timedelta(hours=1)))
        .order_by(Booking.venue_id, Booking.id)).all()
    expired = []
    for booking in (candidate for candidate in candidates if _is_stale(candidate, moment)):
        lock_venue(booking.venue_id)
        db.session.refresh(booking)
        if booking.status == PENDING and _is_stale(booking, moment):
            _change_status(booking, None, BookingStatus.EXPIRED, "expired")
            expired.append(booking)
    return expired


def _in_scope(user: User, scope: str) -> Select:
    """The caller's own bookings (mine) or those of the venues they manage (managed; admin: all)."""
    query = select(Booking)
    if scope == "mine":
        return query.where(Booking.creator_id == user.id)
    if user.is_admin:
        return query
    return query.where(Booking.venue_id.in_(managed_venue_ids(user.id)))


def approval_queue(user: User, limit: int) -> list[Booking]:
    """Pending requests at the venues the user manages (admin: all), the longest waiting first."""
    waiting_since = func.coalesce(Booking.requested_at, Booking.created_at)
    query = (_in_scope(user, "managed").where(Booking.status == PENDING.value)
             .order_by(waiting_since, Booking.id).limit(limit))
    return list(db.session.scalars(query))


def bookings_for(user: User, filters: dict, page: int, per_page: int) -> tuple[list[Booking], int]:
    """The caller's bookings (scope mine) or those of the venues they manage (scope managed; admin: all)."""
    query = _in_scope(user, filters.get("scope", "mine"))
    if "venue_id" in filters:
        query = query.where(Booking.venue_id == filters["venue_id"])
    if "status" in filters:
        query = query.where(Booking.status == filters["status"])
    if "from" in filters:
        query = query.where(Booking.end > filters["from"])
    if "to" in filters:
        query = query.where(Booking.start < filters["to"])
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Booking.start, Booking.id)
                              .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total
