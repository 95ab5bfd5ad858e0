"""VTIMEZONE components computed from zoneinfo.

icalendar's Timezone.from_tzid (7.3) writes the onset of daylight saving time in the local
time after the change, an hour late; RFC 5545 (3.6.5) wants it in the local time before the
change (TZOFFSETFROM), as the IANA-published VTIMEZONEs have it. So the observances are
built here: one per transition, found by scanning zoneinfo and bisecting to the second.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_SCAN_STEP = timedelta(hours=12)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset()


def _bisect_transition(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first second at which the offset differs from the one at `before`."""
    offset = _offset(zone, before)
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if _offset(zone, middle) == offset:
            before = middle
        else:
            after = middle
    return after.replace(microsecond=0)


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """UTC instants in [start, end) at which the zone's UTC offset changes."""
    found, moment = [], start
    while moment < end:
        following = min(moment + _SCAN_STEP, end)
        if _offset(zone, moment) != _offset(zone, following):
            found.append(_bisect_transition(zone, moment, following))
        moment = following
    return found


def _observance(zone: ZoneInfo, onset: datetime, offset_from: timedelta):
    local = onset.astimezone(zone)
    observance = TimezoneDaylight() if local.dst() else TimezoneStandard()
    observance.add("DTSTART", (onset + offset_from).replace(tzinfo=None))
    observance.add("TZNAME", local.tzname())
    observance.add("TZOFFSETFROM", offset_from)
    observance.add("TZOFFSETTO", local.utcoffset())
    return observance


@lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules from 1 January `first_year` to the end of `last_year`.

    Cached and shared between calendars: never modify the returned component.
    """
    zone = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    component = Timezone()
    component.add("TZID", tzid)
    component.add_component(_observance(zone, start, _offset(zone, start)))
    previous = _offset(zone, start)
    for onset in transitions(zone, start, end):
        component.add_component(_observance(zone, onset, previous))
        previous = _offset(zone, onset)
    return component
