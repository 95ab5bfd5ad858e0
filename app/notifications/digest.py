"""The managers' daily digest of pending requests: at most one per manager per local day."""

from zoneinfo import ZoneInfo

from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.bookings.models import Booking, BookingStatus
from app.extensions import db
from app.notifications.outbox import queue
from app.notifications.settings import setting
from app.venues.models import venue_managers


def queue_daily_digests() -> int:
    """Queue today's digest for every manager with pending requests whose local day has reached
    NOTIFY_DIGEST_HOUR; the dedupe key (manager, local date) makes repeats no-ops. Commits."""
    now = clock.now()
    queued = 0
    for manager in _managers_with_pending_requests():
        local_now = now.astimezone(ZoneInfo(manager.timezone))
        if local_now.hour < setting("NOTIFY_DIGEST_HOUR"):
            continue
        day = local_now.date().isoformat()
        queue("digest", manager.id, f"digest:{manager.id}:{day}", payload={"day": day})
        queued += 1
    db.session.commit()
    return queued


def _managers_with_pending_requests() -> list[User]:
    with_pending = (select(venue_managers.c.user_id)
                    .join(Booking, Booking.venue_id == venue_managers.c.venue_id)
                    .where(Booking.status == BookingStatus.PENDING, Booking.start > clock.now()))
    return list(db.session.scalars(select(User).where(User.id.in_(with_pending), User.is_active)
                                   .order_by(User.id)))
