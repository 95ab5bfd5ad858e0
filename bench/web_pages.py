"""How long the heaviest pages take to render, through Flask's test client on the demo data.

The venue page asks the rules engine for a week of free slots; the home page with "free
between" asks it once per matching venue. Medians over several rounds, in milliseconds.

    .venv/bin/python -m bench.web_pages [--rounds 20]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate
from click.testing import CliRunner

from app import create_app
from app.demo import demo_cli
from app.extensions import db
from app.venues.models import Venue


def measure(client, path: str, rounds: int) -> float:
    client.get(path)
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
                          "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
        with app.app_context():
            flask_migrate.upgrade()
            CliRunner().invoke(demo_cli, ["load"], obj=app.cli, catch_exceptions=False,
                               standalone_mode=False)
            venue_id = db.session.scalar(db.select(Venue.id).where(Venue.kind == "photo_studio"))
            db.session.remove()
        client = app.test_client()
        day = "2026-12-02"
        for label, path in (("home", "/"), ("home, free between", f"/?free_day={day}&free_from=10:00"
                                                                  "&free_to=12:00"),
                            ("venue page, 7 days of 1-hour slots", f"/venues/{venue_id}?duration=60")):
            print(f"{label:40} {measure(client, path, rounds):7.1f} ms")


if __name__ == "__main__":
    main()
