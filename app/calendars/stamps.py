"""Feed stamps: every change that can alter a feed's bytes bumps the stamps of the feeds that
show it, in the same transaction, so that a feed's validators need one indexed lookup.

The stamps are written after each flush of the session, from what the flush wrote, so that
no path that changes bookings, venues, managers or names through the ORM can forget them:
- a booking: its venue's feed, its creator's feed and the feeds of its venue's managers;
- a venue's details (name, address, zone...): its feed and the personal feeds showing it;
- a venue's managers: the personal feeds of those added or removed;
- a user's name or email: the feeds of the managers of venues they have bookings at.
New bookings are the exception: they are written without a flush (bookings.service.insert_new),
which bumps their stamps itself with bump_for_new_bookings.
The sliding window is not a stamp: the feeds put the window's first day in their validators.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, Integer, String, bindparam, event, inspect, literal, select, true, union
from sqlalchemy.orm import Session

from app import clock
from app.auth.models import User
from app.bookings.models import Booking
from app.calendars.models import FeedStamp
from app.database import UTCDateTime, per_dialect
from app.venues.models import Venue, venue_managers

USER = "user"
VENUE = "venue"
# The user columns that the feeds of managers show.
SHOWN_USER_FIELDS = ("display_name", "email")

StampKey = tuple[str, int]


def _adding_one_on_conflict(statement):
    return statement.on_conflict_do_update(
        index_elements=[FeedStamp.kind, FeedStamp.owner_id],
        set_={"version": FeedStamp.version + 1, "changed_at": statement.excluded.changed_at})


def _bump_statement(dialect):
    return _adding_one_on_conflict(dialect.insert(FeedStamp).values(
        kind=bindparam("kind"), owner_id=bindparam("owner_id"), version=1,
        changed_at=bindparam("changed_at")))


def _bump_for_booking_statement(dialect):
    venue_id = bindparam("venue_id", type_=Integer())
    keys = union(
        select(literal(VENUE, String()).label("kind"), venue_id.label("owner_id")),
        select(literal(USER, String()), bindparam("creator_id", type_=Integer())),
        select(literal(USER, String()), venue_managers.c.user_id)
        .where(venue_managers.c.venue_id == venue_id),
    ).subquery()
    # WHERE: SQLite cannot tell an INSERT ... SELECT's ON CONFLICT from a join's ON without one.
    rows = (select(keys.c.kind, keys.c.owner_id, literal(1), bindparam("changed_at", type_=UTCDateTime()))
            .where(true()).order_by(keys.c.kind, keys.c.owner_id))
    return _adding_one_on_conflict(
        dialect.insert(FeedStamp).from_select(["kind", "owner_id", "version", "changed_at"], rows))


# Built once: every booking bumps stamps, and building the statement cost more than running it.
_BUMP = per_dialect(_bump_statement)
_BUMP_FOR_BOOKING = per_dialect(_bump_for_booking_statement)
_MANAGERS_OF = select(venue_managers.c.user_id).where(
    venue_managers.c.venue_id.in_(bindparam("venue_ids", expanding=True)))


def bump_for_new_bookings(connection: Connection, venue_id: int, creator_id: int, moment: datetime) -> None:
    """New bookings of one venue by one creator, written without the unit of work (so unseen by
    the flush listener below): the venue's feed, the creator's and its managers', in one statement
    and in the same order as `bump`."""
    connection.execute(_BUMP_FOR_BOOKING[connection.dialect.name],
                       {"venue_id": venue_id, "creator_id": creator_id, "changed_at": moment})


def bump(connection: Connection, keys: Iterable[StampKey], moment: datetime) -> None:
    """Add one to each stamp's version (making missing ones), in a stable order so that two
    transactions bumping the same stamps wait for each other rather than deadlock."""
    rows = [{"kind": kind, "owner_id": owner, "changed_at": moment} for kind, owner in sorted(set(keys))]
    if rows:
        connection.execute(_BUMP[connection.dialect.name], rows)


def _values(instance: object, attribute: str) -> set[int]:
    """The attribute's value now and before the flush (a booking moved to another venue changes
    both venues' feeds)."""
    history = inspect(instance).attrs[attribute].history
    return {value for value in (*history.sum(), getattr(instance, attribute)) if value is not None}


def _managers_of(connection: Connection, venue_ids: set[int]) -> set[int]:
    if not venue_ids:
        return set()
    return set(connection.scalars(_MANAGERS_OF, {"venue_ids": sorted(venue_ids)}))


def _keys_for_bookings(connection: Connection, bookings: list[Booking]) -> set[StampKey]:
    venue_ids = {venue_id for booking in bookings for venue_id in _values(booking, "venue_id")}
    users = {user for booking in bookings for user in _values(booking, "creator_id")}
    users |= _managers_of(connection, venue_ids)
    return {(VENUE, venue_id) for venue_id in venue_ids} | {(USER, user) for user in users}


def _keys_for_venues(connection: Connection, venues: list[Venue], changed: list[Venue]) -> set[StampKey]:
    keys: set[StampKey] = set()
    for venue in venues:
        history = inspect(venue).attrs.managers.history
        keys |= {(USER, user.id) for user in (*history.added, *history.deleted)}
    venue_ids = {venue.id for venue in changed}
    if venue_ids:
        creators = connection.scalars(
            select(Booking.creator_id).distinct().where(Booking.venue_id.in_(venue_ids)))
        users = set(creators) | _managers_of(connection, venue_ids)
        keys |= {(VENUE, venue_id) for venue_id in venue_ids} | {(USER, user) for user in users}
    return keys


def _keys_for_users(connection: Connection, users: list[User]) -> set[StampKey]:
    user_ids = {user.id for user in users
                if any(inspect(user).attrs[field].history.has_changes() for field in SHOWN_USER_FIELDS)}
    if not user_ids:
        return set()
    managers = connection.scalars(
        select(venue_managers.c.user_id).distinct()
        .join(Booking, Booking.venue_id == venue_managers.c.venue_id)
        .where(Booking.creator_id.in_(user_ids)))
    return {(USER, user) for user in {*user_ids, *managers}}


def _details_changed(venue: Venue) -> bool:
    """Whether a column the feeds could show changed, rather than the managers alone (which
    move updated_at too)."""
    state = inspect(venue)
    return any(state.attrs[column.key].history.has_changes()
               for column in state.mapper.column_attrs if column.key != "updated_at")


@event.listens_for(Session, "after_flush")
def stamp_feeds(session: Session, _context) -> None:
    """Runs after each flush, while new, dirty and deleted still list what it wrote."""
    written = [*session.new, *session.dirty, *session.deleted]
    bookings = [obj for obj in written if isinstance(obj, Booking)
                and (obj in session.deleted or session.is_modified(obj))]
    venues = [obj for obj in written if isinstance(obj, Venue)]
    changed_venues = [venue for venue in venues if venue not in session.new and _details_changed(venue)]
    users = [obj for obj in session.dirty if isinstance(obj, User)]
    if not (bookings or venues or users):
        return
    connection = session.connection()
    keys = (_keys_for_bookings(connection, bookings) | _keys_for_venues(connection, venues, changed_venues)
            | _keys_for_users(connection, users))
    bump(connection, keys, clock.now())
