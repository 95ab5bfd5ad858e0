"""The flask-smorest Api: JSON request bodies and bearer auth in the spec (errors: app.errors)."""

import json

import flask_smorest
from flask import Flask, request
from flask_smorest import Api
from marshmallow import Schema, fields

from app.errors import PROBLEM_MIMETYPE, MalformedRequest

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
API_PATH_PREFIX = "/api/"
BEARER_SCHEME_NAME = "bearerAuth"
BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "A token from POST /api/v1/auth/tokens, sent as `Authorization: Bearer <token>`.",
}


class ProblemOut(Schema):
    """RFC 9457 problem details, as every error is sent."""

    type = fields.String(metadata={"description": "URL naming the kind of problem."})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String(metadata={"description": "What went wrong, for people."})
    code = fields.String(metadata={"description": "What went wrong, for programs (e.g. conflict, too_soon)."})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "On 422: field -> messages."})
    conflicts = fields.List(fields.Dict(), metadata={"description": "On 409: the bookings in the way."})


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, parsing each route's arguments with one schema instance: given a
    schema class, webargs builds a new instance for every request (a tenth of a booking's CPU)."""

    def arguments(self, schema, *args, **kwargs):
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemOut

    def init_app(self, app: Flask, *, spec_kwargs: dict | None = None) -> None:
        super().init_app(app, spec_kwargs=spec_kwargs)
        self.spec.components.security_scheme(BEARER_SCHEME_NAME, BEARER_SCHEME)
        app.before_request(require_json_body)

    def _register_responses(self) -> None:
        # flask-smorest documents its shared error responses with the success content type.
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_MIMETYPE
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE



def require_json_body() -> None:
    """A body sent to the API must be JSON: anything else is a 400, not a 422 of missing fields."""
    if request.method not in BODY_METHODS or not request.path.startswith(API_PATH_PREFIX):
        return
    body = request.get_data(cache=True)
    if not body:
        return
    if not request.is_json:
        raise MalformedRequest(
            f"Send the body as application/json, not {request.mimetype or 'without a content type'}.",
            code="unsupported_content_type")
    try:
        json.loads(body)
    except ValueError as error:
        raise MalformedRequest(f"The body is not valid JSON: {error}.", code="malformed_json") from error
