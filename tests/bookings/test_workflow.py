"""The life of a booking: request, approve, reject, cancel, expire, reschedule; and what is refused."""

from datetime import UTC, datetime

import pytest

from app.bookings.service import expire_stale_requests
from app.extensions import db


@pytest.fixture
def approval_venue(make_venue, manager):
    return make_venue(requires_approval=True, managers=[manager], pending_expiry_hours=24)


@pytest.fixture
def request_for(book, approval_venue):
    def request_for(start="2026-12-02T10:00", end="2026-12-02T11:00", **fields):
        return book(approval_venue, start, end, **fields).json

    return request_for


def act(client, booking, action, headers, **body):
    return client.post(f"/api/v1/bookings/{booking['id']}/{action}", json=body, headers=headers)


def fetch(client, booking, headers):
    return client.get(f"/api/v1/bookings/{booking['id']}", headers=headers).json


def test_a_venue_requiring_approval_gets_a_pending_request(request_for, notifications):
    booking = request_for()

    assert booking["status"] == "pending"
    assert booking["sequence"] == 0
    assert notifications["bookings"] == [("request_received", booking["id"])]


def test_a_venue_without_approval_confirms_at_once(make_venue, book, notifications):
    booking = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00").json

    assert booking["status"] == "confirmed"
    assert notifications["bookings"] == [("confirmed", booking["id"])]


def test_manager_approves_with_a_note(client, request_for, manager_headers, notifications):
    booking = request_for()

    response = act(client, booking, "approve", manager_headers, note="See you there")

    assert response.status_code == 200
    assert response.json["status"] == "confirmed"
    assert response.json["decision_note"] == "See you there"
    assert response.json["sequence"] == 1
    assert notifications["bookings"][-1] == ("confirmed", booking["id"])


def test_manager_rejects_with_a_reason(client, request_for, manager_headers, notifications):
    booking = request_for()

    response = act(client, booking, "reject", manager_headers, reason="Private event that day")

    assert response.json["status"] == "rejected"
    assert response.json["decision_note"] == "Private event that day"
    assert notifications["bookings"][-1] == ("rejected", booking["id"])


def test_a_rejection_needs_a_reason(client, request_for, manager_headers):
    response = act(client, request_for(), "reject", manager_headers)

    assert response.status_code == 422
    assert "reason" in response.json["errors"]


def test_a_rejected_request_frees_its_time(client, request_for, manager_headers, book, approval_venue):
    act(client, request_for(), "reject", manager_headers, reason="No")

    assert book(approval_venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201


@pytest.mark.parametrize("headers_of", ["creator_headers", "manager_headers"])
def test_creator_or_manager_cancels(client, request_for, headers_of, request, notifications):
    booking = request_for()

    response = act(client, booking, "cancel", request.getfixturevalue(headers_of), reason="Rain")

    assert response.json["status"] == "cancelled"
    assert response.json["decision_note"] == "Rain"
    assert notifications["bookings"][-1] == ("cancelled", booking["id"])


def test_a_cancelled_booking_frees_its_time(client, make_venue, book, creator_headers):
    venue = make_venue()
    booking = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    act(client, booking, "cancel", creator_headers)

    assert book(venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201


def test_a_booking_cannot_be_cancelled_after_it_ended(client, make_venue, book, creator_headers, clock):
    booking = book(make_venue(), "2026-12-01T10:00", "2026-12-01T11:00").json
    clock.set(datetime(2026, 12, 1, 3, 30, tzinfo=UTC))

    response = act(client, booking, "cancel", creator_headers)

    assert response.status_code == 409
    assert response.json["code"] == "invalid_state"


@pytest.mark.parametrize("first, then", [
    (("approve", {}), ("approve", {})),
    (("approve", {}), ("reject", {"reason": "x"})),
    (("reject", {"reason": "x"}), ("approve", {})),
    (("reject", {"reason": "x"}), ("cancel", {})),
    (("cancel", {}), ("approve", {})),
    (("cancel", {}), ("cancel", {})),
])
def test_illegal_transitions_are_409(client, request_for, manager_headers, first, then):
    booking = request_for()
    act(client, booking, first[0], manager_headers, **first[1])

    response = act(client, booking, then[0], manager_headers, **then[1])

    assert response.status_code == 409
    assert response.json["code"] == "invalid_state"


def test_a_confirmed_booking_cannot_be_approved_or_rejected(client, make_venue, book, manager,
                                                            manager_headers):
    booking = book(make_venue(managers=[manager]), "2026-12-02T10:00", "2026-12-02T11:00").json

    assert act(client, booking, "approve", manager_headers).status_code == 409
    assert act(client, booking, "reject", manager_headers, reason="x").status_code == 409


def test_a_request_whose_time_began_cannot_be_approved(client, request_for, manager_headers, clock):
    booking = request_for("2026-12-01T10:00", "2026-12-01T11:00")
    clock.advance(hours=1, minutes=30)

    assert act(client, booking, "approve", manager_headers).status_code == 409


def test_stale_requests_expire(request_for, clock, notifications):
    old = request_for("2026-12-05T10:00", "2026-12-05T11:00")
    clock.advance(hours=20)
    recent = request_for("2026-12-05T12:00", "2026-12-05T13:00")
    clock.advance(hours=5)

    expired = expire_stale_requests()
    db.session.commit()

    assert [booking.id for booking in expired] == [old["id"]]
    assert expired[0].status == "expired"
    assert expired[0].sequence == 1
    assert ("expired", old["id"]) in notifications["bookings"]
    assert ("expired", recent["id"]) not in notifications["bookings"]


def test_requests_whose_start_passed_expire(request_for, clock):
    booking = request_for("2026-12-01T10:00", "2026-12-01T11:00")
    clock.advance(hours=1, minutes=1)

    assert [expired.id for expired in expire_stale_requests()] == [booking["id"]]


def test_an_expired_request_frees_its_time_and_cannot_be_approved(
        client, request_for, manager_headers, clock, book, approval_venue):
    booking = request_for()
    clock.advance(hours=24)
    expire_stale_requests()
    db.session.commit()

    assert act(client, booking, "approve", manager_headers).status_code == 409
    assert book(approval_venue, "2026-12-02T10:00", "2026-12-02T11:00").status_code == 201


def test_confirmed_bookings_never_expire(make_venue, book, clock):
    book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00")
    clock.advance(days=3)

    assert expire_stale_requests() == []


def reschedule(client, booking, headers, **changes):
    return client.patch(f"/api/v1/bookings/{booking['id']}", json=changes, headers=headers)


def test_creator_reschedules_to_a_free_time(client, make_venue, book, creator_headers, notifications):
    booking = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00").json

    response = reschedule(client, booking, creator_headers, start="2026-12-03T14:00", end="2026-12-03T15:30")

    assert response.status_code == 200
    assert response.json["start"] == "2026-12-03T14:00:00+08:00"
    assert response.json["end"] == "2026-12-03T15:30:00+08:00"
    assert response.json["status"] == "confirmed"
    assert response.json["sequence"] == 1
    assert notifications["bookings"][-1] == ("rescheduled", booking["id"])


def test_rescheduling_may_overlap_its_own_old_time(client, make_venue, book, creator_headers):
    booking = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00").json

    response = reschedule(client, booking, creator_headers, start="2026-12-02T10:30", end="2026-12-02T11:30")

    assert response.status_code == 200


def test_rescheduling_frees_the_old_time(client, make_venue, book, creator_headers, make_user, auth_headers):
    venue = make_venue()
    booking = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    reschedule(client, booking, creator_headers, start="2026-12-02T15:00", end="2026-12-02T16:00")

    response = book(venue, "2026-12-02T10:00", "2026-12-02T11:00", headers=auth_headers(make_user()))

    assert response.status_code == 201


def test_rescheduling_is_checked_like_a_new_booking(client, make_venue, book, creator_headers):
    venue = make_venue()
    booking = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    book(venue, "2026-12-02T14:00", "2026-12-02T15:00")

    assert reschedule(client, booking, creator_headers, start="2026-12-02T14:30",
                      end="2026-12-02T15:30").status_code == 409
    refused = reschedule(client, booking, creator_headers, start="2026-12-02T21:30", end="2026-12-02T22:30")
    assert refused.status_code == 422
    assert refused.json["code"] == "outside_opening_hours"
    assert fetch(client, booking, creator_headers)["start"] == "2026-12-02T10:00:00+08:00"


def test_rescheduling_goes_back_to_pending_where_approval_is_required(
        client, request_for, creator_headers, manager_headers, clock):
    booking = request_for()
    act(client, booking, "approve", manager_headers)
    clock.advance(hours=1)

    response = reschedule(client, booking, creator_headers, start="2026-12-04T10:00", end="2026-12-04T11:00")

    assert response.json["status"] == "pending"
    assert response.json["sequence"] == 2
    clock.advance(hours=23, minutes=59)
    assert expire_stale_requests() == []


def test_only_the_end_may_change(client, make_venue, book, creator_headers):
    booking = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00").json

    response = reschedule(client, booking, creator_headers, end="2026-12-02T12:00")

    assert response.json["end"] == "2026-12-02T12:00:00+08:00"


def test_title_and_notes_change_without_touching_the_sequence(client, make_venue, book, creator_headers):
    booking = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00").json

    response = reschedule(client, booking, creator_headers, title="New title", notes="Bring lights")

    assert response.json["title"] == "New title"
    assert response.json["notes"] == "Bring lights"
    assert response.json["sequence"] == 0


def test_a_begun_booking_cannot_move(client, make_venue, book, creator_headers, clock):
    booking = book(make_venue(), "2026-12-01T10:00", "2026-12-01T11:00").json
    clock.advance(hours=1, minutes=15)

    response = reschedule(client, booking, creator_headers, start="2026-12-03T10:00", end="2026-12-03T11:00")

    assert response.status_code == 409


def test_a_cancelled_booking_cannot_be_rescheduled(client, make_venue, book, creator_headers):
    booking = book(make_venue(), "2026-12-02T10:00", "2026-12-02T11:00").json
    act(client, booking, "cancel", creator_headers)

    response = reschedule(client, booking, creator_headers, start="2026-12-03T10:00", end="2026-12-03T11:00")

    assert response.status_code == 409
