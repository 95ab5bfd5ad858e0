"""Reading and writing times: naive input is read in the venue's zone; output carries its offset."""

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from marshmallow import fields


def to_utc(moment: datetime, zone_name: str) -> datetime:
    """An aware UTC datetime; a naive one is read as wall-clock time in `zone_name`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone_name))
    return moment.astimezone(UTC)


def in_zone(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone_name))


class ZonedDateTime(fields.DateTime):
    """Serialises an aware datetime in the zone that `zone_of(obj)` names (ISO 8601 with offset)."""

    def __init__(self, zone_of: Callable[[object], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.zone_of = zone_of

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return super()._serialize(in_zone(value, self.zone_of(obj)), attr, obj, **kwargs)
