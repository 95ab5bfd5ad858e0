"""What the notifications domain hears from the other domains.

Called inside the caller's transaction, so that every message is written (as an outbox
row) atomically with the change that causes it. Only outbox rows are written here: each
email, and the iTIP invitation it attaches, is composed when it is sent, from the booking as
it stands then.
"""

from collections.abc import Callable

from app.bookings.models import Booking, BookingStatus
from app.extensions import db
from app.notifications.outbox import first_reminders, new_message, queue_messages, sync_reminders
from app.notifications.waitlist import queue_offers

NOTIFICATION_KINDS = ("request_received", "confirmed", "rejected", "cancelled", "expired",
                      "rescheduled", "reminder", "waitlist_offer", "digest")
BOOKING_EVENT_KINDS = frozenset(NOTIFICATION_KINDS) - {"reminder", "waitlist_offer", "digest"}


def booking_created(booking: Booking) -> None:
    """A booking was made in this transaction: the messages of booking_changed() with
    `request_received` for a pending request or `confirmed`, without looking for reminder rows
    that a new booking cannot have yet."""
    kind = "request_received" if booking.status == BookingStatus.PENDING else "confirmed"
    _queue_messages_about(booking, kind, first_reminders)


def booking_changed(booking: Booking, kind: str) -> None:
    """A booking changed its time or status; `kind` is one of BOOKING_EVENT_KINDS.

    `request_received` goes to each of the venue's managers, every other kind to the creator.
    The booking's SEQUENCE is part of the dedupe key: one message per recipient per change.
    The booking's unsent reminders are moved to its new time, or cancelled once it is no
    longer confirmed.
    """
    if kind not in BOOKING_EVENT_KINDS:
        raise ValueError(f"not a booking event: {kind}")
    _queue_messages_about(booking, kind, sync_reminders)


def waitlist_entries_freed(entries: list) -> None:
    """Released time now fits these waitlist entries (in join order): an offer to each, sent in that order."""
    queue_offers(entries)


def _queue_messages_about(booking: Booking, kind: str, reminders: Callable[[Booking], list[dict]]) -> None:
    """The event's messages and the booking's missing reminders, in one statement."""
    db.session.flush()
    queue_messages(_event_messages(booking, kind) + reminders(booking))


def _event_messages(booking: Booking, kind: str) -> list[dict]:
    recipients = ([manager.id for manager in booking.venue.managers] if kind == "request_received"
                  else [booking.creator_id])
    return [new_message(kind, recipient_id, f"{kind}:{booking.id}:{recipient_id}:{booking.sequence}",
                        booking_id=booking.id, payload={"sequence": booking.sequence})
            for recipient_id in recipients]
