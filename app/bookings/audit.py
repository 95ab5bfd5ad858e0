"""The audit trail of bookings: one BookingEvent per change, with who made it."""

from datetime import datetime

from sqlalchemy import insert, select

from app import clock
from app.auth.models import User
from app.bookings.models import Booking, BookingEvent
from app.extensions import db


def _moment(value: datetime) -> str:
    return value.isoformat()


def time_changes(old_start: datetime, old_end: datetime, booking: Booking) -> dict:
    """The {"start": [old, new], "end": [old, new]} record of a change of time (UTC ISO strings)."""
    return {"start": [_moment(old_start), _moment(booking.start)],
            "end": [_moment(old_end), _moment(booking.end)]}


# Built once: every change of a booking writes one, and it is never read back in the same transaction.
_INSERT_EVENT = insert(BookingEvent.__table__)


def record(booking: Booking, actor: User | None, action: str, from_status: str | None,
           changes: dict | None = None) -> None:
    """Append one entry to the booking's trail (the booking must have been flushed: it needs its id)."""
    db.session.execute(_INSERT_EVENT, {
        "booking_id": booking.id, "actor_id": actor.id if actor else None, "action": action,
        "from_status": from_status, "to_status": booking.status, "changes": changes or {},
        "created_at": clock.now()})


def events_of(booking: Booking) -> list[BookingEvent]:
    return list(db.session.scalars(select(BookingEvent).where(BookingEvent.booking_id == booking.id)
                                   .order_by(BookingEvent.created_at, BookingEvent.id)))
