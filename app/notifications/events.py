"""What the notifications domain hears from the other domains.

Called inside the caller's transaction, so that every message is written (as an outbox
row) atomically with the change that causes it.
"""

from app.calendars.invitations import render_invitation
from app.extensions import db
from app.notifications.outbox import queue, sync_reminders
from app.notifications.waitlist import queue_offers

NOTIFICATION_KINDS = ("request_received", "confirmed", "rejected", "cancelled", "expired",
                      "rescheduled", "reminder", "waitlist_offer", "digest")
BOOKING_EVENT_KINDS = frozenset(NOTIFICATION_KINDS) - {"reminder", "waitlist_offer", "digest"}
CANCELLING_KINDS = frozenset({"cancelled", "rejected", "expired"})


def booking_changed(booking, kind: str) -> None:
    """A booking was created or changed its time or status; `kind` is one of NOTIFICATION_KINDS.

    `request_received` goes to each of the venue's managers, every other kind to the creator.
    The booking's SEQUENCE is part of the dedupe key: one message per recipient per change.
    The iTIP invitation is rendered now, so that it carries the state and SEQUENCE of this change
    even if the booking changes again before the message is sent.
    """
    if kind not in BOOKING_EVENT_KINDS:
        raise ValueError(f"not a booking event: {kind}")
    db.session.flush()
    recipients = ([manager.id for manager in booking.venue.managers] if kind == "request_received"
                  else [booking.creator_id])
    method = "CANCEL" if kind in CANCELLING_KINDS else "REQUEST"
    payload = {"sequence": booking.sequence, "method": method,
               "invitation": render_invitation(booking, method).decode()}
    for recipient_id in recipients:
        queue(kind, recipient_id, f"{kind}:{booking.id}:{recipient_id}:{booking.sequence}",
              booking_id=booking.id, payload=payload)
    sync_reminders(booking, payload["invitation"] if method == "REQUEST" else "")


def waitlist_entries_freed(entries: list) -> None:
    """Released time now fits these waitlist entries (in join order): an offer to each, sent in that order."""
    queue_offers(entries)
