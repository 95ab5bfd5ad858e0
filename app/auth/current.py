"""Who is making this request: a bearer token on the API, the session cookie on pages."""

from flask import g, request, session

from app.auth.models import ApiToken, Role, User
from app.auth.service import token_from_bearer
from app.errors import Forbidden, Unauthenticated
from app.extensions import db

SESSION_USER_KEY = "user_id"


def load_current_user() -> None:
    g.user, g.token = None, None
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        g.token = token_from_bearer(header[7:].strip())
        g.user = g.token.user if g.token else None
        g.bad_bearer = g.token is None
    elif not request.path.startswith("/api/") and SESSION_USER_KEY in session:
        user = db.session.get(User, session[SESSION_USER_KEY])
        g.user = user if user is not None and user.is_active else None


def current_user() -> User | None:
    return g.get("user")


def current_token() -> ApiToken | None:
    return g.get("token")


def require_user() -> User:
    user = current_user()
    if user is None:
        if g.get("bad_bearer"):
            raise Unauthenticated("The token is invalid, expired or revoked.")
        raise Unauthenticated()
    return user


def require_role(*roles: Role) -> User:
    user = require_user()
    if user.role not in roles:
        raise Forbidden()
    return user
