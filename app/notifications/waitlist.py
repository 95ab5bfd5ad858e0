"""Waitlist offers: queued in join order when time frees up, re-checked when they are sent."""

from urllib.parse import urlencode

from flask import current_app

from app import clock
from app.bookings.models import WaitlistEntry
from app.bookings.rules import check_booking
from app.extensions import db
from app.notifications.formatting import format_span, venue_name
from app.notifications.models import OutboxMessage
from app.notifications.outbox import queue


def queue_offers(entries: list[WaitlistEntry]) -> None:
    """One offer per entry; rows are numbered in the given (join) order, and sent in that order."""
    for entry in entries:
        offered = (entry.offered_at or clock.now()).strftime("%Y%m%dT%H%M%SZ")
        queue("waitlist_offer", entry.creator_id, f"waitlist_offer:{entry.id}:{offered}",
              payload={"entry_id": entry.id})


def reason_offer_is_stale(message: OutboxMessage) -> str:
    """Why the offer is no longer true at send time ('' when it still is)."""
    entry = db.session.get(WaitlistEntry, message.payload["entry_id"])
    if entry is None:
        return "waitlist entry withdrawn"
    if entry.start <= clock.now():
        return "the time has passed"
    violations, _schedule = check_booking(entry.venue, entry.start, entry.end, creator_id=entry.creator_id)
    return "the time is no longer free" if violations else ""


def offer_context(message: OutboxMessage, locale: str) -> dict:
    entry = db.session.get(WaitlistEntry, message.payload["entry_id"])
    query = urlencode({"start": entry.start.isoformat(), "end": entry.end.isoformat()})
    return {"venue_name": venue_name(entry.venue, locale),
            "when": format_span(entry.start, entry.end, entry.venue.timezone, locale),
            "book_url": f"{current_app.config['BASE_URL']}/venues/{entry.venue.slug}?{query}"}
