"""Writing messages into the outbox: at most one row per message, whatever retries the caller makes."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.bookings.models import Booking, BookingStatus
from app.extensions import db
from app.notifications.models import MessageStatus, OutboxMessage


def queue(kind: str, recipient_id: int, dedupe_key: str, *, booking_id: int | None = None,
          due_at: datetime | None = None, payload: dict | None = None) -> None:
    """Add a message unless one with the same dedupe_key already exists (sent or not)."""
    moment = clock.now()
    values = {"kind": kind, "recipient_id": recipient_id, "dedupe_key": dedupe_key,
              "booking_id": booking_id, "due_at": due_at or moment, "payload": payload or {},
              "status": MessageStatus.PENDING, "attempts": 0, "last_error": "", "skip_reason": "",
              "created_at": moment}
    db.session.execute(_insert_ignoring_duplicates(values))


def _insert_ignoring_duplicates(values: dict):
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(OutboxMessage).values(**values).on_conflict_do_nothing(
        index_elements=["dedupe_key"])


def reminder_key(booking: Booking, minutes: int) -> str:
    # The start is part of the key: after a reschedule the new time earns its own reminders.
    return f"reminder:{booking.id}:{minutes}:{booking.start:%Y%m%dT%H%M%SZ}"


def wanted_reminders(booking: Booking) -> dict[int, datetime]:
    """Minutes before start -> due time, for the reminders this booking should still get.

    Only confirmed bookings are reminded: a pending request gets its reminders once approved,
    so that nobody is reminded of a time that may never be granted.
    """
    if booking.status != BookingStatus.CONFIRMED:
        return {}
    moment = clock.now()
    due = {minutes: booking.start - timedelta(minutes=minutes)
           for minutes in booking.creator.reminder_minutes or []}
    return {minutes: due_at for minutes, due_at in due.items() if due_at > moment}


def sync_reminders(booking: Booking, invitation: str) -> None:
    """Move, cancel or add this booking's unsent reminders to match its current time and status.

    `invitation` is the booking's iTIP REQUEST as of now, which the reminders attach.
    """
    wanted = wanted_reminders(booking)
    rows = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.booking_id == booking.id, OutboxMessage.kind == "reminder")).all()
    taken_keys = {row.dedupe_key for row in rows}
    for row in rows:
        if row.status != MessageStatus.PENDING:
            continue
        minutes = row.payload["minutes"]
        new_key = reminder_key(booking, minutes)
        if minutes in wanted and (new_key == row.dedupe_key or new_key not in taken_keys):
            row.due_at, row.dedupe_key = wanted.pop(minutes), new_key
            row.payload = reminder_payload(minutes, invitation)
            taken_keys.add(new_key)
        else:
            row.status, row.skip_reason = MessageStatus.CANCELLED, f"booking {booking.status}"
    db.session.flush()
    for minutes, due_at in wanted.items():
        queue("reminder", booking.creator_id, reminder_key(booking, minutes), booking_id=booking.id,
              due_at=due_at, payload=reminder_payload(minutes, invitation))


def reminder_payload(minutes: int, invitation: str) -> dict:
    return {"minutes": minutes, "method": "REQUEST", "invitation": invitation}
