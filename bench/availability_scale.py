"""Whether one venue's availability stays fast as the bookings table grows a hundredfold.

Measures GET /api/v1/venues/{id}/availability for one week of one venue in two scratch
databases, one with 10,000 and one with 1,000,000 bookings, each served by its own gunicorn;
requests alternate between the two, so that the load of a shared machine weighs on both
alike. Most bookings belong to other venues; the measured venue has a realistic load (four
bookings a day for the next 90 days, and a history of 6 months, or of 3 years in the large
database). The week measured looks the same in both, so only the size of the table differs.
Target: the larger no more than 1.5x slower.

Bookings are bulk-inserted (COPY on PostgreSQL, executemany on SQLite), never overlapping
at one venue, with a realistic mix of statuses.

    .venv/bin/python -m bench.availability_scale [--database-url URL|sqlite] [--requests 200]
"""

import random
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from app.bookings.models import Booking, BookingStatus
from app.extensions import db
from bench.common import (
    Samples,
    arguments,
    bench_app,
    load_note,
    local_day,
    make_creators,
    make_venues,
    now,
    print_table,
    scratch_database,
    timed,
)
from tests.live_server import ApiClient, live_server

SHANGHAI = ZoneInfo("Asia/Shanghai")
HORIZON_DAYS = 90
SIZES = (10_000, 1_000_000)
# Days of bookings the measured venue has, back from the horizon: 90 ahead plus 6 months of
# history, then plus 3 years of history.
MEASURED_VENUE_DAYS = (HORIZON_DAYS + 180, HORIZON_DAYS + 3 * 365)
OTHER_VENUES = 500
MEASURED_DAYS_AHEAD = 3
# Start hours of the day's bookings (90 minutes each) at other venues and at the measured one.
BUSY_HOURS = (8, 10, 12, 14, 16, 18, 20)
MEASURED_HOURS = (9, 13, 16, 19)
STATUS_MIX = ([BookingStatus.CONFIRMED] * 16 + [BookingStatus.CANCELLED] * 2
              + [BookingStatus.PENDING, BookingStatus.REJECTED])
CHUNK = 20_000


Span = tuple[datetime, datetime]


def booking_times(hours: tuple[int, ...], last_day_ahead: int, count: int) -> Iterator[Span]:
    """`count` 90-minute bookings at `hours`, day by day backwards from `last_day_ahead`."""
    day, made = last_day_ahead, 0
    while True:
        midnight = datetime.combine(local_day(day), time(0), SHANGHAI)
        for hour in hours:
            if made == count:
                return
            start = midnight + timedelta(hours=hour)
            yield start, start + timedelta(minutes=90)
            made += 1
        day -= 1


def booking_rows(venue_id: int, creator_ids: list[int], times, randomness: random.Random) -> Iterator[dict]:
    created = now()
    for start, end in times:
        status = randomness.choice(STATUS_MIX)
        yield {"venue_id": venue_id, "creator_id": randomness.choice(creator_ids), "series_id": None,
               "title": "Booked", "notes": "", "party_size": 2, "start": start, "end": end,
               "held_until": end, "hold_minutes": 90, "exclusive": True, "status": status.value,
               "holds_time": status.is_open, "requested_at": created, "decision_note": "",
               "sequence": 0, "created_at": created, "updated_at": created}


def insert_bookings(rows: Iterator[dict]) -> int:
    """Bulk-insert rows (the venues' buffer is 0 and max_concurrent 1, which `held_until`,
    `hold_minutes` and `exclusive` reflect); columns the rows lack get their model default."""
    table = Booking.__table__
    columns = [column for column in table.columns if not column.primary_key]
    defaults = {column.name: column.default.arg for column in columns
                if column.default is not None and column.default.is_scalar}
    connection = db.session.connection()
    total = 0
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{column.name}"' for column in columns)
        with connection.connection.driver_connection.cursor() as cursor, \
                cursor.copy(f"COPY bookings ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(column.name, defaults.get(column.name)) for column in columns])
                total += 1
    else:
        batch = []
        for row in rows:
            batch.append({**defaults, **row})
            if len(batch) == CHUNK:
                total += _execute_batch(batch)
        total += _execute_batch(batch)
    db.session.commit()
    return total


def _execute_batch(batch: list[dict]) -> int:
    if batch:
        db.session.execute(insert(Booking.__table__), batch)
    done = len(batch)
    batch.clear()
    return done


def fill(target: int, measured_venue: int, measured_days: int, other_venues: list[int],
         creators: list[int], randomness: random.Random) -> None:
    """Give the measured venue `measured_days` of bookings back from the horizon, then fill the
    other venues evenly until the table holds `target` rows."""
    extend(measured_venue, MEASURED_HOURS, len(MEASURED_HOURS) * measured_days - _count(measured_venue),
           creators, randomness)
    missing = target - _count()
    for index, venue_id in enumerate(other_venues):
        share = missing // len(other_venues) + (missing % len(other_venues) if index == 0 else 0)
        extend(venue_id, BUSY_HOURS, share, creators, randomness)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE bookings"))
        db.session.commit()


def extend(venue_id: int, hours: tuple[int, ...], count: int, creators: list[int],
           randomness: random.Random) -> None:
    """`count` more bookings at the venue, on the days before those it already has."""
    days_taken = -(-_count(venue_id) // len(hours))
    times = booking_times(hours, HORIZON_DAYS - days_taken, count)
    insert_bookings(booking_rows(venue_id, creators, times, randomness))


def _count(venue_id: int | None = None) -> int:
    if venue_id is None:
        return db.session.scalar(text("SELECT count(*) FROM bookings"))
    return db.session.scalar(text("SELECT count(*) FROM bookings WHERE venue_id = :venue"),
                             {"venue": venue_id})


@dataclass
class Database:
    """One scratch database filled to a size, and what the report says about it."""

    url: str
    total: int
    at_venue: int
    venue_id: int


def seed(url: str, size: int, measured_days: int) -> Database:
    """The measured venue and 500 others, filled to `size` bookings (same seed every time)."""
    randomness = random.Random(20261201)
    app = bench_app(url)
    with app.app_context():
        creators = [user_id for user_id, _ in make_creators(50)]
        measured_venue, *other_venues = make_venues(OTHER_VENUES + 1)
        fill(size, measured_venue, measured_days, other_venues, creators, randomness)
        seeded = Database(url, _count(), _count(measured_venue), measured_venue)
        db.engine.dispose()
    return seeded


def availability_path(venue_id: int) -> str:
    first, last = local_day(MEASURED_DAYS_AHEAD), local_day(MEASURED_DAYS_AHEAD + 6)
    return f"/api/v1/venues/{venue_id}/availability?from={first}&to={last}&duration=60"


def measure_alternately(targets: list[tuple[str, str]], requests: int) -> list[tuple[Samples, int]]:
    """Latencies of GET (base URL, path) for each target, taking turns request by request so
    that a change in the machine's load weighs on every target alike."""
    clients = [ApiClient(base_url) for base_url, _ in targets]
    slots = []
    for client, (_, path) in zip(clients, targets, strict=True):
        for _ in range(10):
            answer = client.get(path)
        if answer.status != 200:
            raise RuntimeError(f"availability answered {answer.status}: {answer.body}")
        slots.append(len(answer.body["slots"]))
    samples = [Samples(path) for _, path in targets]
    for _ in range(requests):
        for client, (_, path), taken in zip(clients, targets, samples, strict=True):
            timed(taken, lambda client=client, path=path: client.get(path))
    for client in clients:
        client.close()
    return list(zip(samples, slots, strict=True))


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per size")
    options = parser.parse_args()
    server_options = {"workers": options.workers, "threads": options.threads}
    with ExitStack() as stack:
        databases = [seed(stack.enter_context(scratch_database(options.database_url, f"availability_{size}")),
                          size, measured_days)
                     for size, measured_days in zip(SIZES, MEASURED_VENUE_DAYS, strict=True)]
        servers = [stack.enter_context(live_server(database.url, **server_options)) for database in databases]
        measured = measure_alternately([(server.base_url, availability_path(database.venue_id))
                                        for server, database in zip(servers, databases, strict=True)],
                                       options.requests)
    report(databases, measured)


def report(databases: list[Database], measured: list[tuple[Samples, int]]) -> None:
    print(f"\nOne week of availability (duration 60 min), {databases[0].url.split(':', 1)[0]}, "
          f"one server per database, requests alternating; {load_note()}\n")
    print_table(["bookings in db", "at venue", "slots", "requests", "median ms", "p99 ms"],
                [[f"{database.total:,}", f"{database.at_venue:,}", slots, len(samples.latencies),
                  f"{samples.median_ms:.1f}", f"{samples.p99_ms:.1f}"]
                 for database, (samples, slots) in zip(databases, measured, strict=True)])
    (small, _), (large, _) = measured
    print(f"\nmedian ratio {large.median_ms / small.median_ms:.2f}, "
          f"p99 ratio {large.p99_ms / small.p99_ms:.2f} (target <= 1.5)")

if __name__ == "__main__":
    main()
