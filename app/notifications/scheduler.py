"""The scheduler process: `flask --app wsgi scheduler run`.

The work is in plain functions (run_tick and its parts) that tests call directly; the
APScheduler wiring only calls them at intervals inside an app context.
"""

import logging
import os
import socket
import uuid
from datetime import datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.bookings.service import expire_stale_requests
from app.extensions import db
from app.notifications.digest import queue_daily_digests
from app.notifications.dispatch import drain
from app.notifications.models import SchedulerHeartbeat
from app.notifications.settings import setting

log = logging.getLogger(__name__)

scheduler_cli = AppGroup("scheduler", help="Send notifications and expire stale requests.")


def new_scheduler_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def beat(scheduler_id: str, started_at: datetime) -> None:
    """Record that this scheduler is alive (one row per scheduler, updated in place). Commits."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    now = clock.now()
    statement = dialect.insert(SchedulerHeartbeat).values(
        scheduler_id=scheduler_id, started_at=started_at, last_beat=now)
    db.session.execute(statement.on_conflict_do_update(index_elements=["scheduler_id"],
                                                       set_={"last_beat": now}))
    db.session.commit()


def housekeeping() -> None:
    """Expire unanswered requests (their messages are queued by the bookings service) and
    queue the day's digests. Commits."""
    expired = expire_stale_requests()
    db.session.commit()
    if expired:
        log.info("expired %d stale requests", len(expired))
    queue_daily_digests()


def send_due(scheduler_id: str, started_at: datetime) -> int:
    """Send everything due, beating before each batch so a long backlog never looks like a dead
    scheduler."""
    return drain(scheduler_id, before_each_batch=lambda: beat(scheduler_id, started_at))


def run_tick(scheduler_id: str, started_at: datetime) -> int:
    """Everything one scheduler does in one round; the number of messages it claimed."""
    beat(scheduler_id, started_at)
    housekeeping()
    return send_due(scheduler_id, started_at)


def _in_app_context(app: Flask, function, *args):
    with app.app_context():
        try:
            return function(*args)
        except Exception:  # noqa: BLE001 - logged; the job runs again at its next interval
            db.session.rollback()
            log.exception("scheduler job %s failed", function.__name__)
            return None
        finally:
            db.session.remove()


def build_scheduler(app: Flask, scheduler_id: str, started_at: datetime) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone="UTC")
    common = {"replace_existing": True, "coalesce": True, "max_instances": 1,
              "next_run_time": clock.system_now()}
    scheduler.add_job(_in_app_context, "interval", id="notifications.send_due", name="send due messages",
                      seconds=setting("SCHEDULER_INTERVAL_SECONDS"),
                      args=(app, send_due, scheduler_id, started_at), **common)
    scheduler.add_job(_in_app_context, "interval", id="notifications.housekeeping",
                      name="expire stale requests, queue digests",
                      seconds=setting("SCHEDULER_HOUSEKEEPING_SECONDS"),
                      args=(app, housekeeping), **common)
    return scheduler


@scheduler_cli.command("run")
@click.option("--drain", "drain_only", is_flag=True,
              help="Run one round (expiry, digests, every due message) and exit, instead of running forever.")
def run_command(drain_only: bool) -> None:
    """Run the scheduler: send due messages every few seconds, expire requests, queue digests."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per run every 5 s
    scheduler_id, started_at = new_scheduler_id(), clock.now()
    if drain_only:
        claimed = run_tick(scheduler_id, started_at)
        click.echo(f"scheduler {scheduler_id}: {claimed} messages handled")
        return
    app = current_app._get_current_object()
    click.echo(f"scheduler {scheduler_id} running (Ctrl+C to stop)")
    try:
        build_scheduler(app, scheduler_id, started_at).start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("scheduler stopped")
