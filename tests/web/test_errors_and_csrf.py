"""Friendly error pages in both languages, and forms refused without their CSRF token."""

import pytest

from app import create_app
from app.errors import Conflict
from app.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.web.conftest import page_text

ZH = {"Accept-Language": "zh-CN"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_unknown_page_gets_a_friendly_page_in_english(client):
    response = client.get("/no/such/page")
    text = page_text(response)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "We could not find that page" in text
    assert "Back to the venues" in text


def test_unknown_page_gets_a_friendly_page_in_chinese(client):
    response = client.get("/no/such/page", headers=ZH)
    assert response.status_code == 404
    assert "找不到该页面" in page_text(response)


def test_api_paths_keep_problem_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.mimetype == "application/problem+json"


@pytest.mark.fresh_app  # adds a route of its own
def test_domain_errors_on_pages_render_the_friendly_page(app, client):
    @app.get("/boom-conflict")
    def boom():
        raise Conflict("Taken.")

    response = client.get("/boom-conflict", headers=ZH)
    assert response.status_code == 409
    assert "与其他安排冲突" in page_text(response)


@pytest.mark.fresh_app  # adds a route of its own
def test_unexpected_errors_show_no_stack_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    text = page_text(response)
    assert response.status_code == 500
    assert "Something went wrong on our side" in text
    assert "secret internals" not in text and "Traceback" not in text


@pytest.mark.parametrize("path, data", [
    ("/signin", {"email": "a@example.com", "password": DEFAULT_PASSWORD}),
    ("/signup", {"display_name": "A", "email": "a@example.com", "password": "studio-lights-42"}),
    ("/language", {"locale": "zh-CN"}),
    ("/signout", {}),
])
def test_posts_without_a_csrf_token_are_refused_readably(client, path, data):
    response = client.post(path, data=data, headers=ZH)
    assert response.status_code == 400
    assert "无法提交此表单" in page_text(response)


def test_a_post_with_the_pages_csrf_token_is_accepted(client, make_user):
    make_user(email="mei@example.com")
    html = client.get("/signin").get_data(as_text=True)
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/signin", data={"email": "mei@example.com", "password": DEFAULT_PASSWORD,
                                            "csrf_token": token})
    assert response.status_code == 302


def test_the_api_needs_no_csrf_token(client):
    response = client.post("/api/v1/auth/register", json={
        "email": "api@example.com", "password": "studio-lights-42", "display_name": "Api"})
    assert response.status_code == 201


def test_session_cookie_is_httponly_and_lax(client):
    client.get("/signin")
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_session_cookie_is_secure_when_the_site_is_served_over_https(monkeypatch, app_config):
    monkeypatch.setenv("BASE_URL", "https://spaces.example")
    secure_app = create_app(app_config)
    with secure_app.app_context():
        client = secure_app.test_client()
        client.get("/signin", base_url="https://spaces.example")
        assert client.get_cookie("session", domain="spaces.example").secure
        db.session.remove()
