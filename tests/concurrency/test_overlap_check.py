"""The overlap count the race tests rely on, checked on spans whose answer is known."""

from datetime import UTC, datetime, timedelta

from tests.concurrency.scenes import max_overlap

NINE = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)


def hours(first: int, last: int) -> tuple[datetime, datetime]:
    return NINE + timedelta(hours=first), NINE + timedelta(hours=last)


def test_spans_that_only_touch_do_not_overlap():
    assert max_overlap([hours(0, 1), hours(1, 2), hours(2, 3)]) == 1


def test_partly_overlapping_spans_count_where_most_of_them_meet():
    assert max_overlap([hours(0, 3), hours(1, 2), hours(1, 4), hours(3, 5)]) == 3


def test_no_spans_overlap_nowhere():
    assert max_overlap([]) == 0
