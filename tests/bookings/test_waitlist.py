"""The waitlist: ask for a taken time, hear when it frees up."""

import pytest

from app.bookings.service import expire_stale_requests
from app.extensions import db


@pytest.fixture
def taken(make_venue, make_user, auth_headers, book, manager):
    """A venue whose 10:00-11:00 on Wednesday is held by someone else."""
    venue = make_venue(managers=[manager], requires_approval=True, pending_expiry_hours=24)
    holder_headers = auth_headers(make_user())
    booking = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=holder_headers).json
    return {"venue": venue, "booking": booking, "holder": holder_headers}


def join(client, headers, venue, start="2026-12-02T10:00", end="2026-12-02T11:00"):
    return client.post("/api/v1/waitlist", json={"venue_id": venue.id, "start": start, "end": end},
                       headers=headers)


def test_joining_for_a_taken_time(client, taken, creator_headers):
    response = join(client, creator_headers, taken["venue"])

    assert response.status_code == 201
    assert response.json["status"] == "waiting"
    assert response.json["start"] == "2026-12-02T10:00:00+08:00"


def test_a_time_that_could_never_be_booked_is_refused(client, taken, creator_headers):
    response = join(client, creator_headers, taken["venue"], "2026-12-02T21:30", "2026-12-02T22:30")

    assert response.status_code == 422
    assert response.json["code"] == "outside_opening_hours"


def test_cancelling_offers_the_time_in_join_order(client, taken, creator_headers, make_user, auth_headers,
                                                  notifications):
    first = join(client, creator_headers, taken["venue"]).json
    second = join(client, auth_headers(make_user()), taken["venue"],
                  "2026-12-02T10:30", "2026-12-02T11:00").json
    elsewhere = join(client, creator_headers, taken["venue"], "2026-12-02T15:00", "2026-12-02T16:00").json

    client.post(f"/api/v1/bookings/{taken['booking']['id']}/cancel", json={}, headers=taken["holder"])

    assert notifications["waitlist"] == [[first["id"], second["id"]]]
    entries = client.get("/api/v1/waitlist", headers=creator_headers).json["items"]
    assert {e["id"]: e["status"] for e in entries} == {first["id"]: "offered", elsewhere["id"]: "waiting"}


@pytest.mark.parametrize("release", ["reject", "expire", "reschedule"])
def test_every_release_of_held_time_reaches_the_waitlist(client, taken, creator_headers, manager_headers,
                                                         notifications, clock, release):
    entry = join(client, creator_headers, taken["venue"]).json
    booking_path = f"/api/v1/bookings/{taken['booking']['id']}"
    if release == "reject":
        client.post(f"{booking_path}/reject", json={"reason": "No"}, headers=manager_headers)
    elif release == "expire":
        clock.advance(hours=24)
        expire_stale_requests()
        db.session.commit()
    else:
        client.patch(booking_path, json={"start": "2026-12-02T14:00", "end": "2026-12-02T15:00"},
                     headers=taken["holder"])

    assert notifications["waitlist"] == [[entry["id"]]]


def test_an_entry_that_still_does_not_fit_keeps_waiting(client, make_venue, book, creator_headers,
                                                        make_user, auth_headers, notifications):
    venue = make_venue()
    holder = auth_headers(make_user())
    first = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=holder).json
    book(venue, "2026-12-02T11:00", "2026-12-02T12:00", headers=auth_headers(make_user()))
    join(client, creator_headers, venue, "2026-12-02T10:00", "2026-12-02T12:00")

    client.post(f"/api/v1/bookings/{first['id']}/cancel", json={}, headers=holder)

    assert notifications["waitlist"] == []


def test_entries_are_private_and_can_be_left(client, taken, creator_headers, make_user, auth_headers):
    entry = join(client, creator_headers, taken["venue"]).json
    stranger = auth_headers(make_user())

    assert client.get(f"/api/v1/waitlist/{entry['id']}", headers=stranger).status_code == 404
    assert client.delete(f"/api/v1/waitlist/{entry['id']}", headers=stranger).status_code == 404
    assert client.get(f"/api/v1/waitlist/{entry['id']}", headers=creator_headers).status_code == 200
    assert client.delete(f"/api/v1/waitlist/{entry['id']}", headers=creator_headers).status_code == 204
    assert client.get("/api/v1/waitlist", headers=creator_headers).json["total"] == 0


def test_waitlist_needs_a_known_venue_and_a_user(client, creator_headers, taken):
    unknown = client.post("/api/v1/waitlist", headers=creator_headers,
                          json={"venue_id": 999, "start": "2026-12-02T10:00", "end": "2026-12-02T11:00"})

    assert unknown.status_code == 422
    assert client.get("/api/v1/waitlist").status_code == 401
