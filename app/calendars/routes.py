"""HTTP endpoints of the calendars domain: parse, call the service, serialise."""

from flask_smorest import Blueprint

blp = Blueprint("calendars", __name__, url_prefix="/api/v1", description="Calendars")
