"""The secret behind each user's personal calendar feed URL."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.database import UTCDateTime
from app.extensions import db


class FeedSecret(db.Model):
    """One per user. The URL secret itself is never stored: it is derived from SECRET_KEY and
    `nonce` (so the service can show the URL again), and found by its SHA-256 `digest`."""

    __tablename__ = "feed_secrets"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<FeedSecret user={self.user_id}>"


class FeedStamp(db.Model):
    """How often, and when last, something a feed shows changed: one row per personal feed
    (kind "user") and per public venue feed (kind "venue"), written in the transaction of the
    change (app.calendars.stamps), so that a feed's validators cost one indexed lookup."""

    __tablename__ = "feed_stamps"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    owner_id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<FeedStamp {self.kind} {self.owner_id} v{self.version}>"
