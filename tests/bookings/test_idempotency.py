"""Creating POSTs of the bookings domain are safe to retry with an Idempotency-Key."""

import pytest


@pytest.mark.parametrize("path, extra", [
    ("/api/v1/bookings", {"title": "Shoot"}),
    ("/api/v1/bookings/series", {"title": "Shoot", "rrule": "FREQ=DAILY;COUNT=2"}),
    ("/api/v1/waitlist", {}),
])
def test_a_retry_with_the_same_key_creates_nothing_new(client, make_venue, creator_headers, path, extra):
    venue = make_venue()
    body = {"venue_id": venue.id, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00", **extra}
    headers = {**creator_headers, "Idempotency-Key": "5d0c7f2e-booking"}

    first = client.post(path, json=body, headers=headers)
    retry = client.post(path, json=body, headers=headers)

    assert first.status_code == 201
    assert retry.status_code == 201
    assert retry.json == first.json
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_without_a_key_a_second_booking_meets_the_first(client, make_venue, creator_headers):
    body = {"venue_id": make_venue().id, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00", "title": "x"}

    assert client.post("/api/v1/bookings", json=body, headers=creator_headers).status_code == 201
    assert client.post("/api/v1/bookings", json=body, headers=creator_headers).status_code == 409
