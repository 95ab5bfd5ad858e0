"""When a venue is open and when it is closed, as UTC intervals.

Opening hours are local wall-clock spans per weekday (a span whose close is not after its
open runs past midnight). With `closed_on_public_holidays`, mainland China's statutory days
off close the venue all day, and a make-up working day (调休) opens with the hours of the
venue's first working weekday (Monday to Friday) that has any.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select

from app.extensions import db
from app.venues.models import Closure, OpeningHours, Venue

Interval = tuple[datetime, datetime]
Span = tuple[int, time, time]
WORKING_WEEKDAYS = range(5)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


@lru_cache(maxsize=64)
def china_calendar(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year)


def is_public_holiday(day: date) -> bool:
    """A statutory day off, or a weekend day inside the break around one (Sunday 2026-10-04)."""
    return _is_listed_holiday(day) or _is_weekend_inside_break(day)


def _is_listed_holiday(day: date) -> bool:
    return day in china_calendar(day.year)


def _is_plain_weekend(day: date) -> bool:
    return day.weekday() >= 5 and not is_makeup_workday(day) and not _is_listed_holiday(day)


def _is_weekend_inside_break(day: date) -> bool:
    # The library lists only the statutory days; the announced break also covers the
    # ordinary weekend days it encloses or touches (2026: 1-3 Jan, 15-23 Feb, 1-7 Oct ...).
    if not _is_plain_weekend(day):
        return False
    for step in (timedelta(days=-1), timedelta(days=1)):
        neighbour = day + step
        while _is_plain_weekend(neighbour):
            neighbour += step
        if _is_listed_holiday(neighbour):
            return True
    return False


def is_makeup_workday(day: date) -> bool:
    return day in china_calendar(day.year).weekend_workdays


def hours_for_day(venue: Venue, day: date) -> list[OpeningHours]:
    """The spans that open on local date `day`, holidays taken into account."""
    weekday = day.weekday()
    if venue.closed_on_public_holidays and is_makeup_workday(day):
        weekday = next((wd for wd in WORKING_WEEKDAYS if _spans_on(venue, wd)), weekday)
    return _spans_on(venue, weekday)


def _spans_on(venue: Venue, weekday: int) -> list[OpeningHours]:
    return [span for span in venue.opening_hours if span.weekday == weekday]


def _local_days(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[date]:
    # Begin a day early: a span opening the evening before may run into the range.
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _span_interval(day: date, span: OpeningHours, zone: ZoneInfo) -> Interval:
    opens = datetime.combine(day, span.open_time, tzinfo=zone)
    close_day = day + timedelta(days=1) if span.crosses_midnight else day
    closes = datetime.combine(close_day, span.close_time, tzinfo=zone)
    return opens.astimezone(UTC), closes.astimezone(UTC)


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted, with touching or overlapping intervals joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _spans_near(venue: Venue, start: datetime, end: datetime) -> list[Interval]:
    zone = ZoneInfo(venue.timezone)
    return [_span_interval(day, span, zone)
            for day in _local_days(zone, start, end) for span in hours_for_day(venue, day)]


def opening_spans(venue: Venue, start: datetime, end: datetime) -> list[Interval]:
    """Each opening span (one day's open-close) overlapping [start, end), unmerged, sorted, in UTC."""
    return sorted((s, e) for s, e in _spans_near(venue, start, end) if s < end and e > start)


def open_intervals(venue: Venue, start: datetime, end: datetime) -> list[Interval]:
    """The venue's opening hours that overlap [start, end), merged, in UTC (not clipped)."""
    return [(s, e) for s, e in merge(_spans_near(venue, start, end)) if s < end and e > start]


def holiday_intervals(venue: Venue, start: datetime, end: datetime) -> list[Interval]:
    """Whole local days off that overlap [start, end), when the venue closes on them."""
    if not venue.closed_on_public_holidays:
        return []
    zone = ZoneInfo(venue.timezone)
    days = [day for day in _local_days(zone, start, end) if is_public_holiday(day)]
    intervals = [(datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC),
                  datetime.combine(day + timedelta(days=1), datetime.min.time(),
                                   tzinfo=zone).astimezone(UTC)) for day in days]
    return [(s, e) for s, e in merge(intervals) if s < end and e > start]


def closure_intervals(venue: Venue, start: datetime, end: datetime) -> list[Interval]:
    rows = db.session.execute(
        select(Closure.start, Closure.end)
        .where(Closure.venue_id == venue.id, Closure.start < end, Closure.end > start)
        .order_by(Closure.start)
    ).all()
    return [(row.start, row.end) for row in rows]


def closed_intervals(venue: Venue, start: datetime, end: datetime) -> list[Interval]:
    """Closures and (where they apply) public holidays overlapping [start, end), merged."""
    return merge(closure_intervals(venue, start, end) + holiday_intervals(venue, start, end))


def _week_segments(span: Span) -> list[tuple[int, int]]:
    """The span as minutes since Monday 00:00; an overnight span from Sunday wraps to Monday."""
    weekday, opens, closes = span
    start = weekday * MINUTES_PER_DAY + opens.hour * 60 + opens.minute
    end = weekday * MINUTES_PER_DAY + closes.hour * 60 + closes.minute
    if closes <= opens:
        end += MINUTES_PER_DAY
    if end <= MINUTES_PER_WEEK:
        return [(start, end)]
    return [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]


def describe_span(span: Span) -> str:
    weekday, opens, closes = span
    return f"{WEEKDAY_NAMES[weekday]} {opens:%H:%M}-{closes:%H:%M}"


def overlapping_spans(spans: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Pairs of weekly spans that share time (touching is fine), overnight spans included."""
    spans = list(spans)
    clashes = []
    for index, first in enumerate(spans):
        for second in spans[index + 1:]:
            if any(a_start < b_end and b_start < a_end
                   for a_start, a_end in _week_segments(first)
                   for b_start, b_end in _week_segments(second)):
                clashes.append((first, second))
    return clashes
