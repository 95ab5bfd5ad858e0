"""POST /api/v1/auth/register: anyone may create a creator account."""

import pytest
from sqlalchemy import select

from app.auth import service
from app.auth.models import User
from app.extensions import db

REGISTER = "/api/v1/auth/register"


def registration(**changes) -> dict:
    return {"email": "mei@example.com", "password": "lanterns over the bund", "display_name": "Mei",
            **changes}


def test_register_creates_a_creator_and_answers_201(client):
    response = client.post(REGISTER, json=registration(locale="zh-CN"))

    assert response.status_code == 201
    body = response.json
    assert body["email"] == "mei@example.com"
    assert body["role"] == "creator"
    assert body["locale"] == "zh-CN"
    assert body["timezone"] == "Asia/Shanghai"
    assert body["reminder_minutes"] == [1440, 60]
    assert "password" not in body and "password_hash" not in body


def test_email_is_stored_trimmed_and_lowercase(client):
    response = client.post(REGISTER, json=registration(email="  Mei@Example.COM "))

    assert response.status_code == 201
    assert response.json["email"] == "mei@example.com"


def test_role_in_the_body_is_refused_not_obeyed(client):
    response = client.post(REGISTER, json=registration(role="admin"))

    assert response.status_code == 422
    assert "role" in response.json["errors"]


def test_password_is_stored_as_a_scrypt_hash(client):
    client.post(REGISTER, json=registration())

    stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("scrypt:")
    assert "lanterns" not in stored


def test_duplicate_email_is_409_email_taken_whatever_its_case(client):
    client.post(REGISTER, json=registration())

    response = client.post(REGISTER, json=registration(email="MEI@example.com"))

    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.json["code"] == "email_taken"


def test_a_sign_up_that_loses_a_race_for_the_email_is_409_not_500(client, monkeypatch):
    client.post(REGISTER, json=registration())
    # As if another request had checked, found nothing, and committed just before our insert.
    monkeypatch.setattr(service, "find_user_by_email", lambda email: None)

    response = client.post(REGISTER, json=registration())

    assert response.status_code == 409
    assert response.json["code"] == "email_taken"
    assert db.session.scalar(select(db.func.count(User.id))) == 1


@pytest.mark.parametrize(("password", "message"), [
    ("short1!", "at least 10"),
    ("aaaaaaaaaaaa", "different characters"),
    ("abababababab", "different characters"),
    ("1234567890", "neighbouring keys"),
    ("qwertyuiop", "neighbouring keys"),
    ("Password123!", "well-known"),
    ("mei.lin-rocks-2026", "email"),
    ("x" * 150 + "y" * 51, "at most 200"),
])
def test_easily_guessed_passwords_are_refused(client, password, message):
    response = client.post(REGISTER, json=registration(email="mei.lin@example.com", password=password))

    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"
    assert message in response.json["errors"]["password"][0]


@pytest.mark.parametrize("email", ["not-an-email", "mei@", "@example.com", "a" * 250 + "@example.com", ""])
def test_bad_emails_are_refused(client, email):
    response = client.post(REGISTER, json=registration(email=email))

    assert response.status_code == 422
    assert "email" in response.json["errors"]


def test_every_field_error_is_reported_at_once(client):
    response = client.post(REGISTER, json={"email": "nope", "password": "short", "display_name": "  ",
                                           "locale": "fr"})

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"email", "password", "display_name", "locale"}


def test_missing_fields_are_named(client):
    response = client.post(REGISTER, json={})

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"email", "password", "display_name"}


def test_new_accounts_take_the_configured_app_timezone(app, client):
    app.config["APP_TIMEZONE"] = "Asia/Tokyo"

    response = client.post(REGISTER, json=registration())

    assert response.json["timezone"] == "Asia/Tokyo"
