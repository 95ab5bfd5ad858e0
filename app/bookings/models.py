"""Bookings of venues and the series they may belong to."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.database import UTCDateTime
from app.extensions import db
from app.venues.models import Venue


class BookingStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Still pending or confirmed: it can be acted on and appears in calendars."""
        return self in (BookingStatus.PENDING, BookingStatus.CONFIRMED)


_STATUSES_SQL = ", ".join(f"'{status.value}'" for status in BookingStatus)


class BookingSeries(db.Model):
    """A recurring request; each occurrence is its own Booking."""

    __tablename__ = "booking_series"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"), index=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rrule: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Booking(db.Model):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint('"end" > start', name="end_after_start"),
        CheckConstraint('held_until >= "end"', name="held_until_after_end"),
        CheckConstraint(f"status IN ({_STATUSES_SQL})", name="status_known"),
        CheckConstraint("party_size >= 1", name="party_size_positive"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        # Conflict checks and availability read one venue's holding bookings by time.
        Index("ix_bookings_venue_holding_start", "venue_id", "holds_time", "start"),
        # The longest hold bounds how far back a time-window query must look.
        Index("ix_bookings_venue_holding_length", "venue_id", "holds_time", "hold_minutes"),
        CheckConstraint("hold_minutes >= 1", name="hold_minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the (venue_id, holds_time, ...) indexes serve every lookup by venue.
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"))
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    series_id: Mapped[str | None] = mapped_column(ForeignKey("booking_series.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    party_size: Mapped[int] = mapped_column(default=1)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    # end plus the venue's buffer when the time was set: the span this booking keeps free.
    held_until: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Whether this booking currently blocks its time (confirmed, or pending at a venue
    # without competing requests); stored so the database can constrain on it.
    holds_time: Mapped[bool] = mapped_column(default=False)
    # Minutes from start to held_until, so the longest hold of a venue is one index read away.
    hold_minutes: Mapped[int] = mapped_column(default=1)
    # Set from venue.max_concurrent == 1 whenever the time is set (create, approve, reschedule):
    # on PostgreSQL an exclusion constraint forbids any overlap between holding, exclusive
    # bookings. When a venue's max_concurrent changes, existing rows keep their value until
    # their time is set again: raising it leaves harmless exclusive rows (they never overlapped);
    # lowering it to 1 puts the database guarantee on bookings written from then on, while the
    # service check, under the venue lock, keeps judging every holding booking by the new limit.
    exclusive: Mapped[bool] = mapped_column(default=False)
    # When it (last) became a pending request: pending_expiry_hours count from here.
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # iCalendar SEQUENCE: grows with every change of time or status.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    venue: Mapped[Venue] = relationship()
    creator: Mapped[User] = relationship()
    series: Mapped[BookingSeries | None] = relationship()

    def can_view(self, user: User | None) -> bool:
        """Its creator, the venue's managers and admins may see a booking."""
        return user is not None and (user.id == self.creator_id or self.venue.can_manage(user))

    def can_decide(self, user: User | None) -> bool:
        """Approving and rejecting belong to the venue's managers (and admins)."""
        return self.venue.can_manage(user)

    def can_cancel(self, user: User | None) -> bool:
        return user is not None and (user.id == self.creator_id or self.venue.can_manage(user))

    def can_edit(self, user: User | None) -> bool:
        """Only its creator may change the time, title or notes."""
        return user is not None and user.id == self.creator_id

    def __repr__(self) -> str:
        return f"<Booking {self.id} venue={self.venue_id} {self.start:%Y-%m-%d %H:%M} {self.status}>"


class BookingEvent(db.Model):
    """One entry of a booking's audit trail: who did what, when."""

    __tablename__ = "booking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    # None when the system acted (e.g. expiry).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    # {"start": [old, new], "end": [old, new], "note": ...}: ISO UTC strings.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WaitlistStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"


class WaitlistEntry(db.Model):
    """A creator's wish to be told when a span of a venue frees up."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        CheckConstraint('"end" > start', name="end_after_start"),
        CheckConstraint("status IN ('waiting', 'offered')", name="status_known"),
        Index("ix_waitlist_entries_venue_status_start", "venue_id", "status", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"))
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default=WaitlistStatus.WAITING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    venue: Mapped[Venue] = relationship()
    creator: Mapped[User] = relationship()

    def can_view(self, user: User | None) -> bool:
        return user is not None and user.id == self.creator_id
