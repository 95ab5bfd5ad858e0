"""HTTP endpoints of the bookings domain: parse, call the service, serialise."""

from flask_smorest import Blueprint

blp = Blueprint("bookings", __name__, url_prefix="/api/v1", description="Bookings")
