"""How fast bookings are made, next to a trivial authenticated endpoint of the same server.

16 clients (one thread each, keep-alive connections) call GET /api/v1/me, then create
bookings on distinct slots (each client at its own venue, one hour after another), for the
same total time, taking turns in several rounds so that both see the same machine load.
The booking service locks and checks for conflicts; the ratio of the two throughputs says
what that costs. Target: >= 0.5.

    .venv/bin/python -m bench.booking_throughput [--database-url URL|sqlite] [--seconds 15]
"""

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.extensions import db
from bench.common import (
    OPENS,
    Samples,
    arguments,
    bench_app,
    load_note,
    local_day,
    make_creators,
    make_venues,
    print_table,
    run_clients,
    scratch_database,
    server_cpu_seconds,
    timed,
)
from tests.live_server import ApiClient, LiveServer, live_server

SHANGHAI = ZoneInfo("Asia/Shanghai")
BOOKING_HOURS = 16  # 06:00 to 22:00 starts; the venue closes at 23:00


def slots(first_day_ahead: int) -> Iterator[tuple[datetime, datetime]]:
    """One-hour slots inside opening hours, day after day."""
    day = first_day_ahead
    while True:
        midnight = datetime.combine(local_day(day), time(0), SHANGHAI)
        for hour in range(BOOKING_HOURS):
            start = midnight + timedelta(hours=OPENS.hour + hour)
            yield start, start + timedelta(hours=1)
        day += 1


def me_client(base_url: str, token: str, samples: Samples) -> Callable[[], bool]:
    client = ApiClient(base_url, token)
    return lambda: timed(samples, lambda: client.get("/api/v1/me")).status == 200


def booking_client(base_url: str, token: str, venue_id: int, samples: Samples) -> Callable[[], bool]:
    client = ApiClient(base_url, token)
    free = slots(first_day_ahead=2)

    def step() -> bool:
        start, end = next(free)
        body = {"venue_id": venue_id, "start": start.isoformat(), "end": end.isoformat(), "title": "Bench"}
        return timed(samples, lambda: client.post("/api/v1/bookings", body)).status == 201

    return step


def measure(server: LiveServer, samples: Samples, clients: list[Callable[[], bool]], seconds: float) -> None:
    """Run the clients for `seconds` more, adding to what `samples` already holds."""
    cpu_before = server_cpu_seconds(server.process.pid)
    run_clients(samples, clients, seconds)
    samples.server_cpu += server_cpu_seconds(server.process.pid) - cpu_before


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0, help="measured time of each endpoint")
    parser.add_argument("--rounds", type=int, default=5,
                        help="the two endpoints take turns this many times, so that both see the same load")
    options = parser.parse_args()
    me, bookings = Samples("GET /api/v1/me"), Samples("POST /api/v1/bookings")
    with scratch_database(options.database_url, "throughput") as url:
        app = bench_app(url)
        with app.app_context():
            tokens = [token for _, token in make_creators(options.clients)]
            venue_ids = make_venues(options.clients)
            db.engine.dispose()
        with live_server(url, workers=options.workers, threads=options.threads) as server:
            warm_up = Samples("warm-up")
            run_clients(warm_up, [me_client(server.base_url, token, warm_up) for token in tokens], 2)
            me_clients = [me_client(server.base_url, token, me) for token in tokens]
            booking_clients = [booking_client(server.base_url, token, venue_id, bookings)
                               for token, venue_id in zip(tokens, venue_ids, strict=True)]
            for _ in range(options.rounds):
                measure(server, me, me_clients, options.seconds / options.rounds)
                measure(server, bookings, booking_clients, options.seconds / options.rounds)
    report(options, url, me, bookings)


def report(options, url: str, me: Samples, bookings: Samples) -> None:
    database = url.split(":", 1)[0]
    print(f"\n{options.clients} clients, {options.seconds:.0f} s each, gunicorn {options.workers} workers "
          f"x {options.threads} threads, {database}; {load_note()}\n")
    print_table(["endpoint", "requests", "req/s", "median ms", "p99 ms", "server CPU ms/req", "statuses"],
                [[samples.name, len(samples.latencies), f"{samples.throughput:.1f}",
                  f"{samples.median_ms:.1f}", f"{samples.p99_ms:.1f}", f"{samples.server_cpu_ms:.1f}",
                  " ".join(f"{status}x{count}" for status, count in sorted(samples.statuses.items()))]
                 for samples in (me, bookings)])
    ratio = bookings.throughput / me.throughput if me.throughput else 0.0
    cpu_ratio = me.server_cpu_ms / bookings.server_cpu_ms if bookings.server_cpu_ms else 0.0
    print(f"\nbookings/me throughput ratio: {ratio:.2f} (target >= 0.5); "
          f"inverse ratio of server CPU per request: {cpu_ratio:.2f}")


if __name__ == "__main__":
    main()
