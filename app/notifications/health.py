"""The scheduler's liveness as /healthz reports it."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app import clock
from app.extensions import db
from app.notifications.models import MessageStatus, OutboxMessage, SchedulerHeartbeat
from app.notifications.settings import setting


def scheduler_health() -> dict:
    """`ok` when some scheduler beat within SCHEDULER_STALE_SECONDS, `stale` when the last beat is
    older, `never` when none ever ran, `unknown` when the database cannot tell; `pending` counts
    messages due and not yet sent, `failed` the messages given up on."""
    try:
        return _read_health()
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unknown", "last_heartbeat": None, "pending": None, "failed": None}


def _read_health() -> dict:
    now = clock.now()
    last_beat = db.session.scalar(select(func.max(SchedulerHeartbeat.last_beat)))
    if last_beat is None:
        status = "never"
    else:
        fresh = now - last_beat <= timedelta(seconds=setting("SCHEDULER_STALE_SECONDS"))
        status = "ok" if fresh else "stale"
    return {"status": status, "last_heartbeat": last_beat.isoformat() if last_beat else None,
            "pending": _count(OutboxMessage.status.in_([MessageStatus.PENDING, MessageStatus.SENDING]),
                              OutboxMessage.due_at <= now),
            "failed": _count(OutboxMessage.status == MessageStatus.FAILED)}


def _count(*conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions))
