"""Accounts and tokens: registration, password checks, token issue and revocation."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app import clock
from app.auth.models import ApiToken, Role, User
from app.errors import Conflict, Unauthenticated
from app.extensions import db

# Checked against when the email is unknown, so both paths cost one KDF run.
_DUMMY_HASH = generate_password_hash("not a real password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, display_name: str, role: Role = Role.CREATOR,
                locale: str = "en") -> User:
    if find_user_by_email(email) is not None:
        raise Conflict("An account with this email already exists.", code="email_taken")
    user = User(email=normalise_email(email), password_hash=generate_password_hash(password),
                display_name=display_name.strip(), role=role, locale=locale, created_at=clock.now())
    db.session.add(user)
    db.session.flush()
    return user


def verify_credentials(email: str, password: str) -> User:
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        check_password_hash(_DUMMY_HASH, password)
        raise Unauthenticated("Wrong email or password.")
    if not check_password_hash(user.password_hash, password):
        raise Unauthenticated("Wrong email or password.")
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, lifetime: timedelta | None = None) -> tuple[str, ApiToken]:
    """A new bearer token for user; the plain token is returned once and never stored."""
    lifetime = lifetime or timedelta(hours=current_app.config["TOKEN_LIFETIME_HOURS"])
    plain = secrets.token_urlsafe(32)
    created = clock.now()
    record = ApiToken(user=user, token_hash=token_digest(plain), created_at=created,
                      expires_at=created + lifetime)
    db.session.add(record)
    db.session.flush()
    return plain, record


def token_from_bearer(plain: str) -> ApiToken | None:
    """The usable token record for a presented bearer token, or None."""
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(plain)))
    if record is None or not secrets.compare_digest(record.token_hash, token_digest(plain)):
        return None
    return record if record.is_usable(clock.now()) else None


def revoke_token(record: ApiToken) -> None:
    record.revoked_at = clock.now()


def update_profile(user: User, changes: dict) -> None:
    if "reminder_minutes" in changes:
        changes["reminder_minutes"] = sorted(set(changes["reminder_minutes"]), reverse=True)
    for name, value in changes.items():
        setattr(user, name, value)
