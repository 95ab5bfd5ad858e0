"""render_invitation: iTIP REQUEST and CANCEL messages for a booking's emails."""

import pytest

from app.bookings.models import BookingStatus
from app.calendars.invitations import render_invitation
from tests.calendars.ical_validation import assert_valid_calendar, property_values, unfolded_lines


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_FROM": "Shanghai Creator Spaces <bookings@spaces.test>"}


@pytest.fixture
def booking(make_venue, make_user, make_booking):
    venue = make_venue(name="West Bund Museum", name_zh="西岸美术馆", timezone="Asia/Shanghai")
    creator = make_user(display_name="王小红 Wang", email="wang@example.com")
    return make_booking(venue, creator, title="Gallery walkthrough")


def test_request_for_a_confirmed_booking(booking):
    data = render_invitation(booking, "REQUEST")
    [report] = assert_valid_calendar(data)  # libical checks the iTIP restrictions of METHOD:REQUEST
    assert property_values(data, "METHOD", "VCALENDAR") == ["REQUEST"]
    assert (report["events"][0]["status"], report["events"][0]["sequence"]) == ("CONFIRMED", 0)
    lines = unfolded_lines(data)
    assert 'ORGANIZER;CN="西岸美术馆 West Bund Museum":mailto:bookings@spaces.test' in lines
    [attendee] = [line for line in lines if line.startswith("ATTENDEE")]
    for part in ('CN="王小红 Wang"', "PARTSTAT=ACCEPTED", "RSVP=FALSE", "ROLE=REQ-PARTICIPANT",
                 ":mailto:wang@example.com"):
        assert part in attendee


def test_request_for_a_pending_booking_needs_action(booking, change_booking):
    change_booking(booking, status=BookingStatus.PENDING)
    data = render_invitation(booking, "REQUEST")
    [report] = assert_valid_calendar(data)
    assert b"PARTSTAT=NEEDS-ACTION" in data
    assert report["events"][0]["status"] == "TENTATIVE"


def test_cancel_outranks_every_request_sent_before_it(booking, change_booking):
    change_booking(booking, start=booking.start.replace(hour=3), end=booking.end.replace(hour=4))
    request = render_invitation(booking, "REQUEST")
    change_booking(booking, status=BookingStatus.CANCELLED)
    cancel = render_invitation(booking, "CANCEL")
    [request_report, cancel_report] = assert_valid_calendar(request, cancel)
    assert property_values(cancel, "METHOD", "VCALENDAR") == ["CANCEL"]
    assert cancel_report["events"][0]["status"] == "CANCELLED"
    assert cancel_report["events"][0]["uid"] == request_report["events"][0]["uid"]
    assert cancel_report["events"][0]["sequence"] > request_report["events"][0]["sequence"]


def test_rejected_and_expired_requests_are_withdrawn_too(booking, change_booking):
    change_booking(booking, status=BookingStatus.PENDING)
    change_booking(booking, status=BookingStatus.REJECTED)
    [report] = assert_valid_calendar(render_invitation(booking, "CANCEL"))
    assert report["events"][0]["status"] == "CANCELLED"


def test_the_methods_must_match_the_bookings_state(booking, change_booking):
    with pytest.raises(ValueError, match="still confirmed"):
        render_invitation(booking, "CANCEL")
    change_booking(booking, status=BookingStatus.CANCELLED)
    with pytest.raises(ValueError, match="send CANCEL"):
        render_invitation(booking, "REQUEST")


def test_the_same_booking_renders_the_same_bytes(booking):
    assert render_invitation(booking, "REQUEST") == render_invitation(booking, "REQUEST")
