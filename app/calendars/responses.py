"""Calendar responses: text/calendar with ETag and Last-Modified, and 304 when unchanged."""

from flask import Response, request

from app.calendars.feeds import CalendarDocument

CALENDAR_MIMETYPE = "text/calendar"


def feed_response(document: CalendarDocument) -> Response:
    if _unchanged(document):
        response = Response(status=304)
    else:
        response = Response(document.render(), mimetype=CALENDAR_MIMETYPE)
        response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.set_etag(document.etag)
    response.last_modified = document.last_modified
    response.headers["Cache-Control"] = document.cache_control
    return response


def _unchanged(document: CalendarDocument) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since otherwise."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(document.etag)
    since = request.if_modified_since
    return since is not None and document.last_modified.replace(microsecond=0) <= since
