"""Input and output shapes of the bookings API.

Times without an offset are read in the venue's zone; output times carry the venue's offset.
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.bookings.models import BookingStatus
from app.pagination import PageArgs, page_of
from app.times import ZonedDateTime

STATUSES = [status.value for status in BookingStatus]
MAX_AVAILABILITY_DAYS = 31


def _venue_zone(obj) -> str:
    return obj.venue.timezone


def _mapping_zone(obj) -> str:
    return obj["timezone"]


class BookingIn(Schema):
    venue_id = fields.Integer(required=True)
    start = fields.DateTime(required=True, metadata={"description": "No offset: the venue's local time."})
    end = fields.DateTime(required=True, metadata={"description": "After start, else 422 invalid_range."})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    party_size = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    notes = fields.String(load_default="", validate=validate.Length(max=5000))


class SeriesIn(BookingIn):
    rrule = fields.String(required=True, validate=validate.Length(min=1, max=500), metadata={
        "description": "RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=8, expanded in the venue's zone from "
                       "the local start. At most 52 occurrences and none beyond the venue's horizon."})
    on_conflict = fields.String(load_default="fail", validate=validate.OneOf(["fail", "skip"]))


class BookingPatchIn(Schema):
    start = fields.DateTime()
    end = fields.DateTime()
    title = fields.String(validate=validate.Length(min=1, max=200))
    notes = fields.String(validate=validate.Length(max=5000))


class ApproveIn(Schema):
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CancelIn(Schema):
    reason = fields.String(load_default=None, validate=validate.Length(max=2000))


class BookingListArgs(PageArgs):
    scope = fields.String(load_default="mine", validate=validate.OneOf(["mine", "managed"]))
    venue_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(STATUSES))
    from_ = fields.DateTime(data_key="from", metadata={
        "description": "Bookings ending after this moment (without an offset: APP_TIMEZONE)."})
    to = fields.DateTime(metadata={"description": "Bookings starting before this moment."})


class BookingOut(Schema):
    id = fields.Integer()
    venue_id = fields.Integer()
    creator_id = fields.Integer()
    title = fields.String()
    start = ZonedDateTime(_venue_zone)
    end = ZonedDateTime(_venue_zone)
    party_size = fields.Integer()
    notes = fields.String()
    status = fields.String()
    decision_note = fields.String()
    series_id = fields.String(allow_none=True)
    sequence = fields.Integer(metadata={"description": "Grows with every change of time or status."})
    created_at = ZonedDateTime(_venue_zone)
    updated_at = ZonedDateTime(_venue_zone)


BookingPageOut = page_of(BookingOut, "BookingPageOut")


class SkippedOut(Schema):
    start = fields.String()
    end = fields.String()
    code = fields.String()


class SeriesOut(Schema):
    series_id = fields.String()
    bookings = fields.List(fields.Nested(BookingOut))
    skipped = fields.List(fields.Nested(SkippedOut))


class UnchangedOut(Schema):
    id = fields.Integer()
    code = fields.String()
    reason = fields.String()


class SeriesActionOut(Schema):
    changed = fields.List(fields.Nested(BookingOut))
    unchanged = fields.List(fields.Nested(UnchangedOut))


class BookingEventOut(Schema):
    id = fields.Integer()
    booking_id = fields.Integer()
    actor_id = fields.Integer(allow_none=True)
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    changes = fields.Dict()
    created_at = fields.DateTime()


BookingEventPageOut = page_of(BookingEventOut, "BookingEventPageOut")


class AvailabilityArgs(Schema):
    from_ = fields.Date(data_key="from", required=True, metadata={"description": "First local day."})
    to = fields.Date(required=True, metadata={"description": "Last local day, inclusive (31 days at most)."})
    duration = fields.Integer(required=True, validate=validate.Range(min=1, max=60 * 24 * 31),
                              metadata={"description": "Minutes."})

    @validates_schema
    def bounded_range(self, data: dict, **_kwargs) -> None:
        if "from_" not in data or "to" not in data:
            return
        if data["to"] < data["from_"]:
            raise ValidationError("Must not be before `from`.", "to")
        if (data["to"] - data["from_"]).days >= MAX_AVAILABILITY_DAYS:
            raise ValidationError(f"At most {MAX_AVAILABILITY_DAYS} days per request.", "to")


class SlotOut(Schema):
    start = ZonedDateTime(_mapping_zone)
    end = ZonedDateTime(_mapping_zone)


class AvailabilityOut(Schema):
    venue_id = fields.Integer()
    timezone = fields.String()
    duration = fields.Integer()
    slots = fields.List(fields.Nested(SlotOut))


class WaitlistIn(Schema):
    venue_id = fields.Integer(required=True)
    start = fields.DateTime(required=True)
    end = fields.DateTime(required=True)


class WaitlistOut(Schema):
    id = fields.Integer()
    venue_id = fields.Integer()
    start = ZonedDateTime(_venue_zone)
    end = ZonedDateTime(_venue_zone)
    status = fields.String()
    created_at = ZonedDateTime(_venue_zone)
    offered_at = ZonedDateTime(_venue_zone, allow_none=True)


WaitlistPageOut = page_of(WaitlistOut, "WaitlistPageOut")


class TimesOut(Schema):
    start = fields.String()
    end = fields.String()


class ViolationOut(Schema):
    code = fields.String()
    message = fields.String()


class BookingProblemOut(Schema):
    """problem+json of a refused booking: `conflicts` on 409, `violations` on 422."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    code = fields.String(metadata={"description": "conflict, invalid_state, or the first rule broken."})
    conflicts = fields.List(fields.Nested(TimesOut),
                            metadata={"description": "409: times held, in the venue's zone."})
    violations = fields.List(fields.Nested(ViolationOut), metadata={"description": "422: every rule broken."})
    occurrence = fields.Nested(TimesOut, metadata={"description": "Series: the occurrence refused."})
