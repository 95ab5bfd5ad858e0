"""PostgreSQL refuses overlapping holds of an exclusive venue even when the service is bypassed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app.bookings import rules
from app.bookings.models import Booking
from app.extensions import db


@pytest.fixture(autouse=True)
def postgresql_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")


def direct_booking(venue, creator, start_hour: int, exclusive: bool = True,
                   holds_time: bool = True) -> Booking:
    start = datetime(2026, 12, 2, start_hour, tzinfo=UTC)
    end = start + timedelta(hours=1)
    return Booking(venue=venue, creator=creator, title="Direct", start=start, end=end, held_until=end,
                   hold_minutes=60, status="confirmed", holds_time=holds_time, exclusive=exclusive,
                   created_at=start, updated_at=start)


def test_a_direct_insert_of_an_overlapping_hold_is_refused(make_venue, creator):
    venue = make_venue()
    db.session.add(direct_booking(venue, creator, 2))
    db.session.commit()

    db.session.add(direct_booking(venue, creator, 2))
    with pytest.raises(IntegrityError, match="ex_bookings_exclusive_overlap"):
        db.session.commit()
    db.session.rollback()


def test_touching_holds_and_bookings_not_holding_time_are_allowed(make_venue, creator):
    venue = make_venue()
    db.session.add_all([direct_booking(venue, creator, 2), direct_booking(venue, creator, 3),
                        direct_booking(venue, creator, 2, holds_time=False)])
    db.session.commit()


def test_venues_allowing_overlap_are_left_to_the_service(make_venue, creator):
    venue = make_venue(max_concurrent=2)
    db.session.add_all([direct_booking(venue, creator, 2, exclusive=False),
                        direct_booking(venue, creator, 2, exclusive=False)])
    db.session.commit()


def test_the_constraint_answers_409_when_the_service_check_is_skipped(make_venue, book, monkeypatch):
    venue = make_venue()
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")
    monkeypatch.setattr(rules.Schedule, "violations", lambda self, start, end, party_size=1: [])

    response = book(venue, "2026-12-02T10:30", "2026-12-02T11:30")

    assert response.status_code == 409
    assert response.json["code"] == "conflict"
    assert response.json["conflicts"] == [
        {"start": "2026-12-02T10:00:00+08:00", "end": "2026-12-02T11:00:00+08:00"}]


def test_the_constraint_answers_409_to_an_approval_when_the_service_check_is_skipped(
        client, make_venue, book, manager, manager_headers, monkeypatch):
    venue = make_venue(requires_approval=True, competing_requests=True, managers=[manager])
    first = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    second = book(venue, "2026-12-02T10:30", "2026-12-02T11:30").json
    monkeypatch.setattr(rules.Schedule, "has_room", lambda self, start, end: True)
    assert client.post(f"/api/v1/bookings/{first['id']}/approve", json={},
                       headers=manager_headers).status_code == 200

    response = client.post(f"/api/v1/bookings/{second['id']}/approve", json={}, headers=manager_headers)

    assert response.status_code == 409
    assert response.json["conflicts"] == [
        {"start": "2026-12-02T10:00:00+08:00", "end": "2026-12-02T11:00:00+08:00"}]
    assert db.session.get(Booking, second["id"]).status == "pending"
