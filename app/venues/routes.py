"""HTTP endpoints of the venues domain: parse, call the service, serialise."""

from flask_smorest import Blueprint

blp = Blueprint("venues", __name__, url_prefix="/api/v1", description="Venues")
