"""What the notifications domain hears from the other domains.

Called inside the caller's transaction, so that every message is written (as an outbox
row) atomically with the change that causes it.
"""

from app.extensions import db
from app.notifications.outbox import queue, sync_reminders
from app.notifications.waitlist import queue_offers

NOTIFICATION_KINDS = ("request_received", "confirmed", "rejected", "cancelled", "expired",
                      "rescheduled", "reminder", "waitlist_offer", "digest")
BOOKING_EVENT_KINDS = frozenset(NOTIFICATION_KINDS) - {"reminder", "waitlist_offer", "digest"}


def booking_changed(booking, kind: str) -> None:
    """A booking was created or changed its time or status; `kind` is one of NOTIFICATION_KINDS.

    `request_received` goes to each of the venue's managers, every other kind to the creator.
    The booking's SEQUENCE is part of the dedupe key: one message per recipient per change.
    """
    if kind not in BOOKING_EVENT_KINDS:
        raise ValueError(f"not a booking event: {kind}")
    db.session.flush()
    recipients = ([manager.id for manager in booking.venue.managers] if kind == "request_received"
                  else [booking.creator_id])
    for recipient_id in recipients:
        queue(kind, recipient_id, f"{kind}:{booking.id}:{recipient_id}:{booking.sequence}",
              booking_id=booking.id, payload={"sequence": booking.sequence})
    sync_reminders(booking)


def waitlist_entries_freed(entries: list) -> None:
    """Released time now fits these waitlist entries (in join order): an offer to each, sent in that order."""
    queue_offers(entries)
