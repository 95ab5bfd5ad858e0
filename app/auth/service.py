"""Accounts and tokens: registration, password checks, token issue and revocation."""

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import clock
from app.auth.models import ApiToken, Role, User
from app.auth.passwords import hash_password, password_matches
from app.config import default_timezone
from app.errors import Conflict, NotFound, Unauthenticated
from app.extensions import db

WRONG_CREDENTIALS = "Wrong email or password."


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, display_name: str, role: Role = Role.CREATOR,
                locale: str = "en") -> User:
    """A new account; 409 `email_taken` when the email is in use, also when two sign-ups race."""
    if find_user_by_email(email) is not None:
        raise _email_taken()
    user = User(email=normalise_email(email), password_hash=hash_password(password),
                display_name=display_name.strip(), role=role, locale=locale,
                timezone=default_timezone(), created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as error:
        raise _email_taken() from error
    return user


def _email_taken() -> Conflict:
    return Conflict("An account with this email already exists.", code="email_taken")


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(16))


def verify_credentials(email: str, password: str) -> User:
    """The active user with these credentials; unknown emails cost the same KDF run as known ones."""
    user = find_user_by_email(email)
    if user is None:
        password_matches(_dummy_hash(), password)
        raise Unauthenticated(WRONG_CREDENTIALS)
    if not password_matches(user.password_hash, password) or not user.is_active:
        raise Unauthenticated(WRONG_CREDENTIALS)
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


def deactivate_user(email: str) -> User:
    """The user can no longer sign in, and every token they hold stops working."""
    user = find_user_by_email(email)
    if user is None:
        raise NotFound(f"No account with the email {email}.")
    user.is_active = False
    return user


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
    # Every authenticated request needs the user too: one query, not two.
    record = db.session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                               .where(ApiToken.token_hash == token_digest(plain)))
    return record if record is not None and record.is_usable(clock.now()) else None


def revoke_token(record: ApiToken) -> None:
    record.revoked_at = clock.now()


def update_profile(user: User, changes: dict) -> None:
    if "reminder_minutes" in changes:
        changes["reminder_minutes"] = sorted(set(changes["reminder_minutes"]), reverse=True)
    if "display_name" in changes:
        changes["display_name"] = changes["display_name"].strip()
    for name, value in changes.items():
        setattr(user, name, value)
