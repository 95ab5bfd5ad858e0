"""Calendar responses: text/calendar with ETag and Last-Modified, and 304 when unchanged."""

from flask import Response, request

from app.calendars.feeds import Feed

CALENDAR_MIMETYPE = "text/calendar"


def feed_response(feed: Feed) -> Response:
    if _unchanged(feed):
        response = Response(status=304)
    else:
        response = Response(feed.render(), mimetype=CALENDAR_MIMETYPE)
        response.headers["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    response.set_etag(feed.etag)
    response.last_modified = feed.last_modified
    response.headers["Cache-Control"] = feed.cache_control
    return response


def _unchanged(feed: Feed) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since otherwise."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(feed.etag)
    since = request.if_modified_since
    return since is not None and feed.last_modified.replace(microsecond=0) <= since
