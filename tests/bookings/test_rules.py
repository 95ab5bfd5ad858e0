"""Every rule of a booking, as a creator meets it through POST /api/v1/bookings.

Now is Tuesday 2026-12-01 09:00 in Shanghai; venues open 08:00-22:00 unless a test says otherwise.
"""

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.venues.models import Closure

WEDNESDAY = 2  # 2026-12-02


def codes(response) -> list[str]:
    return [violation["code"] for violation in response.json["violations"]]


def assert_refused(response, code: str) -> None:
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert response.json["code"] == code


def test_a_booking_within_every_rule_is_confirmed(make_venue, book):
    response = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00")

    assert response.status_code == 201
    assert response.json["status"] == "confirmed"
    assert response.json["start"] == "2026-12-02T10:00:00+08:00"
    assert response.json["end"] == "2026-12-02T11:00:00+08:00"


def test_times_with_an_offset_are_taken_as_given(make_venue, book):
    response = book(make_venue(), "2026-12-02T02:00:00Z", "2026-12-02T03:00:00Z")

    assert response.json["start"] == "2026-12-02T10:00:00+08:00"


def test_end_not_after_start_is_invalid_range(make_venue, book):
    assert_refused(book(make_venue(), "2026-12-02T10:00", "2026-12-02T10:00"), "invalid_range")
    assert_refused(book(make_venue(), "2026-12-02T10:00", "2026-12-02T09:00"), "invalid_range")


def test_inactive_venue_takes_no_bookings(make_venue, book):
    response = book(make_venue(is_active=False), "2026-12-02T10:00", "2026-12-02T11:00")

    assert_refused(response, "venue_inactive")


def test_shorter_than_the_minimum_is_too_short(make_venue, book):
    venue = make_venue(min_duration_minutes=60)

    assert_refused(book(venue, "2026-12-02T10:00", "2026-12-02T10:30"), "too_short")
    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201


def test_longer_than_the_maximum_is_too_long(make_venue, book):
    venue = make_venue(max_duration_minutes=120)

    assert_refused(book(venue, "2026-12-02T10:00", "2026-12-02T13:00"), "too_long")
    assert book(venue, "2026-12-02T10:00", "2026-12-02T12:00").status_code == 201


def test_start_between_grid_points_is_off_grid(make_venue, book):
    assert_refused(book(make_venue(), "2026-12-02T10:15", "2026-12-02T11:15"), "off_grid")


def test_the_grid_counts_from_the_opening_of_the_span(make_venue, book):
    venue = make_venue(hours=[(WEDNESDAY, "08:15", "20:00")])

    assert book(venue, "2026-12-02T09:15", "2026-12-02T10:00").status_code == 201
    assert_refused(book(venue, "2026-12-02T10:00", "2026-12-02T11:00"), "off_grid")


def test_only_the_start_is_on_the_grid_the_duration_is_free(make_venue, book):
    response = book(make_venue(), "2026-12-02T10:00", "2026-12-02T10:45")

    assert response.status_code == 201


def test_start_inside_the_lead_time_is_too_soon(make_venue, book):
    venue = make_venue(lead_time_minutes=120)

    assert_refused(book(venue, "2026-12-01T10:30", "2026-12-01T11:30"), "too_soon")
    assert book(venue, "2026-12-01T11:00", "2026-12-01T12:00").status_code == 201


def test_start_in_the_past_is_too_soon(make_venue, book):
    assert_refused(book(make_venue(), "2026-12-01T08:00", "2026-12-01T09:30"), "too_soon")


def test_start_beyond_the_horizon_is_too_far(make_venue, book):
    venue = make_venue(horizon_days=7)

    assert_refused(book(venue, "2026-12-08T10:00", "2026-12-08T11:00"), "too_far")
    assert book(venue, "2026-12-08T09:00", "2026-12-08T10:00").status_code == 201


def test_not_within_opening_hours(make_venue, book):
    venue = make_venue()

    assert_refused(book(venue, "2026-12-02T21:30", "2026-12-02T22:30"), "outside_opening_hours")
    assert_refused(book(venue, "2026-12-02T07:00", "2026-12-02T09:00"), "outside_opening_hours")


def test_a_day_without_hours_is_outside_opening_hours(make_venue, book):
    venue = make_venue(hours=[(0, "08:00", "22:00")])

    assert_refused(book(venue, "2026-12-02T10:00", "2026-12-02T11:00"), "outside_opening_hours")


def test_overnight_span_takes_bookings_across_midnight(make_venue, book):
    venue = make_venue(hours=[(day, "20:00", "02:00") for day in range(7)])

    assert book(venue, "2026-12-02T23:00", "2026-12-03T01:00").status_code == 201
    assert book(venue, "2026-12-03T01:00", "2026-12-03T02:00").status_code == 201
    assert_refused(book(venue, "2026-12-03T01:30", "2026-12-03T02:30"), "outside_opening_hours")


def test_touching_spans_join_into_one_opening(make_venue, book):
    venue = make_venue(hours=[(WEDNESDAY, "08:00", "12:00"), (WEDNESDAY, "12:00", "18:00")])

    assert book(venue, "2026-12-02T11:00", "2026-12-02T13:00").status_code == 201


def test_a_gap_between_spans_is_outside_opening_hours(make_venue, book):
    venue = make_venue(hours=[(WEDNESDAY, "08:00", "12:00"), (WEDNESDAY, "13:00", "18:00")])

    assert_refused(book(venue, "2026-12-02T11:30", "2026-12-02T13:30"), "outside_opening_hours")


def test_overlapping_a_closure_is_closed(make_venue, book):
    venue = make_venue()
    db.session.add(Closure(venue=venue, start=datetime(2026, 12, 2, 4, tzinfo=UTC),
                           end=datetime(2026, 12, 2, 6, tzinfo=UTC), reason="Filming",
                           created_at=datetime(2026, 11, 30, tzinfo=UTC)))
    db.session.commit()

    assert_refused(book(venue, "2026-12-02T13:30", "2026-12-02T14:30"), "closed")
    assert book(venue, "2026-12-02T11:00", "2026-12-02T12:00").status_code == 201


def test_a_public_holiday_closes_a_venue_that_observes_them(make_venue, book, clock):
    clock.set(datetime(2026, 9, 29, 1, tzinfo=UTC))
    observing = make_venue(closed_on_public_holidays=True)
    ignoring = make_venue()

    assert_refused(book(observing, "2026-10-01T10:00", "2026-10-01T11:00"), "closed")
    assert book(ignoring, "2026-10-01T10:00", "2026-10-01T11:00").status_code == 201


def test_party_larger_than_capacity_is_over_capacity(make_venue, book):
    venue = make_venue(capacity=5)

    assert_refused(book(venue, "2026-12-02T10:00", "2026-12-02T11:00", party_size=6), "over_capacity")
    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00", party_size=5).status_code == 201


def test_more_active_bookings_than_the_quota_is_quota_exceeded(make_venue, book, make_user, auth_headers):
    venue = make_venue(max_active_per_creator=2)
    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201
    assert book(venue, "2026-12-02T12:00", "2026-12-02T13:00").status_code == 201

    assert_refused(book(venue, "2026-12-02T14:00", "2026-12-02T15:00"), "quota_exceeded")
    other = auth_headers(make_user())
    assert book(venue, "2026-12-02T14:00", "2026-12-02T15:00", headers=other).status_code == 201


def test_cancelled_and_ended_bookings_leave_the_quota(make_venue, book, client, creator_headers, clock):
    venue = make_venue(max_active_per_creator=1)
    first = book(venue, "2026-12-01T10:00", "2026-12-01T11:00").json
    assert_refused(book(venue, "2026-12-02T10:00", "2026-12-02T11:00"), "quota_exceeded")

    clock.advance(hours=2)

    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201
    assert first["status"] == "confirmed"


def test_every_broken_rule_is_listed_first_one_as_code(make_venue, book):
    venue = make_venue(capacity=2, min_duration_minutes=60)

    response = book(venue, "2026-12-02T21:15", "2026-12-02T21:45", party_size=3)

    assert_refused(response, "too_short")
    assert codes(response) == ["too_short", "off_grid", "over_capacity"]
    assert all(violation["message"] for violation in response.json["violations"])


@pytest.mark.parametrize("body, field", [
    ({"start": "2026-12-02T10:00", "end": "2026-12-02T11:00", "title": "x"}, "venue_id"),
    ({"venue_id": 1, "start": "tomorrow", "end": "2026-12-02T11:00", "title": "x"}, "start"),
    ({"venue_id": 1, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00", "title": ""}, "title"),
    ({"venue_id": 1, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00", "title": "x",
      "party_size": 0}, "party_size"),
])
def test_malformed_fields_are_named(client, creator_headers, make_venue, body, field):
    make_venue()

    response = client.post("/api/v1/bookings", json=body, headers=creator_headers)

    assert response.status_code == 422
    assert field in response.json["errors"]


def test_unknown_venue_is_a_field_error(client, creator_headers):
    response = client.post("/api/v1/bookings", headers=creator_headers, json={
        "venue_id": 999, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00", "title": "x"})

    assert response.status_code == 422
    assert "venue_id" in response.json["errors"]


def test_booking_needs_a_signed_in_user(client, make_venue):
    response = client.post("/api/v1/bookings", json={
        "venue_id": make_venue().id, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00", "title": "x"})

    assert response.status_code == 401
