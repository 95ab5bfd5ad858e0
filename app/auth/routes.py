"""HTTP endpoints for accounts, tokens and the caller's profile."""

from app.api import Blueprint
from app.auth import service
from app.auth.current import current_token, require_user
from app.auth.schemas import ProfileIn, RegisterIn, TokenOut, TokenRequestIn, UserOut
from app.extensions import db, limiter
from app.idempotency import idempotent

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Accounts and tokens")

CREDENTIAL_LIMIT = "10 per minute"


@blp.post("/auth/register")
@limiter.limit(CREDENTIAL_LIMIT)
@idempotent
@blp.arguments(RegisterIn)
@blp.response(201, UserOut)
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def register(data: dict):
    """Create a creator account."""
    return service.create_user(**data)


@blp.post("/auth/tokens")
@limiter.limit(CREDENTIAL_LIMIT)
@blp.arguments(TokenRequestIn)
@blp.response(201, TokenOut)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def create_token(data: dict):
    """Exchange email and password for a bearer token (shown once; only its hash is kept)."""
    user = service.verify_credentials(data["email"], data["password"])
    plain, record = service.issue_token(user)
    db.session.commit()
    return {"token": plain, "expires_at": record.expires_at}


@blp.delete("/auth/tokens/current")
@blp.response(204)
@blp.alt_response(401, response="UNAUTHORIZED")
def revoke_current_token():
    """Revoke the token this request was made with."""
    require_user()
    service.revoke_token(current_token())
    db.session.commit()


@blp.get("/me")
@blp.response(200, UserOut)
@blp.alt_response(401, response="UNAUTHORIZED")
def get_profile():
    """The caller's profile."""
    return require_user()


@blp.patch("/me")
@blp.arguments(ProfileIn)
@blp.response(200, UserOut)
@blp.alt_response(401, response="UNAUTHORIZED")
def update_profile(changes: dict):
    """Change display name, locale, time zone or reminder times."""
    user = require_user()
    service.update_profile(user, changes)
    db.session.commit()
    return user
