"""Times and durations written for a reader: in the venue's zone, in the reader's language."""

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_timedelta

DATE_TIME_PATTERNS = {"en": "EEE d MMM y, HH:mm", "zh-CN": "y年M月d日 EEE HH:mm"}


@cache
def babel_locale(locale: str) -> Locale:
    # Parsed once: babel's lookup costs more than the formatting itself.
    return Locale.parse(locale, sep="-")


def format_moment(moment: datetime, zone: str, locale: str) -> str:
    return format_datetime(moment, DATE_TIME_PATTERNS[locale], tzinfo=ZoneInfo(zone),
                           locale=babel_locale(locale))


def format_span(start: datetime, end: datetime, zone: str, locale: str) -> str:
    """'Tue 1 Dec 2026, 09:00–11:00 (Asia/Shanghai)'; the end's date only when it differs."""
    tz = ZoneInfo(zone)
    same_day = start.astimezone(tz).date() == end.astimezone(tz).date()
    end_text = (format_datetime(end, "HH:mm", tzinfo=tz, locale=babel_locale(locale)) if same_day
                else format_moment(end, zone, locale))
    return f"{format_moment(start, zone, locale)}–{end_text} ({zone})"


def format_time_until(moment: datetime, now: datetime, locale: str) -> str:
    """How long until `moment`, rounded as people say it: '1 day', '50分钟'."""
    return format_timedelta(moment - now, locale=babel_locale(locale))


def venue_name(venue, locale: str) -> str:
    return venue.name_zh if locale == "zh-CN" and venue.name_zh else venue.name
