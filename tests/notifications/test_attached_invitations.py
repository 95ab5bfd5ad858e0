"""The iTIP invitation an email attaches is rendered when the email is sent, from the booking as
it stands then: a message queued before a later change carries that change."""

from datetime import timedelta

from app.bookings import service
from app.extensions import db
from app.notifications.dispatch import drain
from app.notifications.outbox import queue
from tests.calendars.ical_validation import assert_valid_calendar, property_values
from tests.notifications.helpers import attached_invitation


def test_a_confirmation_not_sent_before_the_cancellation_is_skipped_for_the_cancel(
        book, creator, venue, smtp_sink):
    booking = book(creator, venue)
    service.cancel_booking(creator, booking.id, "plans changed")
    db.session.commit()

    drain("a")

    assert smtp_sink.of_kind("confirmed") == []
    [cancellation] = smtp_sink.of_kind("cancelled")
    invitation = attached_invitation(cancellation)
    [report] = assert_valid_calendar(invitation)
    assert property_values(invitation, "METHOD", "VCALENDAR") == ["CANCEL"]
    assert (report["events"][0]["status"], report["events"][0]["sequence"]) == ("CANCELLED", 1)


def test_a_reminder_after_a_reschedule_invites_to_the_new_time(book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue, "2026-12-03T10:00", "2026-12-03T12:00")
    service.update_booking(creator, booking.id, {"start": booking.start + timedelta(days=1),
                                                 "end": booking.end + timedelta(days=1)})
    db.session.commit()
    clock.set(booking.start - timedelta(minutes=50))

    drain("a")

    [reminder] = smtp_sink.of_kind("reminder")
    invitation = attached_invitation(reminder)
    [report] = assert_valid_calendar(invitation)
    assert property_values(invitation, "METHOD", "VCALENDAR") == ["REQUEST"]
    assert property_values(invitation, "DTSTART") == ["20261204T100000"]
    assert (report["events"][0]["status"], report["events"][0]["sequence"]) == ("CONFIRMED", 1)


def test_an_invitation_stored_in_the_payload_by_an_older_version_is_ignored(book, creator, venue, smtp_sink):
    booking = book(creator, venue)
    queue("rescheduled", creator.id, "rescheduled:queued-by-an-older-version", booking_id=booking.id,
          payload={"sequence": 0, "method": "REQUEST", "invitation": "BEGIN:VCALENDAR\r\nstale"})
    db.session.commit()

    drain("a")

    [email] = smtp_sink.of_kind("rescheduled")
    invitation = attached_invitation(email)
    assert_valid_calendar(invitation)
    assert property_values(invitation, "METHOD", "VCALENDAR") == ["REQUEST"]
    assert "stale" not in invitation.decode()
