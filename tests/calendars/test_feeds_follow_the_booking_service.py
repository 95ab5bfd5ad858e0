"""Feeds follow a booking through the real booking API: request, approval, new time, cancel."""

from app.auth.models import Role
from tests.calendars.ical_validation import assert_valid_calendar, property_values


def test_a_booking_through_its_life_in_the_feeds(client, clock, make_venue, make_user, auth_headers,
                                                  feed_url_of):
    manager, creator = make_user(Role.MANAGER), make_user(display_name="Xu Ming")
    venue = make_venue(slug="rockbund", managers=[manager], requires_approval=True)
    as_manager, as_creator = auth_headers(manager), auth_headers(creator)
    creator_feed, manager_feed = feed_url_of(creator), feed_url_of(manager)
    venue_feed = "/feeds/venues/rockbund.ics"

    response = client.post("/api/v1/bookings", headers=as_creator, json={
        "venue_id": venue.id, "start": "2026-12-03T14:00:00", "end": "2026-12-03T16:00:00",
        "title": "Lookbook"})
    assert response.status_code == 201, response.json
    booking_id = response.json["id"]
    seen = {path: client.get(path) for path in (creator_feed, manager_feed, venue_feed)}

    def state_of(path):
        response = client.get(path, headers={"If-None-Match": seen[path].headers["ETag"]})
        assert response.status_code == 200, f"{path} did not change"
        seen[path] = response
        [report] = assert_valid_calendar(response.data)
        return [(event["status"], event["sequence"], event["start"]) for event in report["events"]]

    clock.advance(minutes=10)
    approved = client.post(f"/api/v1/bookings/{booking_id}/approve", headers=as_manager, json={})
    assert approved.status_code == 200
    assert state_of(manager_feed) == [("CONFIRMED", 1, "2026-12-03T06:00:00+00:00")]

    clock.advance(minutes=10)
    response = client.patch(f"/api/v1/bookings/{booking_id}", headers=as_creator,
                            json={"start": "2026-12-03T15:00:00", "end": "2026-12-03T17:00:00"})
    assert response.status_code == 200, response.json
    assert state_of(creator_feed) == [("TENTATIVE", 2, "2026-12-03T07:00:00+00:00")]
    assert property_values(seen[creator_feed].data, "DTSTART") == ["20261203T150000"]
    assert state_of(venue_feed) == [("TENTATIVE", 2, "2026-12-03T07:00:00+00:00")]

    clock.advance(minutes=10)
    cancelled = client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=as_creator, json={})
    assert cancelled.status_code == 200
    for path in (creator_feed, manager_feed, venue_feed):
        assert state_of(path) == [], path
