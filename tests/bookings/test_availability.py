"""GET /api/v1/venues/{id}/availability: every grid start where a booking of that length would be accepted."""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WEDNESDAY = 2  # 2026-12-02


def availability(client, venue, day_from="2026-12-02", day_to=None, duration=60, headers=None):
    query = {"from": day_from, "to": day_to or day_from, "duration": duration}
    return client.get(f"/api/v1/venues/{venue.id}/availability", query_string=query, headers=headers)


def slot_starts(response) -> list[str]:
    return [slot["start"][11:16] for slot in response.json["slots"]]


def test_the_answer_names_venue_zone_and_duration(client, make_venue):
    venue = make_venue(hours=[(WEDNESDAY, "08:00", "10:00")])

    response = availability(client, venue)

    assert response.status_code == 200
    assert response.json == {"venue_id": venue.id, "timezone": "Asia/Shanghai", "duration": 60, "slots": [
        {"start": "2026-12-02T08:00:00+08:00", "end": "2026-12-02T09:00:00+08:00"},
        {"start": "2026-12-02T08:30:00+08:00", "end": "2026-12-02T09:30:00+08:00"},
        {"start": "2026-12-02T09:00:00+08:00", "end": "2026-12-02T10:00:00+08:00"},
    ]}


def test_held_time_and_its_buffer_are_left_out(client, make_venue, book):
    venue = make_venue(hours=[(WEDNESDAY, "08:00", "13:00")], buffer_minutes=30)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")

    response = availability(client, venue)

    assert slot_starts(response) == ["08:00", "08:30", "11:30", "12:00"]


def test_room_for_two_stays_available_until_both_are_taken(client, make_venue, book):
    venue = make_venue(hours=[(WEDNESDAY, "10:00", "12:00")], max_concurrent=2)
    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")
    assert slot_starts(availability(client, venue)) == ["10:00", "10:30", "11:00"]

    book(venue, "2026-12-02T10:00", "2026-12-02T11:00")

    assert slot_starts(availability(client, venue)) == ["11:00"]


def test_lead_time_and_past_times_are_left_out(client, make_venue):
    venue = make_venue(hours=[(1, "08:00", "12:00")], lead_time_minutes=60)

    assert slot_starts(availability(client, venue, "2026-12-01")) == ["10:00", "10:30", "11:00"]


def test_the_grid_follows_each_span(client, make_venue):
    venue = make_venue(hours=[(WEDNESDAY, "08:00", "09:15"), (WEDNESDAY, "09:15", "11:00")])

    assert slot_starts(availability(client, venue)) == ["08:00", "08:30", "09:00", "09:15", "09:45"]


def test_overnight_spans_offer_slots_across_midnight(client, make_venue):
    venue = make_venue(hours=[(WEDNESDAY, "23:00", "01:00")])

    response = availability(client, venue, "2026-12-02", "2026-12-03")

    assert [slot["start"] for slot in response.json["slots"]] == [
        "2026-12-02T23:00:00+08:00", "2026-12-02T23:30:00+08:00", "2026-12-03T00:00:00+08:00"]


def test_a_public_holiday_has_no_slots(client, make_venue, clock):
    clock.set(datetime(2026, 9, 29, 1, tzinfo=UTC))
    venue = make_venue(closed_on_public_holidays=True)

    assert availability(client, venue, "2026-10-01").json["slots"] == []
    assert availability(client, venue, "2026-10-08").json["slots"] != []


def test_a_duration_outside_the_rules_has_no_slots(client, make_venue):
    venue = make_venue(max_duration_minutes=120)

    assert availability(client, venue, duration=180).json["slots"] == []


def test_the_callers_quota_counts(client, make_venue, book, creator_headers):
    venue = make_venue(max_active_per_creator=1)
    book(venue, "2026-12-03T10:00", "2026-12-03T11:00")

    assert availability(client, venue, headers=creator_headers).json["slots"] == []
    assert availability(client, venue).json["slots"] != []


def test_an_inactive_venue_has_no_slots(client, make_venue):
    assert availability(client, make_venue(is_active=False)).json["slots"] == []


def test_unknown_venue_is_404(client):
    response = client.get("/api/v1/venues/999/availability?from=2026-12-02&to=2026-12-02&duration=60")

    assert response.status_code == 404


@pytest.mark.parametrize("query", [
    "to=2026-12-02&duration=60",
    "from=2026-12-02&to=2026-12-02",
    "from=2026-12-03&to=2026-12-02&duration=60",
    "from=2026-12-01&to=2027-01-01&duration=60",
    "from=2026-12-02&to=2026-12-02&duration=0",
    "from=tomorrow&to=2026-12-02&duration=60",
])
def test_bad_parameters_are_422(client, make_venue, query):
    response = client.get(f"/api/v1/venues/{make_venue().id}/availability?{query}")

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"]


# The property: availability and booking are the same decision.

DAY = "2026-12-01"  # today: lead time and the current hour matter too


@st.composite
def venue_rules(draw):
    opening = draw(st.integers(7 * 4, 11 * 4))
    length = draw(st.integers(3 * 4, 12 * 4))
    return {
        "slot_minutes": draw(st.sampled_from([15, 30, 60])),
        "min_duration_minutes": draw(st.sampled_from([15, 30, 60])),
        "max_duration_minutes": draw(st.sampled_from([60, 120, 240])),
        "buffer_minutes": draw(st.sampled_from([0, 15, 30])),
        "max_concurrent": draw(st.sampled_from([1, 2, 3])),
        "lead_time_minutes": draw(st.sampled_from([0, 60, 180])),
        "hours": [(1, _clock(opening), _clock(min(opening + length, 23 * 4 + 3)))],
    }


def _clock(quarters: int) -> str:
    return f"{quarters // 4:02d}:{quarters % 4 * 15:02d}"


scenarios = st.fixed_dictionaries({
    "rules": venue_rules(),
    "existing": st.lists(st.tuples(st.integers(8 * 4, 20 * 4), st.integers(1, 12)), max_size=6),
    "duration": st.sampled_from([30, 60, 90]),
})


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario=scenarios)
def test_every_offered_slot_books_and_every_other_start_is_refused(client, make_venue, book, make_user,
                                                                   auth_headers, creator_headers, scenario):
    venue = make_venue(**scenario["rules"])
    others = auth_headers(make_user())
    for start, quarters in scenario["existing"]:
        book(venue, f"{DAY}T{_clock(start)}", f"{DAY}T{_clock(min(start + quarters, 95))}", headers=others)
    duration = scenario["duration"]
    offered = set(slot_starts(availability(client, venue, DAY, duration=duration, headers=creator_headers)))

    opening, closing = (int(hh) * 4 + int(mm) // 15 for hh, mm in
                        (moment.split(":") for moment in scenario["rules"]["hours"][0][1:]))
    for quarter in range(opening - 2, min(closing + 2, 24 * 4 - duration // 15)):
        start = _clock(quarter)
        response = book(venue, f"{DAY}T{start}", f"{DAY}T{_clock(quarter + duration // 15)}")
        if start in offered:
            assert response.status_code == 201, (start, response.json)
            client.post(f"/api/v1/bookings/{response.json['id']}/cancel", json={}, headers=creator_headers)
        else:
            assert response.status_code in (409, 422), (start, response.json)
            assert response.json["code"]
