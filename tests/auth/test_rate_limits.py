"""Sign-up and sign-in are rate limited per client address: 429 problem+json with Retry-After."""

import uuid

import pytest
import redis

from app import create_app
from app.auth.routes import CREDENTIAL_LIMIT
from tests.conftest import make_config

TOKENS = "/api/v1/auth/tokens"
REDIS_URL = "redis://127.0.0.1:6379"
ALLOWED = int(CREDENTIAL_LIMIT.split()[0])


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True}


def wrong_sign_in(client):
    return client.post(TOKENS, json={"email": "guess@example.com", "password": "still guessing"})


def test_the_request_over_the_limit_is_429_problem_json_with_retry_after(client):
    answers = [wrong_sign_in(client).status_code for _ in range(ALLOWED)]

    limited = wrong_sign_in(client)

    assert answers == [401] * ALLOWED
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert limited.json["code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 60


def test_the_limit_is_per_client_address(client):
    for _ in range(ALLOWED + 1):
        wrong_sign_in(client)

    other = client.post(TOKENS, json={"email": "a@example.com", "password": "still guessing"},
                        environ_base={"REMOTE_ADDR": "203.0.113.7"})

    assert other.status_code == 401


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(migrated_database):
    app = create_app(make_config(migrated_database, RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1))
    client = app.test_client()
    for _ in range(ALLOWED + 1):
        client.post(TOKENS, json={"email": "a@example.com", "password": "guess"},
                    headers={"X-Forwarded-For": "198.51.100.1"})

    other = client.post(TOKENS, json={"email": "a@example.com", "password": "guess"},
                        headers={"X-Forwarded-For": "198.51.100.2"})

    assert other.status_code == 401


@pytest.fixture
def redis_prefix():
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)


def test_with_redis_storage_a_restarted_worker_still_knows_the_counts(migrated_database, redis_prefix):
    config = make_config(migrated_database, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL,
                         RATELIMIT_KEY_PREFIX=redis_prefix)
    first_worker = create_app(config)
    for _ in range(ALLOWED):
        wrong_sign_in(first_worker.test_client())

    # A new app connects to the storage afresh; in-memory counts would have started from zero.
    second_worker = create_app(config)
    limited = wrong_sign_in(second_worker.test_client())

    assert limited.status_code == 429
    assert any(redis.Redis.from_url(REDIS_URL).scan_iter(f"*{redis_prefix}*"))
