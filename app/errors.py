"""Domain errors raised by services, and their rendering as RFC 9457 problem+json."""

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, current_app, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"
JSON_PATH_PREFIXES = ("/api/", "/feeds/", "/healthz")

STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
}


class DomainError(Exception):
    """A rule of the service was broken; services raise it, the edges render it."""

    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(self, detail: str | None = None, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.code = code or self.code
        self.extra = extra


class MalformedRequest(DomainError):
    """The request itself is unusable (not JSON, broken JSON): 400 with a specific code."""

    status, code, title = 400, "malformed_request", "Malformed request"


class Unauthenticated(DomainError):
    status, code, title = 401, "unauthenticated", "Authentication required"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(DomainError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class InvalidState(DomainError):
    status, code, title = 409, "invalid_state", "Illegal state change"


class RuleViolation(DomainError):
    """Valid input that breaks a rule: 422 with a specific code."""

    status, title = 422, "Rule violated"

    def __init__(self, code: str, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, code=code, **extra)


class ValidationFailed(DomainError):
    """Field-level errors: 422 with `errors` (field -> messages)."""

    status, code, title = 422, "validation_failed", "Validation failed"

    def __init__(self, errors: dict, detail: str | None = None) -> None:
        super().__init__(detail or "The request has invalid fields.", errors=errors)


def problem(status: int, code: str | None = None, title: str | None = None,
            detail: str | None = None, **extra: Any):
    code = code or STATUS_CODES.get(status, "error")
    body = {
        "type": f"{current_app.config['BASE_URL']}/problems/{code}",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or title or HTTPStatus(status).phrase,
        "code": code,
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MIMETYPE
    return response


def wants_problem_json() -> bool:
    return request.path.startswith(JSON_PATH_PREFIXES)


def _flatten_webargs_messages(messages: dict) -> dict:
    """webargs nests errors by location ({"json": {...}}); clients want field -> messages."""
    flat: dict = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            flat.update(location_errors)
    return flat or messages


def http_exception_response(error: HTTPException):
    if not wants_problem_json():
        return _html_error(error.code or 500, error.description)
    data = getattr(error, "data", None) or {}
    extra = {}
    if "messages" in data or "errors" in data:
        extra["errors"] = _flatten_webargs_messages(data.get("errors") or data["messages"])
    detail = data.get("message") or error.description
    if error.code == 422 and extra:
        detail = "The request has invalid fields."
    response = problem(error.code or 500, detail=detail, **extra)
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def domain_error_response(error: DomainError):
    if not wants_problem_json():
        return _html_error(error.status, error.detail)
    return problem(error.status, error.code, error.title, error.detail, **error.extra)


def unexpected_error_response(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    if not wants_problem_json():
        return _html_error(500, InternalServerError.description)
    return problem(500, detail="Something went wrong on our side; it has been logged.")


_FALLBACK_ERROR_PAGE = "<!doctype html><title>{{ status }}</title><h1>{{ status }}</h1><p>{{ message }}</p>"


def _html_error(status: int, message: str):
    renderer = current_app.extensions.get("html_error_renderer")
    if renderer:
        return renderer(status, message)
    return render_template_string(_FALLBACK_ERROR_PAGE, status=status, message=message), status


def _discard_unfinished_work(render):
    """A failed request leaves nothing behind: its uncommitted changes are rolled back at once."""

    def handler(error: Exception):
        current_app.extensions["sqlalchemy"].session.rollback()
        return render(error)

    return handler


def register_error_handlers(app: Flask) -> None:
    """Called after the extensions are bound: replaces flask-smorest's own HTTPException handler."""
    app.register_error_handler(DomainError, _discard_unfinished_work(domain_error_response))
    app.register_error_handler(HTTPException, _discard_unfinished_work(http_exception_response))
    app.register_error_handler(Exception, _discard_unfinished_work(unexpected_error_response))
