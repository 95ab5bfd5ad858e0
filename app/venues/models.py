"""Venues, their booking rules, opening hours, closures, amenities and managers."""

from datetime import datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Select,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from app.auth.models import Role, User
from app.database import UTCDateTime
from app.extensions import db


class VenueKind(StrEnum):
    LANDMARK = "landmark"
    MUSEUM = "museum"
    STREET_BLOCK = "street_block"
    FASHION_SPACE = "fashion_space"
    COMMERCIAL = "commercial"
    EXHIBITION = "exhibition"
    LIVESTREAM_ROOM = "livestream_room"
    RECORDING_STUDIO = "recording_studio"
    PHOTO_STUDIO = "photo_studio"


venue_managers = Table(
    "venue_managers",
    db.metadata,
    Column("venue_id", ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


def managed_venue_ids(user_id: int) -> Select:
    """The ids of the venues a user manages, as a subquery for `Venue.id.in_(...)`."""
    return select(venue_managers.c.venue_id).where(venue_managers.c.user_id == user_id)

# The columns that make up the contract's `rules` object.
RULE_FIELDS = (
    "slot_minutes", "min_duration_minutes", "max_duration_minutes", "buffer_minutes",
    "lead_time_minutes", "horizon_days", "requires_approval", "max_concurrent",
    "pending_expiry_hours", "competing_requests", "max_active_per_creator",
    "closed_on_public_holidays",
)

_KINDS_SQL = ", ".join(f"'{kind.value}'" for kind in VenueKind)


class Venue(db.Model):
    __tablename__ = "venues"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KINDS_SQL})", name="kind_known"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude_range"),
        CheckConstraint("slot_minutes >= 1 AND slot_minutes <= 1440", name="slot_minutes_range"),
        CheckConstraint("min_duration_minutes >= 1", name="min_duration_positive"),
        CheckConstraint("max_duration_minutes >= min_duration_minutes", name="max_not_below_min"),
        CheckConstraint("buffer_minutes >= 0", name="buffer_not_negative"),
        CheckConstraint("lead_time_minutes >= 0", name="lead_time_not_negative"),
        CheckConstraint("horizon_days >= 1", name="horizon_positive"),
        CheckConstraint("max_concurrent >= 1", name="max_concurrent_positive"),
        CheckConstraint("pending_expiry_hours >= 1", name="pending_expiry_positive"),
        CheckConstraint("max_active_per_creator IS NULL OR max_active_per_creator >= 1",
                        name="quota_positive"),
        # The catalogue is listed by name; this lets a page be read without sorting every venue.
        Index("ix_venues_name_id", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32), index=True)
    district: Mapped[str] = mapped_column(String(80), default="", index=True)
    cluster: Mapped[str | None] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    capacity: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    # Names and descriptions casefolded into one column, so that search is one plain LIKE that
    # behaves the same on SQLite and PostgreSQL (kept up to date by _refresh_search_text).
    search_text: Mapped[str] = mapped_column(Text, default="")

    # Booking rules (the contract's `rules` object).
    slot_minutes: Mapped[int] = mapped_column(default=30)
    min_duration_minutes: Mapped[int] = mapped_column(default=30)
    max_duration_minutes: Mapped[int] = mapped_column(default=480)
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    lead_time_minutes: Mapped[int] = mapped_column(default=60)
    horizon_days: Mapped[int] = mapped_column(default=90)
    requires_approval: Mapped[bool] = mapped_column(default=False)
    max_concurrent: Mapped[int] = mapped_column(default=1)
    pending_expiry_hours: Mapped[int] = mapped_column(default=48)
    competing_requests: Mapped[bool] = mapped_column(default=False)
    max_active_per_creator: Mapped[int | None]
    closed_on_public_holidays: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    # Loaded on first use: booking a venue needs its opening hours only, and a catalogue query
    # that shows all of them asks for them with VENUE_DETAILS (one query per relationship).
    managers: Mapped[list[User]] = relationship(secondary=venue_managers)
    amenity_rows: Mapped[list["VenueAmenity"]] = relationship(
        cascade="all, delete-orphan", order_by="VenueAmenity.amenity")
    opening_hours: Mapped[list["OpeningHours"]] = relationship(
        cascade="all, delete-orphan", order_by="(OpeningHours.weekday, OpeningHours.open_time)")
    closures: Mapped[list["Closure"]] = relationship(
        cascade="all, delete-orphan", order_by="Closure.start", back_populates="venue")

    @property
    def amenities(self) -> list[str]:
        return sorted(row.amenity for row in self.amenity_rows)

    @amenities.setter
    def amenities(self, names: list[str]) -> None:
        # Rows that stay are kept, so a replace never deletes and re-inserts the same key.
        kept = {row.amenity: row for row in self.amenity_rows}
        self.amenity_rows = [kept.get(name) or VenueAmenity(amenity=name) for name in dict.fromkeys(names)]

    @property
    def spans(self) -> list[tuple[int, time, time]]:
        return sorted(row.span for row in self.opening_hours)

    def set_opening_hours(self, spans: list[tuple[int, time, time]]) -> None:
        """Replace the weekly hours; a span keeping its weekday and open time keeps its row."""
        kept = {(row.weekday, row.open_time): row for row in self.opening_hours}
        rows = []
        for weekday, opens, closes in spans:
            row = kept.get((weekday, opens)) or OpeningHours(weekday=weekday, open_time=opens)
            row.close_time = closes
            rows.append(row)
        self.opening_hours = rows

    @property
    def rules(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RULE_FIELDS}

    @property
    def manager_ids(self) -> list[int]:
        return sorted(manager.id for manager in self.managers)

    def is_visible_to(self, user: User | None) -> bool:
        """Inactive venues are hidden from everyone but admins and their managers."""
        return self.is_active or self.can_manage(user)

    def can_manage(self, user: User | None) -> bool:
        if user is None:
            return False
        return user.role == Role.ADMIN or any(manager.id == user.id for manager in self.managers)

    def __repr__(self) -> str:
        return f"<Venue {self.id} {self.slug}>"


class VenueAmenity(db.Model):
    """One amenity of a venue, in its own row so that filters run in the database."""

    __tablename__ = "venue_amenities"

    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True)
    amenity: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class OpeningHours(db.Model):
    """One span of a weekday; close <= open means the span runs past midnight."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("open_time <> close_time", name="not_empty"),
        UniqueConstraint("venue_id", "weekday", "open_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    open_time: Mapped[time] = mapped_column(Time)
    close_time: Mapped[time] = mapped_column(Time)

    @property
    def span(self) -> tuple[int, time, time]:
        return self.weekday, self.open_time, self.close_time

    @property
    def crosses_midnight(self) -> bool:
        return self.close_time <= self.open_time


class Closure(db.Model):
    """A blackout period in which nothing can be booked."""

    __tablename__ = "closures"
    __table_args__ = (CheckConstraint('"end" > start', name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    venue: Mapped[Venue] = relationship(back_populates="closures")


# Loader options for queries of several venues that are shown with all their details.
VENUE_DETAILS = (selectinload(Venue.managers), selectinload(Venue.amenity_rows),
                 selectinload(Venue.opening_hours))


def searchable_text(*parts: str | None) -> str:
    return "\n".join(part or "" for part in parts).casefold()


@event.listens_for(Venue, "before_insert")
@event.listens_for(Venue, "before_update")
def _refresh_search_text(_mapper, _connection, venue: Venue) -> None:
    venue.search_text = searchable_text(venue.name, venue.name_zh, venue.description, venue.description_zh)
