"""GET /api/v1/me/feeds and POST /api/v1/me/feeds/rotate: the secret URL of a personal feed."""

import hashlib

from sqlalchemy import MetaData, select

from app.calendars.models import FeedSecret
from app.extensions import db


def test_signed_in_user_gets_https_and_webcal_urls(client, make_user, auth_headers):
    response = client.get("/api/v1/me/feeds", headers=auth_headers(make_user()))
    assert response.status_code == 200
    url, webcal = response.json["url"], response.json["webcal_url"]
    assert url.startswith("https://spaces.test/feeds/") and url.endswith(".ics")
    assert webcal == "webcal://" + url.removeprefix("https://")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_url_is_stable_and_serves_the_feed(client, make_user, auth_headers, feed_url_of):
    user = make_user()
    assert feed_url_of(user) == feed_url_of(user)
    assert client.get(feed_url_of(user)).status_code == 200


def test_secrets_are_long_random_and_per_user(make_user, feed_url_of):
    first, second = feed_url_of(make_user()), feed_url_of(make_user())
    secret = first.removeprefix("/feeds/").removesuffix(".ics")
    assert len(secret) == 43  # 256 bits, URL-safe base64
    assert first != second


def test_only_a_digest_of_the_secret_is_stored(make_user, feed_url_of):
    user = make_user()
    secret = feed_url_of(user).removeprefix("/feeds/").removesuffix(".ics")
    record = db.session.scalars(select(FeedSecret).where(FeedSecret.user_id == user.id)).one()
    assert record.digest == hashlib.sha256(secret.encode()).hexdigest()
    tables = MetaData()
    tables.reflect(bind=db.session.connection())
    dump = "\n".join(str(value) for table in tables.sorted_tables
                     for row in db.session.execute(select(table)) for value in row)
    assert record.digest in dump and secret not in dump


def test_rotation_retires_the_old_url_at_once(client, make_user, auth_headers, feed_url_of):
    user = make_user()
    old = feed_url_of(user)
    response = client.post("/api/v1/me/feeds/rotate", headers=auth_headers(user))
    assert response.status_code == 200
    new = response.json["url"].removeprefix("https://spaces.test")
    assert new != old and new == feed_url_of(user)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_rotating_before_any_url_was_shown_issues_one(client, make_user, auth_headers):
    response = client.post("/api/v1/me/feeds/rotate", headers=auth_headers(make_user()))
    assert response.status_code == 200
    assert client.get(response.json["url"].removeprefix("https://spaces.test")).status_code == 200


def test_unknown_or_malformed_secrets_are_404_problems(client):
    for path in ("/feeds/" + "A" * 43 + ".ics", "/feeds/short.ics", "/feeds/" + "%25" * 43 + ".ics"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_feed_urls_need_a_signed_in_user(client):
    assert client.get("/api/v1/me/feeds").status_code == 401
    assert client.post("/api/v1/me/feeds/rotate").status_code == 401


def test_a_deactivated_users_feed_is_gone(client, make_user, feed_url_of):
    user = make_user()
    path = feed_url_of(user)
    user.is_active = False
    db.session.commit()
    assert client.get(path).status_code == 404


def test_a_new_secret_key_retires_urls_and_the_next_request_issues_a_working_one(
        app, client, make_user, auth_headers, feed_url_of):
    user = make_user()
    old = feed_url_of(user)
    app.config["SECRET_KEY"] = "a-rotated-secret-key"
    assert client.get(old).status_code == 404
    new = feed_url_of(user)
    assert new != old
    assert client.get(new).status_code == 200
