"""VTIMEZONE components built from zoneinfo: libical, reading only them, must find the same UTC
instants as zoneinfo for local times all through the year, DST changes included."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from app.calendars.timezones import transitions, vtimezone
from tests.calendars.ical_validation import assert_valid_calendar, property_values

ZONES = ["Europe/Paris", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Shanghai"]


def local_times(zone: ZoneInfo) -> list[datetime]:
    """09:30 every 9 days through 2027, and on each day the offset changes."""
    days = [datetime(2027, 1, 1, 9, 30, tzinfo=zone) + timedelta(days=9 * n) for n in range(41)]
    changes = transitions(zone, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    return days + [change.astimezone(zone).replace(hour=9, minute=30) for change in changes]


def calendar_of(zone_name: str) -> bytes:
    zone = ZoneInfo(zone_name)
    calendar = Calendar.new(prodid="-//test//EN", uid=f"{zone_name}@test")
    calendar.add_component(vtimezone(zone_name, 2027, 2027))
    for number, start in enumerate(local_times(zone)):
        calendar.add_component(Event.new(uid=f"{number}@test", start=start, end=start + timedelta(hours=1),
                                          stamp=datetime(2026, 12, 1, tzinfo=UTC), summary="x"))
    return calendar.to_ical()


def test_libical_reads_the_same_instants_as_zoneinfo():
    documents = [calendar_of(zone) for zone in ZONES]
    for zone, report in zip(ZONES, assert_valid_calendar(*documents), strict=True):
        expected = [start.astimezone(UTC).isoformat() for start in local_times(ZoneInfo(zone))]
        assert [event["start"] for event in report["events"]] == expected, zone


def test_onsets_are_in_the_local_time_before_the_change():
    paris = vtimezone("Europe/Paris", 2027, 2027).to_ical()
    assert property_values(paris, "DTSTART", "DAYLIGHT") == ["20270328T020000"]
    assert property_values(paris, "DTSTART", "STANDARD") == ["20270101T000000", "20271031T030000"]
    sydney = vtimezone("Australia/Sydney", 2027, 2027).to_ical()
    assert property_values(sydney, "DTSTART", "STANDARD") == ["20270404T030000"]
    assert property_values(sydney, "DTSTART", "DAYLIGHT") == ["20270101T000000", "20271003T020000"]


def test_a_zone_without_daylight_saving_has_one_observance():
    shanghai = vtimezone("Asia/Shanghai", 2026, 2027).to_ical()
    assert shanghai.count(b"BEGIN:STANDARD") == 1 and b"DAYLIGHT" not in shanghai
    assert property_values(shanghai, "TZOFFSETTO", "STANDARD") == ["+0800"]
