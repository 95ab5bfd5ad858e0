"""Bad venue input is refused with 422 and the offending field, and nothing is stored."""

import pytest

from app.extensions import db
from app.venues.models import Venue


def span(weekday: int, opens: str, closes: str) -> dict:
    return {"weekday": weekday, "open": opens, "close": closes}


def post(client, headers, body: dict):
    return client.post("/api/v1/venues", json=body, headers=headers)


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "nightclub"}, "kind"),
    ({"timezone": "Asia/Beijing"}, "timezone"),
    ({"slug": "Yu Garden"}, "slug"),
    ({"slug": "yu--garden"}, "slug"),
    ({"slug": "-yu"}, "slug"),
    ({"name": "   "}, "name"),
    ({"latitude": 91}, "latitude"),
    ({"latitude": -90.5}, "latitude"),
    ({"longitude": 180.1}, "longitude"),
    ({"capacity": 0}, "capacity"),
    ({"amenities": ["wi fi!"]}, "amenities"),
])
def test_bad_detail_is_422_with_field(client, admin_headers, venue_body, change, field):
    response = post(client, admin_headers, {**venue_body, **change})

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"]
    assert db.session.query(Venue).count() == 0


@pytest.mark.parametrize("field", ["slug", "name", "kind"])
def test_required_fields(client, admin_headers, venue_body, field):
    del venue_body[field]

    response = post(client, admin_headers, venue_body)

    assert response.status_code == 422
    assert field in response.json["errors"]


@pytest.mark.parametrize(("rules", "field"), [
    ({"min_duration_minutes": 0}, "min_duration_minutes"),
    ({"min_duration_minutes": -30}, "min_duration_minutes"),
    ({"max_duration_minutes": 0}, "max_duration_minutes"),
    ({"buffer_minutes": -1}, "buffer_minutes"),
    ({"lead_time_minutes": -5}, "lead_time_minutes"),
    ({"max_concurrent": 0}, "max_concurrent"),
    ({"horizon_days": 0}, "horizon_days"),
    ({"slot_minutes": 0}, "slot_minutes"),
    ({"slot_minutes": 1441}, "slot_minutes"),
    ({"slot_minutes": 25}, "slot_minutes"),
    ({"pending_expiry_hours": 0}, "pending_expiry_hours"),
    ({"max_active_per_creator": 0}, "max_active_per_creator"),
    ({"slot_minutes": "30"}, "slot_minutes"),
    ({"min_duration_minutes": 120, "max_duration_minutes": 60}, "max_duration_minutes"),
])
def test_bad_rule_is_422_with_field(client, admin_headers, venue_body, rules, field):
    response = post(client, admin_headers, {**venue_body, "rules": rules})

    assert response.status_code == 422
    assert field in response.json["errors"]["rules"]


@pytest.mark.parametrize("slot", [1, 15, 45, 90, 1440])
def test_slot_sizes_that_divide_a_day_are_accepted(client, admin_headers, venue_body, slot):
    response = post(client, admin_headers, {**venue_body, "rules": {"slot_minutes": slot}})

    assert response.status_code == 201


def test_patch_checks_min_against_the_stored_max(client, make_venue, admin_headers):
    venue = make_venue(min_duration_minutes=30, max_duration_minutes=120)

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"rules": {"min_duration_minutes": 180}},
                            headers=admin_headers)

    assert response.status_code == 422
    assert "max_duration_minutes" in response.json["errors"]["rules"]
    db.session.refresh(venue)
    assert venue.min_duration_minutes == 30


def test_max_active_per_creator_may_be_cleared(client, make_venue, admin_headers):
    venue = make_venue(max_active_per_creator=3)

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"rules": {"max_active_per_creator": None}},
                            headers=admin_headers)

    assert response.json["rules"]["max_active_per_creator"] is None


def test_overnight_span_is_accepted(client, admin_headers, venue_body):
    body = {**venue_body, "opening_hours": [span(4, "20:00", "02:00"), span(5, "10:00", "18:00")]}

    response = post(client, admin_headers, body)

    assert response.status_code == 201
    assert response.json["opening_hours"][0] == span(4, "20:00", "02:00")


def test_span_closing_at_midnight_is_accepted(client, admin_headers, venue_body):
    response = post(client, admin_headers, {**venue_body, "opening_hours": [span(0, "08:00", "00:00"),
                                                                            span(1, "00:00", "08:00")]})

    assert response.status_code == 201


def test_split_hours_on_one_day_are_accepted(client, admin_headers, venue_body):
    hours = [span(2, "09:00", "12:00"), span(2, "12:00", "13:00"), span(2, "14:00", "18:00")]

    response = post(client, admin_headers, {**venue_body, "opening_hours": hours})

    assert response.status_code == 201
    assert len(response.json["opening_hours"]) == 3


@pytest.mark.parametrize("hours", [
    [span(0, "09:00", "14:00"), span(0, "12:00", "18:00")],
    [span(0, "09:00", "18:00"), span(0, "09:00", "12:00")],
    [span(0, "20:00", "03:00"), span(1, "02:00", "10:00")],
    [span(6, "22:00", "04:00"), span(0, "03:00", "12:00")],
    [span(3, "10:00", "09:00"), span(4, "08:00", "09:30")],
], ids=["same-day", "same-open", "overnight-into-next-day", "sunday-into-monday", "almost-a-day"])
def test_overlapping_spans_are_refused(client, admin_headers, venue_body, hours):
    response = post(client, admin_headers, {**venue_body, "opening_hours": hours})

    assert response.status_code == 422
    assert "overlaps" in response.json["errors"]["opening_hours"][0]


@pytest.mark.parametrize(("bad", "field"), [
    (span(0, "09:00", "09:00"), "close"),
    (span(7, "09:00", "10:00"), "weekday"),
    (span(0, "9:00", "10:00"), "open"),
    (span(0, "09:00", "24:00"), "close"),
    (span(0, "09:00", "10:61"), "close"),
])
def test_bad_span_is_refused(client, admin_headers, venue_body, bad, field):
    response = post(client, admin_headers, {**venue_body, "opening_hours": [bad]})

    assert response.status_code == 422
    assert field in response.json["errors"]["opening_hours"]["0"]


def test_patch_with_overlapping_hours_keeps_the_old_hours(client, make_venue, admin_headers):
    venue = make_venue()

    response = client.patch(f"/api/v1/venues/{venue.id}", headers=admin_headers, json={
        "opening_hours": [span(0, "09:00", "14:00"), span(0, "13:00", "18:00")]})

    assert response.status_code == 422
    db.session.refresh(venue)
    assert len(venue.opening_hours) == 7


def test_malformed_json_is_400(client, admin_headers):
    response = client.post("/api/v1/venues", data="{", headers={**admin_headers,
                                                               "Content-Type": "application/json"})

    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"
