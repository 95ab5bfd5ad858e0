"""The approval queue: pending requests at the manager's venues, the longest waiting first."""

from app.bookings.service import approval_queue


def test_the_queue_keeps_the_longest_waiting_requests_even_when_it_is_cut(
        make_venue, manager, book, clock):
    venue = make_venue(managers=[manager], requires_approval=True)
    late_slot_asked_first = book(venue, "2026-12-05T10:00", "2026-12-05T11:00").json["id"]
    clock.advance(minutes=5)
    early_slot_asked_later = book(venue, "2026-12-03T10:00", "2026-12-03T11:00").json["id"]

    queue = approval_queue(manager, limit=1)

    assert [booking.id for booking in queue] == [late_slot_asked_first]
    assert early_slot_asked_later not in [booking.id for booking in queue]


def test_the_queue_shows_only_pending_requests_of_managed_venues(make_venue, manager, make_user, book,
                                                                  client, manager_headers):
    mine = make_venue(managers=[manager], requires_approval=True)
    elsewhere = make_venue(managers=[make_user("manager")], requires_approval=True)
    waiting = book(mine, "2026-12-03T10:00", "2026-12-03T11:00").json["id"]
    decided = book(mine, "2026-12-03T12:00", "2026-12-03T13:00").json["id"]
    book(elsewhere, "2026-12-03T10:00", "2026-12-03T11:00")
    client.post(f"/api/v1/bookings/{decided}/approve", json={}, headers=manager_headers)

    assert [booking.id for booking in approval_queue(manager, limit=10)] == [waiting]
