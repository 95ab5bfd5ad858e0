"""How things read on a page: venue texts in the reader's language, times in the venue's zone,
and rules, kinds and statuses in plain words."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask import Flask
from flask_babel import format_date, format_time, get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from app.venues.models import Venue
from app.web.i18n import chosen_locale

KIND_LABELS = {
    "landmark": _l("Landmark"), "museum": _l("Museum"), "street_block": _l("Street block"),
    "fashion_space": _l("Fashion space"), "commercial": _l("Commercial space"),
    "exhibition": _l("Exhibition hall"), "livestream_room": _l("Live-streaming room"),
    "recording_studio": _l("Recording studio"), "photo_studio": _l("Photo studio"),
}
STATUS_LABELS = {
    "pending": _l("Waiting for approval"), "confirmed": _l("Confirmed"), "rejected": _l("Declined"),
    "expired": _l("Expired (no answer in time)"), "cancelled": _l("Cancelled"),
    "waiting": _l("Waiting"), "offered": _l("Free now: book it"),
}
WEEKDAY_LABELS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
                  _l("Saturday"), _l("Sunday"))


def is_chinese() -> bool:
    return chosen_locale() == "zh-CN"


def venue_name(venue: Venue) -> str:
    return venue.name_zh if is_chinese() and venue.name_zh else venue.name


def venue_description(venue: Venue) -> str:
    return venue.description_zh if is_chinese() and venue.description_zh else venue.description


def in_venue_zone(moment: datetime, venue: Venue) -> datetime:
    return moment.astimezone(ZoneInfo(venue.timezone))


def input_value(moment: datetime, venue: Venue) -> str:
    """The value of a datetime-local field: the venue's wall clock, without offset."""
    return in_venue_zone(moment, venue).strftime("%Y-%m-%dT%H:%M")


def _local(moment: datetime) -> str:
    """'Wed, Dec 2, 2026 10:00 AM' / '2026年12月2日周三 10:00': weekday, date and minutes."""
    date_part = format_skeleton("yMMMEd", moment, locale=get_locale())
    return f"{date_part} {format_time(moment, 'short', rebase=False)}"


def when(moment: datetime, venue: Venue) -> str:
    """A moment as the venue's wall clock shows it, in the reader's date format."""
    return _local(in_venue_zone(moment, venue))


def span(start: datetime, end: datetime, venue: Venue) -> str:
    """'Wed, Dec 2, 2026 10:00 AM – 11:00 AM' (the end's date only when it differs)."""
    local_start, local_end = in_venue_zone(start, venue), in_venue_zone(end, venue)
    if local_end.date() == local_start.date():
        return f"{_local(local_start)} – {format_time(local_end, 'short', rebase=False)}"
    return f"{_local(local_start)} – {_local(local_end)}"


def clock(moment: datetime, venue: Venue) -> str:
    return format_time(in_venue_zone(moment, venue), "short", rebase=False)


def day(value: date) -> str:
    return format_date(value, "full")


def short_day(value: date) -> str:
    """'Tue, Dec 1' / '12月1日周二'."""
    return format_skeleton("MMMEd", value, locale=get_locale())


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return gettext("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)
    if hours:
        return ngettext("%(num)d hour", "%(num)d hours", hours)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def rule_sentences(venue: Venue) -> list[str]:
    """The venue's booking rules as sentences a creator understands at a glance."""
    sentences = [
        gettext("Bookings last from %(shortest)s to %(longest)s and start every %(grid)s.",
                shortest=duration(venue.min_duration_minutes), longest=duration(venue.max_duration_minutes),
                grid=duration(venue.slot_minutes)),
        gettext("Book at least %(notice)s ahead and at most %(days)d days ahead.",
                notice=duration(venue.lead_time_minutes), days=venue.horizon_days)
        if venue.lead_time_minutes else
        gettext("Book up to %(days)d days ahead.", days=venue.horizon_days),
    ]
    if venue.requires_approval:
        sentences.append(gettext("The manager approves each request; an unanswered request lapses "
                                 "after %(hours)d hours.", hours=venue.pending_expiry_hours))
    else:
        sentences.append(gettext("Free times are confirmed at once."))
    if venue.buffer_minutes:
        sentences.append(gettext("%(buffer)s are kept free after each booking.",
                                 buffer=duration(venue.buffer_minutes)))
    if venue.max_concurrent > 1:
        sentences.append(gettext("Up to %(count)d groups may book the same time.",
                                 count=venue.max_concurrent))
    if venue.capacity:
        sentences.append(gettext("Room for %(count)d people.", count=venue.capacity))
    if venue.max_active_per_creator:
        sentences.append(gettext("Each creator may hold %(count)d upcoming bookings here.",
                                 count=venue.max_active_per_creator))
    if venue.closed_on_public_holidays:
        sentences.append(gettext("Closed on China's public holidays."))
    return sentences


def opening_rows(venue: Venue) -> list[tuple[str, str]]:
    """(weekday, 'HH:MM–HH:MM, ...') for every day of the week, 'Closed' where nothing opens."""
    rows = []
    for weekday, label in enumerate(WEEKDAY_LABELS):
        spans = [f"{row.open_time:%H:%M}–{row.close_time:%H:%M}" for row in venue.opening_hours
                 if row.weekday == weekday]
        rows.append((str(label), ", ".join(spans) if spans else gettext("Closed")))
    return rows


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def amenity_label(name: str) -> str:
    return name.replace("_", " ")


def register(app: Flask) -> None:
    for function in (venue_name, venue_description, input_value, when, span, clock, day, short_day, duration,
                     rule_sentences, opening_rows, kind_label, status_label, amenity_label):
        app.add_template_global(function)
