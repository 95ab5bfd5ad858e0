"""GET /healthz: is the service able to serve, and is the scheduler alive."""

from flask import Blueprint
from sqlalchemy import text

from app.extensions import db
from app.notifications.health import scheduler_health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means the database is not usable
        database = f"error: {type(error).__name__}"
    healthy = database == "ok"
    body = {"status": "ok" if healthy else "degraded", "database": database,
            "scheduler": scheduler_health()}
    return body, 200 if healthy else 503
