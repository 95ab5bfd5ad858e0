"""Bearer tokens: issued for email and password, stored only as SHA-256, expiring, revocable."""

import hashlib
from datetime import datetime

from sqlalchemy import select

from app.auth.models import ApiToken
from app.extensions import db
from tests.factories import DEFAULT_PASSWORD

TOKENS = "/api/v1/auth/tokens"
ME = "/api/v1/me"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(TOKENS, json={"email": email, "password": password})


def test_right_credentials_get_a_token_that_authenticates(client, make_user):
    user = make_user(email="li@example.com")

    response = sign_in(client, "li@example.com")

    assert response.status_code == 201
    assert client.get(ME, headers=bearer(response.json["token"])).json["id"] == user.id


def test_email_is_matched_without_regard_to_case(client, make_user):
    make_user(email="li@example.com")

    assert sign_in(client, " LI@Example.com ").status_code == 201


def test_token_expires_after_the_configured_lifetime(app, client, clock, make_user):
    make_user(email="li@example.com")

    response = sign_in(client, "li@example.com")

    lifetime_hours = app.config["TOKEN_LIFETIME_HOURS"]
    expires_at = datetime.fromisoformat(response.json["expires_at"])
    assert (expires_at - clock()).total_seconds() == lifetime_hours * 3600
    token = response.json["token"]
    clock.advance(hours=lifetime_hours, seconds=-1)
    assert client.get(ME, headers=bearer(token)).status_code == 200
    clock.advance(seconds=1)
    expired = client.get(ME, headers=bearer(token))
    assert expired.status_code == 401
    assert "expired" in expired.json["detail"]


def test_only_the_sha256_of_a_token_is_stored(client, make_user):
    make_user(email="li@example.com")

    token = sign_in(client, "li@example.com").json["token"]

    stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_wrong_password_and_unknown_email_get_the_same_401(client, make_user):
    make_user(email="li@example.com")

    wrong_password = sign_in(client, "li@example.com", "not the password at all")
    unknown_email = sign_in(client, "nobody@example.com")

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json == unknown_email.json
    assert wrong_password.mimetype == "application/problem+json"


def test_revoking_the_current_token_stops_it_and_only_it(client, make_user):
    make_user(email="li@example.com")
    phone, laptop = (sign_in(client, "li@example.com").json["token"] for _ in range(2))

    response = client.delete(f"{TOKENS}/current", headers=bearer(phone))

    assert response.status_code == 204
    assert client.get(ME, headers=bearer(phone)).status_code == 401
    assert client.get(ME, headers=bearer(laptop)).status_code == 200


def test_revoking_needs_a_token(client):
    response = client.delete(f"{TOKENS}/current")

    assert response.status_code == 401
    assert response.json["code"] == "unauthenticated"


def test_a_deactivated_user_can_neither_sign_in_nor_use_old_tokens(client, make_user, auth_headers):
    user = make_user(email="li@example.com")
    headers = auth_headers(user)

    user.is_active = False
    db.session.commit()

    assert sign_in(client, "li@example.com").status_code == 401
    assert client.get(ME, headers=headers).status_code == 401


def test_a_made_up_token_is_401(client):
    response = client.get(ME, headers=bearer("made-up"))

    assert response.status_code == 401
    assert response.json["code"] == "unauthenticated"


def test_no_token_is_401(client):
    assert client.get(ME).status_code == 401


def test_token_request_needs_both_fields(client):
    response = client.post(TOKENS, json={"email": "li@example.com"})

    assert response.status_code == 422
    assert list(response.json["errors"]) == ["password"]
