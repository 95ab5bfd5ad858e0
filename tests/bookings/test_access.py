"""Who may see and do what, listing, and the audit trail."""

import pytest

from app.auth.models import Role


@pytest.fixture
def setting(make_venue, make_user, auth_headers, book, manager):
    """A venue managed by `manager`, a request of `creator` there, and bystanders."""
    venue = make_venue(requires_approval=True, managers=[manager])
    booking = book(venue, "2026-12-02T10:00", "2026-12-02T11:00").json
    return {"venue": venue, "booking": booking,
            "stranger": auth_headers(make_user()),
            "other_manager": auth_headers(make_user(Role.MANAGER)),
            "admin": auth_headers(make_user(Role.ADMIN))}


def path(booking, action=""):
    return f"/api/v1/bookings/{booking['id']}{action}"


@pytest.mark.parametrize("who, status", [
    ("creator_headers", 200), ("manager_headers", 200), ("admin", 200),
    ("stranger", 404), ("other_manager", 404),
])
def test_who_sees_a_booking(client, setting, request, who, status):
    headers = setting.get(who) or request.getfixturevalue(who)

    assert client.get(path(setting["booking"]), headers=headers).status_code == status
    assert client.get(path(setting["booking"], "/events"), headers=headers).status_code == status


@pytest.mark.parametrize("who, status", [
    ("creator_headers", 403), ("manager_headers", 200), ("admin", 200), ("stranger", 404),
])
def test_who_approves(client, setting, request, who, status):
    headers = setting.get(who) or request.getfixturevalue(who)

    assert client.post(path(setting["booking"], "/approve"), json={}, headers=headers).status_code == status


@pytest.mark.parametrize("who, status", [
    ("creator_headers", 403), ("manager_headers", 200), ("admin", 200), ("other_manager", 404),
])
def test_who_rejects(client, setting, request, who, status):
    headers = setting.get(who) or request.getfixturevalue(who)

    response = client.post(path(setting["booking"], "/reject"), json={"reason": "No"}, headers=headers)

    assert response.status_code == status


@pytest.mark.parametrize("who, status", [
    ("creator_headers", 200), ("manager_headers", 200), ("admin", 200), ("stranger", 404),
])
def test_who_cancels(client, setting, request, who, status):
    headers = setting.get(who) or request.getfixturevalue(who)

    assert client.post(path(setting["booking"], "/cancel"), json={}, headers=headers).status_code == status


@pytest.mark.parametrize("who, status", [
    ("creator_headers", 200), ("manager_headers", 403), ("admin", 403), ("stranger", 404),
])
def test_only_the_creator_edits(client, setting, request, who, status):
    headers = setting.get(who) or request.getfixturevalue(who)

    response = client.patch(path(setting["booking"]), json={"title": "New"}, headers=headers)

    assert response.status_code == status


def test_unknown_booking_is_404_and_anonymous_is_401(client, creator_headers):
    assert client.get("/api/v1/bookings/999", headers=creator_headers).status_code == 404
    assert client.get("/api/v1/bookings/1").status_code == 401


def test_listing_mine_shows_only_my_bookings(client, setting, creator_headers, book, make_venue):
    book(make_venue(), "2026-12-03T10:00", "2026-12-03T11:00")

    mine = client.get("/api/v1/bookings", headers=creator_headers).json
    theirs = client.get("/api/v1/bookings", headers=setting["stranger"]).json

    assert mine["total"] == 2
    assert (mine["page"], mine["per_page"]) == (1, 20)
    assert theirs == {"items": [], "page": 1, "per_page": 20, "total": 0}


def test_listing_managed_shows_my_venues_and_admin_sees_all(client, setting, manager_headers, book,
                                                             make_venue):
    book(make_venue(), "2026-12-03T10:00", "2026-12-03T11:00")

    managed = client.get("/api/v1/bookings?scope=managed", headers=manager_headers).json
    everything = client.get("/api/v1/bookings?scope=managed", headers=setting["admin"]).json
    nothing = client.get("/api/v1/bookings?scope=managed", headers=setting["other_manager"]).json

    assert [b["id"] for b in managed["items"]] == [setting["booking"]["id"]]
    assert everything["total"] == 2
    assert nothing["total"] == 0


def test_listing_filters_and_pages(client, creator_headers, book, make_venue):
    venue, other = make_venue(), make_venue()
    for day in ("02", "03", "04"):
        book(venue, f"2026-12-{day}T10:00", f"2026-12-{day}T11:00")
    book(other, "2026-12-03T10:00", "2026-12-03T11:00")

    def listing(**query):
        return client.get("/api/v1/bookings", query_string=query, headers=creator_headers).json

    assert listing(venue_id=venue.id)["total"] == 3
    assert listing(status="pending")["total"] == 0
    assert listing(**{"from": "2026-12-03T00:00", "to": "2026-12-04T00:00"})["total"] == 2
    page = listing(per_page=2, page=2)
    assert (page["total"], len(page["items"])) == (4, 2)
    assert page["items"][-1]["start"] == "2026-12-04T10:00:00+08:00"


@pytest.mark.parametrize("query", ["per_page=101", "page=0", "status=unknown", "scope=everyone", "from=soon"])
def test_bad_listing_parameters_are_422(client, creator_headers, query):
    assert client.get(f"/api/v1/bookings?{query}", headers=creator_headers).status_code == 422


def test_the_audit_trail_records_who_did_what(client, setting, creator, manager, creator_headers,
                                              manager_headers):
    booking = setting["booking"]
    client.post(path(booking, "/approve"), json={"note": "ok"}, headers=manager_headers)
    client.patch(path(booking), json={"start": "2026-12-03T10:00", "end": "2026-12-03T11:00"},
                 headers=creator_headers)

    trail = client.get(path(booking, "/events"), headers=manager_headers).json["items"]

    assert [(e["action"], e["actor_id"], e["from_status"], e["to_status"]) for e in trail] == [
        ("created", creator.id, None, "pending"),
        ("confirmed", manager.id, "pending", "confirmed"),
        ("rescheduled", creator.id, "confirmed", "pending"),
    ]
    assert trail[2]["changes"] == {"start": ["2026-12-02T02:00:00+00:00", "2026-12-03T02:00:00+00:00"],
                                   "end": ["2026-12-02T03:00:00+00:00", "2026-12-03T03:00:00+00:00"]}
