"""Reading, creating, changing and deactivating venues, and who may do each."""

import pytest

from app.auth.models import Role
from app.extensions import db
from app.venues.models import Venue

RULE_NAMES = {"slot_minutes", "min_duration_minutes", "max_duration_minutes", "buffer_minutes",
              "lead_time_minutes", "horizon_days", "requires_approval", "max_concurrent",
              "pending_expiry_hours", "competing_requests", "max_active_per_creator",
              "closed_on_public_holidays"}
CONTRACT_FIELDS = {"id", "slug", "name", "name_zh", "kind", "district", "cluster", "address", "latitude",
                   "longitude", "capacity", "description", "amenities", "timezone", "is_active",
                   "opening_hours", "rules"}


def test_create_returns_the_venue_with_location(client, admin_headers, venue_body):
    response = client.post("/api/v1/venues", json=venue_body, headers=admin_headers)

    assert response.status_code == 201
    venue = response.json
    assert response.headers["Location"].endswith(f"/api/v1/venues/{venue['id']}")
    assert set(venue) >= CONTRACT_FIELDS
    assert set(venue["rules"]) == RULE_NAMES
    assert venue["amenities"] == ["cyclorama", "wifi"]
    assert venue["opening_hours"] == [{"weekday": 0, "open": "09:00", "close": "18:00"},
                                      {"weekday": 5, "open": "20:00", "close": "02:00"}]
    assert venue["rules"]["buffer_minutes"] == 15
    assert venue["rules"]["lead_time_minutes"] == 60, "unset rules take their defaults"
    assert venue["is_active"] is True


def test_create_needs_only_slug_name_and_kind(client, admin_headers):
    response = client.post("/api/v1/venues", json={"slug": "bare", "name": "Bare", "kind": "museum"},
                           headers=admin_headers)

    assert response.status_code == 201
    assert response.json["timezone"] == "Asia/Shanghai"
    assert response.json["rules"]["slot_minutes"] == 30
    assert response.json["rules"]["max_concurrent"] == 1
    assert response.json["opening_hours"] == []


def test_get_returns_public_fields_without_managers(client, make_venue, make_user):
    venue = make_venue(managers=[make_user(Role.MANAGER)], amenities=["wifi"])

    response = client.get(f"/api/v1/venues/{venue.id}")

    assert response.status_code == 200
    assert response.json["slug"] == venue.slug
    assert "manager_ids" not in response.json
    assert len(response.json["opening_hours"]) == 7


def test_manager_and_admin_see_manager_ids(client, make_venue, make_user, auth_headers, admin_headers):
    manager = make_user(Role.MANAGER)
    venue = make_venue(managers=[manager])

    for headers in (auth_headers(manager), admin_headers):
        assert client.get(f"/api/v1/venues/{venue.id}", headers=headers).json["manager_ids"] == [manager.id]


def test_unknown_venue_is_404_problem(client):
    response = client.get("/api/v1/venues/999")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("role", [None, Role.CREATOR, Role.MANAGER])
def test_only_admins_create(client, make_user, auth_headers, venue_body, role):
    headers = auth_headers(make_user(role)) if role else {}

    response = client.post("/api/v1/venues", json=venue_body, headers=headers)

    assert response.status_code == (401 if role is None else 403)
    assert db.session.query(Venue).count() == 0


def test_duplicate_slug_is_409(client, admin_headers, make_venue, venue_body):
    make_venue(slug=venue_body["slug"])

    response = client.post("/api/v1/venues", json=venue_body, headers=admin_headers)

    assert response.status_code == 409
    assert response.json["code"] == "slug_taken"


def test_manager_patches_details_rules_and_hours(client, make_venue, make_user, auth_headers, clock):
    manager = make_user(Role.MANAGER)
    venue = make_venue(managers=[manager], amenities=["wifi"])
    clock.advance(minutes=5)

    response = client.patch(f"/api/v1/venues/{venue.id}", headers=auth_headers(manager), json={
        "name": "Renamed", "amenities": ["wifi", "Green Screen"], "rules": {"buffer_minutes": 10},
        "opening_hours": [{"weekday": 2, "open": "10:00", "close": "16:00"}]})

    assert response.status_code == 200
    assert response.json["name"] == "Renamed"
    assert response.json["amenities"] == ["green_screen", "wifi"]
    assert response.json["rules"]["buffer_minutes"] == 10
    assert response.json["rules"]["slot_minutes"] == 30, "rules not given keep their values"
    assert response.json["opening_hours"] == [{"weekday": 2, "open": "10:00", "close": "16:00"}]
    db.session.refresh(venue)
    assert venue.updated_at == clock()


def test_patch_changing_nothing_keeps_updated_at(client, make_venue, admin_headers, clock):
    venue = make_venue(name="Same")
    before = venue.updated_at
    clock.advance(minutes=5)

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"name": "Same"}, headers=admin_headers)

    assert response.status_code == 200
    db.session.refresh(venue)
    assert venue.updated_at == before


def test_manager_of_another_venue_cannot_patch(client, make_venue, make_user, auth_headers):
    other_manager = make_user(Role.MANAGER)
    make_venue(managers=[other_manager])
    venue = make_venue(name="Untouched")

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"name": "Hijacked"},
                            headers=auth_headers(other_manager))

    assert response.status_code == 403
    db.session.refresh(venue)
    assert venue.name == "Untouched"


def test_creator_cannot_patch_and_anonymous_must_sign_in(client, make_venue, make_user, auth_headers):
    venue = make_venue()

    assert client.patch(f"/api/v1/venues/{venue.id}", json={"name": "x"},
                        headers=auth_headers(make_user())).status_code == 403
    assert client.patch(f"/api/v1/venues/{venue.id}", json={"name": "x"}).status_code == 401


@pytest.mark.parametrize("change", [{"slug": "new-slug"}, {"kind": "museum"}, {"is_active": False}])
def test_admin_only_fields_refused_to_managers(client, make_venue, make_user, auth_headers, change):
    manager = make_user(Role.MANAGER)
    venue = make_venue(managers=[manager])

    response = client.patch(f"/api/v1/venues/{venue.id}", json=change, headers=auth_headers(manager))

    assert response.status_code == 403
    assert next(iter(change)) in response.json["detail"]


def test_admin_changes_slug_and_kind(client, make_venue, admin_headers):
    venue = make_venue()

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"slug": "moved", "kind": "museum"},
                            headers=admin_headers)

    assert response.status_code == 200
    assert (response.json["slug"], response.json["kind"]) == ("moved", "museum")


def test_patch_to_a_taken_slug_is_409(client, make_venue, admin_headers):
    make_venue(slug="taken")
    venue = make_venue()

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"slug": "taken"}, headers=admin_headers)

    assert response.status_code == 409


def test_delete_deactivates_and_keeps_the_row(client, make_venue, admin_headers):
    venue = make_venue()

    response = client.delete(f"/api/v1/venues/{venue.id}", headers=admin_headers)

    assert response.status_code == 204
    db.session.refresh(venue)
    assert venue.is_active is False
    assert client.delete(f"/api/v1/venues/{venue.id}", headers=admin_headers).status_code == 204


def test_managers_cannot_delete(client, make_venue, make_user, auth_headers):
    manager = make_user(Role.MANAGER)
    venue = make_venue(managers=[manager])

    assert client.delete(f"/api/v1/venues/{venue.id}", headers=auth_headers(manager)).status_code == 403
    assert client.delete(f"/api/v1/venues/{venue.id}").status_code == 401


def test_inactive_venue_visible_to_admins_and_its_managers_only(client, make_venue, make_user, auth_headers,
                                                                admin_headers):
    manager, other_manager = make_user(Role.MANAGER), make_user(Role.MANAGER)
    venue = make_venue(managers=[manager], is_active=False)
    path = f"/api/v1/venues/{venue.id}"

    assert client.get(path).status_code == 404
    assert client.get(path, headers=auth_headers(make_user())).status_code == 404
    assert client.get(path, headers=auth_headers(other_manager)).status_code == 404
    assert client.get(path, headers=auth_headers(manager)).json["is_active"] is False
    assert client.get(path, headers=admin_headers).status_code == 200


def test_admin_reactivates(client, make_venue, admin_headers):
    venue = make_venue(is_active=False)

    response = client.patch(f"/api/v1/venues/{venue.id}", json={"is_active": True}, headers=admin_headers)

    assert response.json["is_active"] is True


def test_set_managers_promotes_creators_and_replaces_the_set(client, make_venue, make_user, admin_headers):
    old_manager, creator = make_user(Role.MANAGER), make_user(Role.CREATOR)
    venue = make_venue(managers=[old_manager])

    response = client.put(f"/api/v1/venues/{venue.id}/managers", json={"user_ids": [creator.id]},
                          headers=admin_headers)

    assert response.status_code == 200
    assert response.json["manager_ids"] == [creator.id]
    db.session.refresh(creator)
    assert creator.role == Role.MANAGER
    db.session.refresh(venue)
    assert not venue.can_manage(old_manager)


def test_set_managers_keeps_admins_admins(client, make_venue, make_user, admin, admin_headers):
    venue = make_venue()

    client.put(f"/api/v1/venues/{venue.id}/managers", json={"user_ids": [admin.id]}, headers=admin_headers)

    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_set_managers_with_unknown_ids_is_422_and_changes_nothing(client, make_venue, make_user,
                                                                  admin_headers):
    manager = make_user(Role.MANAGER)
    venue = make_venue(managers=[manager])

    response = client.put(f"/api/v1/venues/{venue.id}/managers", json={"user_ids": [manager.id, 4242]},
                          headers=admin_headers)

    assert response.status_code == 422
    assert "4242" in response.json["errors"]["user_ids"][0]
    db.session.refresh(venue)
    assert venue.manager_ids == [manager.id]


def test_only_admins_set_managers(client, make_venue, make_user, auth_headers):
    manager = make_user(Role.MANAGER)
    venue = make_venue(managers=[manager])

    response = client.put(f"/api/v1/venues/{venue.id}/managers", json={"user_ids": []},
                          headers=auth_headers(manager))

    assert response.status_code == 403


def test_openapi_documents_the_venue_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    assert {"get", "post"} <= set(paths["/api/v1/venues"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/venues/{venue_id}"])
    assert "put" in paths["/api/v1/venues/{venue_id}/managers"]
    assert "delete" in paths["/api/v1/venues/{venue_id}/closures/{closure_id}"]


class TestAppTimezone:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "APP_TIMEZONE": "Europe/Paris"}

    def test_new_venues_take_the_app_timezone_unless_given(self, client, admin_headers):
        made = client.post("/api/v1/venues", json={"slug": "paris", "name": "Paris", "kind": "museum"},
                           headers=admin_headers)
        chosen = client.post("/api/v1/venues", headers=admin_headers, json={
            "slug": "shanghai", "name": "Shanghai", "kind": "museum", "timezone": "Asia/Shanghai"})

        assert made.json["timezone"] == "Europe/Paris"
        assert chosen.json["timezone"] == "Asia/Shanghai"
