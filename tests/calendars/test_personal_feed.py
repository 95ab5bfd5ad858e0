"""GET /feeds/{secret}.ics: a user's bookings, and for a manager every booking of their venues."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from app.auth.models import Role
from app.bookings.models import BookingStatus
from app.extensions import db
from tests.calendars.conftest import TOMORROW_10H
from tests.calendars.ical_validation import assert_valid_calendar, event_uids, property_values


@pytest.fixture
def bund(make_venue):
    return make_venue(name="The Bund", name_zh="外滩", slug="the-bund",
                      address="中山东一路 Zhongshan East 1st Rd", latitude=31.2400, longitude=121.4900)


@pytest.fixture
def creator(make_user):
    return make_user(display_name="Lin Wei", email="lin.wei@example.com")


def fetch(client, path) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data


def test_feed_lists_own_open_bookings_in_time_order(client, bund, creator, make_booking, feed_url_of):
    later = make_booking(bund, creator, TOMORROW_10H + timedelta(days=2), title="Lookbook")
    pending = make_booking(bund, creator, TOMORROW_10H, status=BookingStatus.PENDING, title="拍摄 Vlog")
    data = fetch(client, feed_url_of(creator))
    [report] = assert_valid_calendar(data)
    assert [e["uid"] for e in report["events"]] == [
        f"booking-{pending.id}@spaces.test", f"booking-{later.id}@spaces.test"]
    assert [e["status"] for e in report["events"]] == ["TENTATIVE", "CONFIRMED"]
    assert property_values(data, "SUMMARY") == ["拍摄 Vlog", "Lookbook"]


def test_event_carries_venue_zone_location_link_and_data_stamps(client, bund, creator, make_booking,
                                                                 feed_url_of):
    booking = make_booking(bund, creator, notes="Bring the tripod")
    data = fetch(client, feed_url_of(creator))
    assert property_values(data, "DTSTART") == ["20261202T100000"]
    assert b"DTSTART;TZID=Asia/Shanghai:20261202T100000\r\n" in data
    assert b"DTEND;TZID=Asia/Shanghai:20261202T110000\r\n" in data
    assert property_values(data, "DTSTAMP") == ["20261201T010000Z"]
    assert property_values(data, "SEQUENCE") == ["0"]
    assert property_values(data, "LOCATION") == ["外滩 The Bund\\, 中山东一路 Zhongshan East 1st Rd"]
    assert property_values(data, "GEO") == ["31.24;121.49"]
    assert property_values(data, "URL") == [f"https://spaces.test/bookings/{booking.id}"]
    assert "Bring the tripod" in property_values(data, "DESCRIPTION")[0]
    [report] = assert_valid_calendar(data)
    assert report["events"][0]["start"] == "2026-12-02T02:00:00+00:00"


def test_calendar_properties_for_subscribers(client, creator, feed_url_of):
    data = fetch(client, feed_url_of(creator))
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in data
    assert property_values(data, "NAME", "VCALENDAR") == property_values(data, "X-WR-CALNAME", "VCALENDAR")
    assert property_values(data, "UID", "VCALENDAR") == [f"feed-user-{creator.id}@spaces.test"]
    assert b"METHOD" not in data
    assert_valid_calendar(data)  # even empty: it still has the VTIMEZONE component


def test_closed_bookings_leave_the_feed(client, bund, creator, make_booking, change_booking, feed_url_of):
    kept = make_booking(bund, creator, TOMORROW_10H)
    for status in (BookingStatus.CANCELLED, BookingStatus.REJECTED, BookingStatus.EXPIRED):
        change_booking(make_booking(bund, creator, TOMORROW_10H + timedelta(hours=2)), status=status)
    assert event_uids(fetch(client, feed_url_of(creator))) == [f"booking-{kept.id}@spaces.test"]


def test_cancelling_removes_the_event(client, bund, creator, make_booking, change_booking, feed_url_of):
    booking = make_booking(bund, creator)
    path = feed_url_of(creator)
    assert event_uids(fetch(client, path)) == [f"booking-{booking.id}@spaces.test"]
    change_booking(booking, status=BookingStatus.CANCELLED)
    assert event_uids(fetch(client, path)) == []


def test_sequence_grows_with_each_change_of_time_or_status(client, bund, creator, make_booking,
                                                          change_booking, feed_url_of):
    booking = make_booking(bund, creator, status=BookingStatus.PENDING)
    path = feed_url_of(creator)
    change_booking(booking, status=BookingStatus.CONFIRMED)
    data = fetch(client, path)
    assert property_values(data, "SEQUENCE") == ["1"]
    assert property_values(data, "STATUS") == ["CONFIRMED"]
    change_booking(booking, start=booking.start + timedelta(hours=1), end=booking.end + timedelta(hours=1))
    data = fetch(client, path)
    assert property_values(data, "SEQUENCE") == ["2"]
    assert property_values(data, "DTSTART") == ["20261202T110000"]
    assert property_values(data, "DTSTAMP") == ["20261201T011000Z"]
    assert_valid_calendar(data)


def test_window_starts_thirty_days_back(client, bund, creator, make_booking, feed_url_of):
    make_booking(bund, creator, TOMORROW_10H - timedelta(days=32))
    recent = make_booking(bund, creator, TOMORROW_10H - timedelta(days=29))
    assert event_uids(fetch(client, feed_url_of(creator))) == [f"booking-{recent.id}@spaces.test"]


def test_other_users_bookings_are_not_shown(client, bund, creator, make_user, make_booking, feed_url_of):
    make_booking(bund, make_user())
    assert event_uids(fetch(client, feed_url_of(creator))) == []


def test_manager_sees_every_booking_of_their_venues(client, make_venue, make_user, creator, make_booking,
                                                    feed_url_of):
    manager = make_user(Role.MANAGER, display_name="Venue Boss")
    managed = make_venue(managers=[manager], competing_requests=True)
    elsewhere = make_venue()
    pending = make_booking(managed, creator, status=BookingStatus.PENDING, title="Request")
    confirmed = make_booking(managed, creator, TOMORROW_10H + timedelta(hours=3), title="Approved")
    make_booking(elsewhere, creator)
    own = make_booking(elsewhere, manager, TOMORROW_10H + timedelta(days=1), title="My own")
    data = fetch(client, feed_url_of(manager))
    [report] = assert_valid_calendar(data)
    assert [(e["uid"], e["status"]) for e in report["events"]] == [
        (f"booking-{pending.id}@spaces.test", "TENTATIVE"),
        (f"booking-{confirmed.id}@spaces.test", "CONFIRMED"),
        (f"booking-{own.id}@spaces.test", "CONFIRMED")]
    description = property_values(data, "DESCRIPTION")[0]
    assert "Lin Wei" in description and "lin.wei@example.com" in description


def test_unchanged_feed_is_byte_for_byte_identical(client, clock, bund, creator, make_booking, feed_url_of):
    make_booking(bund, creator, title="外滩夜景拍摄 " * 12, notes="很长的备注 " * 30)
    path = feed_url_of(creator)
    first = fetch(client, path)
    clock.advance(minutes=45)
    assert fetch(client, path) == first
    assert_valid_calendar(first)


def test_feed_takes_the_same_two_queries_whatever_its_size(app, client, make_venue, make_user,
                                                             make_booking, feed_url_of):
    manager = make_user(Role.MANAGER)
    venues = [make_venue(managers=[manager]), make_venue(managers=[manager])]
    path = feed_url_of(manager)
    make_booking(venues[0], make_user())
    few = count_queries(app, lambda: fetch(client, path))
    for hour in range(1, 9):
        make_booking(venues[hour % 2], make_user(), TOMORROW_10H + timedelta(hours=hour))
    many = count_queries(app, lambda: fetch(client, path))
    assert many == few == 2  # the secret with the feed's stamp, the bookings with venues and creators
    etag = client.get(path).headers["ETag"]
    unchanged = count_queries(app, lambda: client.get(path, headers={"If-None-Match": etag}))
    assert unchanged == 1


def count_queries(app, action) -> int:
    statements = []

    def record(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)
