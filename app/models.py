"""Every model, imported so that the metadata (and Alembic) sees all tables."""

from app.auth.models import ApiToken, User
from app.bookings.models import Booking, BookingSeries
from app.calendars.models import FeedSecret
from app.venues.models import Closure, OpeningHours, Venue, VenueAmenity, venue_managers

__all__ = ["ApiToken", "Booking", "BookingSeries", "Closure", "FeedSecret", "OpeningHours", "User", "Venue",
           "VenueAmenity", "venue_managers"]
