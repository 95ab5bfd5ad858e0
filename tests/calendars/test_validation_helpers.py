"""The checks every calendar goes through must themselves catch what they claim to."""

import pytest

from tests.calendars.ical_validation import assert_valid_calendar, libical_reports

MINIMAL = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{extra}BEGIN:VEVENT\r\nUID:1@test\r\n"
    "DTSTAMP:20261201T000000Z\r\nDTSTART:20261202T020000Z\r\nDTEND:20261202T030000Z\r\n"
    "SUMMARY:Shoot\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def calendar(extra: str = "") -> bytes:
    return MINIMAL.format(extra=extra).encode()


def test_a_minimal_calendar_passes():
    [report] = assert_valid_calendar(calendar())
    assert report["events"][0]["start"] == "2026-12-02T02:00:00+00:00"


def test_libical_reports_itip_restrictions():
    [report] = libical_reports(calendar("METHOD:REQUEST\r\n"))
    assert any("ORGANIZER" in error for error in report["errors"])


def test_libical_reports_unparsable_values():
    data = calendar().replace(b"SUMMARY:Shoot", b"GEO:north")
    with pytest.raises(AssertionError, match="GEO"):
        assert_valid_calendar(data)


@pytest.mark.parametrize("broken, complaint", [
    (calendar().replace(b"\r\n", b"\n"), "CRLF"),
    (calendar().replace(b"SUMMARY:Shoot", b"SUMMARY:" + b"x" * 80), "75 octets"),
    (calendar().replace(b"DTSTART:", b"DTSTART;TZID=Europe/Paris:").replace(b"0Z\r\nDTEND", b"0\r\nDTEND"),
     "TZID without VTIMEZONE"),
    (calendar().replace(b"END:VEVENT\r\n", b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:1@test\r\n"
                        b"DTSTAMP:20261201T000000Z\r\nDTSTART:20261202T020000Z\r\nEND:VEVENT\r\n"),
     "unique"),
    (calendar().replace(b"DTEND:20261202T030000Z", b"DTEND:20261202T010000Z"), "ends before"),
])
def test_byte_level_checks_catch_what_parsers_forgive(broken, complaint):
    with pytest.raises(AssertionError, match=complaint):
        assert_valid_calendar(broken)
