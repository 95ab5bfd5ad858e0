"""HTTP endpoints of the bookings domain: parse, call the service, serialise."""

from flask import current_app

from app.api import Blueprint
from app.auth.current import current_user, require_user
from app.bookings import audit, availability, schemas, series, service, waitlist
from app.errors import NotFound
from app.extensions import db
from app.idempotency import idempotent
from app.pagination import PageArgs
from app.times import to_utc
from app.venues.models import Venue

blp = Blueprint("bookings", __name__, url_prefix="/api/v1",
                description="Bookings, series, availability and the waitlist")


def _page(items: list, total: int, args: dict) -> dict:
    return {"items": items, "page": args["page"], "per_page": args["per_page"], "total": total}


@blp.get("/venues/<int:venue_id>/availability")
@blp.arguments(schemas.AvailabilityArgs, location="query")
@blp.response(200, schemas.AvailabilityOut)
def venue_availability(args: dict, venue_id: int):
    """Every start on the slot grid where a booking of `duration` minutes would be accepted now.

    Days are the venue's local days, `from` to `to` inclusive (31 days at most). The grid
    starts at the opening of each opening span and steps by `slot_minutes`; only the start is
    on the grid, the duration is free within the venue's limits. A slot is listed when the same
    rules engine that judges POST /bookings accepts it now (held time and buffers included);
    when the caller is signed in, their quota at the venue counts too.
    """
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        raise NotFound("No such venue.")
    found = availability.free_slots(venue, args["from_"], args["to"], args["duration"], current_user())
    return {"venue_id": venue.id, "timezone": venue.timezone, "duration": found.duration,
            "slots": [{"start": start, "end": end, "timezone": venue.timezone} for start, end in found.slots]}


@blp.post("/bookings")
@idempotent
@blp.arguments(schemas.BookingIn)
@blp.alt_response(409, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="The time is taken (`conflict`) or the state does not allow this.")
@blp.alt_response(422, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="A booking rule is broken (`code`, `violations`) or a field is invalid.")
@blp.response(201, schemas.BookingOut)
def create_booking(data: dict):
    """Book a time: 201 confirmed, or pending where the venue requires approval.

    422 with `code` (the first rule broken) and `violations` (all of them); 409 `conflict`
    with `conflicts` (the times already held, never whose) when the time is taken. The start
    must be on the slot grid counted from the opening of its opening span; the booking must lie
    within one open interval (touching spans join, also across midnight); the venue's buffer
    after it must not overlap held time, and neither may the buffers of existing bookings.
    """
    return service.create_booking(require_user(), data)


@blp.post("/bookings/series")
@idempotent
@blp.arguments(schemas.SeriesIn)
@blp.alt_response(409, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="The time is taken (`conflict`) or the state does not allow this.")
@blp.alt_response(422, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="A booking rule is broken (`code`, `violations`) or a field is invalid.")
@blp.response(201, schemas.SeriesOut)
def create_series(data: dict):
    """Book every occurrence of an RRULE. With on_conflict=fail one bad occurrence books nothing
    (the error names it in `occurrence`); with skip, refused occurrences are listed in `skipped`.
    When no occurrence can be booked the answer is the first occurrence's error."""
    result = series.create_series(require_user(), data)
    return {"series_id": result.series.id, "bookings": result.bookings, "skipped": result.skipped}


@blp.get("/bookings")
@blp.arguments(schemas.BookingListArgs, location="query")
@blp.response(200, schemas.BookingPageOut)
def list_bookings(args: dict):
    """scope=mine: the caller's bookings; scope=managed: those of the venues they manage (admin: all)."""
    zone = current_app.config["APP_TIMEZONE"]
    filters = {key: value for key, value in args.items() if key not in ("page", "per_page", "from_")}
    if "from_" in args:
        filters["from"] = to_utc(args["from_"], zone)
    if "to" in args:
        filters["to"] = to_utc(args["to"], zone)
    items, total = service.bookings_for(require_user(), filters, args["page"], args["per_page"])
    return _page(items, total, args)


@blp.get("/bookings/<int:booking_id>")
@blp.response(200, schemas.BookingOut)
def get_booking(booking_id: int):
    return service.booking_visible_to(require_user(), booking_id)


@blp.patch("/bookings/<int:booking_id>")
@blp.arguments(schemas.BookingPatchIn)
@blp.alt_response(409, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="The time is taken (`conflict`) or the state does not allow this.")
@blp.alt_response(422, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="A booking rule is broken (`code`, `violations`) or a field is invalid.")
@blp.response(200, schemas.BookingOut)
def update_booking(changes: dict, booking_id: int):
    """Its creator changes title, notes or time; a new time is checked like a new booking and
    goes back to pending where the venue requires approval."""
    booking = service.update_booking(require_user(), booking_id, changes)
    db.session.commit()
    return booking


@blp.post("/bookings/<int:booking_id>/approve")
@blp.arguments(schemas.ApproveIn)
@blp.alt_response(409, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="The time is taken (`conflict`) or the state does not allow this.")
@blp.alt_response(422, schema=schemas.BookingProblemOut, content_type="application/problem+json",
                  description="A booking rule is broken (`code`, `violations`) or a field is invalid.")
@blp.response(200, schemas.BookingOut)
def approve_booking(data: dict, booking_id: int):
    """The venue's managers confirm a pending request (409 if it is not pending or its time is taken).
    With competing requests, every pending request that would now collide is rejected."""
    booking = service.approve_booking(require_user(), booking_id, data["note"])
    db.session.commit()
    return booking


@blp.post("/bookings/<int:booking_id>/reject")
@blp.arguments(schemas.RejectIn)
@blp.response(200, schemas.BookingOut)
def reject_booking(data: dict, booking_id: int):
    booking = service.reject_booking(require_user(), booking_id, data["reason"])
    db.session.commit()
    return booking


@blp.post("/bookings/<int:booking_id>/cancel")
@blp.arguments(schemas.CancelIn)
@blp.response(200, schemas.BookingOut)
def cancel_booking(data: dict, booking_id: int):
    """Its creator or the venue's managers cancel a pending or confirmed booking that has not ended."""
    booking = service.cancel_booking(require_user(), booking_id, data["reason"])
    db.session.commit()
    return booking


@blp.get("/bookings/<int:booking_id>/events")
@blp.arguments(PageArgs, location="query")
@blp.response(200, schemas.BookingEventPageOut)
def booking_events(args: dict, booking_id: int):
    """The audit trail, oldest first: who did what, when (actor_id null: the system)."""
    trail = audit.events_of(service.booking_visible_to(require_user(), booking_id))
    first = (args["page"] - 1) * args["per_page"]
    return _page(trail[first:first + args["per_page"]], len(trail), args)


def _series_action(action: str, series_id: str, argument: str | None) -> dict:
    outcome = series.act_on_series(require_user(), series_id, action, argument)
    db.session.commit()
    return outcome


@blp.post("/series/<series_id>/approve")
@blp.arguments(schemas.ApproveIn)
@blp.response(200, schemas.SeriesActionOut)
def approve_series(data: dict, series_id: str):
    """Approve every occurrence still pending; `unchanged` says why the others were left."""
    return _series_action("approve", series_id, data["note"])


@blp.post("/series/<series_id>/reject")
@blp.arguments(schemas.RejectIn)
@blp.response(200, schemas.SeriesActionOut)
def reject_series(data: dict, series_id: str):
    return _series_action("reject", series_id, data["reason"])


@blp.post("/series/<series_id>/cancel")
@blp.arguments(schemas.CancelIn)
@blp.response(200, schemas.SeriesActionOut)
def cancel_series(data: dict, series_id: str):
    return _series_action("cancel", series_id, data["reason"])


@blp.post("/waitlist")
@idempotent
@blp.arguments(schemas.WaitlistIn)
@blp.response(201, schemas.WaitlistOut)
def join_waitlist(data: dict):
    """Ask to be told when this time frees up; refused (422) if it could never be booked."""
    return waitlist.join(require_user(), data)


@blp.get("/waitlist")
@blp.arguments(PageArgs, location="query")
@blp.response(200, schemas.WaitlistPageOut)
def list_waitlist(args: dict):
    items, total = waitlist.entries_of(require_user(), args["page"], args["per_page"])
    return _page(items, total, args)


@blp.get("/waitlist/<int:entry_id>")
@blp.response(200, schemas.WaitlistOut)
def get_waitlist_entry(entry_id: int):
    return waitlist.entry_for(require_user(), entry_id)


@blp.delete("/waitlist/<int:entry_id>")
@blp.response(204)
def leave_waitlist(entry_id: int):
    waitlist.leave(require_user(), entry_id)
    db.session.commit()
