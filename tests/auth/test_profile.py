"""GET and PATCH /api/v1/me: the caller's own profile."""

import pytest

ME = "/api/v1/me"


@pytest.fixture
def user(make_user):
    return make_user(email="chen@example.com", display_name="Chen")


@pytest.fixture
def headers(user, auth_headers):
    return auth_headers(user)


def test_profile_has_the_defaults(client, headers):
    response = client.get(ME, headers=headers)

    assert response.status_code == 200
    assert response.json | {"id": None, "created_at": None} == {
        "id": None, "created_at": None, "email": "chen@example.com", "display_name": "Chen",
        "role": "creator", "locale": "en", "timezone": "Asia/Shanghai", "reminder_minutes": [1440, 60]}


def test_patch_changes_only_the_given_fields(client, headers):
    response = client.patch(ME, json={"locale": "zh-CN", "timezone": "Europe/Berlin"}, headers=headers)

    assert response.status_code == 200
    assert response.json["locale"] == "zh-CN"
    assert response.json["timezone"] == "Europe/Berlin"
    assert response.json["display_name"] == "Chen"
    assert client.get(ME, headers=headers).json["timezone"] == "Europe/Berlin"


def test_reminder_minutes_are_kept_unique_and_longest_first(client, headers):
    response = client.patch(ME, json={"reminder_minutes": [30, 2880, 30, 60]}, headers=headers)

    assert response.json["reminder_minutes"] == [2880, 60, 30]


def test_reminders_can_be_switched_off(client, headers):
    response = client.patch(ME, json={"reminder_minutes": []}, headers=headers)

    assert response.status_code == 200
    assert response.json["reminder_minutes"] == []


def test_display_name_is_trimmed(client, headers):
    response = client.patch(ME, json={"display_name": "  Chen Wei "}, headers=headers)

    assert response.json["display_name"] == "Chen Wei"


@pytest.mark.parametrize(("changes", "field"), [
    ({"locale": "fr"}, "locale"),
    ({"timezone": "Shanghai"}, "timezone"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ({"reminder_minutes": [0]}, "reminder_minutes"),
    ({"reminder_minutes": [-60]}, "reminder_minutes"),
    ({"reminder_minutes": [1.5]}, "reminder_minutes"),
    ({"reminder_minutes": ["60"]}, "reminder_minutes"),
    ({"reminder_minutes": [True]}, "reminder_minutes"),
    ({"reminder_minutes": 60}, "reminder_minutes"),
    ({"reminder_minutes": [10, 20, 30, 40, 50, 60]}, "reminder_minutes"),
    ({"display_name": "   "}, "display_name"),
    ({"display_name": "x" * 121}, "display_name"),
    ({"email": "new@example.com"}, "email"),
    ({"role": "admin"}, "role"),
])
def test_bad_changes_are_422_naming_the_field_and_change_nothing(client, headers, changes, field):
    before = client.get(ME, headers=headers).json

    response = client.patch(ME, json=changes, headers=headers)

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert list(response.json["errors"]) == [field]
    assert client.get(ME, headers=headers).json == before


def test_profile_needs_authentication(client):
    assert client.get(ME).status_code == 401
    assert client.patch(ME, json={"locale": "en"}).status_code == 401
