"""The flask-smorest Api, answering every error with problem+json."""

from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from app.errors import http_exception_response


class ProblemApi(Api):
    def handle_http_exception(self, error: HTTPException):
        return http_exception_response(error)
