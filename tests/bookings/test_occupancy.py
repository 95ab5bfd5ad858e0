"""The sweep behind conflict checks: the true maximum of overlapping holds, not a count of rows."""

from datetime import UTC, datetime

from app.bookings.rules import Hold, Occupancy


def at(hour: float) -> datetime:
    return datetime(2026, 12, 2, int(hour), int(hour % 1 * 60), tzinfo=UTC)


def hold(start: float, end: float) -> Hold:
    return Hold(at(start), at(end), at(end))


def test_the_peak_is_the_most_holds_at_one_instant():
    occupancy = Occupancy([hold(10, 11), hold(11, 12), hold(10, 12)])

    assert occupancy.peak(at(10), at(12)) == 2
    assert occupancy.peak(at(9), at(10)) == 0
    assert occupancy.peak(at(10.5), at(10.75)) == 2


def test_touching_holds_do_not_overlap():
    occupancy = Occupancy([hold(10, 11), hold(11, 12)])

    assert occupancy.peak(at(10), at(12)) == 1


def test_only_holds_in_saturated_time_are_named():
    occupancy = Occupancy([hold(10, 11), hold(10.5, 12), hold(13, 14)])

    in_the_way = occupancy.holds_in_saturated_time(at(10), at(14), limit=2)

    assert in_the_way == [hold(10, 11), hold(10.5, 12)]


def test_an_added_hold_counts_at_once():
    occupancy = Occupancy([hold(10, 11)])
    occupancy.add(hold(10.5, 11.5))

    assert occupancy.peak(at(10), at(12)) == 2
