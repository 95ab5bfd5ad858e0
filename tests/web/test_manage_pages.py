"""A manager's pages: the approval queue, decisions, the calendar and the venue editors."""

from datetime import UTC, datetime, time

import pytest

from app.bookings import series as series_service
from app.bookings import service as bookings
from app.bookings.models import Booking
from app.extensions import db
from app.venues.models import Closure
from tests.web.conftest import page_text


@pytest.fixture
def manager(make_user):
    return make_user(role="manager", display_name="Manager Wu")


@pytest.fixture
def studio(make_venue, manager):
    return make_venue(name="Light Box Studio", name_zh="光盒摄影棚", requires_approval=True,
                      competing_requests=True, managers=[manager])


@pytest.fixture
def as_manager(sign_in_as, manager):
    return sign_in_as(manager)


def request_time(venue, creator, day: int, start: int, end: int, title: str = "Shoot") -> Booking:
    booking = bookings.create_booking(creator, {"venue_id": venue.id, "title": title,
                                                "start": datetime(2026, 12, day, start),
                                                "end": datetime(2026, 12, day, end)})
    db.session.commit()
    return booking


def test_creators_may_not_open_the_manager_pages(sign_in_as, make_user):
    client = sign_in_as(make_user())
    for path in ("/manage/", "/manage/calendar"):
        response = client.get(path)
        assert response.status_code == 403
        assert "This is not open to you" in page_text(response)


def test_another_venues_settings_are_forbidden(sign_in_as, make_user, make_venue):
    venue = make_venue()
    response = sign_in_as(make_user(role="manager")).get(f"/manage/venues/{venue.id}")
    assert response.status_code == 403


@pytest.mark.parametrize("locale, expected", [
    ("en", ["Requests waiting for you", "Light Box Studio", "Approve"]),
    ("zh-CN", ["等待你审批的申请", "光盒摄影棚", "批准"]),
])
def test_queue_in_both_languages(as_manager, manager, studio, make_user, locale, expected):
    manager.locale = locale
    db.session.commit()
    request_time(studio, make_user(), 2, 10, 11)
    text = page_text(as_manager.get("/manage/"))
    for words in expected:
        assert words in text


def test_queue_is_oldest_first_with_competing_requests_side_by_side(as_manager, studio, make_user, clock):
    first = request_time(studio, make_user(display_name="Ann"), 3, 10, 12, "Later shoot")
    clock.advance(minutes=5)
    second = request_time(studio, make_user(display_name="Bo"), 2, 10, 11, "Earlier shoot")
    clock.advance(minutes=5)
    third = request_time(studio, make_user(display_name="Cy"), 3, 11, 13, "Rival shoot")
    html = as_manager.get("/manage/").get_data(as_text=True)
    positions = [html.index(f'id="request-{booking.id}"') for booking in (first, second, third)]
    assert positions == sorted(positions)
    card = html.split(f'id="request-{first.id}"')[1].split("</article>")[0]
    assert "Rival shoot" in card and "Cy" in card


def test_approving_confirms_and_declines_the_colliding_request(as_manager, studio, make_user):
    chosen = request_time(studio, make_user(), 3, 10, 12)
    rival = request_time(studio, make_user(), 3, 11, 13)
    response = as_manager.post(f"/manage/bookings/{chosen.id}/approve", follow_redirects=True)
    db.session.refresh(chosen), db.session.refresh(rival)
    assert (chosen.status, rival.status) == ("confirmed", "rejected")
    assert "Approved." in page_text(response)


def test_approving_twice_explains_instead_of_failing(as_manager, studio, make_user):
    booking = request_time(studio, make_user(), 3, 10, 12)
    as_manager.post(f"/manage/bookings/{booking.id}/approve")
    response = as_manager.post(f"/manage/bookings/{booking.id}/approve", follow_redirects=True)
    assert "That is no longer possible" in page_text(response)


def test_rejecting_needs_a_reason_that_the_creator_then_sees(as_manager, studio, make_user, sign_in_as):
    creator = make_user()
    booking = request_time(studio, creator, 3, 10, 12)
    response = as_manager.post(f"/manage/bookings/{booking.id}/reject", data={"reason": ""},
                               follow_redirects=True)
    assert "Give the creator a reason for declining." in page_text(response)
    as_manager.post(f"/manage/bookings/{booking.id}/reject", data={"reason": "Closed for filming."})
    db.session.refresh(booking)
    assert (booking.status, booking.decision_note) == ("rejected", "Closed for filming.")
    text = page_text(sign_in_as(creator).get("/bookings"))
    assert "Declined" in text and "Closed for filming." in text


def test_a_weekly_series_is_approved_as_a_whole(as_manager, studio, make_user):
    result = series_service.create_series(make_user(), {
        "venue_id": studio.id, "title": "Podcast", "start": datetime(2026, 12, 2, 10),
        "end": datetime(2026, 12, 2, 11), "rrule": "FREQ=WEEKLY;COUNT=3", "on_conflict": "fail"})
    db.session.commit()
    response = as_manager.post(f"/manage/series/{result.series.id}/approve", follow_redirects=True)
    statuses = db.session.scalars(db.select(Booking.status).where(Booking.series_id == result.series.id))
    assert set(statuses) == {"confirmed"}
    assert "3 changed, 0 could not be changed." in page_text(response)


@pytest.mark.parametrize("locale, expected", [
    ("en", ["Calendar of your venues", "Wednesday, December 2, 2026", "10:00 AM–11:00 AM", "Shoot"]),
    ("zh-CN", ["你的场地日历", "2026年12月2日星期三", "10:00–11:00", "等待审批"]),
])
def test_calendar_lists_the_week_of_the_managed_venues(as_manager, manager, studio, make_user, locale,
                                                        expected):
    manager.locale = locale
    db.session.commit()
    request_time(studio, make_user(), 2, 10, 11)
    text = page_text(as_manager.get("/manage/calendar"))
    for words in expected:
        assert words in text


@pytest.mark.parametrize("locale, heading", [("en", "Settings of Light Box Studio"),
                                             ("zh-CN", "光盒摄影棚 的设置")])
def test_settings_page_in_both_languages(as_manager, manager, studio, locale, heading):
    manager.locale = locale
    db.session.commit()
    assert heading in page_text(as_manager.get(f"/manage/venues/{studio.id}"))


RULES = {"slot_minutes": "60", "min_duration_minutes": "60", "max_duration_minutes": "240",
         "buffer_minutes": "15", "lead_time_minutes": "120", "horizon_days": "30", "max_concurrent": "1",
         "pending_expiry_hours": "24", "max_active_per_creator": "", "requires_approval": "y"}


def test_saving_rules_goes_through_the_venue_service(as_manager, studio):
    response = as_manager.post(f"/manage/venues/{studio.id}/rules", data=RULES, follow_redirects=True)
    db.session.refresh(studio)
    assert (studio.slot_minutes, studio.buffer_minutes, studio.horizon_days) == (60, 15, 30)
    assert studio.requires_approval and not studio.competing_requests
    assert studio.max_active_per_creator is None
    assert "The rules are saved." in page_text(response)


def test_rules_the_venue_service_refuses_are_explained(as_manager, studio):
    response = as_manager.post(f"/manage/venues/{studio.id}/rules",
                               data={**RULES, "slot_minutes": "7", "max_duration_minutes": "30"})
    text = page_text(response)
    assert response.status_code == 422
    assert "Must divide a day evenly" in text
    db.session.refresh(studio)
    assert studio.slot_minutes == 30


def hours_form(*rows: tuple[int, str, str]) -> dict:
    data = {}
    for index, (weekday, opens, closes) in enumerate(rows):
        data |= {f"spans-{index}-weekday": str(weekday), f"spans-{index}-open": opens,
                 f"spans-{index}-close": closes}
    return data


def test_saving_opening_hours_replaces_them(as_manager, studio):
    response = as_manager.post(f"/manage/venues/{studio.id}/hours", follow_redirects=True,
                               data=hours_form((0, "09:00", "18:00"), (5, "10:00", "02:00"), (2, "", "")))
    db.session.refresh(studio)
    assert studio.spans == [(0, time(9), time(18)), (5, time(10), time(2))]
    assert "The opening hours are saved." in page_text(response)


def test_badly_written_opening_hours_are_explained(as_manager, studio):
    response = as_manager.post(f"/manage/venues/{studio.id}/hours", data=hours_form((0, "9am", "18:00")))
    assert response.status_code == 422
    assert "Write times as HH:MM" in page_text(response)
    db.session.refresh(studio)
    assert len(studio.spans) == 7


def test_adding_and_removing_a_closure(as_manager, studio):
    response = as_manager.post(f"/manage/venues/{studio.id}/closures", follow_redirects=True, data={
        "start": "2026-12-24T18:00", "end": "2026-12-26T08:00", "reason": "Christmas"})
    closure = db.session.scalars(db.select(Closure)).one()
    assert closure.start == datetime(2026, 12, 24, 10, tzinfo=UTC)
    assert "Christmas" in page_text(response)
    as_manager.post(f"/manage/venues/{studio.id}/closures/{closure.id}/delete")
    assert db.session.scalar(db.select(db.func.count(Closure.id))) == 0


def test_a_closure_ending_before_it_starts_is_refused(as_manager, studio):
    response = as_manager.post(f"/manage/venues/{studio.id}/closures", data={
        "start": "2026-12-24T18:00", "end": "2026-12-24T08:00"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Closure.id))) == 0


def test_a_manager_cancels_a_booking_from_the_calendar(as_manager, studio, make_user):
    booking = request_time(studio, make_user(), 2, 10, 11)
    html = as_manager.get("/manage/calendar").get_data(as_text=True)
    assert f'action="/bookings/{booking.id}/cancel"' in html
    response = as_manager.post(f"/bookings/{booking.id}/cancel", data={"reason": "Power cut"},
                               headers={"Referer": "http://localhost/manage/calendar"})
    assert response.headers["Location"] == "http://localhost/manage/calendar"
    db.session.refresh(booking)
    assert (booking.status, booking.decision_note) == ("cancelled", "Power cut")
