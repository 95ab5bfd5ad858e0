"""Opening hours as UTC intervals: overnight spans, China's holidays and make-up days, DST zones."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.venues.opening import closed_intervals, is_public_holiday, open_intervals

SHANGHAI = ZoneInfo("Asia/Shanghai")
PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS_AND_SATURDAY = [(weekday, "09:00", "18:00") for weekday in range(5)] + [(5, "10:00", "16:00")]


def local_day(day: str, zone: ZoneInfo = SHANGHAI) -> tuple[datetime, datetime]:
    start = datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=zone)
    end = datetime.combine(date.fromisoformat(day) + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def at(text: str, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def is_closed_all_day(venue, day: str) -> bool:
    start, end = local_day(day)
    return any(closed_start <= start and closed_end >= end
               for closed_start, closed_end in closed_intervals(venue, start, end))


@pytest.fixture
def office_hours_venue(make_venue):
    return make_venue(hours=WEEKDAYS_AND_SATURDAY, closed_on_public_holidays=True)


@pytest.fixture
def always_open_venue(make_venue):
    return make_venue(hours=WEEKDAYS_AND_SATURDAY, closed_on_public_holidays=False)


def test_plain_weekday_hours_in_utc(office_hours_venue):
    assert open_intervals(office_hours_venue, *local_day("2026-12-01")) == [
        (at("2026-12-01T09:00"), at("2026-12-01T18:00"))]


def test_day_without_hours_has_no_intervals(office_hours_venue):
    assert open_intervals(office_hours_venue, *local_day("2026-12-06")) == []


@pytest.mark.parametrize("day", ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-07"])
def test_national_day_holidays_close_the_venue(office_hours_venue, day):
    assert is_closed_all_day(office_hours_venue, day)


def test_weekend_inside_the_national_day_break_is_closed(office_hours_venue):
    assert is_public_holiday(date(2026, 10, 4))
    assert is_closed_all_day(office_hours_venue, "2026-10-03")
    assert is_closed_all_day(office_hours_venue, "2026-10-04")


def test_ordinary_days_around_the_break_are_not_closed(office_hours_venue):
    assert not is_closed_all_day(office_hours_venue, "2026-09-30")
    assert not is_closed_all_day(office_hours_venue, "2026-10-08")
    assert not is_public_holiday(date(2026, 10, 11))


@pytest.mark.parametrize("day", ["2026-09-20", "2026-10-10"])
def test_make_up_working_days_open_with_monday_hours(office_hours_venue, day):
    assert open_intervals(office_hours_venue, *local_day(day)) == [
        (at(f"{day}T09:00"), at(f"{day}T18:00"))]
    assert closed_intervals(office_hours_venue, *local_day(day)) == []


def test_make_up_day_uses_first_weekday_with_hours(make_venue):
    venue = make_venue(hours=[(2, "13:00", "17:00"), (6, "10:00", "12:00")], closed_on_public_holidays=True)

    assert open_intervals(venue, *local_day("2026-09-20")) == [
        (at("2026-09-20T13:00"), at("2026-09-20T17:00"))]


def test_venue_ignoring_holidays_is_open_on_them(always_open_venue):
    assert open_intervals(always_open_venue, *local_day("2026-10-01")) == [
        (at("2026-10-01T09:00"), at("2026-10-01T18:00"))]
    assert closed_intervals(always_open_venue, *local_day("2026-10-01")) == []


def test_venue_ignoring_holidays_keeps_weekend_hours_on_make_up_days(always_open_venue):
    assert open_intervals(always_open_venue, *local_day("2026-10-10")) == [
        (at("2026-10-10T10:00"), at("2026-10-10T16:00"))]
    assert open_intervals(always_open_venue, *local_day("2026-09-20")) == []


def test_spring_festival_break_is_closed(office_hours_venue):
    for day in ("2026-02-15", "2026-02-17", "2026-02-21", "2026-02-23"):
        assert is_closed_all_day(office_hours_venue, day), day
    assert not is_closed_all_day(office_hours_venue, "2026-02-24")


def test_overnight_span_runs_into_the_next_day(make_venue):
    venue = make_venue(hours=[(4, "20:00", "02:00")])

    saturday_morning = (at("2026-12-05T00:00"), at("2026-12-05T06:00"))

    assert open_intervals(venue, *saturday_morning) == [(at("2026-12-04T20:00"), at("2026-12-05T02:00"))]


def test_span_closing_at_midnight_ends_at_midnight(make_venue):
    venue = make_venue(hours=[(0, "18:00", "00:00"), (1, "00:00", "03:00")])

    assert open_intervals(venue, *local_day("2026-11-30")) == [
        (at("2026-11-30T18:00"), at("2026-12-01T03:00"))]


def test_closures_are_closed_intervals(make_venue, client, admin_headers):
    venue = make_venue()
    client.post(f"/api/v1/venues/{venue.id}/closures", headers=admin_headers,
                json={"start": "2026-12-02T12:00", "end": "2026-12-02T14:00"})

    assert closed_intervals(venue, *local_day("2026-12-02")) == [
        (at("2026-12-02T12:00"), at("2026-12-02T14:00"))]


class TestDaylightSavingZone:
    @pytest.fixture
    def paris_venue(self, make_venue):
        return make_venue(timezone="Europe/Paris", hours=[(weekday, "09:00", "18:00") for weekday in range(7)]
                          + [(5, "22:00", "04:00")])

    def test_winter_hours_are_utc_plus_one(self, paris_venue):
        assert open_intervals(paris_venue, *local_day("2026-03-27", PARIS)) == [
            (datetime(2026, 3, 27, 8, tzinfo=UTC), datetime(2026, 3, 27, 17, tzinfo=UTC))]

    def test_summer_hours_are_utc_plus_two_from_the_change_day(self, paris_venue):
        assert open_intervals(paris_venue, *local_day("2026-03-29", PARIS))[-1] == (
            datetime(2026, 3, 29, 7, tzinfo=UTC), datetime(2026, 3, 29, 16, tzinfo=UTC))

    def test_overnight_span_across_the_change_is_an_hour_shorter(self, paris_venue):
        night = (at("2026-03-28T21:00", PARIS), at("2026-03-29T05:00", PARIS))

        start, end = open_intervals(paris_venue, *night)[-1]

        assert (start, end) == (datetime(2026, 3, 28, 21, tzinfo=UTC), datetime(2026, 3, 29, 2, tzinfo=UTC))
        assert end - start == timedelta(hours=5)

    def test_autumn_change_back_to_utc_plus_one(self, paris_venue):
        saturday_night, sunday = open_intervals(paris_venue, *local_day("2026-10-25", PARIS))

        assert saturday_night == (datetime(2026, 10, 24, 20, tzinfo=UTC),
                                  datetime(2026, 10, 25, 3, tzinfo=UTC))
        assert saturday_night[1] - saturday_night[0] == timedelta(hours=7)
        assert sunday == (datetime(2026, 10, 25, 8, tzinfo=UTC), datetime(2026, 10, 25, 17, tzinfo=UTC))
