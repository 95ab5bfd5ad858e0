"""Idempotency-Key: a retried creating POST returns its first answer and creates nothing new.

Usage, on a route that creates something (below the route and limiter decorators, above
@blp.arguments / @blp.response):

    @blp.post("/bookings")
    @idempotent
    @blp.arguments(BookingIn)
    @blp.response(201, BookingOut)
    def create_booking(data): ...

The decorated view must not commit: @idempotent commits once the view succeeded, storing the
answer in the same transaction as what the view created, and rolls back when it failed.
Without the header the view runs as usual (and is committed the same way).

Concurrency: the key row is reserved before the view runs, in the view's transaction. A second
request with the same key waits (SQLite: the write lock taken at BEGIN IMMEDIATE; PostgreSQL:
the unique index on the key) until the first commits, then answers with the stored answer.
Only successful (2xx) answers are stored, so a request that failed may be retried.
"""

import hashlib
import hmac
import json
import re
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, current_app, make_response, request
from flask_smorest import Blueprint
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.auth.current import current_user
from app.database import UTCDateTime
from app.errors import Conflict, MalformedRequest, RuleViolation
from app.extensions import db

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_LIFETIME = timedelta(hours=24)
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
STORED_HEADERS = ("Content-Type", "Location")

KEY_PARAMETER = {
    "in": "header",
    "name": KEY_HEADER,
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "Any unique string (a UUID is best). For 24 hours, a retry with the same key and "
                   "body returns the first successful answer and creates nothing new; the same key "
                   "with a different body is a 422 `idempotency_key_reused`.",
}


class IdempotencyKey(db.Model):
    """One Idempotency-Key a caller used, with the answer their request got."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        # NULLs are distinct in the constraint above, so anonymous keys need their own index.
        Index("uq_idempotency_keys_anonymous_key", "key", unique=True,
              sqlite_where=text("user_id IS NULL"), postgresql_where=text("user_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(500))
    # HMAC of the canonical JSON body: compares bodies without storing them (they may hold passwords).
    fingerprint: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    @property
    def is_answered(self) -> bool:
        return self.response_status is not None

    def matches(self, method: str, path: str, fingerprint: str) -> bool:
        same_target = (self.method, self.path) == (method, path)
        return same_target and hmac.compare_digest(self.fingerprint, fingerprint)

    def store(self, response: Response) -> None:
        self.response_status = response.status_code
        self.response_body = response.get_data(as_text=True)
        self.response_headers = {name: response.headers[name] for name in STORED_HEADERS
                                 if name in response.headers}

    def replay(self) -> Response:
        response = Response(self.response_body, status=self.response_status, headers=self.response_headers)
        response.headers[REPLAYED_HEADER] = "true"
        return response


def idempotent(view):
    """Make a creating POST safe to retry with an Idempotency-Key header (see the module docstring)."""

    @wraps(view)
    def create_once(*args, **kwargs):
        key = _presented_key()
        if key is None:
            return _commit_if_successful(make_response(view(*args, **kwargs)))
        record = _claim(key)
        if record.is_answered:
            return record.replay()
        response = make_response(view(*args, **kwargs))
        if response.status_code < 300:
            record.store(response)
        return _commit_if_successful(response)

    return Blueprint.doc(parameters=[KEY_PARAMETER])(create_once)


def purge_expired_keys() -> int:
    """Delete keys older than their lifetime; returns how many. Run from the scheduler."""
    result = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at <= _oldest_valid()))
    return result.rowcount


def _presented_key() -> str | None:
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise MalformedRequest(f"{KEY_HEADER} must be 1 to 255 visible ASCII characters, such as a UUID.",
                               code="invalid_idempotency_key")
    return key


def _claim(key: str) -> IdempotencyKey:
    """A new reservation of the key, or the answered record of an earlier request with it."""
    user = current_user()
    user_id = user.id if user is not None else None
    fingerprint = _fingerprint(request.get_json(silent=True))
    earlier = _find(user_id, key)
    if earlier is None:
        reservation = _reserve(key, user_id, fingerprint)
        if reservation is not None:
            return reservation
        earlier = _find(user_id, key)
    if earlier is None or not earlier.is_answered:
        raise Conflict(f"A request with this {KEY_HEADER} is still being processed; retry shortly.",
                       code="idempotency_key_in_use")
    if not earlier.matches(request.method, request.path, fingerprint):
        raise RuleViolation("idempotency_key_reused",
                            f"This {KEY_HEADER} was already used for a different request; use a new key.")
    return earlier


def _find(user_id: int | None, key: str) -> IdempotencyKey | None:
    """The unexpired record of (user, key); an expired one is deleted so the key can be used again."""
    record = db.session.scalar(select(IdempotencyKey).where(
        IdempotencyKey.user_id.is_(None) if user_id is None else IdempotencyKey.user_id == user_id,
        IdempotencyKey.key == key))
    if record is None or record.created_at > _oldest_valid():
        return record
    # A Core delete: a concurrent request may have deleted the same row first.
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == record.id))
    db.session.expunge(record)
    return None


def _reserve(key: str, user_id: int | None, fingerprint: str) -> IdempotencyKey | None:
    """The key, reserved in this transaction; None when a concurrent request got it first."""
    reservation = IdempotencyKey(key=key, user_id=user_id, method=request.method, path=request.path,
                                 fingerprint=fingerprint, created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(reservation)
    except IntegrityError:
        return None
    return reservation


def _fingerprint(body: object) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, canonical.encode(), hashlib.sha256).hexdigest()


def _oldest_valid() -> datetime:
    return clock.now() - KEY_LIFETIME


def _commit_if_successful(response: Response) -> Response:
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response
