"""Every error on an API path is application/problem+json (RFC 9457); pages get an HTML page."""

import logging

import pytest
from sqlalchemy import func, select

from app.auth.current import require_role
from app.auth.models import Role, User
from app.auth.service import create_user
from app.errors import Conflict, NotFound
from app.extensions import db

# These tests add routes of their own to the app.
pytestmark = pytest.mark.fresh_app

PROBLEM = "application/problem+json"
REGISTER = "/api/v1/auth/register"
ME = "/api/v1/me"


def _boom():
    raise RuntimeError("database password is hunter2")


def _admins_only():
    require_role(Role.ADMIN)
    return {}


def _unknown_venue():
    raise NotFound("No venue 999.")


def _double_booked():
    raise Conflict("That time is taken.", conflicts=[{"start": "2026-12-01T09:00:00+08:00",
                                                      "end": "2026-12-01T10:00:00+08:00"}])


def _half_done():
    create_user("half@example.com", "written but never committed", "Half")
    raise Conflict("Changed my mind.")


@pytest.fixture
def app(app):
    for path, view in [("/api/v1/test/boom", _boom), ("/api/v1/test/admins-only", _admins_only),
                       ("/api/v1/test/unknown-venue", _unknown_venue),
                       ("/api/v1/test/double-booked", _double_booked), ("/pages/boom", _boom),
                       ("/pages/unknown-venue", _unknown_venue), ("/api/v1/test/half-done", _half_done)]:
        app.add_url_rule(path, view.__name__ + path, view)
    return app


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.json
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"https://spaces.test/problems/{code}"
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("method", ["post", "patch", "put"])
def test_malformed_json_is_400(client, method):
    response = getattr(client, method)(REGISTER, data='{"email": ', content_type="application/json")

    body = assert_problem(response, 400, "malformed_json")
    assert "not valid JSON" in body["detail"]


@pytest.mark.parametrize(("data", "content_type"), [
    ("email=a%40b.co&password=x", "application/x-www-form-urlencoded"),
    ('{"email": "a@b.co"}', "text/plain"),
    ('{"email": "a@b.co"}', None),
])
def test_a_body_that_is_not_declared_json_is_400_not_a_422_of_missing_fields(client, data, content_type):
    response = client.post(REGISTER, data=data, content_type=content_type)

    body = assert_problem(response, 400, "unsupported_content_type")
    assert "application/json" in body["detail"]
    assert "errors" not in body


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/merge-patch+json"])
def test_json_with_a_charset_or_a_json_suffix_type_is_accepted(client, content_type):
    response = client.post(REGISTER, data='{"email": "x"}', content_type=content_type)

    assert response.status_code == 422
    assert "email" in response.json["errors"]


def test_patch_with_a_form_body_is_400(client, make_user, auth_headers):
    response = client.patch(ME, data="locale=en", content_type="application/x-www-form-urlencoded",
                            headers=auth_headers(make_user()))

    assert_problem(response, 400, "unsupported_content_type")


def test_a_body_over_one_megabyte_is_413(client):
    response = client.post(REGISTER, data='{"x": "' + "a" * 1_100_000 + '"}', content_type="application/json")

    assert_problem(response, 413, "payload_too_large")


def test_unauthenticated_is_401(client):
    assert_problem(client.get(ME), 401, "unauthenticated")


def test_not_allowed_is_403(client, make_user, auth_headers):
    response = client.get("/api/v1/test/admins-only", headers=auth_headers(make_user()))

    assert_problem(response, 403, "forbidden")


def test_unknown_path_and_unknown_id_are_404(client):
    assert_problem(client.get("/api/v1/no-such-thing"), 404, "not_found")
    body = assert_problem(client.get("/api/v1/test/unknown-venue"), 404, "not_found")
    assert body["detail"] == "No venue 999."


def test_wrong_method_is_405_with_allow(client):
    response = client.post(ME, json={})

    assert_problem(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "PATCH"}


def test_conflict_is_409_with_its_extra_members(client):
    body = assert_problem(client.get("/api/v1/test/double-booked"), 409, "conflict")

    assert body["conflicts"] == [{"start": "2026-12-01T09:00:00+08:00", "end": "2026-12-01T10:00:00+08:00"}]


def test_invalid_fields_are_422_with_field_to_messages(client):
    body = assert_problem(client.post(REGISTER, json={"email": "nope"}), 422, "validation_failed")

    assert body["errors"]["email"] == ["Not a valid email address."]
    assert body["errors"]["password"] == ["Missing data for required field."]


def test_a_json_value_that_is_not_an_object_is_422(client):
    body = assert_problem(client.post(REGISTER, json=["email"]), 422, "validation_failed")

    assert "_schema" in body["errors"]


def test_an_unexpected_error_is_500_without_stack_trace_and_is_logged(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/test/boom")

    body = assert_problem(response, 500, "internal_error")
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "hunter2" not in text and "RuntimeError" not in text
    assert body["detail"] == "Something went wrong on our side; it has been logged."
    assert "hunter2" in caplog.text


def test_feed_paths_answer_problem_json_too(client):
    assert client.get("/feeds/unknown-secret.ics").mimetype == PROBLEM


def test_pages_get_an_html_error_page(client):
    response = client.get("/pages/unknown-venue")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "No venue 999." in response.get_data(as_text=True)


def test_an_unexpected_error_on_a_page_shows_no_details(client):
    response = client.get("/pages/boom")

    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "hunter2" not in response.get_data(as_text=True)


def test_the_web_domain_can_render_its_own_error_pages(app, client):
    app.extensions["html_error_renderer"] = lambda status, message: (f"<p>Sorry: {message}</p>", status)

    response = client.get("/pages/unknown-venue")

    assert response.status_code == 404
    assert response.get_data(as_text=True) == "<p>Sorry: No venue 999.</p>"


def test_a_failed_request_leaves_no_uncommitted_changes_behind(client):
    assert client.get("/api/v1/test/half-done").status_code == 409

    assert client.post(REGISTER, json={"email": "x"}).status_code == 422
    assert db.session.scalar(select(func.count(User.id))) == 0
