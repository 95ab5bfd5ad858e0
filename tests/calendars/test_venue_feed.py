"""GET /feeds/venues/{slug}.ics: a venue's held time for anyone, as busy blocks only."""

from datetime import UTC, datetime, timedelta

from app.auth.models import Role
from app.bookings.models import BookingStatus
from tests.calendars.conftest import TOMORROW_10H
from tests.calendars.ical_validation import assert_valid_calendar, property_values


def fetch(client, slug: str) -> bytes:
    response = client.get(f"/feeds/venues/{slug}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Disposition"] == f'inline; filename="{slug}.ics"'
    return response.data


def test_held_time_is_shown_as_busy_with_buffer(client, make_venue, make_user, make_booking):
    venue = make_venue(slug="bund", name="The Bund", name_zh="外滩", buffer_minutes=30)
    booking = make_booking(venue, make_user())
    data = fetch(client, "bund")
    [report] = assert_valid_calendar(data)
    assert report["events"] == [{
        "uid": f"busy-{booking.id}@spaces.test", "sequence": 0, "status": "CONFIRMED",
        "start": "2026-12-02T02:00:00+00:00", "end": "2026-12-02T03:30:00+00:00"}]
    assert property_values(data, "SUMMARY") == ["占用 Busy"]
    assert property_values(data, "TRANSP") == ["OPAQUE"]
    assert property_values(data, "NAME", "VCALENDAR") == ["外滩 The Bund"]
    assert property_values(data, "X-WR-CALNAME", "VCALENDAR") == ["外滩 The Bund"]


def test_no_personal_data_reaches_the_public_feed(client, make_venue, make_user, make_booking):
    venue = make_venue(slug="studio")
    creator = make_user(display_name="Zhang Xiaoming", email="xiaoming@example.com")
    make_booking(venue, creator, title="Secret product launch", notes="Door code 4711")
    make_booking(venue, creator, TOMORROW_10H + timedelta(hours=2), status=BookingStatus.PENDING,
                 title="Teaser", notes="Call Xiaoming")
    data = fetch(client, "studio")
    assert len(property_values(data, "UID")) == 2
    for private in ("Zhang", "Xiaoming", "xiaoming@example.com", "Secret product launch", "Door code",
                    "Teaser", "/bookings/", "ATTENDEE", "ORGANIZER", "DESCRIPTION"):
        assert private.encode() not in data, private


def test_only_bookings_that_hold_time_are_shown(client, make_venue, make_user, make_booking, change_booking):
    venue = make_venue(slug="museum", competing_requests=True)
    creator = make_user()
    held = make_booking(venue, creator)
    make_booking(venue, creator, status=BookingStatus.PENDING)  # a competing request holds nothing
    change_booking(make_booking(venue, creator, TOMORROW_10H + timedelta(hours=3)),
                   status=BookingStatus.CANCELLED)
    assert property_values(fetch(client, "museum"), "UID") == [f"busy-{held.id}@spaces.test"]


def test_venue_in_paris_has_its_vtimezone_and_right_times_across_dst(client, make_venue, make_user,
                                                                    make_booking):
    venue = make_venue(slug="paris", name="Atelier", timezone="Europe/Paris")
    creator = make_user()
    winter = make_booking(venue, creator, datetime(2027, 3, 27, 8, 0, tzinfo=UTC))  # 09:00 CET
    summer = make_booking(venue, creator, datetime(2027, 3, 28, 7, 0, tzinfo=UTC))  # 09:00 CEST
    data = fetch(client, "paris")
    assert property_values(data, "TZID", "VTIMEZONE") == ["Europe/Paris"]
    assert property_values(data, "DTSTART") == ["20270327T090000", "20270328T090000"]
    assert b"DTSTART;TZID=Europe/Paris:20270328T090000" in data
    # The onset of summer time in the local time before the change (RFC 5545 3.6.5).
    assert "20270328T020000" in property_values(data, "DTSTART", "DAYLIGHT")
    [report] = assert_valid_calendar(data)
    assert [(e["uid"], e["start"]) for e in report["events"]] == [
        (f"busy-{winter.id}@spaces.test", "2027-03-27T08:00:00+00:00"),
        (f"busy-{summer.id}@spaces.test", "2027-03-28T07:00:00+00:00")]


def test_a_venue_without_bookings_still_gives_a_valid_calendar(client, make_venue):
    make_venue(slug="empty")
    assert_valid_calendar(fetch(client, "empty"))


def test_unknown_venue_is_404(client):
    response = client.get("/feeds/venues/nowhere.ics")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_a_manager_booking_of_their_own_venue_is_still_anonymous(client, make_venue, make_user,
                                                                 make_booking):
    manager = make_user(Role.MANAGER, display_name="Venue Boss")
    venue = make_venue(slug="own", managers=[manager])
    make_booking(venue, manager, title="Maintenance by Venue Boss")
    assert b"Boss" not in fetch(client, "own")


def test_the_repeated_hour_when_summer_time_ends_is_not_mistaken(client, make_venue, make_user,
                                                                 make_booking):
    venue = make_venue(slug="night", timezone="Europe/Paris")
    creator = make_user()
    first = make_booking(venue, creator, datetime(2027, 10, 31, 0, 30, tzinfo=UTC), minutes=30)  # 02:30 CEST
    second = make_booking(venue, creator, datetime(2027, 10, 31, 1, 30, tzinfo=UTC), minutes=30)  # 02:30 CET
    data = fetch(client, "night")
    assert property_values(data, "DTSTART") == ["20271031T003000Z", "20271031T013000Z"]
    assert property_values(data, "DTEND") == ["20271031T010000Z", "20271031T030000"]
    [report] = assert_valid_calendar(data)
    assert [(e["uid"], e["start"], e["end"]) for e in report["events"]] == [
        (f"busy-{first.id}@spaces.test", "2027-10-31T00:30:00+00:00", "2027-10-31T01:00:00+00:00"),
        (f"busy-{second.id}@spaces.test", "2027-10-31T01:30:00+00:00", "2027-10-31T02:00:00+00:00")]
