"""Booking from the pages, once or weekly; my bookings with cancel, change, .ics, the feed and
the waiting list; rule violations as readable messages in both languages."""

from datetime import UTC, datetime

import pytest

from app.bookings import service as bookings
from app.bookings.models import Booking, WaitlistEntry
from app.calendars.models import FeedSecret
from app.extensions import db
from tests.web.conftest import page_text

TEN_TO_ELEVEN = {"title": "Lookbook", "start": "2026-12-02T10:00", "end": "2026-12-02T11:00",
                 "party_size": "2"}


@pytest.fixture
def studio(make_venue, make_user):
    return make_venue(name="Light Box Studio", name_zh="光盒摄影棚", requires_approval=True, capacity=6,
                      managers=[make_user(role="manager")])


@pytest.fixture
def creator(make_user):
    return make_user(display_name="Lin")


@pytest.fixture
def signed_in(sign_in_as, creator):
    return sign_in_as(creator)


def take(venue, user, start: datetime, end: datetime) -> None:
    """Someone else books [start, end) (local times) through the booking service."""
    bookings.create_booking(user, {"venue_id": venue.id, "title": "Other", "start": start, "end": end})
    db.session.commit()


def in_chinese(user):
    """Signed-in pages follow the language of the profile."""
    user.locale = "zh-CN"
    db.session.commit()


def only_booking() -> Booking:
    return db.session.scalars(db.select(Booking)).one()


def test_booking_form_needs_a_signed_in_user(client, studio):
    response = client.get(f"/venues/{studio.id}/book")
    assert response.headers["Location"].startswith("/signin?next=")


@pytest.mark.parametrize("locale, heading", [("en", "Book Light Box Studio"), ("zh-CN", "预订 光盒摄影棚")])
def test_booking_form_is_prefilled_from_the_chosen_slot(signed_in, creator, studio, locale, heading):
    creator.locale = locale
    db.session.commit()
    response = signed_in.get(f"/venues/{studio.id}/book?start=2026-12-02T10:00&end=2026-12-02T11:00")
    html = response.get_data(as_text=True)
    assert heading in page_text(response)
    assert 'value="2026-12-02T10:00"' in html and 'value="2026-12-02T11:00"' in html


def test_booking_a_free_slot_sends_a_request_shown_as_pending(signed_in, studio, creator):
    response = signed_in.post(f"/venues/{studio.id}/book", data=TEN_TO_ELEVEN, follow_redirects=True)
    booking = only_booking()
    assert (booking.creator_id, booking.status, booking.party_size) == (creator.id, "pending", 2)
    assert booking.start == datetime(2026, 12, 2, 2, tzinfo=UTC)
    text = page_text(response)
    assert "Request sent: the manager will answer soon." in text
    assert "Lookbook Waiting for approval" in text
    assert "Wed, Dec 2, 2026 10:00 AM – 11:00 AM" in text


def test_a_taken_time_shows_the_conflict_and_offers_the_waiting_list(signed_in, creator, studio, make_user):
    in_chinese(creator)
    take(studio, make_user(), datetime(2026, 12, 2, 10), datetime(2026, 12, 2, 11))
    response = signed_in.post(f"/venues/{studio.id}/book", data=TEN_TO_ELEVEN)
    text = page_text(response)
    assert response.status_code == 422
    assert "该时段已被预订。" in text
    assert "已被占用： 2026年12月2日周三 10:00 – 11:00" in text
    assert "该时段空出时通知我" in text


@pytest.mark.parametrize("change, message", [
    ({"start": "2026-12-02T10:10", "end": "2026-12-02T11:10"}, "start on the venue's time grid"),
    ({"start": "2026-12-02T06:00", "end": "2026-12-02T07:00"}, "not open for the whole of that time"),
    ({"party_size": "60"}, "Your group is larger than the venue holds."),
    ({"end": "2026-12-02T09:00"}, "The end must be after the start."),
    ({"start": "2027-06-01T10:00", "end": "2027-06-01T11:00"}, "too far ahead"),
])
def test_rule_violations_read_as_sentences(signed_in, studio, change, message):
    response = signed_in.post(f"/venues/{studio.id}/book", data={**TEN_TO_ELEVEN, **change})
    assert response.status_code == 422
    assert message in page_text(response)
    assert db.session.scalar(db.select(db.func.count(Booking.id))) == 0


def test_a_missing_title_is_shown_next_to_the_field(signed_in, studio):
    response = signed_in.post(f"/venues/{studio.id}/book", data={**TEN_TO_ELEVEN, "title": ""})
    assert response.status_code == 422
    assert "title-error" in response.get_data(as_text=True)


def test_weekly_booking_books_the_free_weeks_and_lists_the_skipped(signed_in, studio, make_user):
    take(studio, make_user(), datetime(2026, 12, 9, 10), datetime(2026, 12, 9, 11))
    response = signed_in.post(f"/venues/{studio.id}/book", data={
        **TEN_TO_ELEVEN, "repeat_weekly": "y", "weeks": "3", "skip_taken": "y"})
    text = page_text(response)
    assert "2 weeks booked." in text
    assert "Skipped weeks Wed, Dec 9, 2026 10:00 AM – 11:00 AM: That time is already taken." in text
    assert db.session.scalar(db.select(db.func.count(Booking.id)).where(Booking.series_id.is_not(None))) == 2


def test_weekly_booking_without_skipping_books_nothing_when_a_week_is_taken(signed_in, studio, make_user):
    take(studio, make_user(), datetime(2026, 12, 9, 10), datetime(2026, 12, 9, 11))
    response = signed_in.post(f"/venues/{studio.id}/book", data={**TEN_TO_ELEVEN, "repeat_weekly": "y",
                                                                  "weeks": "3"})
    assert response.status_code == 422
    assert "That time is already taken." in page_text(response)
    assert db.session.scalar(db.select(db.func.count(Booking.id))) == 1


@pytest.fixture
def booked(signed_in, studio):
    signed_in.post(f"/venues/{studio.id}/book", data=TEN_TO_ELEVEN)
    return only_booking()


@pytest.mark.parametrize("locale, expected", [
    ("en", ["My bookings", "Lookbook Waiting for approval", "Subscribe in my calendar app"]),
    ("zh-CN", ["我的预订", "Lookbook 等待审批", "光盒摄影棚", "2026年12月2日周三 10:00 – 11:00",
               "在日历应用中订阅"]),
])
def test_my_bookings_in_both_languages(signed_in, creator, booked, locale, expected):
    creator.locale = locale
    db.session.commit()
    text = page_text(signed_in.get("/bookings"))
    for words in expected:
        assert words in text


def test_my_bookings_offers_the_personal_feed_as_webcal(signed_in, booked):
    html = signed_in.get("/bookings").get_data(as_text=True)
    assert 'href="webcal://spaces.test/feeds/' in html


def test_rotating_the_feed_changes_its_address(signed_in, booked, creator):
    first = signed_in.get("/bookings").get_data(as_text=True).split("webcal://")[1].split('"')[0]
    response = signed_in.post("/calendar/rotate", follow_redirects=True)
    second = response.get_data(as_text=True).split("webcal://")[1].split('"')[0]
    assert first != second
    assert "The old one no longer works" in page_text(response)
    assert db.session.get(FeedSecret, creator.id) is not None


def test_the_ics_link_downloads_the_booking(signed_in, booked):
    response = signed_in.get(f"/bookings/{booked.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert b"BEGIN:VEVENT" in response.data and b"Lookbook" in response.data


def test_someone_elses_ics_is_not_found(sign_in_as, make_user, booked):
    response = sign_in_as(make_user()).get(f"/bookings/{booked.id}.ics")
    assert response.status_code == 404


def test_cancelling_from_my_bookings(signed_in, creator, booked):
    in_chinese(creator)
    response = signed_in.post(f"/bookings/{booked.id}/cancel", follow_redirects=True)
    db.session.refresh(booked)
    assert booked.status == "cancelled"
    assert "预订已取消。" in page_text(response)


def test_cancelling_twice_explains_instead_of_failing(signed_in, booked):
    signed_in.post(f"/bookings/{booked.id}/cancel")
    response = signed_in.post(f"/bookings/{booked.id}/cancel", follow_redirects=True)
    assert "That is no longer possible" in page_text(response)


@pytest.mark.parametrize("locale, heading", [("en", "Change your booking"), ("zh-CN", "修改你的预订")])
def test_change_page_in_both_languages(signed_in, creator, booked, locale, heading):
    creator.locale = locale
    db.session.commit()
    response = signed_in.get(f"/bookings/{booked.id}/edit")
    assert heading in page_text(response)
    assert 'value="2026-12-02T10:00"' in response.get_data(as_text=True)


def test_rescheduling_moves_the_booking(signed_in, booked):
    response = signed_in.post(f"/bookings/{booked.id}/edit", follow_redirects=True, data={
        "title": "Lookbook v2", "start": "2026-12-03T14:00", "end": "2026-12-03T15:30", "notes": ""})
    db.session.refresh(booked)
    assert booked.start == datetime(2026, 12, 3, 6, tzinfo=UTC)
    assert booked.title == "Lookbook v2"
    assert "Your booking is changed." in page_text(response)


def test_rescheduling_onto_a_taken_time_shows_the_conflict(signed_in, booked, studio, make_user):
    take(studio, make_user(), datetime(2026, 12, 3, 14), datetime(2026, 12, 3, 15))
    response = signed_in.post(f"/bookings/{booked.id}/edit", data={
        "title": "Lookbook", "start": "2026-12-03T14:00", "end": "2026-12-03T15:00"})
    assert response.status_code == 422
    assert "That time is already taken." in page_text(response)


def test_joining_and_leaving_the_waiting_list(signed_in, creator, studio):
    response = signed_in.post("/waitlist", follow_redirects=True, data={
        "venue_id": studio.id, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00"})
    assert "You are on the waiting list" in page_text(response)
    entry = db.session.scalars(db.select(WaitlistEntry)).one()
    in_chinese(creator)
    response = signed_in.post(f"/waitlist/{entry.id}/leave", follow_redirects=True)
    assert "你已退出该时段的候补。" in page_text(response)
    assert db.session.scalar(db.select(db.func.count(WaitlistEntry.id))) == 0


def test_a_waiting_list_wish_that_can_never_be_booked_is_explained(signed_in, studio):
    response = signed_in.post("/waitlist", follow_redirects=True, data={
        "venue_id": studio.id, "start": "2026-12-02T05:00", "end": "2026-12-02T06:00"})
    assert "not open for the whole of that time" in page_text(response)


def test_weekly_booking_result_in_chinese(signed_in, creator, studio, make_user):
    in_chinese(creator)
    take(studio, make_user(), datetime(2026, 12, 16, 10), datetime(2026, 12, 16, 11))
    response = signed_in.post(f"/venues/{studio.id}/book", data={
        **TEN_TO_ELEVEN, "repeat_weekly": "y", "weeks": "3", "skip_taken": "y"})
    text = page_text(response)
    assert "光盒摄影棚 的每周预订" in text
    assert "已预订 2 周。" in text
    assert "已跳过的周 2026年12月16日周三 10:00 – 11:00: 该时段已被预订。" in text
