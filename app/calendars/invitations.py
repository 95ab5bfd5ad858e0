"""iTIP invitations (RFC 5546) for a booking, which the notification emails attach.

An invitation is rendered when its email is composed for sending, from the booking's state and
SEQUENCE at that moment (never stored with the queued message), so even an email queued before
later changes carries the latest:
- REQUEST while the booking is open (confirmed, or changed and awaiting approval again);
- CANCEL once it is cancelled, rejected or expired.
The change of status that closes a booking increments its SEQUENCE (the bookings service does
so for every change of time or status), and a REQUEST is refused for a closed booking, so a
CANCEL always carries a higher SEQUENCE than every REQUEST sent before it and calendar apps
accept it.
"""

from email.utils import parseaddr
from typing import Literal

from flask import current_app
from icalendar import vCalAddress

from app.bookings.models import Booking, BookingStatus
from app.calendars import ical

Method = Literal["REQUEST", "CANCEL"]
INVITATION_MIMETYPE = "text/calendar"


def render_invitation(booking: Booking, method: Method) -> bytes:
    """The booking as an iTIP message from the venue (ORGANIZER) to its creator (ATTENDEE)."""
    is_open = BookingStatus(booking.status).is_open
    if method == "REQUEST" and not is_open:
        raise ValueError(f"booking {booking.id} is {booking.status}: send CANCEL, not REQUEST")
    if method == "CANCEL" and is_open:
        raise ValueError(f"booking {booking.id} is still {booking.status}: close it before CANCEL")
    calendar = ical.new_calendar(method=method)
    ical.add_timezones(calendar, [booking], (booking.venue.timezone, booking.start.year))
    event = ical.booking_event(booking, ical.private_text(booking, booking.creator_id))
    event.add("ORGANIZER", _organizer(booking))
    event.add("ATTENDEE", _attendee(booking))
    calendar.add_component(event)
    return calendar.to_ical()


def _organizer(booking: Booking) -> vCalAddress:
    _name, address = parseaddr(current_app.config["MAIL_FROM"])
    return vCalAddress.new(address, cn=ical.venue_label(booking.venue))


def _attendee(booking: Booking) -> vCalAddress:
    confirmed = booking.status == BookingStatus.CONFIRMED
    return vCalAddress.new(
        booking.creator.email, cn=booking.creator.display_name, cutype="INDIVIDUAL",
        role="REQ-PARTICIPANT", partstat="ACCEPTED" if confirmed else "NEEDS-ACTION", rsvp=False)
