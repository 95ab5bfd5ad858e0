"""Run by the system Python (which has libical through GObject introspection), not by pytest.

Reads a JSON list of iCalendar documents on stdin and writes, for each, what libical made of
it: the errors it found (X-LIC-ERROR after parsing and the iTIP restriction check), and each
VEVENT's UID, SEQUENCE, STATUS and its start and end in UTC as computed from the VTIMEZONEs.
"""

import json
import sys
from datetime import UTC, datetime

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

ANY = ICalGLib.ComponentKind.ANY_COMPONENT
ERROR = ICalGLib.PropertyKind.XLICERROR_PROPERTY


def components(component):
    yield component
    child = component.get_first_component(ANY)
    while child is not None:
        yield from components(child)
        child = component.get_next_component(ANY)


def errors_of(component):
    found = []
    prop = component.get_first_property(ERROR)
    while prop is not None:
        found.append(prop.get_value_as_string())
        prop = component.get_next_property(ERROR)
    return found


def utc(moment):
    seconds = moment.as_timet_with_zone(moment.get_timezone())
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def value_of(component, kind):
    prop = component.get_first_property(kind)
    return prop.get_value_as_string() if prop is not None else None


def event_report(event):
    return {"uid": event.get_uid(), "sequence": event.get_sequence(),
            "status": value_of(event, ICalGLib.PropertyKind.STATUS_PROPERTY),
            "start": utc(event.get_dtstart()), "end": utc(event.get_dtend())}


def report(text):
    calendar = ICalGLib.Component.new_from_string(text)
    if calendar is None or calendar.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        return {"errors": ["not a VCALENDAR"], "events": []}
    calendar.check_restrictions()
    everything = list(components(calendar))
    return {"errors": [error for component in everything for error in errors_of(component)],
            "events": [event_report(c) for c in everything
                       if c.isa() == ICalGLib.ComponentKind.VEVENT_COMPONENT]}


if __name__ == "__main__":
    json.dump([report(text) for text in json.load(sys.stdin)], sys.stdout)
