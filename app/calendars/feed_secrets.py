"""Personal feed URLs: issuing, rotating and resolving the secret in them.

The secret is HMAC-SHA256(SECRET_KEY, user id + a random 256-bit nonce). Only the nonce and
the secret's SHA-256 digest are stored, so a copy of the database alone does not reveal any
feed URL, while the service can still show a user their URL again. Changing SECRET_KEY
retires every feed URL; the next GET /me/feeds issues a working one.
"""

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.auth.models import User
from app.calendars.models import FeedSecret, FeedStamp
from app.calendars.stamps import USER
from app.errors import NotFound
from app.extensions import db

_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
# Built once: every feed request runs it, and building a statement costs more than running it.
# The feed's stamp comes along, so that an unchanged feed answers 304 after this query alone.
_FEED_BY_DIGEST = (
    select(FeedSecret, FeedStamp).join(FeedSecret.user)
    .outerjoin(FeedStamp, and_(FeedStamp.kind == USER, FeedStamp.owner_id == FeedSecret.user_id))
    .where(FeedSecret.digest == bindparam("digest"), User.is_active.is_(True)))


def derive_secret(user_id: int, nonce: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, f"calendar-feed:{user_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _reissue(record: FeedSecret) -> str:
    record.nonce = secrets.token_urlsafe(32)
    secret = derive_secret(record.user_id, record.nonce)
    record.digest = _digest(secret)
    record.updated_at = clock.now()
    return secret


def current_secret(user: User) -> str:
    """The user's feed secret, issued on first use (and again if SECRET_KEY changed)."""
    record = db.session.get(FeedSecret, user.id)
    if record is None:
        return _create(user)
    secret = derive_secret(user.id, record.nonce)
    if record.digest != _digest(secret):
        secret = _reissue(record)
        db.session.commit()
    return secret


def _create(user: User) -> str:
    moment = clock.now()
    record = FeedSecret(user_id=user.id, created_at=moment)
    secret = _reissue(record)
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent first request created it: show that one.
        db.session.rollback()
        return current_secret(user)
    return secret


def rotate_secret(user: User) -> str:
    """A new secret; the old URL stops working with this commit."""
    record = db.session.get(FeedSecret, user.id, with_for_update=True)
    if record is None:
        return _create(user)
    secret = _reissue(record)
    db.session.commit()
    return secret


def resolve_feed(secret: str) -> tuple[FeedSecret, FeedStamp | None]:
    """The record behind a feed URL's secret (of an active user) and the feed's stamp, if
    anything in it ever changed; NotFound for an unknown secret."""
    if not _SECRET_SHAPE.fullmatch(secret):
        raise NotFound("No such calendar feed.")
    found = db.session.execute(_FEED_BY_DIGEST, {"digest": _digest(secret)}).first()
    expected = derive_secret(found[0].user_id, found[0].nonce) if found else ""
    if found is None or not hmac.compare_digest(expected, secret):
        raise NotFound("No such calendar feed.")
    record, stamp = found
    return record, stamp


def feed_urls(secret: str) -> dict[str, str]:
    url = f"{current_app.config['BASE_URL']}/feeds/{secret}.ics"
    return {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
