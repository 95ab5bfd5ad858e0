"""The rules engine: whether a booking of a venue for [start, end) would be accepted now.

Every path that creates or moves held time asks `Schedule.violations` (single bookings,
series, reschedules, approvals, availability, the venue search and the waitlist), so the
answer is the same everywhere. A Schedule is loaded once for a window (one query for the
holding bookings, plus the venue's opening and closed intervals) and then answers any
number of candidate spans inside that window in memory.

Decisions documented here because clients see them:
- The slot grid constrains the start only (`slot_minutes` is the start-time granularity):
  a start is on the grid when it lies a whole number of slots after the opening of a
  span (one weekday's open-close, in the venue's zone) that contains it. The duration is
  free between `min_duration_minutes` and `max_duration_minutes`.
- A booking must lie inside one open interval; spans that touch (also across midnight)
  join into one interval. Its buffer may run past closing time.
- The buffer follows each booking: a candidate keeps [start, end + buffer) free and each
  holding booking keeps [start, held_until) free. At no instant may more than
  `max_concurrent` of these overlap.
- The quota counts the creator's pending and confirmed bookings of the venue that have not
  ended yet.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import FunctionElement, bindparam, func, literal, select, true, union_all
from sqlalchemy.ext.compiler import compiles

from app import clock
from app.bookings.models import Booking, BookingStatus
from app.database import UTCDateTime
from app.extensions import db
from app.venues.models import Closure, Venue
from app.venues.opening import Interval, holiday_intervals, merge, open_intervals, opening_spans

OPEN_STATUSES = (BookingStatus.PENDING.value, BookingStatus.CONFIRMED.value)


@dataclass(frozen=True)
class Violation:
    code: str
    message: str


@dataclass(frozen=True)
class Hold:
    """The time one holding booking keeps: it is busy in [start, held_until)."""

    start: datetime
    end: datetime
    held_until: datetime


class Occupancy:
    """How many holds overlap at each instant, as a step function over sorted boundaries."""

    def __init__(self, holds: Iterable[Hold]) -> None:
        self.holds = sorted(holds, key=lambda hold: hold.start)
        self._rebuild()

    def _rebuild(self) -> None:
        changes: dict[datetime, int] = {}
        for hold in self.holds:
            changes[hold.start] = changes.get(hold.start, 0) + 1
            changes[hold.held_until] = changes.get(hold.held_until, 0) - 1
        self.bounds = sorted(changes)
        self.counts: list[int] = []
        running = 0
        for moment in self.bounds:
            running += changes[moment]
            self.counts.append(running)

    def add(self, hold: Hold) -> None:
        self.holds.append(hold)
        self.holds.sort(key=lambda item: item.start)
        self._rebuild()

    def segments(self, start: datetime, end: datetime) -> Iterable[tuple[datetime, datetime, int]]:
        """The constant-count pieces of [start, end): (from, to, how many holds overlap)."""
        index = bisect_right(self.bounds, start) - 1
        cursor = start
        while cursor < end:
            count = self.counts[index] if index >= 0 else 0
            following = self.bounds[index + 1] if index + 1 < len(self.bounds) else end
            piece_end = min(following, end)
            yield cursor, piece_end, count
            cursor, index = piece_end, index + 1

    def peak(self, start: datetime, end: datetime) -> int:
        """The largest number of holds overlapping at one instant of [start, end)."""
        return max((count for _s, _e, count in self.segments(start, end)), default=0)

    def holds_in_saturated_time(self, start: datetime, end: datetime, limit: int) -> list[Hold]:
        """The holds overlapping the parts of [start, end) where `limit` holds already overlap."""
        full = [(s, e) for s, e, count in self.segments(start, end) if count >= limit]
        return [hold for hold in self.holds
                if any(hold.start < e and hold.held_until > s for s, e in full)]


@dataclass
class Schedule:
    """What a venue looks like in a window of time, as far as the rules need to know."""

    venue: Venue
    now: datetime
    spans: list[Interval]
    open: list[Interval]
    closed: list[Interval]
    occupancy: Occupancy
    creator_active: int | None = None
    _open_starts: list[datetime] = field(init=False)
    _closed_ends: list[datetime] = field(init=False)

    def __post_init__(self) -> None:
        self._open_starts = [start for start, _end in self.open]
        self._closed_ends = [end for _start, end in self.closed]

    @classmethod
    def load(cls, venue: Venue, start: datetime, end: datetime, *, creator_id: int | None = None,
             exclude_ids: Sequence[int] = ()) -> "Schedule":
        """Everything needed to judge bookings lying within [start, end) (buffers included)."""
        buffer = timedelta(minutes=venue.buffer_minutes)
        holds, closures = load_holds_and_closures(venue.id, start, end + buffer, end, exclude_ids)
        # Only a venue with a quota needs to know how many bookings the creator holds there.
        counts_quota = creator_id is not None and venue.max_active_per_creator is not None
        active = count_active(venue.id, creator_id, exclude_ids) if counts_quota else None
        return cls(venue=venue, now=clock.now(), spans=opening_spans(venue, start, end),
                   open=open_intervals(venue, start, end),
                   closed=merge(closures + holiday_intervals(venue, start, end)),
                   occupancy=Occupancy(holds), creator_active=active)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.venue.buffer_minutes)

    def violations(self, start: datetime, end: datetime, party_size: int = 1) -> list[Violation]:
        """Every rule a booking of [start, end) for `party_size` people would break now.

        In this order: invalid_range (alone), venue_inactive, too_soon, too_far, too_short,
        too_long, off_grid, outside_opening_hours, closed, over_capacity, quota_exceeded, conflict.
        """
        if end <= start:
            return [Violation("invalid_range", "The end must be after the start.")]
        found = [check(self, start, end, party_size) for check in _CHECKS]
        return [violation for violation in found if violation is not None]

    def has_room(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end + buffer) keeps every instant within max_concurrent holds."""
        return self.occupancy.peak(start, end + self.buffer) < self.venue.max_concurrent

    def conflicting_times(self, start: datetime, end: datetime) -> list[Interval]:
        """The (start, end) of holding bookings that leave no room for [start, end + buffer)."""
        holds = self.occupancy.holds_in_saturated_time(start, end + self.buffer,
                                                       self.venue.max_concurrent)
        return sorted({(hold.start, hold.end) for hold in holds})

    def add(self, start: datetime, end: datetime) -> None:
        """An accepted booking (of the same creator) joins the schedule, e.g. within a series."""
        self.occupancy.add(Hold(start, end, end + self.buffer))
        if self.creator_active is not None:
            self.creator_active += 1

    def grid_starts(self, start: datetime, end: datetime) -> list[datetime]:
        """Every start on the slot grid within [start, end)."""
        slot = timedelta(minutes=self.venue.slot_minutes)
        starts: set[datetime] = set()
        for span_start, span_end in self.spans:
            steps = max(0, -((span_start - start) // slot))
            moment = span_start + steps * slot
            while moment < min(span_end, end):
                starts.add(moment)
                moment += slot
        return sorted(starts)

    def is_on_grid(self, start: datetime) -> bool | None:
        """Whether start is on the grid of a span containing it; None when no span contains it."""
        slot = timedelta(minutes=self.venue.slot_minutes)
        containing = [span_start for span_start, span_end in self.spans if span_start <= start < span_end]
        if not containing:
            return None
        return any((start - span_start) % slot == timedelta(0) for span_start in containing)

    def is_open_for(self, start: datetime, end: datetime) -> bool:
        index = bisect_right(self._open_starts, start) - 1
        return index >= 0 and self.open[index][1] >= end

    def is_closed_during(self, start: datetime, end: datetime) -> bool:
        index = bisect_right(self._closed_ends, start)
        return index < len(self.closed) and self.closed[index][0] < end


def _venue_inactive(schedule: Schedule, start, end, party_size) -> Violation | None:
    if not schedule.venue.is_active:
        return Violation("venue_inactive", "This venue is not taking bookings.")
    return None


def _too_soon(schedule: Schedule, start, end, party_size) -> Violation | None:
    lead = schedule.venue.lead_time_minutes
    if start < schedule.now + timedelta(minutes=lead):
        return Violation("too_soon", f"Bookings must start at least {lead} minutes from now.")
    return None


def _too_far(schedule: Schedule, start, end, party_size) -> Violation | None:
    horizon = schedule.venue.horizon_days
    if start > schedule.now + timedelta(days=horizon):
        return Violation("too_far", f"Bookings may start at most {horizon} days from now.")
    return None


def _too_short(schedule: Schedule, start, end, party_size) -> Violation | None:
    shortest = schedule.venue.min_duration_minutes
    if end - start < timedelta(minutes=shortest):
        return Violation("too_short", f"Bookings last at least {shortest} minutes.")
    return None


def _too_long(schedule: Schedule, start, end, party_size) -> Violation | None:
    longest = schedule.venue.max_duration_minutes
    if end - start > timedelta(minutes=longest):
        return Violation("too_long", f"Bookings last at most {longest} minutes.")
    return None


def _off_grid(schedule: Schedule, start, end, party_size) -> Violation | None:
    if schedule.is_on_grid(start) is False:
        slot = schedule.venue.slot_minutes
        return Violation("off_grid", f"Bookings start every {slot} minutes from opening time.")
    return None


def _outside_opening_hours(schedule: Schedule, start, end, party_size) -> Violation | None:
    if not schedule.is_open_for(start, end):
        return Violation("outside_opening_hours", "The venue is not open for the whole time.")
    return None


def _closed(schedule: Schedule, start, end, party_size) -> Violation | None:
    if schedule.is_closed_during(start, end):
        return Violation("closed", "The venue is closed during this time.")
    return None


def _over_capacity(schedule: Schedule, start, end, party_size) -> Violation | None:
    capacity = schedule.venue.capacity
    if capacity is not None and party_size > capacity:
        return Violation("over_capacity", f"The venue holds at most {capacity} people.")
    return None


def _quota_exceeded(schedule: Schedule, start, end, party_size) -> Violation | None:
    quota = schedule.venue.max_active_per_creator
    if quota is not None and schedule.creator_active is not None and schedule.creator_active >= quota:
        return Violation("quota_exceeded", f"You may hold at most {quota} active bookings here.")
    return None


def _conflict(schedule: Schedule, start, end, party_size) -> Violation | None:
    if not schedule.has_room(start, end):
        return Violation("conflict", "This time (with the venue's buffer) is already taken.")
    return None


_CHECKS = (_venue_inactive, _too_soon, _too_far, _too_short, _too_long, _off_grid,
           _outside_opening_hours, _closed, _over_capacity, _quota_exceeded, _conflict)


class minutes_before(FunctionElement):
    """SQL for `moment` less `minutes` (an integer SQL expression) minutes; SQLite stores UTC
    as text, so there the answer is text of the same format, less its fraction of a second."""

    type = UTCDateTime()
    inherit_cache = True
    name = "minutes_before"


@compiles(minutes_before, "postgresql")
def _minutes_before_postgresql(element: minutes_before, compiler, **kw) -> str:
    moment, minutes = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({moment} - make_interval(mins => {minutes}))"


@compiles(minutes_before, "sqlite")
def _minutes_before_sqlite(element: minutes_before, compiler, **kw) -> str:
    moment, minutes = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"datetime({moment}, '-' || ({minutes}) || ' minutes')"


def _holds_and_closures_statement():
    """The holds and closures of one venue in a window, built once: bound parameters only, so
    that each call costs an execution, not the construction and cache lookup of a new statement."""
    venue_id, start = bindparam("venue_id"), bindparam("start", type_=UTCDateTime())
    longest = (select(func.coalesce(func.max(Booking.hold_minutes), 0))
               .where(Booking.venue_id == venue_id, Booking.holds_time == true()).scalar_subquery())
    holds = (select(Booking.start, Booking.end, Booking.held_until, literal(True).label("is_hold"))
             .where(Booking.venue_id == venue_id, Booking.holds_time == true(),
                    Booking.start >= minutes_before(start, longest),
                    Booking.start < bindparam("end", type_=UTCDateTime()), Booking.held_until > start,
                    Booking.id.not_in(bindparam("exclude_ids", expanding=True))))
    closures = (select(Closure.start, Closure.end, Closure.end, literal(False))
                .where(Closure.venue_id == venue_id, Closure.end > start,
                       Closure.start < bindparam("closures_end", type_=UTCDateTime())))
    return union_all(holds, closures)


_HOLDS_AND_CLOSURES = _holds_and_closures_statement()

_ACTIVE_COUNT = (select(func.count(Booking.id))
                 .where(Booking.venue_id == bindparam("venue_id"),
                        Booking.creator_id == bindparam("creator_id"), Booking.status.in_(OPEN_STATUSES),
                        Booking.end > bindparam("now", type_=UTCDateTime()),
                        Booking.id.not_in(bindparam("exclude_ids", expanding=True))))


def load_holds_and_closures(venue_id: int, start: datetime, end: datetime, closures_end: datetime,
                            exclude_ids: Sequence[int] = ()) -> tuple[list[Hold], list[Interval]]:
    """The holding bookings busy at some instant of [start, end) and the venue's closures
    overlapping [start, closures_end), sorted: one round trip.

    The scan of holds is bounded below by the venue's longest hold (a subquery), so it reads
    only the window, not the venue's history.
    """
    rows = db.session.execute(_HOLDS_AND_CLOSURES, {
        "venue_id": venue_id, "start": start, "end": end, "closures_end": closures_end,
        "exclude_ids": list(exclude_ids)}).all()
    return ([Hold(row.start, row.end, row.held_until) for row in rows if row.is_hold],
            sorted((row.start, row.end) for row in rows if not row.is_hold))


def count_active(venue_id: int, creator_id: int, exclude_ids: Sequence[int] = ()) -> int:
    """The creator's pending and confirmed bookings of the venue that have not ended."""
    return db.session.scalar(_ACTIVE_COUNT, {"venue_id": venue_id, "creator_id": creator_id,
                                            "now": clock.now(), "exclude_ids": list(exclude_ids)}) or 0


def check_booking(venue: Venue, start: datetime, end: datetime, *, creator_id: int | None,
                  party_size: int = 1, exclude_ids: Sequence[int] = ()) -> tuple[list[Violation], Schedule]:
    """The violations of one booking, with the schedule that judged it (for conflict details)."""
    schedule = Schedule.load(venue, start, max(start, end), creator_id=creator_id, exclude_ids=exclude_ids)
    return schedule.violations(start, end, party_size), schedule
