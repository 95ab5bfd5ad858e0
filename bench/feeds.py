"""Calendar feed speed: a 2,000-booking feed served by the app beside icalendar on its own.

Measured in one run, through Flask's test client, on a scratch database made for the run:
- feed:    GET /feeds/{secret}.ics of a venue manager whose venue has the bookings (200);
- raw:     the same events built with icalendar directly from data already in memory (no
           database, no HTTP), VTIMEZONE by add_missing_timezones(), then to_ical();
- 304:     the feed again with If-None-Match;
- trivial: GET of an endpoint that returns a constant (no database);
- 1-query: GET of an endpoint that reads one venue id by slug (one database round trip);
- me:      GET /api/v1/me with a bearer token, the trivial authenticated endpoint (one token
           lookup), as the booking benchmark uses.
Targets: feed at most 1.5x raw; 304 at most 1.2x trivial. Medians over interleaved rounds.
A 304 reads the database once (the secret with the feed's stamp), so it is also shown beside
the 1-query endpoint and GET /api/v1/me.

    .venv/bin/python -m bench.feeds [--bookings 2000] [--rounds 7] [--fast-rounds 300]
                                    [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
"""

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import flask_migrate
import psycopg
from icalendar import Calendar, Event
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.models import Role, User
from app.auth.service import issue_token
from app.bookings.models import Booking, BookingStatus
from app.calendars.feed_secrets import current_secret, feed_urls
from app.extensions import db
from app.venues.models import Venue

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY_HOURS = range(8, 22)
CREATORS = 50


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7, help="full feed and raw renderings")
    parser.add_argument("--fast-rounds", type=int, default=300, help="304 and trivial requests")
    parser.add_argument("--postgres", help="server URL: a scratch database is made there and dropped")
    return parser.parse_args()


@contextmanager
def scratch_database(server_url: str | None) -> Iterator[str]:
    if not server_url:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    server = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"bench_feeds_{uuid.uuid4().hex[:10]}"
    admin = dict(host=server.host, port=server.port or 5432, user=server.username,
                 password=server.password, dbname=server.database or "postgres", autocommit=True)
    with psycopg.connect(**admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(count: int) -> User:
    """A manager's venue with `count` bookings, 14 a day from tomorrow, by 50 creators."""
    moment = datetime.now(UTC).replace(microsecond=0)
    users = [User(email=f"creator{n}@bench.test", password_hash="-", display_name=f"创作者 Creator {n}",
                  created_at=moment) for n in range(CREATORS)]
    manager = User(email="manager@bench.test", password_hash="-", display_name="Manager",
                   role=Role.MANAGER, created_at=moment)
    venue = Venue(slug="the-bund", name="The Bund", name_zh="外滩", kind="landmark", district="Huangpu",
                  address="中山东一路 Zhongshan East 1st Rd", latitude=31.24, longitude=121.49,
                  managers=[manager], created_at=moment, updated_at=moment)
    db.session.add_all([*users, manager, venue])
    db.session.flush()
    db.session.execute(insert(Booking), list(booking_rows(venue, users, count, moment)))
    db.session.commit()
    return manager


def booking_rows(venue: Venue, users: list[User], count: int, moment: datetime) -> Iterator[dict]:
    first_day = (moment.astimezone(SHANGHAI) + timedelta(days=1)).date()
    for n in range(count):
        day, hour = divmod(n, len(DAY_HOURS))
        start = datetime.combine(first_day + timedelta(days=day), datetime.min.time(), SHANGHAI)
        start = (start + timedelta(hours=DAY_HOURS[hour])).astimezone(UTC)
        status = BookingStatus.PENDING if n % 10 == 0 else BookingStatus.CONFIRMED
        end = start + timedelta(minutes=50)
        yield {"venue_id": venue.id, "creator_id": users[n % len(users)].id,
               "title": f"外滩拍摄 Shoot {n}", "notes": "Bring the tripod; 三脚架", "party_size": 3,
               "start": start, "end": end, "held_until": end,
               "status": status, "holds_time": True, "sequence": n % 3, "created_at": moment,
               "updated_at": moment}


def raw_renderer(bookings: list[Booking], base_url: str) -> Callable[[], bytes]:
    """icalendar alone, given the same events as plain values."""
    events = [{
        "uid": f"booking-{b.id}@bench.test", "sequence": b.sequence, "stamp": b.updated_at,
        "created": b.created_at, "last_modified": b.updated_at, "start": b.start.astimezone(SHANGHAI),
        "end": b.end.astimezone(SHANGHAI), "summary": b.title,
        "description": f"Venue: 外滩 The Bund\nBooked by {b.creator.display_name} <{b.creator.email}>\n"
                       f"Party size: {b.party_size}\n{b.notes}\n{base_url}/bookings/{b.id}",
        "location": "外滩 The Bund, 中山东一路 Zhongshan East 1st Rd",
        "status": "TENTATIVE" if b.status == BookingStatus.PENDING else "CONFIRMED",
        "transparency": "OPAQUE", "url": f"{base_url}/bookings/{b.id}"} for b in bookings]

    def render() -> bytes:
        calendar = Calendar.new(prodid="-//bench//EN", name="Bookings", uid="bench@bench.test")
        for fields in events:
            event = Event.new(**fields)
            event.add("GEO", (31.24, 121.49))
            calendar.add_component(event)
        calendar.add_missing_timezones()
        return calendar.to_ical()
    return render


def one_query() -> str:
    return str(db.session.execute(select(Venue.id).where(Venue.slug == "the-bund")).scalar_one())


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def expect(status: int, response) -> None:
    assert response.status_code == status, (response.status_code, response.data[:300])


def main() -> None:
    options = arguments()
    with scratch_database(options.postgres) as url:
        os.environ.setdefault("SECRET_KEY", "bench-secret-key")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": "https://bench.test",
                          "RATELIMIT_ENABLED": False})
        app.add_url_rule("/bench/trivial", "bench_trivial", lambda: "ok")
        app.add_url_rule("/bench/one-query", "bench_one_query", one_query)
        with app.app_context():
            flask_migrate.upgrade()
            manager = seed(options.bookings)
            path = feed_urls(current_secret(manager))["url"].removeprefix("https://bench.test")
            token, _record = issue_token(manager)
            db.session.commit()
            bookings = list(db.session.query(Booking).order_by(Booking.start, Booking.id))
            raw = raw_renderer(bookings, "https://bench.test")
            raw_size = len(raw())
            db.session.remove()
        run(app, path, {"Authorization": f"Bearer {token}"}, raw, raw_size, options)


def run(app, path: str, auth: dict, raw: Callable[[], bytes], raw_size: int,
        options: argparse.Namespace) -> None:
    client = app.test_client()
    first = client.get(path)
    expect(200, first)
    etag = first.headers["ETag"]
    names = ("feed", "raw", "304", "trivial", "1-query", "me")
    samples: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(options.rounds):
        samples["raw"].append(timed(raw))
        samples["feed"].append(timed(lambda: expect(200, client.get(path))))
    for _ in range(options.fast_rounds):
        samples["trivial"].append(timed(lambda: expect(200, client.get("/bench/trivial"))))
        samples["1-query"].append(timed(lambda: expect(200, client.get("/bench/one-query"))))
        samples["me"].append(timed(lambda: expect(200, client.get("/api/v1/me", headers=auth))))
        samples["304"].append(timed(lambda: expect(304, client.get(path, headers={"If-None-Match": etag}))))
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    print(f"{options.bookings} bookings; feed {len(first.data):,} bytes, raw {raw_size:,} bytes; "
          f"database {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}; load {os.getloadavg()[0]:.1f}")
    for name, value in medians.items():
        print(f"  {name:8} median {value:9.2f} ms  ({len(samples[name])} samples)")
    print(f"  feed / raw     = {medians['feed'] / medians['raw']:.2f}  (target <= 1.5)")
    print(f"  304 / trivial  = {medians['304'] / medians['trivial']:.2f}  (target <= 1.2)")
    print(f"  304 / 1-query  = {medians['304'] / medians['1-query']:.2f}")
    print(f"  304 / me       = {medians['304'] / medians['me']:.2f}")


if __name__ == "__main__":
    main()
