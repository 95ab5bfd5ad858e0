"""GET /api/v1/venues?available_from&available_to: only venues with room for the whole span."""

import pytest

SPAN = {"available_from": "2026-12-02T10:00", "available_to": "2026-12-02T12:00"}


def found(client, **query) -> list[str]:
    response = client.get("/api/v1/venues", query_string=query)
    assert response.status_code == 200, response.json
    return [venue["slug"] for venue in response.json["items"]]


def test_only_venues_with_room_for_the_whole_span(client, make_venue, book):
    free = make_venue(slug="free")
    half_taken = make_venue(slug="half-taken")
    closes_early = make_venue(slug="closes-early", hours=[(2, "08:00", "11:00")])
    book(half_taken, "2026-12-02T11:00", "2026-12-02T11:30")

    assert found(client, **SPAN) == [free.slug]
    assert sorted(found(client)) == sorted([free.slug, half_taken.slug, closes_early.slug])


def test_room_for_one_more_at_a_shared_venue_counts(client, make_venue, book):
    shared = make_venue(slug="shared", max_concurrent=2)
    book(shared, "2026-12-02T10:00", "2026-12-02T12:00")

    assert found(client, **SPAN) == [shared.slug]
    book(shared, "2026-12-02T11:00", "2026-12-02T12:00")
    assert found(client, **SPAN) == []


def test_the_span_is_combined_with_the_other_filters_and_paged(client, make_venue):
    for number in range(3):
        make_venue(slug=f"studio-{number}", name=f"Studio {number}", district="Jing'an")
    make_venue(slug="elsewhere", name="Elsewhere", district="Xuhui")

    query = {**SPAN, "district": "Jing'an", "per_page": 2, "page": 2}

    response = client.get("/api/v1/venues", query_string=query)

    assert response.json["total"] == 3
    assert [venue["slug"] for venue in response.json["items"]] == ["studio-2"]


@pytest.mark.parametrize("query", [
    {"available_from": "2026-12-02T10:00"},
    {"available_to": "2026-12-02T10:00"},
    {"available_from": "2026-12-02T12:00", "available_to": "2026-12-02T10:00"},
    {"available_from": "soon", "available_to": "2026-12-02T10:00"},
])
def test_an_incomplete_or_reversed_span_is_422(client, query):
    assert client.get("/api/v1/venues", query_string=query).status_code == 422
