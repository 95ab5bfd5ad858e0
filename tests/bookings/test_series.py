"""Recurring bookings: expansion in the venue's zone, fail and skip, and acting on a whole series."""

from datetime import UTC, datetime

import pytest


@pytest.fixture
def book_series(client, creator_headers):
    def book_series(venue, start, end, rrule, on_conflict="fail", headers=None, **fields):
        body = {"venue_id": venue.id, "start": start, "end": end, "title": "Weekly show",
                "rrule": rrule, "on_conflict": on_conflict, **fields}
        return client.post("/api/v1/bookings/series", json=body, headers=headers or creator_headers)

    return book_series


def starts(response) -> list[str]:
    return [booking["start"] for booking in response.json["bookings"]]


def test_a_weekly_series_books_every_occurrence(make_venue, book_series):
    response = book_series(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=WEEKLY;COUNT=3")

    assert response.status_code == 201
    assert starts(response) == ["2026-12-02T10:00:00+08:00", "2026-12-09T10:00:00+08:00",
                                "2026-12-16T10:00:00+08:00"]
    assert {b["series_id"] for b in response.json["bookings"]} == {response.json["series_id"]}
    assert response.json["skipped"] == []


def test_the_rule_recurs_in_the_venues_wall_clock(make_venue, book_series, clock, make_user, auth_headers):
    clock.set(datetime(2027, 3, 1, 12, tzinfo=UTC))
    venue = make_venue(timezone="America/New_York")

    response = book_series(venue, "2027-03-12T10:00", "2027-03-12T11:00", "FREQ=DAILY;COUNT=3",
                           headers=auth_headers(make_user()))

    assert starts(response) == ["2027-03-12T10:00:00-05:00", "2027-03-13T10:00:00-05:00",
                                "2027-03-14T10:00:00-04:00"]


def test_an_until_in_utc_is_accepted(make_venue, book_series):
    response = book_series(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00",
                           "RRULE:FREQ=DAILY;UNTIL=20261204T235959Z")

    assert len(response.json["bookings"]) == 3


def test_a_series_is_capped_at_the_horizon_and_52_occurrences(make_venue, book_series):
    within_horizon = book_series(make_venue(horizon_days=20), "2026-12-02T10:00", "2026-12-02T11:00",
                                 "FREQ=WEEKLY")
    capped = book_series(make_venue(horizon_days=365), "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=DAILY")

    assert len(within_horizon.json["bookings"]) == 3
    assert len(capped.json["bookings"]) == 52


@pytest.mark.parametrize("rrule", ["FREQ=SOMETIMES", "nonsense", "FREQ=DAILY;COUNT=x",
                                   "DTSTART:20261201T000000\nRRULE:FREQ=DAILY"])
def test_a_bad_rule_is_422(make_venue, book_series, rrule):
    response = book_series(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00", rrule)

    assert response.status_code == 422
    assert "rrule" in response.json["errors"]


def test_with_fail_one_bad_occurrence_books_nothing(make_venue, book_series, book, client, creator_headers):
    venue = make_venue()
    book(venue, "2026-12-09T10:30", "2026-12-09T11:30")

    response = book_series(venue, "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=WEEKLY;COUNT=3")

    assert response.status_code == 409
    assert response.json["occurrence"] == {"start": "2026-12-09T10:00:00+08:00",
                                           "end": "2026-12-09T11:00:00+08:00"}
    assert client.get("/api/v1/bookings", headers=creator_headers).json["total"] == 1


def test_with_skip_the_bad_occurrences_are_listed(make_venue, book_series, book):
    venue = make_venue()
    book(venue, "2026-12-09T10:30", "2026-12-09T11:30")

    response = book_series(venue, "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=WEEKLY;COUNT=3", "skip")

    assert response.status_code == 201
    assert starts(response) == ["2026-12-02T10:00:00+08:00", "2026-12-16T10:00:00+08:00"]
    assert response.json["skipped"] == [{"start": "2026-12-09T10:00:00+08:00",
                                         "end": "2026-12-09T11:00:00+08:00", "code": "conflict"}]


def test_occurrences_must_not_overlap_each_other(make_venue, book_series):
    response = book_series(make_venue(), "2026-12-02T10:00", "2026-12-02T13:00", "FREQ=HOURLY;COUNT=3",
                           "skip")

    assert starts(response) == ["2026-12-02T10:00:00+08:00"]
    assert [skip["code"] for skip in response.json["skipped"]] == ["conflict", "conflict"]


def test_the_quota_counts_every_occurrence(make_venue, book_series):
    response = book_series(make_venue(max_active_per_creator=2), "2026-12-02T10:00", "2026-12-02T11:00",
                           "FREQ=DAILY;COUNT=3", "skip")

    assert len(response.json["bookings"]) == 2
    assert response.json["skipped"][0]["code"] == "quota_exceeded"


def test_a_series_across_a_public_holiday(make_venue, book_series, clock):
    clock.set(datetime(2026, 9, 22, 1, tzinfo=UTC))
    venue = make_venue(closed_on_public_holidays=True)

    failed = book_series(venue, "2026-09-24T10:00", "2026-09-24T11:00", "FREQ=WEEKLY;COUNT=3")
    skipped = book_series(venue, "2026-09-24T10:00", "2026-09-24T11:00", "FREQ=WEEKLY;COUNT=3", "skip")

    assert failed.status_code == 422
    assert failed.json["code"] == "closed"
    assert failed.json["occurrence"]["start"] == "2026-10-01T10:00:00+08:00"
    assert starts(skipped) == ["2026-09-24T10:00:00+08:00", "2026-10-08T10:00:00+08:00"]
    assert skipped.json["skipped"][0]["code"] == "closed"


def test_when_nothing_can_be_booked_the_first_error_is_returned(make_venue, book_series):
    response = book_series(make_venue(), "2026-12-02T21:30", "2026-12-02T22:30", "FREQ=DAILY;COUNT=2", "skip")

    assert response.status_code == 422
    assert response.json["code"] == "outside_opening_hours"


def test_series_requests_are_pending_where_approval_is_required(make_venue, book_series):
    response = book_series(make_venue(requires_approval=True), "2026-12-02T10:00", "2026-12-02T11:00",
                           "FREQ=DAILY;COUNT=2")

    assert {b["status"] for b in response.json["bookings"]} == {"pending"}


def test_approving_a_series_acts_on_every_open_occurrence(
        make_venue, book_series, client, manager, manager_headers, creator_headers):
    venue = make_venue(requires_approval=True, managers=[manager])
    series = book_series(venue, "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=DAILY;COUNT=3").json
    first = series["bookings"][0]["id"]
    client.post(f"/api/v1/bookings/{first}/cancel", json={}, headers=creator_headers)

    response = client.post(f"/api/v1/series/{series['series_id']}/approve", json={}, headers=manager_headers)

    assert response.status_code == 200
    assert [b["status"] for b in response.json["changed"]] == ["confirmed", "confirmed"]
    assert [u["id"] for u in response.json["unchanged"]] == [first]
    assert response.json["unchanged"][0]["reason"]


def test_creator_cancels_a_whole_series(make_venue, book_series, client, creator_headers):
    series = book_series(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=DAILY;COUNT=2").json

    response = client.post(f"/api/v1/series/{series['series_id']}/cancel", json={"reason": "Tour over"},
                           headers=creator_headers)

    assert [b["status"] for b in response.json["changed"]] == ["cancelled", "cancelled"]


def test_rejecting_a_series_needs_a_manager_and_a_reason(make_venue, book_series, client, creator_headers,
                                                         manager, manager_headers):
    venue = make_venue(requires_approval=True, managers=[manager])
    series = book_series(venue, "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=DAILY;COUNT=2").json
    path = f"/api/v1/series/{series['series_id']}/reject"

    assert client.post(path, json={"reason": "No"}, headers=creator_headers).status_code == 403
    assert client.post(path, json={}, headers=manager_headers).status_code == 422
    assert len(client.post(path, json={"reason": "No"}, headers=manager_headers).json["changed"]) == 2


def test_a_series_others_may_not_see_is_404(make_venue, book_series, client, make_user, auth_headers):
    series = book_series(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00", "FREQ=DAILY;COUNT=2").json

    response = client.post(f"/api/v1/series/{series['series_id']}/cancel", json={},
                           headers=auth_headers(make_user()))

    assert response.status_code == 404
