"""Closures: blackout periods that managers put on their venues."""

from datetime import UTC, datetime

import pytest

from app.auth.models import Role
from app.extensions import db
from app.venues.models import Closure


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def venue(make_venue, manager):
    return make_venue(managers=[manager])


def closures_path(venue) -> str:
    return f"/api/v1/venues/{venue.id}/closures"


def test_manager_adds_a_closure_in_venue_time(client, venue, manager, auth_headers):
    response = client.post(closures_path(venue), headers=auth_headers(manager), json={
        "start": "2026-12-24T18:00:00", "end": "2026-12-26T09:00:00", "reason": "Staff party"})

    assert response.status_code == 201
    assert response.json["start"] == "2026-12-24T18:00:00+08:00"
    assert response.json["end"] == "2026-12-26T09:00:00+08:00"
    stored = db.session.get(Closure, response.json["id"])
    assert stored.start == datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
    assert stored.created_by_id == manager.id


def test_times_with_an_offset_are_kept_and_shown_in_venue_time(client, venue, manager, auth_headers):
    response = client.post(closures_path(venue), headers=auth_headers(manager), json={
        "start": "2026-12-24T10:00:00Z", "end": "2026-12-24T20:00:00+08:00"})

    assert response.status_code == 201
    assert response.json["start"] == "2026-12-24T18:00:00+08:00"
    assert response.json["reason"] == ""


def test_admin_adds_a_closure(client, venue, admin_headers):
    response = client.post(closures_path(venue), headers=admin_headers,
                           json={"start": "2026-12-24T09:00", "end": "2026-12-24T10:00"})

    assert response.status_code == 201


@pytest.mark.parametrize(("start", "end"), [("2026-12-24T10:00", "2026-12-24T10:00"),
                                            ("2026-12-24T10:00", "2026-12-24T09:00"),
                                            ("2026-12-24T10:00:00+08:00", "2026-12-24T01:30:00Z")])
def test_end_must_be_after_start(client, venue, manager, auth_headers, start, end):
    response = client.post(closures_path(venue), headers=auth_headers(manager),
                           json={"start": start, "end": end})

    assert response.status_code == 422
    assert "end" in response.json["errors"]


@pytest.mark.parametrize("body", [
    {"start": "2026-12-24T10:00"},
    {"start": "soon", "end": "later"},
    {"start": "2026-12-24T10:00", "end": "2026-12-24T11:00", "reason": "x" * 301},
])
def test_bad_closure_bodies_are_422(client, venue, manager, auth_headers, body):
    response = client.post(closures_path(venue), headers=auth_headers(manager), json=body)

    assert response.status_code == 422


def test_others_cannot_add_closures(client, venue, make_venue, make_user, auth_headers):
    other_manager = make_user(Role.MANAGER)
    make_venue(managers=[other_manager])
    body = {"start": "2026-12-24T10:00", "end": "2026-12-24T11:00"}

    assert client.post(closures_path(venue), json=body).status_code == 401
    assert client.post(closures_path(venue), json=body, headers=auth_headers(make_user())).status_code == 403
    assert client.post(closures_path(venue), json=body,
                       headers=auth_headers(other_manager)).status_code == 403
    assert db.session.query(Closure).count() == 0


def add(venue, start: str, end: str) -> Closure:
    closure = Closure(venue=venue, start=datetime.fromisoformat(start), end=datetime.fromisoformat(end),
                      created_at=datetime(2026, 12, 1, tzinfo=UTC))
    db.session.add(closure)
    db.session.commit()
    return closure


def test_anyone_lists_closures_by_start(client, venue):
    later = add(venue, "2027-01-10T00:00Z", "2027-01-11T00:00Z")
    sooner = add(venue, "2026-12-24T00:00Z", "2026-12-25T00:00Z")

    response = client.get(closures_path(venue))

    assert response.status_code == 200
    assert [item["id"] for item in response.json["items"]] == [sooner.id, later.id]
    assert response.json["total"] == 2


def test_closure_list_window_keeps_overlapping_ones(client, venue):
    add(venue, "2026-12-01T00:00Z", "2026-12-02T00:00Z")
    overlapping = add(venue, "2026-12-09T20:00Z", "2026-12-10T04:00Z")
    add(venue, "2026-12-20T00:00Z", "2026-12-21T00:00Z")

    response = client.get(closures_path(venue), query_string={"from": "2026-12-10T00:00",
                                                              "to": "2026-12-11T00:00"})

    assert [item["id"] for item in response.json["items"]] == [overlapping.id]


def test_closures_of_a_hidden_venue_are_404(client, make_venue):
    hidden = make_venue(is_active=False)

    assert client.get(closures_path(hidden)).status_code == 404


def test_manager_deletes_a_closure(client, venue, manager, auth_headers):
    closure = add(venue, "2026-12-24T00:00Z", "2026-12-25T00:00Z")

    response = client.delete(f"{closures_path(venue)}/{closure.id}", headers=auth_headers(manager))

    assert response.status_code == 204
    assert db.session.query(Closure).count() == 0


def test_deleting_needs_the_venue_manager(client, venue, make_user, auth_headers):
    closure = add(venue, "2026-12-24T00:00Z", "2026-12-25T00:00Z")
    path = f"{closures_path(venue)}/{closure.id}"

    assert client.delete(path).status_code == 401
    assert client.delete(path, headers=auth_headers(make_user())).status_code == 403
    assert db.session.query(Closure).count() == 1


def test_closure_of_another_venue_is_404(client, venue, make_venue, manager, auth_headers):
    elsewhere = add(make_venue(), "2026-12-24T00:00Z", "2026-12-25T00:00Z")

    response = client.delete(f"{closures_path(venue)}/{elsewhere.id}", headers=auth_headers(manager))

    assert response.status_code == 404
    assert db.session.query(Closure).count() == 1
