"""What the notifications domain hears from the other domains.

Called inside the caller's transaction, so that every message is written (as an outbox
row) atomically with the change that causes it.
"""

NOTIFICATION_KINDS = ("request_received", "confirmed", "rejected", "cancelled", "expired",
                      "rescheduled", "reminder", "waitlist_offer", "digest")


def booking_changed(booking, kind: str) -> None:
    """A booking was created or changed its time or status; `kind` is one of NOTIFICATION_KINDS."""


def waitlist_entries_freed(entries: list) -> None:
    """Released time now fits these waitlist entries (in join order)."""
