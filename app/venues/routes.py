"""HTTP endpoints of the venues domain: parse, call the service, serialise."""

from flask import url_for

from app.api import Blueprint
from app.auth.current import current_user, require_user
from app.extensions import db
from app.idempotency import idempotent
from app.venues import service
from app.venues.schemas import (
    ClosureIn,
    ClosureListArgs,
    ClosureOut,
    ClosurePageOut,
    ManagersIn,
    VenueCreateIn,
    VenueOut,
    VenuePageOut,
    VenueSearchArgs,
    VenueUpdateIn,
)

blp = Blueprint("venues", __name__, url_prefix="/api/v1", description="Venues")


@blp.get("/venues")
@blp.arguments(VenueSearchArgs, location="query", as_kwargs=True)
@blp.response(200, VenuePageOut)
def list_venues(**args):
    """Search active venues, ordered by name.

    Every filter narrows the result; `amenity` may be repeated and then all must be present.
    Venues without a recorded capacity never match `min_capacity`.
    """
    return service.search_venues(current_user(), **args)


@blp.get("/venues/<int:venue_id>")
@blp.response(200, VenueOut)
def get_venue(venue_id: int):
    """One venue; an inactive venue is visible only to admins and its managers."""
    return service.get_visible_venue(venue_id, current_user())


@blp.post("/venues")
@idempotent
@blp.arguments(VenueCreateIn)
@blp.response(201, VenueOut)
def create_venue(data: dict):
    """Create a venue (admins)."""
    venue = service.create_venue(require_user(), data)
    return venue, 201, {"Location": url_for("venues.get_venue", venue_id=venue.id)}


@blp.patch("/venues/<int:venue_id>")
@blp.arguments(VenueUpdateIn)
@blp.response(200, VenueOut)
def update_venue(changes: dict, venue_id: int):
    """Change some fields of a venue (admins and its managers; see the body schema for limits)."""
    actor = require_user()
    venue = service.update_venue(actor, service.get_visible_venue(venue_id, actor), changes)
    db.session.commit()
    return venue


@blp.delete("/venues/<int:venue_id>")
@blp.response(204)
def deactivate_venue(venue_id: int):
    """Deactivate a venue (admins): it leaves the catalogue, its bookings are kept."""
    actor = require_user()
    service.deactivate_venue(actor, service.get_visible_venue(venue_id, actor))
    db.session.commit()


@blp.put("/venues/<int:venue_id>/managers")
@blp.arguments(ManagersIn)
@blp.response(200, VenueOut)
def set_managers(data: dict, venue_id: int):
    """Replace the venue's managers (admins); creators named here become managers."""
    actor = require_user()
    venue = service.set_managers(actor, service.get_visible_venue(venue_id, actor), data["user_ids"])
    db.session.commit()
    return venue


@blp.get("/venues/<int:venue_id>/closures")
@blp.arguments(ClosureListArgs, location="query", as_kwargs=True)
@blp.response(200, ClosurePageOut)
def list_closures(venue_id: int, **args):
    """The venue's blackout periods by start time, in the venue's zone."""
    return service.list_closures(service.get_visible_venue(venue_id, current_user()), **args)


@blp.post("/venues/<int:venue_id>/closures")
@idempotent
@blp.arguments(ClosureIn)
@blp.response(201, ClosureOut)
def add_closure(data: dict, venue_id: int):
    """Close the venue for a period (its managers); naive times are read in the venue's zone."""
    actor = require_user()
    return service.add_closure(actor, service.get_managed_venue(venue_id, actor), data), 201


@blp.delete("/venues/<int:venue_id>/closures/<int:closure_id>")
@blp.response(204)
def delete_closure(venue_id: int, closure_id: int):
    """Remove a closure (the venue's managers)."""
    actor = require_user()
    service.delete_closure(service.get_managed_venue(venue_id, actor), closure_id)
    db.session.commit()
