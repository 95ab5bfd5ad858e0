"""Every model, imported so that the metadata (and Alembic) sees all tables."""

from app.auth.models import ApiToken, User
from app.bookings.models import Booking, BookingEvent, BookingSeries, WaitlistEntry
from app.calendars import stamps  # noqa: F401  (its listener stamps the feeds on every flush)
from app.calendars.models import FeedSecret, FeedStamp
from app.idempotency import IdempotencyKey
from app.notifications.models import OutboxMessage, SchedulerHeartbeat, SpentDecisionLink
from app.venues.models import Closure, OpeningHours, Venue, VenueAmenity, venue_managers

__all__ = ["ApiToken", "Booking", "BookingEvent", "BookingSeries", "Closure", "FeedSecret", "FeedStamp",
           "IdempotencyKey", "OpeningHours", "OutboxMessage", "SchedulerHeartbeat", "SpentDecisionLink",
           "User", "Venue", "VenueAmenity", "WaitlistEntry", "venue_managers"]
