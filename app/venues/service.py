"""The venue catalogue's rules: creating and changing venues, their managers and closures, and search.

Search is built in two steps so that other domains can add conditions: `venue_search()` returns
a `select(Venue)` with the catalogue filters applied, `paginate()` counts and slices any such
statement in the database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, true
from sqlalchemy.exc import IntegrityError

from app import clock
from app.auth.models import Role, User
from app.bookings.availability import venues_with_room
from app.config import default_timezone
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.times import to_utc
from app.venues.models import VENUE_DETAILS, Closure, Venue, VenueAmenity, managed_venue_ids

# Fields that place a venue in the catalogue; a venue's managers may change everything else.
ADMIN_ONLY_FIELDS = ("slug", "kind", "is_active")
SEARCH_ORDER = (Venue.name, Venue.id)
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class Page:
    items: Sequence[Any]
    page: int
    per_page: int
    total: int


# ---- finding and permissions ------------------------------------------------------------------

def get_visible_venue(venue_id: int, viewer: User | None) -> Venue:
    """The venue, or NotFound when it does not exist or is inactive and hidden from `viewer`."""
    venue = db.session.get(Venue, venue_id)
    if venue is None or not venue.is_visible_to(viewer):
        raise NotFound("No such venue.")
    return venue


def get_managed_venue(venue_id: int, actor: User) -> Venue:
    venue = get_visible_venue(venue_id, actor)
    if not venue.can_manage(actor):
        raise Forbidden("Only the venue's managers and admins may do this.")
    return venue


def require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise Forbidden("Only admins may do this.")


# ---- creating and changing venues -------------------------------------------------------------

def create_venue(actor: User, data: dict) -> Venue:
    require_admin(actor)
    venue = build_venue(data)
    db.session.add(venue)
    _flush_checking_slug()
    return venue


def build_venue(data: dict) -> Venue:
    """A new, unsaved venue from VenueCreateIn input, with the defaults for what is not given."""
    moment = clock.now()
    defaults = {**_column_defaults(), "timezone": default_timezone()}
    venue = Venue(**defaults, created_at=moment, updated_at=moment)
    apply_changes(venue, data)
    return venue


def update_venue(actor: User, venue: Venue, changes: dict) -> Venue:
    if not venue.can_manage(actor):
        raise Forbidden("Only the venue's managers and admins may change it.")
    # Unchanged values are fine, so a client may send back the whole venue it read.
    admin_only = [name for name in ADMIN_ONLY_FIELDS
                  if name in changes and changes[name] != getattr(venue, name)]
    if admin_only and not actor.is_admin:
        raise Forbidden(f"Only admins may change {', '.join(admin_only)}.")
    if apply_changes(venue, changes):
        venue.updated_at = clock.now()
    _flush_checking_slug()
    return venue


def deactivate_venue(actor: User, venue: Venue) -> None:
    """Hide the venue from the catalogue and from new bookings; its bookings stay as they are."""
    require_admin(actor)
    if venue.is_active:
        venue.is_active = False
        venue.updated_at = clock.now()


def apply_changes(venue: Venue, changes: dict) -> bool:
    """Set the fields given (input of VenueCreateIn / VenueUpdateIn); True when anything changed."""
    plain = {name: value for name, value in changes.items()
             if name not in ("rules", "amenities", "opening_hours")}
    rules = changes.get("rules", {})
    _check_durations({**venue.rules, **rules})
    changed = False
    for name, value in {**plain, **rules}.items():
        if getattr(venue, name) != value:
            setattr(venue, name, value)
            changed = True
    if "amenities" in changes and set(venue.amenities) != set(changes["amenities"]):
        venue.amenities = changes["amenities"]
        changed = True
    if "opening_hours" in changes:
        spans = sorted((span["weekday"], span["open"], span["close"]) for span in changes["opening_hours"])
        if venue.spans != spans:
            venue.set_opening_hours(spans)
            changed = True
    return changed


def _check_durations(rules: dict) -> None:
    if rules["min_duration_minutes"] > rules["max_duration_minutes"]:
        raise ValidationFailed({"rules": {"max_duration_minutes": [
            f"Must not be below min_duration_minutes ({rules['min_duration_minutes']})."]}})


def _column_defaults() -> dict:
    """The model's scalar column defaults, so that a new venue is complete before it is flushed."""
    return {column.key: column.default.arg for column in Venue.__table__.columns
            if column.default is not None and column.default.is_scalar}


def _flush_checking_slug() -> None:
    try:
        db.session.flush()
    except IntegrityError as error:
        if "slug" in str(error.orig):
            raise Conflict("A venue with this slug already exists.", code="slug_taken") from error
        raise


# ---- managers ---------------------------------------------------------------------------------

def set_managers(actor: User, venue: Venue, user_ids: list[int]) -> Venue:
    """Make exactly these users the venue's managers; creators among them become managers."""
    require_admin(actor)
    wanted = list(dict.fromkeys(user_ids))
    users = db.session.scalars(select(User).where(User.id.in_(wanted), User.is_active)).all()
    unknown = sorted(set(wanted) - {user.id for user in users})
    if unknown:
        raise ValidationFailed({"user_ids": [
            f"No active user with id {', '.join(map(str, unknown))}."]})
    for user in users:
        if user.role == Role.CREATOR:
            user.role = Role.MANAGER
    if venue.manager_ids != sorted(wanted):
        venue.managers = sorted(users, key=lambda user: user.id)
        venue.updated_at = clock.now()
    return venue


# ---- closures ---------------------------------------------------------------------------------

def list_closures(venue: Venue, page: int, per_page: int, start_from: datetime | None = None,
                  end_to: datetime | None = None) -> Page:
    """The venue's closures by start; `start_from` / `to` keep those overlapping that window."""
    statement = select(Closure).where(Closure.venue_id == venue.id)
    if start_from is not None:
        statement = statement.where(Closure.end > to_utc(start_from, venue.timezone))
    if end_to is not None:
        statement = statement.where(Closure.start < to_utc(end_to, venue.timezone))
    return paginate(statement.order_by(Closure.start, Closure.id), page, per_page)


def add_closure(actor: User, venue: Venue, data: dict) -> Closure:
    start, end = to_utc(data["start"], venue.timezone), to_utc(data["end"], venue.timezone)
    if end <= start:
        raise ValidationFailed({"end": ["Must be after start."]})
    closure = Closure(venue=venue, start=start, end=end, reason=data.get("reason", "").strip(),
                      created_by_id=actor.id, created_at=clock.now())
    db.session.add(closure)
    db.session.flush()
    return closure


def delete_closure(venue: Venue, closure_id: int) -> None:
    closure = db.session.get(Closure, closure_id)
    if closure is None or closure.venue_id != venue.id:
        raise NotFound("No such closure at this venue.")
    db.session.delete(closure)


# ---- search -----------------------------------------------------------------------------------

def managed_venues(user: User) -> list[Venue]:
    """Every venue the user manages, inactive ones too (admin: all), in catalogue order."""
    statement = venue_search(user, include_inactive=True)
    if not user.is_admin:
        statement = statement.where(Venue.id.in_(managed_venue_ids(user.id)))
    return list(db.session.scalars(statement.order_by(*SEARCH_ORDER)))


def venue_search(viewer: User | None, *, kind: str | None = None, district: str | None = None,
                 cluster: str | None = None, q: str | None = None, min_capacity: int | None = None,
                 amenity: Iterable[str] = (), include_inactive: bool = False) -> Select:
    """`select(Venue)` filtered as asked, without order or limit: add `.where(...)` freely."""
    conditions = [_visibility(viewer, include_inactive)]
    if kind:
        conditions.append(Venue.kind == kind)
    if district:
        conditions.append(func.lower(Venue.district) == district.strip().lower())
    if cluster:
        conditions.append(func.lower(Venue.cluster) == cluster.strip().lower())
    if q:
        conditions.extend(_mentions(word) for word in q.split()[:MAX_SEARCH_WORDS])
    if min_capacity is not None:
        conditions.append(Venue.capacity >= min_capacity)
    conditions.extend(_has_amenity(name) for name in dict.fromkeys(amenity))
    return select(Venue).options(*VENUE_DETAILS).where(*conditions)


def search_venues(viewer: User | None, page: int = 1, per_page: int = 20,
                  available_from: datetime | None = None, available_to: datetime | None = None,
                  **filters: Any) -> Page:
    """One page of `venue_search(viewer, **filters)` by name, with the total count; with an
    available span, only the venues the booking rules engine finds room at for all of it."""
    statement = venue_search(viewer, **filters).order_by(*SEARCH_ORDER)
    if available_from is None or available_to is None:
        return paginate(statement, page, per_page)
    venues = venues_with_room(db.session.scalars(statement).all(), available_from, available_to)
    return Page(items=venues[(page - 1) * per_page:page * per_page], page=page, per_page=per_page,
                total=len(venues))


def paginate(statement: Select, page: int, per_page: int) -> Page:
    """Count the rows of an ordered statement and fetch one page of them, both in the database."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=items, page=page, per_page=per_page, total=total)


def _visibility(viewer: User | None, include_inactive: bool) -> ColumnElement[bool]:
    if not include_inactive or viewer is None:
        return Venue.is_active.is_(True)
    if viewer.is_admin:
        return true()
    return or_(Venue.is_active.is_(True), Venue.id.in_(managed_venue_ids(viewer.id)))


def _mentions(word: str) -> ColumnElement[bool]:
    return Venue.search_text.contains(word.casefold(), autoescape=True)


def _has_amenity(name: str) -> ColumnElement[bool]:
    return exists().where(VenueAmenity.venue_id == Venue.id, VenueAmenity.amenity == name)
