"""Held time: buffers, max_concurrent as a true overlap maximum, and what a 409 tells."""

from app.auth.models import Role
from app.extensions import db


def test_overlapping_a_confirmed_booking_is_a_conflict(make_venue, book):
    venue = make_venue()
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")

    response = book(venue, "2026-12-02T10:30", "2026-12-02T11:30")

    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.json["code"] == "conflict"
    assert response.json["conflicts"] == [
        {"start": "2026-12-02T10:00:00+08:00", "end": "2026-12-02T11:00:00+08:00"}]


def test_a_conflict_tells_times_only_never_whose_booking(make_venue, book, make_user, auth_headers):
    venue = make_venue()
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00", title="Secret launch", notes="VIP")

    response = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=auth_headers(make_user()))

    assert set(response.json["conflicts"][0]) == {"start", "end"}
    assert "Secret" not in response.get_data(as_text=True)


def test_back_to_back_bookings_fit_without_a_buffer(make_venue, book):
    venue = make_venue()
    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201

    assert book(venue, "2026-12-02T11:00", "2026-12-02T12:00").status_code == 201
    assert book(venue, "2026-12-02T09:00", "2026-12-02T10:00").status_code == 201


def test_the_buffer_is_kept_free_after_every_booking(make_venue, book):
    venue = make_venue(buffer_minutes=30)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")

    assert book(venue, "2026-12-02T11:00", "2026-12-02T12:00").status_code == 409
    assert book(venue, "2026-12-02T09:00", "2026-12-02T10:00").status_code == 409
    assert book(venue, "2026-12-02T11:30", "2026-12-02T12:30").status_code == 201
    assert book(venue, "2026-12-02T08:30", "2026-12-02T09:30").status_code == 201


def test_the_buffer_may_run_past_closing_time(make_venue, book):
    venue = make_venue(buffer_minutes=30)

    assert book(venue, "2026-12-02T21:00", "2026-12-02T22:00").status_code == 201


def test_max_concurrent_two_allows_two_at_once_not_three(make_venue, book):
    venue = make_venue(max_concurrent=2)
    assert book(venue, "2026-12-02T10:00", "2026-12-02T12:00").status_code == 201
    assert book(venue, "2026-12-02T11:00", "2026-12-02T13:00").status_code == 201

    response = book(venue, "2026-12-02T11:30", "2026-12-02T12:30")

    assert response.status_code == 409
    assert len(response.json["conflicts"]) == 2


def test_max_concurrent_counts_the_true_overlap_not_overlapping_rows(make_venue, book):
    venue = make_venue(max_concurrent=2)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")
    book(venue, "2026-12-02T11:00", "2026-12-02T12:00")

    assert book(venue, "2026-12-02T10:00", "2026-12-02T12:00").status_code == 201


def test_max_concurrent_three_with_a_and_c_apart(make_venue, book):
    venue = make_venue(max_concurrent=3)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")  # A
    book(venue, "2026-12-02T11:00", "2026-12-02T12:00")  # C, apart from A
    book(venue, "2026-12-02T10:00", "2026-12-02T12:00")  # D, with A and then with C

    assert book(venue, "2026-12-02T10:30", "2026-12-02T11:30").status_code == 201  # B: 3 at most
    response = book(venue, "2026-12-02T10:30", "2026-12-02T11:00")

    assert response.status_code == 409
    assert book(venue, "2026-12-02T12:00", "2026-12-02T13:00").status_code == 201


def test_buffers_count_towards_the_overlap_maximum(make_venue, book):
    venue = make_venue(max_concurrent=2, buffer_minutes=30)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")

    assert book(venue, "2026-12-02T11:00", "2026-12-02T12:00").status_code == 409
    assert book(venue, "2026-12-02T11:30", "2026-12-02T12:30").status_code == 201


def test_a_pending_request_holds_its_time(make_venue, book):
    venue = make_venue(requires_approval=True)
    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json["status"] == "pending"

    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 409


def test_competing_requests_may_wait_for_the_same_time(make_venue, book):
    venue = make_venue(requires_approval=True, competing_requests=True)

    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201
    assert book(venue, "2026-12-02T10:30", "2026-12-02T11:30").status_code == 201


def test_approving_a_competing_request_rejects_those_it_collides_with(
        client, make_venue, book, make_user, auth_headers, manager, manager_headers):
    venue = make_venue(requires_approval=True, competing_requests=True, buffer_minutes=15,
                       managers=[manager])
    chosen = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    overlapping = book(venue, "2026-12-02T10:30", "2026-12-02T11:30", headers=auth_headers(make_user())).json
    in_buffer = book(venue, "2026-12-02T11:00", "2026-12-02T12:00", headers=auth_headers(make_user())).json
    later = book(venue, "2026-12-02T14:00", "2026-12-02T15:00", headers=auth_headers(make_user())).json

    response = client.post(f"/api/v1/bookings/{chosen['id']}/approve", json={}, headers=manager_headers)

    assert response.json["status"] == "confirmed"
    statuses = {b["id"]: client.get(f"/api/v1/bookings/{b['id']}", headers=manager_headers).json
                for b in (overlapping, in_buffer, later)}
    assert statuses[overlapping["id"]]["status"] == "rejected"
    assert statuses[overlapping["id"]]["decision_note"]
    assert statuses[in_buffer["id"]]["status"] == "rejected"
    assert statuses[later["id"]]["status"] == "pending"


def test_approving_with_room_for_two_rejects_only_what_no_longer_fits(
        client, make_venue, book, make_user, auth_headers, manager_headers, manager):
    venue = make_venue(requires_approval=True, competing_requests=True, max_concurrent=2, managers=[manager])
    first = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    second = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=auth_headers(make_user())).json
    third = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=auth_headers(make_user())).json

    client.post(f"/api/v1/bookings/{first['id']}/approve", json={}, headers=manager_headers)
    assert client.get(f"/api/v1/bookings/{third['id']}", headers=manager_headers).json["status"] == "pending"
    client.post(f"/api/v1/bookings/{second['id']}/approve", json={}, headers=manager_headers)

    assert client.get(f"/api/v1/bookings/{third['id']}", headers=manager_headers).json["status"] == "rejected"


def test_approval_refuses_when_the_time_was_taken_meanwhile(client, make_venue, book, make_user,
                                                            auth_headers):
    admin = make_user(Role.ADMIN)
    venue = make_venue(requires_approval=True, competing_requests=True)
    request = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    other = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=auth_headers(make_user())).json
    client.post(f"/api/v1/bookings/{other['id']}/approve", json={}, headers=auth_headers(admin))

    response = client.post(f"/api/v1/bookings/{request['id']}/approve", json={}, headers=auth_headers(admin))

    assert response.status_code == 409


def test_a_long_booking_made_under_older_rules_still_holds_its_time(make_venue, book):
    venue = make_venue(max_duration_minutes=480)
    book(venue, "2026-12-02T09:00", "2026-12-02T17:00")
    venue.max_duration_minutes = 60
    db.session.commit()

    assert book(venue, "2026-12-02T15:00", "2026-12-02T16:00").status_code == 409


def test_rules_changed_later_judge_every_holding_booking(make_venue, book):
    venue = make_venue(max_concurrent=2, buffer_minutes=0)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")
    venue.max_concurrent, venue.buffer_minutes = 1, 30
    db.session.commit()

    assert book(venue, "2026-12-02T10:30", "2026-12-02T11:30").status_code == 409
    assert book(venue, "2026-12-02T11:00", "2026-12-02T12:00").status_code == 201
    assert book(venue, "2026-12-02T09:00", "2026-12-02T10:00").status_code == 409
