"""Writing messages into the outbox: at most one row per message, whatever retries the caller makes."""

from datetime import datetime, timedelta
from operator import itemgetter

from sqlalchemy import Insert, select

from app import clock
from app.bookings.models import Booking, BookingStatus
from app.database import per_dialect
from app.extensions import db
from app.notifications.models import MessageStatus, OutboxMessage


def queue(kind: str, recipient_id: int, dedupe_key: str, *, booking_id: int | None = None,
          due_at: datetime | None = None, payload: dict | None = None) -> None:
    """Add a message unless one with the same dedupe_key already exists (sent or not)."""
    queue_messages([new_message(kind, recipient_id, dedupe_key, booking_id=booking_id, due_at=due_at,
                                payload=payload)])


def new_message(kind: str, recipient_id: int, dedupe_key: str, *, booking_id: int | None = None,
                due_at: datetime | None = None, payload: dict | None = None) -> dict:
    """The column values of one pending outbox row, for queue_messages(); due now unless `due_at`."""
    moment = clock.now()
    return {"kind": kind, "recipient_id": recipient_id, "dedupe_key": dedupe_key,
            "booking_id": booking_id, "due_at": due_at or moment, "payload": payload or {},
            "status": MessageStatus.PENDING, "attempts": 0, "last_error": "", "skip_reason": "",
            "created_at": moment}


def queue_messages(messages: list[dict]) -> None:
    """Add each message (from new_message()) unless its dedupe_key exists, all in one statement.

    Inserted in dedupe_key order, so that two transactions queueing the same messages take
    their unique-index locks in the same order.
    """
    if messages:
        statement = _INSERT_IGNORING_DUPLICATES[db.session.get_bind().dialect.name]
        db.session.execute(statement, sorted(messages, key=itemgetter("dedupe_key")))


def _insert_ignoring_duplicates(dialect) -> Insert:
    # RETURNING (whose ids go unused) makes SQLAlchemy send the rows as one multi-row INSERT
    # ("insertmanyvalues") instead of a pipeline of one statement per row, which cost a
    # third more. Its values come from the parameter dicts it is executed with.
    table = OutboxMessage.__table__
    return dialect.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(table.c.id)


# Built once: constructing the statement cost more than executing it.
_INSERT_IGNORING_DUPLICATES = per_dialect(_insert_ignoring_duplicates)


def reminder_key(booking: Booking, minutes: int) -> str:
    # The start is part of the key: after a reschedule the new time earns its own reminders.
    return f"reminder:{booking.id}:{minutes}:{booking.start:%Y%m%dT%H%M%SZ}"


def reminder_payload(minutes: int) -> dict:
    return {"minutes": minutes}


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


def first_reminders(booking: Booking) -> list[dict]:
    """The reminders of a booking created in this transaction, for queue_messages(). It cannot
    have reminder rows yet, so none are looked up."""
    return _reminder_messages(booking, wanted_reminders(booking))


def sync_reminders(booking: Booking) -> list[dict]:
    """Move or cancel this booking's unsent reminder rows to match its current time and status;
    the reminders it still lacks, for queue_messages()."""
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
            row.payload = reminder_payload(minutes)  # drops an invitation older versions stored
            taken_keys.add(new_key)
        else:
            row.status, row.skip_reason = MessageStatus.CANCELLED, f"booking {booking.status}"
    # The moved keys are written before the missing reminders are inserted next to them.
    db.session.flush()
    return _reminder_messages(booking, wanted)


def _reminder_messages(booking: Booking, wanted: dict[int, datetime]) -> list[dict]:
    return [new_message("reminder", booking.creator_id, reminder_key(booking, minutes), booking_id=booking.id,
                        due_at=due_at, payload=reminder_payload(minutes))
            for minutes, due_at in wanted.items()]
