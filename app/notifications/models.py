"""The outbox of messages to send, the schedulers' heartbeats and the spent decision links."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.bookings.models import Booking
from app.database import UTCDateTime
from app.extensions import db


class MessageStatus(StrEnum):
    PENDING = "pending"        # waits for its due_at
    SENDING = "sending"        # claimed by a scheduler until lease_until
    SENT = "sent"
    FAILED = "failed"          # gave up after the last attempt; last_error says why
    SKIPPED = "skipped"        # no longer worth sending when it fell due; skip_reason says why
    CANCELLED = "cancelled"    # withdrawn before it fell due (a reminder of a cancelled booking)


_STATUSES_SQL = ", ".join(f"'{status.value}'" for status in MessageStatus)


class OutboxMessage(db.Model):
    """One email to one user, written in the transaction of the change that causes it.

    `dedupe_key` is unique: the same event can never queue the same message twice.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES_SQL})", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The scheduler's claim reads due rows in due order.
        Index("ix_outbox_messages_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"),
                                                   index=True)
    # What the message needs beyond its booking: reminder minutes, digest day, waitlist entry.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.PENDING)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    last_error: Mapped[str] = mapped_column(Text, default="")
    skip_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[User] = relationship()
    booking: Mapped[Booking | None] = relationship()

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} to={self.recipient_id} {self.status}>"


class SchedulerHeartbeat(db.Model):
    """The last sign of life of one scheduler process."""

    __tablename__ = "scheduler_heartbeats"

    scheduler_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_beat: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SpentDecisionLink(db.Model):
    """A one-click approve/reject link that has been used; its primary key makes reuse impossible."""

    __tablename__ = "spent_decision_links"

    # The outbox message that carried the link: its approve and reject links are spent together.
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"),
                                            primary_key=True, autoincrement=False)
    action: Mapped[str] = mapped_column(String(16))
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    used_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)
