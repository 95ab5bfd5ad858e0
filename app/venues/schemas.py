"""Input and output shapes of the venues API."""

import re
from datetime import time

from marshmallow import Schema, ValidationError, fields, missing, validate, validates, validates_schema

from app.auth.current import current_user
from app.auth.schemas import validate_timezone
from app.pagination import PageArgs, page_of
from app.times import ZonedDateTime
from app.venues.models import VenueKind
from app.venues.opening import MINUTES_PER_DAY, describe_span, overlapping_spans

KINDS = [kind.value for kind in VenueKind]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
AMENITY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_SPANS = 7 * 6
MINUTES_PER_YEAR = 365 * MINUTES_PER_DAY


class ClockTime(fields.Field):
    """A wall-clock time written "HH:MM" (24-hour)."""

    default_error_messages = {"invalid": "Use a 24-hour time written HH:MM, e.g. 09:30."}

    def _serialize(self, value: time | None, attr, obj, **kwargs) -> str | None:
        return None if value is None else value.strftime("%H:%M")

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value):
            raise self.make_error("invalid")
        try:
            return time.fromisoformat(value)
        except ValueError as error:
            raise self.make_error("invalid") from error


class AmenityName(fields.String):
    """An amenity tag such as `wifi` or `green_screen`; read case- and space-insensitively."""

    default_error_messages = {
        "invalid_amenity": "Amenities are short tags of letters, digits, '-' and '_', e.g. green_screen.",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        name = super()._deserialize(value, attr, data, **kwargs).strip().lower().replace(" ", "_")
        if not AMENITY_PATTERN.fullmatch(name):
            raise self.make_error("invalid_amenity")
        return name


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


def _divides_a_day(minutes: int) -> None:
    if not 1 <= minutes <= MINUTES_PER_DAY or MINUTES_PER_DAY % minutes:
        raise ValidationError("Must divide a day (1440 minutes) evenly, e.g. 15, 30, 60 or 90.")


SLUG_RULES = [validate.Length(max=80), validate.Regexp(
    SLUG_PATTERN, error="Use lowercase letters, digits and single hyphens, e.g. yu-garden.")]
NAME_RULES = [validate.Length(min=1, max=200), _not_blank]


# ---- output ---------------------------------------------------------------------------------

class OpeningSpanOut(Schema):
    weekday = fields.Integer()
    open = ClockTime(attribute="open_time")
    close = ClockTime(attribute="close_time")


class RulesOut(Schema):
    slot_minutes = fields.Integer()
    min_duration_minutes = fields.Integer()
    max_duration_minutes = fields.Integer()
    buffer_minutes = fields.Integer()
    lead_time_minutes = fields.Integer()
    horizon_days = fields.Integer()
    requires_approval = fields.Boolean()
    max_concurrent = fields.Integer()
    pending_expiry_hours = fields.Integer()
    competing_requests = fields.Boolean()
    max_active_per_creator = fields.Integer(allow_none=True)
    closed_on_public_holidays = fields.Boolean()


class VenueOut(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    name_zh = fields.String()
    kind = fields.String(metadata={"enum": KINDS})
    district = fields.String()
    cluster = fields.String(allow_none=True)
    address = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    description = fields.String()
    description_zh = fields.String()
    amenities = fields.List(fields.String())
    timezone = fields.String()
    is_active = fields.Boolean()
    opening_hours = fields.List(fields.Nested(OpeningSpanOut))
    rules = fields.Nested(RulesOut)
    manager_ids = fields.Method(
        "manager_ids_for_caller",
        metadata={"type": "array", "items": {"type": "integer"},
                  "description": "Present only for admins and the venue's managers."})

    def manager_ids_for_caller(self, venue) -> list[int]:
        return venue.manager_ids if venue.can_manage(current_user()) else missing


VenuePageOut = page_of(VenueOut, "VenuePageOut")


class ClosureOut(Schema):
    id = fields.Integer()
    venue_id = fields.Integer()
    start = ZonedDateTime(lambda closure: closure.venue.timezone)
    end = ZonedDateTime(lambda closure: closure.venue.timezone)
    reason = fields.String()


ClosurePageOut = page_of(ClosureOut, "ClosurePageOut")


# ---- input ----------------------------------------------------------------------------------

class OpeningSpanIn(Schema):
    weekday = fields.Integer(required=True, strict=True, validate=validate.Range(0, 6),
                             metadata={"description": "0 = Monday ... 6 = Sunday"})
    open = ClockTime(required=True, metadata={"type": "string", "example": "09:00"})
    close = ClockTime(required=True, metadata={
        "type": "string", "example": "18:00",
        "description": "A close at or before the open means the span runs past midnight."})

    @validates_schema
    def not_empty(self, data: dict, **_kwargs) -> None:
        if "open" in data and data.get("open") == data.get("close"):
            raise ValidationError("A span must not be empty; for a whole day use 00:00-12:00 and "
                                  "12:00-00:00.", field_name="close")


class RulesIn(Schema):
    """Every rule optional: on create the defaults apply, on PATCH the current values stay."""

    slot_minutes = fields.Integer(strict=True, validate=_divides_a_day)
    min_duration_minutes = fields.Integer(strict=True, validate=validate.Range(1, 30 * MINUTES_PER_DAY))
    max_duration_minutes = fields.Integer(strict=True, validate=validate.Range(1, 30 * MINUTES_PER_DAY))
    buffer_minutes = fields.Integer(strict=True, validate=validate.Range(0, MINUTES_PER_DAY))
    lead_time_minutes = fields.Integer(strict=True, validate=validate.Range(0, MINUTES_PER_YEAR))
    horizon_days = fields.Integer(strict=True, validate=validate.Range(1, 3 * 365))
    requires_approval = fields.Boolean()
    max_concurrent = fields.Integer(strict=True, validate=validate.Range(1, 1000))
    pending_expiry_hours = fields.Integer(strict=True, validate=validate.Range(1, 30 * 24))
    competing_requests = fields.Boolean()
    max_active_per_creator = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 1000))
    closed_on_public_holidays = fields.Boolean()


class VenueUpdateIn(Schema):
    """PATCH: only the fields given change. `opening_hours` and `amenities` replace the whole list.

    Managers may change everything except `slug`, `kind` and `is_active`, which only admins set
    (sending their current values back is fine).
    """

    slug = fields.String(validate=SLUG_RULES)
    name = fields.String(validate=NAME_RULES)
    name_zh = fields.String(validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(KINDS), metadata={"enum": KINDS})
    district = fields.String(validate=validate.Length(max=80))
    cluster = fields.String(allow_none=True, validate=validate.Length(max=80))
    address = fields.String(validate=validate.Length(max=300))
    latitude = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    capacity = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1))
    description = fields.String(validate=validate.Length(max=5000))
    description_zh = fields.String(validate=validate.Length(max=5000))
    amenities = fields.List(AmenityName(), validate=validate.Length(max=50))
    timezone = fields.String(validate=validate_timezone)
    is_active = fields.Boolean()
    opening_hours = fields.List(fields.Nested(OpeningSpanIn), validate=validate.Length(max=MAX_SPANS))
    rules = fields.Nested(RulesIn)

    @validates("opening_hours")
    def spans_do_not_overlap(self, spans: list[dict], **_kwargs) -> None:
        # Items with field errors arrive incomplete; those errors are reported on their own.
        complete = [span for span in spans if {"weekday", "open", "close"} <= span.keys()]
        clashes = overlapping_spans((span["weekday"], span["open"], span["close"]) for span in complete)
        if clashes:
            raise ValidationError([f"{describe_span(first)} overlaps {describe_span(second)}."
                                   for first, second in clashes])


class VenueCreateIn(VenueUpdateIn):
    slug = fields.String(required=True, validate=SLUG_RULES)
    name = fields.String(required=True, validate=NAME_RULES)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={"enum": KINDS})
    is_active = fields.Boolean(load_default=True)


class VenueSearchArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(KINDS), metadata={"enum": KINDS})
    district = fields.String(metadata={"description": "Exact district, case-insensitive."})
    cluster = fields.String(metadata={"description": "Exact cluster, case-insensitive."})
    q = fields.String(validate=validate.Length(min=1, max=100), metadata={
        "description": "Words that must each appear in the name, Chinese name or a description."})
    min_capacity = fields.Integer(validate=validate.Range(min=1))
    amenity = fields.List(AmenityName(), data_key="amenity", load_default=list,
                          validate=validate.Length(max=20),
                          metadata={"description": "Repeatable; the venue must have every one."})
    include_inactive = fields.Boolean(load_default=False, metadata={
        "description": "Admins see every inactive venue, managers the inactive venues they manage."})
    available_from = fields.DateTime(metadata={
        "description": "With available_to: only venues where a booking of exactly this span would be "
                       "accepted now (opening hours, closures, rules and held time). Naive: venue zone."})
    available_to = fields.DateTime()

    @validates_schema
    def available_span_complete(self, data: dict, **_kwargs) -> None:
        given = [name for name in ("available_from", "available_to") if name in data]
        if len(given) == 1:
            missing_name = "available_to" if given == ["available_from"] else "available_from"
            raise ValidationError("Give available_from and available_to together.", missing_name)
        if not given:
            return
        if (data["available_from"].tzinfo is None) != (data["available_to"].tzinfo is None):
            raise ValidationError("Give both times with an offset or both without.", "available_to")
        if data["available_to"] <= data["available_from"]:
            raise ValidationError("Must be after available_from.", "available_to")


class ClosureIn(Schema):
    start = fields.DateTime(required=True, metadata={
        "description": "Naive times are read in the venue's zone."})
    end = fields.DateTime(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=300))


class ClosureListArgs(PageArgs):
    start_from = fields.DateTime(data_key="from", metadata={
        "description": "Only closures ending after this time (naive: venue zone)."})
    end_to = fields.DateTime(data_key="to", metadata={
        "description": "Only closures starting before this time (naive: venue zone)."})


class ManagersIn(Schema):
    user_ids = fields.List(fields.Integer(strict=True), required=True, validate=validate.Length(max=100))
