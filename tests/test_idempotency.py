"""Idempotency-Key: a retried creating POST returns the first answer and creates nothing new."""

import threading

import pytest
from flask import request, url_for
from sqlalchemy import event, func, select

from app.auth import service
from app.auth.current import require_user
from app.auth.models import User
from app.extensions import db
from app.idempotency import IdempotencyKey, idempotent, purge_expired_keys

# These tests add routes of their own to the app.
pytestmark = pytest.mark.fresh_app

REGISTER = "/api/v1/auth/register"
INVITE = "/api/v1/test/invitations"


def registration(**changes) -> dict:
    return {"email": "yu@example.com", "password": "paper cranes at dawn", "display_name": "Yu", **changes}


def with_key(key: str, **headers) -> dict:
    return {"Idempotency-Key": key, **headers}


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))


@idempotent
def _invite():
    """A test-only creating POST for signed-in users, answering 201 with a Location."""
    require_user()
    name = request.get_json()["name"]
    invited = service.create_user(f"{name}@example.com", "paper cranes at dawn", name)
    return {"id": invited.id}, 201, {"Location": url_for("invitation", user_id=invited.id)}


@pytest.fixture
def app(app):
    app.add_url_rule(INVITE, "invite", _invite, methods=["POST"])
    app.add_url_rule(f"{INVITE}/<int:user_id>", "invitation", lambda user_id: {})
    return app


def test_a_retry_gets_the_identical_first_answer_and_creates_nothing(client):
    first = client.post(REGISTER, json=registration(), headers=with_key("sign-up-1"))
    retry = client.post(REGISTER, json=registration(), headers=with_key("sign-up-1"))

    assert first.status_code == retry.status_code == 201
    assert retry.get_data() == first.get_data()
    assert retry.mimetype == "application/json"
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count_users() == 1


def test_the_same_body_with_its_keys_in_another_order_is_the_same_request(client):
    client.post(REGISTER, json=registration(), headers=with_key("sign-up-1"))

    retry = client.post(REGISTER, data='{"display_name": "Yu", "password": "paper cranes at dawn", '
                                        '"email": "yu@example.com"}',
                        content_type="application/json", headers=with_key("sign-up-1"))

    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_the_location_header_is_replayed_too(client, make_user, auth_headers):
    headers = with_key("invite-1", **auth_headers(make_user()))

    first = client.post(INVITE, json={"name": "ann"}, headers=headers)
    retry = client.post(INVITE, json={"name": "ann"}, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.json == first.json


def test_the_same_key_with_a_different_body_is_422_and_creates_nothing(client):
    client.post(REGISTER, json=registration(), headers=with_key("sign-up-1"))

    response = client.post(REGISTER, json=registration(email="other@example.com"),
                           headers=with_key("sign-up-1"))

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["code"] == "idempotency_key_reused"
    assert count_users() == 1


def test_the_same_key_and_body_on_another_path_is_422(client, make_user, auth_headers):
    headers = with_key("shared", **auth_headers(make_user()))
    client.post(INVITE, json={"name": "ann"}, headers=headers)

    response = client.post(f"{INVITE}?copy=1", json={"name": "ann"}, headers=headers)
    elsewhere = client.post(REGISTER, json={"name": "ann"}, headers=headers)

    assert response.status_code == 201  # the query string is not part of the path
    assert elsewhere.status_code == 422
    assert elsewhere.json["code"] == "idempotency_key_reused"


def test_different_users_may_use_the_same_key(client, make_user, auth_headers):
    ann, bo = make_user(), make_user()

    for_ann = client.post(INVITE, json={"name": "cai"}, headers=with_key("k-1", **auth_headers(ann)))
    for_bo = client.post(INVITE, json={"name": "dai"}, headers=with_key("k-1", **auth_headers(bo)))
    anonymous = client.post(REGISTER, json=registration(), headers=with_key("k-1"))

    assert [for_ann.status_code, for_bo.status_code, anonymous.status_code] == [201, 201, 201]
    assert for_ann.json != for_bo.json
    assert count_users() == 5


def test_a_key_expires_after_24_hours(client, clock, make_user, auth_headers):
    headers = with_key("invite-1", **auth_headers(make_user()))
    first = client.post(INVITE, json={"name": "ann"}, headers=headers)

    clock.advance(hours=24, seconds=-1)
    replayed = client.post(INVITE, json={"name": "ann"}, headers=headers)
    clock.advance(seconds=1)
    reused = client.post(INVITE, json={"name": "bo"}, headers=headers)

    assert replayed.json == first.json
    assert reused.status_code == 201
    assert reused.json != first.json
    assert "Idempotent-Replayed" not in reused.headers


def test_purge_deletes_only_expired_keys(client, clock):
    client.post(REGISTER, json=registration(), headers=with_key("old"))
    clock.advance(hours=23)
    client.post(REGISTER, json=registration(email="new@example.com"), headers=with_key("new"))
    clock.advance(hours=1)

    assert purge_expired_keys() == 1
    assert db.session.scalars(select(IdempotencyKey.key)).all() == ["new"]


def test_a_failed_request_is_not_stored_so_the_key_can_be_retried(client):
    failed = client.post(REGISTER, json=registration(password="short"), headers=with_key("sign-up-1"))
    fixed = client.post(REGISTER, json=registration(), headers=with_key("sign-up-1"))

    assert failed.status_code == 422
    assert fixed.status_code == 201
    assert count_users() == 1


def test_without_a_key_every_request_counts(client):
    client.post(REGISTER, json=registration())

    assert client.post(REGISTER, json=registration()).status_code == 409


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "naïve-key"])
def test_a_malformed_key_is_400(client, key):
    response = client.post(REGISTER, json=registration(), headers=with_key(key))

    assert response.status_code == 400
    assert response.json["code"] == "invalid_idempotency_key"
    assert count_users() == 0


def test_a_key_whose_first_request_is_still_running_elsewhere_is_409(client, clock):
    # What another process leaves committed while its request runs, were its view to commit early.
    db.session.add(IdempotencyKey(key="busy", method="POST", path=REGISTER, fingerprint="0" * 64,
                                  created_at=clock()))
    db.session.commit()

    response = client.post(REGISTER, json=registration(), headers=with_key("busy"))

    assert response.status_code == 409
    assert response.json["code"] == "idempotency_key_in_use"


def test_the_header_is_documented_on_creating_posts(client):
    operation = client.get("/api/v1/openapi.json").json["paths"][REGISTER]["post"]

    assert any(parameter["name"] == "Idempotency-Key" and parameter["in"] == "header"
               for parameter in operation["parameters"])


def test_two_simultaneous_requests_with_one_key_create_once_and_get_one_answer(app, monkeypatch):
    first_inside, second_waiting = threading.Event(), threading.Event()
    create_user = service.create_user

    def create_user_then_hold_the_transaction(**data):
        user = create_user(**data)
        first_inside.set()
        assert second_waiting.wait(timeout=30)
        return user

    def notice_the_second_request_reaching_the_database(conn, cursor, statement, *args):
        # SQLite: its BEGIN IMMEDIATE waits for the first request's write lock.
        # PostgreSQL: its insert of the key waits on the unique index (or fails once the first commits).
        waits = statement.startswith(("BEGIN IMMEDIATE", "INSERT INTO idempotency_keys"))
        if waits and threading.current_thread().name == "second":
            second_waiting.set()

    monkeypatch.setattr(service, "create_user", create_user_then_hold_the_transaction)
    event.listen(db.engine, "before_cursor_execute", notice_the_second_request_reaching_the_database)
    answers = {}

    def post(name: str) -> None:
        answers[name] = app.test_client().post(REGISTER, json=registration(), headers=with_key("once"))

    first = threading.Thread(target=post, args=("first",), name="first")
    second = threading.Thread(target=post, args=("second",), name="second")
    try:
        first.start()
        assert first_inside.wait(timeout=30)
        second.start()
        first.join(timeout=60)
        second.join(timeout=60)
    finally:
        event.remove(db.engine, "before_cursor_execute", notice_the_second_request_reaching_the_database)

    assert second_waiting.is_set()
    assert [answers["first"].status_code, answers["second"].status_code] == [201, 201]
    assert answers["second"].get_data() == answers["first"].get_data()
    assert answers["second"].headers["Idempotent-Replayed"] == "true"
    assert count_users() == 1
