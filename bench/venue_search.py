"""How fast is venue search over a big catalogue, compared with a trivial endpoint of the same app?

Seeds VENUES venues (default 10,000) with hours and amenities into a scratch database, then
times searches through the app's test client beside GET /healthz and an authenticated
GET /api/v1/me, and prints median and p99 latency and the ratio to /healthz.

    .venv/bin/python bench/venue_search.py                       # scratch SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/venue_search.py

With a PostgreSQL URL a fresh database is created on that server for the run and dropped after.
Options: --venues N, --requests N (per scenario).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.auth.service import create_user, issue_token  # noqa: E402
from app.extensions import db  # noqa: E402
from app.venues.models import OpeningHours, Venue, VenueAmenity, VenueKind, searchable_text  # noqa: E402

DISTRICTS = ["Huangpu", "Xuhui", "Jing'an", "Changning", "Putuo", "Hongkou", "Yangpu", "Pudong",
             "Minhang", "Baoshan", "Jiading", "Songjiang"]
WORDS = ["garden", "river", "studio", "loft", "hall", "lane", "tower", "house", "gallery", "dock",
         "terrace", "court", "works", "mill", "square", "yard", "room", "stage", "plaza", "view"]
HANZI = "园江棚阁厅弄塔宅廊坞台院厂坊场楼室馆街桥"
AMENITIES = ["wifi", "green_screen", "ring_light", "cyclorama", "dressing_room", "outdoor", "piano",
             "vocal_booth", "streaming_pc", "sound_system", "projector", "large_hall", "props",
             "wheelchair_access", "cafe", "loading_dock"]
SEEDED_AT = datetime(2026, 12, 1, tzinfo=UTC)
SCENARIOS = [
    ("q=garden", {"q": "garden"}),
    ("q=园 (Chinese)", {"q": "园"}),
    ("q=river dock", {"q": "river dock"}),
    ("kind+district", {"kind": "photo_studio", "district": "Yangpu"}),
    ("amenity x2", {"amenity": ["wifi", "green_screen"]}),
    ("min_capacity=150", {"min_capacity": 150}),
    ("page=50", {"page": 50}),
    ("per_page=100", {"per_page": 100}),
]


@contextmanager
def scratch_database():
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    server = make_url(configured.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"bench_venues_{uuid.uuid4().hex[:8]}"
    admin = {"host": server.host or "127.0.0.1", "port": server.port or 5432, "autocommit": True,
             "user": server.username or "postgres", "password": server.password,
             "dbname": server.database or "postgres"}
    with psycopg.connect(**admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def venue_row(number: int, rng: random.Random) -> dict:
    first, second = rng.sample(WORDS, 2)
    row = {
        "id": number, "slug": f"venue-{number}", "name": f"{first.title()} {second.title()} {number}",
        "name_zh": "".join(rng.sample(HANZI, 3)) + str(number),
        "kind": rng.choice([kind.value for kind in VenueKind]), "district": rng.choice(DISTRICTS),
        "cluster": rng.choice(["Huangpu", "Yangpu", None]), "address": f"{number} Example Road",
        "latitude": 31.2, "longitude": 121.5, "capacity": rng.choice([None, *range(1, 300)]),
        "description": " ".join(rng.choices(WORDS, k=12)),
        "description_zh": "".join(rng.choices(HANZI, k=20)),
        "timezone": "Asia/Shanghai", "is_active": rng.random() > 0.05,
        "created_at": SEEDED_AT, "updated_at": SEEDED_AT,
    }
    row["search_text"] = searchable_text(row["name"], row["name_zh"], row["description"],
                                         row["description_zh"])
    return row


def seed(count: int, rng: random.Random) -> None:
    numbers = range(1, count + 1)
    db.session.execute(insert(Venue), [venue_row(number, rng) for number in numbers])
    db.session.execute(insert(VenueAmenity), [
        {"venue_id": number, "amenity": amenity}
        for number in numbers for amenity in rng.sample(AMENITIES, rng.randint(1, 6))])
    db.session.execute(insert(OpeningHours), [
        {"venue_id": number, "weekday": weekday, "open_time": time(9), "close_time": time(21)}
        for number in numbers for weekday in range(7)])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does shortly after a bulk load; SQLite has no such habit.
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def measure(client, path: str, query: dict, headers: dict, requests: int) -> list[float]:
    timings = []
    for _ in range(requests):
        started = perf_counter()
        response = client.get(path, query_string=query, headers=headers)
        timings.append((perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, query, response.status_code, response.get_data(True)[:300])
    return timings


def p99(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venues", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()

    with scratch_database() as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench",
                          "TESTING": False})
        with app.app_context():
            flask_migrate.upgrade()
            seed(options.venues, random.Random(2026))
            user = create_user("bench@example.com", "bench password 1", "Bench", role=Role.CREATOR)
            token, _record = issue_token(user)
            db.session.commit()
            active = db.session.scalar(select(db.func.count()).where(Venue.is_active))
            dialect = db.engine.dialect.name
        client = app.test_client()
        auth = {"Authorization": f"Bearer {token}"}
        measure(client, "/api/v1/venues", {}, {}, 20)  # warm up caches and connections

        rows = [("GET /healthz", measure(client, "/healthz", {}, {}, options.requests)),
                ("GET /api/v1/me (auth)", measure(client, "/api/v1/me", {}, auth, options.requests))]
        rows += [(f"venues {label}", measure(client, "/api/v1/venues", query, {}, options.requests))
                 for label, query in SCENARIOS]

    baseline = statistics.median(rows[0][1])
    print(f"{dialect}: {options.venues} venues ({active} active), {options.requests} requests each, "
          "in-process test client")
    print(f"{'request':<30}{'median ms':>10}{'p99 ms':>10}{'x healthz':>11}")
    for label, timings in rows:
        median = statistics.median(timings)
        print(f"{label:<30}{median:>10.2f}{p99(timings):>10.2f}{median / baseline:>11.1f}")


if __name__ == "__main__":
    main()
