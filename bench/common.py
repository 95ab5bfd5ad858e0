"""What the booking benchmarks share: a scratch database, seed data, timing and a table.

Each benchmark creates its own database (bench_<name>_<random> on the PostgreSQL server
given, or a SQLite file in a temporary folder), migrates it, serves it with gunicorn and
drops it at the end, so it never touches real data.
"""

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import flask_migrate
import psycopg
from flask import Flask
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.models import Role, User
from app.auth.service import issue_token
from app.extensions import db
from app.venues.models import OpeningHours, Venue
from tests.live_server import Response

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
# The benchmark users never log in with a password; one cheap hash serves them all.
UNUSED_PASSWORD_HASH = "pbkdf2:sha256:1$bench$" + "0" * 64
OPENS, CLOSES = clock_time(6), clock_time(23)


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
                        help="a PostgreSQL server URL (a scratch database is made on it) or 'sqlite' "
                             "(default: $BENCH_DATABASE_URL or %(default)s)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    return parser


@contextmanager
def scratch_database(server_url: str, name: str) -> Iterator[str]:
    """A new, migrated database for one benchmark run (SQLAlchemy URL); dropped afterwards."""
    if not server_url.startswith("postgres"):
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
            url = f"sqlite:///{folder}/bench.db"
            _migrate(url)
            yield url
        return
    server = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    database = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with _admin_connection(server) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        url = server.set(database=database).render_as_string(hide_password=False)
        _migrate(url)
        yield url
    finally:
        with _admin_connection(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _admin_connection(server) -> psycopg.Connection:
    return psycopg.connect(host=server.host or "127.0.0.1", port=server.port or 5432,
                           user=server.username or "postgres", password=server.password,
                           dbname=server.database or "postgres", autocommit=True)


def _migrate(url: str) -> None:
    app = bench_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


def bench_app(url: str) -> Flask:
    """The app on the scratch database, for writing seed data through the models."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})


def now() -> datetime:
    """The real time: the benchmarked server runs on the real clock."""
    return datetime.now(UTC)


def make_creators(how_many: int) -> list[tuple[int, str]]:
    """(user id, bearer token) of `how_many` new creators; call inside the app context."""
    users = [User(email=f"bench-{uuid.uuid4().hex[:12]}@example.com", password_hash=UNUSED_PASSWORD_HASH,
                  display_name="Bench creator", role=Role.CREATOR, created_at=now())
             for _ in range(how_many)]
    db.session.add_all(users)
    db.session.flush()
    pairs = [(user.id, issue_token(user)[0]) for user in users]
    db.session.commit()
    return pairs


def make_venues(how_many: int, **rules) -> list[int]:
    """Ids of `how_many` new venues open 06:00-23:00 every day; call inside the app context."""
    moment = now()
    venues = []
    for _ in range(how_many):
        slug = f"bench-{uuid.uuid4().hex[:12]}"
        venue = Venue(slug=slug, name=slug, name_zh=slug, kind="photo_studio", district="Huangpu",
                      lead_time_minutes=0, created_at=moment, updated_at=moment, **rules)
        venue.opening_hours = [OpeningHours(weekday=weekday, open_time=OPENS, close_time=CLOSES)
                               for weekday in range(7)]
        venues.append(venue)
    db.session.add_all(venues)
    db.session.commit()
    return [venue.id for venue in venues]


def local_day(days_ahead: int, zone: str = "Asia/Shanghai") -> date:
    return (now().astimezone(ZoneInfo(zone)) + timedelta(days=days_ahead)).date()


@dataclass
class Samples:
    """Latencies (seconds) and statuses of one measured run."""

    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0
    server_cpu: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, response: Response) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    @property
    def server_cpu_ms(self) -> float:
        """Server CPU per request, in milliseconds (the app's processes, not the database's)."""
        return self.server_cpu / len(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def timed(samples: Samples, call: Callable[[], Response]) -> Response:
    started = time.perf_counter()
    response = call()
    samples.add(time.perf_counter() - started, response)
    return response


def run_clients(samples: Samples, clients: list[Callable[[], bool]], seconds: float) -> Samples:
    """Each client callable is run in its own thread until it returns False or time is up;
    the time is added to the samples' elapsed time."""
    deadline = time.perf_counter() + seconds
    barrier = threading.Barrier(len(clients) + 1)

    def loop(step: Callable[[], bool]) -> None:
        barrier.wait()
        while time.perf_counter() < deadline and step():
            pass

    threads = [threading.Thread(target=loop, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    samples.elapsed += time.perf_counter() - started
    return samples


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[str(value) for value in row] for row in [headers, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(value.rjust(width) if column else value.ljust(width)
                        for column, (value, width) in enumerate(zip(row, widths, strict=True))))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) the gunicorn workers under `master_pid` have used so far.

    On a machine shared with other work, CPU per request is steadier than requests/s.
    """
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields_after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields_after_name[11]) + int(fields_after_name[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"

