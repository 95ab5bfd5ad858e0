"""Fixtures for the bookings tests: people, and a short way to book over HTTP."""

import pytest

from app.auth.models import Role


@pytest.fixture
def creator(make_user):
    return make_user()


@pytest.fixture
def creator_headers(creator, auth_headers):
    return auth_headers(creator)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def manager_headers(manager, auth_headers):
    return auth_headers(manager)


@pytest.fixture
def book(client, creator_headers):
    """POST /bookings for a venue; local times as "YYYY-MM-DDTHH:MM"; returns the response."""

    def book(venue, start, end, headers=None, **fields):
        body = {"venue_id": venue.id, "start": start, "end": end, "title": "Shoot", **fields}
        return client.post("/api/v1/bookings", json=body, headers=headers or creator_headers)

    return book


@pytest.fixture
def notifications(monkeypatch):
    """What the bookings domain told the notifications domain: [(kind, booking id)] and freed entries."""
    from app.notifications import events

    heard = {"bookings": [], "waitlist": []}
    monkeypatch.setattr(events, "booking_changed",
                        lambda booking, kind: heard["bookings"].append((kind, booking.id)))
    monkeypatch.setattr(events, "booking_created", lambda booking: heard["bookings"].append(
        ("request_received" if booking.status == "pending" else "confirmed", booking.id)))
    monkeypatch.setattr(events, "waitlist_entries_freed",
                        lambda entries: heard["waitlist"].append([entry.id for entry in entries]))
    return heard
