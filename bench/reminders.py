"""Benchmark: 10,000 reminders due at once, delivered to a local SMTP sink by one and by two
scheduler processes (`flask --app wsgi scheduler run --drain`); reports time and duplicates.

    .venv/bin/python bench/reminders.py                      # SQLite file in a temp folder
    .venv/bin/python bench/reminders.py --database-url postgresql://postgres@127.0.0.1:5432/bench

The PostgreSQL database must exist (it is migrated and emptied first). Target: under 30 s
with two processes, 0 duplicates.
"""

import argparse
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import flask_migrate
from aiosmtpd.controller import Controller
from sqlalchemy import delete, func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import clock, create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.bookings.models import Booking  # noqa: E402
from app.extensions import db  # noqa: E402
from app.notifications.models import OutboxMessage, SchedulerHeartbeat  # noqa: E402
from app.notifications.outbox import reminder_key, reminder_payload  # noqa: E402
from app.venues.models import Venue  # noqa: E402

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)
CREATORS = 100


class CountingSink:
    def __init__(self) -> None:
        self.ids: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        match = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.ids[match.group(1) if match else b"?"] += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(app, count: int) -> None:
    """An empty outbox with `count` reminders due now, one per confirmed booking starting soon."""
    with app.app_context():
        db.session.execute(delete(OutboxMessage))
        db.session.execute(delete(SchedulerHeartbeat))
        db.session.execute(delete(Booking))
        db.session.execute(delete(Venue))
        db.session.execute(delete(User))
        now = clock.now()
        venue = Venue(slug="bench", name="Bench Studio", name_zh="基准工作室", kind="photo_studio",
                      max_concurrent=count, created_at=now, updated_at=now)
        creators = [User(email=f"creator{n}@bench.test", password_hash="-", display_name=f"Creator {n}",
                         locale="zh-CN" if n % 2 else "en", reminder_minutes=[60], created_at=now)
                    for n in range(CREATORS)]
        db.session.add_all([venue, *creators])
        db.session.flush()
        start = now + timedelta(minutes=30)
        db.session.execute(insert(Booking), [
            {"venue_id": venue.id, "creator_id": creators[n % CREATORS].id, "title": f"Shoot {n}",
             "notes": "", "party_size": 1, "start": start, "end": start + timedelta(hours=1),
             "held_until": start + timedelta(hours=1), "hold_minutes": 60, "exclusive": False,
             "status": "confirmed", "holds_time": True, "decision_note": "", "sequence": 0,
             "created_at": now, "updated_at": now} for n in range(count)])
        bookings = db.session.scalars(select(Booking)).all()
        # As booking_changed() leaves them: just the minutes; the invitation is rendered at send time.
        db.session.execute(insert(OutboxMessage), [
            {"kind": "reminder", "dedupe_key": reminder_key(booking, 60), "recipient_id": booking.creator_id,
             "booking_id": booking.id, "status": "pending", "due_at": start - timedelta(minutes=60),
             "payload": reminder_payload(60),
             "attempts": 0, "last_error": "", "skip_reason": "", "created_at": now} for booking in bookings])
        db.session.commit()


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_schedulers(processes: int, environment: dict) -> float:
    began = time.perf_counter()
    command = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "scheduler", "run", "--drain"]
    children = [subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT) for _ in range(processes)]
    outputs = [child.communicate()[0].decode().strip().splitlines()[-1:] for child in children]
    elapsed = time.perf_counter() - began
    for child, output in zip(children, outputs, strict=True):
        if child.returncode:
            raise SystemExit(f"a scheduler failed: {output}")
    return elapsed


def outbox_statuses(app) -> dict:
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
        return dict(rows.all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--count", type=int, default=10_000)
    arguments = parser.parse_args()
    database_url = arguments.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-reminders-')}/bench.db"
    sink, port = CountingSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench",
                   "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "BASE_URL": "https://bench.test"}
    os.environ.update({"DATABASE_URL": database_url, "SECRET_KEY": "bench"})
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
    database = app.config["SQLALCHEMY_DATABASE_URI"].split("@")[-1]
    print(f"database: {database}, {arguments.count} reminders due")
    try:
        for processes in (1, 2):
            prepare(app, arguments.count)
            sink.ids.clear()
            cpu_before = children_cpu_seconds()
            elapsed = run_schedulers(processes, environment)
            cpu_ms = (children_cpu_seconds() - cpu_before) * 1000 / arguments.count
            duplicates = sum(count - 1 for count in sink.ids.values())
            print(f"{processes} scheduler process(es): {elapsed:6.1f} s, {len(sink.ids)} distinct messages "
                  f"received, {duplicates} duplicates, {arguments.count / elapsed:6.0f} msg/s, "
                  f"scheduler CPU {cpu_ms:.1f} ms/msg (start-up included), outbox {outbox_statuses(app)}")
            print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
